"""A school's full record for IPAE staff: everything the program holds about one school, on one page.

The field page (`networks:school-detail`) cannot show goals, results or workshops: the networks app sits
below evaluations and workshops in the house and may not read them. So the full record is the school's
dashboard page (`evaluations:dashboard-school`), which includes `templates/evaluations/dashboard/
_school_record.html` fed by `school_record`, and the field page links to it for staff.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce

from networks.selectors import school_family_meetings
from schools.models import School, Sponsorship
from schools.selectors import teachers_visible_to
from workshops.models import Attendance, ParentAttendance
from workshops.selectors.workshops import workshops_visible_to

from ..models import GoalStatus
from ..selectors.goals import goals_visible_to
from ..selectors.results import percent, results_visible_to

FAMILY_MEETINGS_SHOWN = 10


@dataclass
class ResultLine:
    """The latest year with results of one grade and subject: the share at each level."""

    year: int
    grade: int
    subject: str
    evaluated: int
    satisfactorio: Decimal | None
    en_proceso: Decimal | None
    en_inicio: Decimal | None


@dataclass
class SchoolRecord:
    school: School
    year: int  # the school year the goals and workshops are of
    goals: list = field(default_factory=list)
    goal_counts: dict = field(default_factory=dict)  # GoalStatus value -> count
    results: list[ResultLine] = field(default_factory=list)
    workshops: list = field(default_factory=list)  # each with `people` and `parents` of this school
    family_meetings: list = field(default_factory=list)
    teachers: list = field(default_factory=list)
    sponsorships: list = field(default_factory=list)


def _latest_results(results) -> list[ResultLine]:
    """One line per grade and subject: its latest year (results come newest year first)."""
    lines, seen = [], set()
    for result in results:
        key = (result.grade, result.subject)
        if key in seen:
            continue
        seen.add(key)
        lines.append(
            ResultLine(
                year=result.year,
                grade=result.grade,
                subject=result.get_subject_display(),
                evaluated=result.students_evaluated,
                satisfactorio=percent(result.level_satisfactorio, result.students_evaluated),
                en_proceso=percent(result.level_en_proceso, result.students_evaluated),
                en_inicio=percent(result.level_en_inicio + result.level_previo_inicio, result.students_evaluated),
            )
        )
    return sorted(lines, key=lambda line: (line.grade, line.subject))


def school_record(*, user, school: School, year: int) -> SchoolRecord:
    """The school's goals of `year` with their status, its latest assessment results per grade and subject,
    the workshops of `year` its directors, teachers or parents attended (with how many of this school),
    its latest family meetings, its active teachers and its sponsors in `year`. `school` is already in the
    person's scope (the dashboard's `school_scope`); each read is scoped again. Seven queries."""
    goals = list(goals_visible_to(user).filter(school=school, school_year=year).order_by("area", "indicator", "pk"))
    counts = dict.fromkeys(GoalStatus.values, 0)
    for goal in goals:
        counts[goal.status] += 1
    results = results_visible_to(user).filter(school=school).order_by("-year", "grade", "subject")
    people = (
        Attendance.objects.filter(workshop=OuterRef("pk"), attended=True, teacher__school=school)
        .order_by()
        .values("workshop")
        .annotate(n=Count("pk"))
        .values("n")
    )
    parents = (
        ParentAttendance.objects.filter(workshop=OuterRef("pk"), school=school)
        .order_by()
        .values("workshop")
        .annotate(n=Sum("count"))
        .values("n")
    )
    attended = Attendance.objects.filter(attended=True, teacher__school=school).values("workshop_id")
    parents_came = ParentAttendance.objects.filter(school=school, count__gt=0).values("workshop_id")
    workshops = (
        workshops_visible_to(user)
        .filter(Q(pk__in=attended) | Q(pk__in=parents_came), starts_on__year=year)
        .select_related("network", "region")
        .annotate(
            people=Coalesce(Subquery(people, output_field=IntegerField()), 0),
            parents=Coalesce(Subquery(parents, output_field=IntegerField()), 0),
        )
        .order_by("-starts_on", "title", "pk")
    )
    sponsorships = (
        Sponsorship.objects.in_force_in(year)
        .filter(school=school)
        .select_related("sponsor")
        .order_by("sponsor__name", "start_year")
    )
    return SchoolRecord(
        school=school,
        year=year,
        goals=goals,
        goal_counts=counts,
        results=_latest_results(results),
        workshops=list(workshops),
        family_meetings=list(school_family_meetings(user=user, school=school)[:FAMILY_MEETINGS_SHOWN]),
        teachers=list(
            teachers_visible_to(user)
            .filter(school=school, is_active=True)
            .only("first_name", "last_name", "position", "grades", "school_id")
            .order_by("position", "last_name", "first_name")
        ),
        sponsorships=list(sponsorships),
    )
