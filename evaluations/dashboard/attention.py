"""The attention list: what needs someone's attention in a dashboard's scope, section by section.

Each section is a rule, a count and its rows (the first few on the summary page, a keyset-paged list on
the section's own page). The rules, all over the schools of the page's scope and filters:

- `sin-visita`: schools in the program (their network in years 1-5 on the period's last elapsed day,
  `Period.until`) whose latest visit is more than N days before that day, or that were never visited;
  N comes from `?dias=` (default `settings.CEE_VISIT_OVERDUE_DAYS`). Never visited first, then the
  oldest visit. Schools of graduated networks, or in no network, are nobody's to visit.
- `redes-sin-coordinador`: networks with a school of the scope today, in program years 1-5 today
  (a graduated network needs no coordinator), with no coordinator assignment in force today.
- `visitas-sin-observaciones`: classroom visits dated in the period (up to today) whose observations
  are empty or only spaces.
- `docentes-sin-observar`: active teachers (not directors: a classroom visit observes a teacher) of the
  scope's schools in the program (as above) with no classroom visit dated in the period's calendar year
  up to its last elapsed day.
- `auspicios-por-vencer`: sponsorships in force this year that end within six months of today. A
  sponsorship runs to 31 December of its `end_year`, so it is listed from 1 July of that year (when
  31 December is six months away or less) until 31 December. With a sponsor filter, only that sponsor's.
- `sin-resultados`: schools with no assessment result for the year before the period's year.
- `metas-rezagadas`: goals of the period's school year whose stored status is off track ("Rezagada").

A fixed number of queries whatever the size of the scope: two or three per section.
"""

import calendar
import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, Max, OuterRef, QuerySet, Sum
from django.db.models.functions import Trim
from django.utils.translation import gettext_lazy as _

from core.pagination import KeysetPage, keyset_page
from networks.models import (
    CoordinatorAssignment,
    Network,
    SchoolMembership,
    SchoolVisitMonth,
    TeacherClassroomYear,
    Visit,
)
from networks.selectors import attach_networks, last_visit_dates, visits_visible_to
from schools.models import School, Sponsorship, Teacher
from schools.selectors import teachers_visible_to

from ..models import AssessmentResult, GoalStatus, SchoolGoal
from .paging import memory_page

PROGRAM_YEARS = settings.CEE_PROGRAM_YEARS
ROWS_SHOWN = 10  # rows of each section on the summary page
SPONSORSHIP_WARNING_MONTHS = 6

UNVISITED = "sin-visita"
NO_COORDINATOR = "redes-sin-coordinador"
NO_OBSERVATIONS = "visitas-sin-observaciones"
UNOBSERVED = "docentes-sin-observar"
SPONSORSHIPS_ENDING = "auspicios-por-vencer"
NO_RESULTS = "sin-resultados"
GOALS_OFF_TRACK = "metas-rezagadas"

SECTION_TITLES = {
    UNVISITED: _("Instituciones sin visita reciente"),
    NO_COORDINATOR: _("Redes sin coordinador(a)"),
    NO_OBSERVATIONS: _("Visitas en aula sin observaciones"),
    UNOBSERVED: _("Docentes sin visita en aula este año"),
    SPONSORSHIPS_ENDING: _("Convenios de auspicio por vencer"),
    NO_RESULTS: _("Instituciones sin resultados del año pasado"),
    GOALS_OFF_TRACK: _("Metas rezagadas"),
}
SECTION_CHOICES = list(SECTION_TITLES.items())


@dataclass
class Section:
    key: str
    title: str
    rule: str  # the rule in words, under the title
    count: int
    rows: list | KeysetPage = field(default_factory=list)

    @property
    def more(self) -> bool:
        return self.count > len(self.rows)


@dataclass(frozen=True)
class Context:
    """What every rule reads: the scope's schools, the period, today, the days of the first rule."""

    user: object
    schools: QuerySet[School]
    period: object  # evaluations.dashboard.period.Period
    today: datetime.date
    days: int
    sponsor: object = None  # the sponsor filter, when set


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (the month's last day when that month is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def sponsorship_end(end_year: int) -> datetime.date:
    """A sponsorship runs to the last day of its last school year's calendar year."""
    return datetime.date(end_year, 12, 31)


def ending_years(today: datetime.date) -> list[int]:
    """The end years whose 31 December falls between today and six months from today, both included."""
    horizon = add_months(today, SPONSORSHIP_WARNING_MONTHS)
    return [year for year in range(today.year, horizon.year + 1) if today <= sponsorship_end(year) <= horizon]


# --- the rules, each as its rows (a queryset and its keyset ordering) and its count -----------------
@dataclass(frozen=True)
class Rule:
    rows: QuerySet
    ordering: tuple[str, ...]
    count: int | None = None  # when a summary table answers it; else rows.count()
    scope_is_small: bool = False


def in_program(schools: QuerySet[School], on: datetime.date) -> QuerySet[School]:
    """The schools that belong on the date to a network in its program years 1-5."""
    members = SchoolMembership.objects.in_force_on(on).filter(
        network__cohort_start_year__gt=on.year - PROGRAM_YEARS, network__cohort_start_year__lte=on.year
    )
    return schools.filter(pk__in=members.values("school_id"))


def unvisited_entries(ctx: Context) -> list[tuple[tuple[str, int], int, datetime.date | None]]:
    """(sort key, school id, last visit or None) of the schools not visited in `days` days, in order:
    never visited first (an empty date sorts first), then the oldest last visit."""
    schools = in_program(ctx.schools, ctx.period.until)
    last = last_visit_dates(schools, until=ctx.period.until)
    limit = ctx.period.until - datetime.timedelta(days=ctx.days)
    entries = []
    for pk in schools.order_by().values_list("pk", flat=True):
        visited = last.get(pk)
        if visited is None or visited < limit:
            entries.append(((visited.isoformat() if visited else "", pk), pk, visited))
    entries.sort()
    return entries


def no_coordinator(ctx: Context) -> Rule:
    today = ctx.today
    members = SchoolMembership.objects.in_force_on(today).filter(school__in=ctx.schools.values("pk"))
    covered = CoordinatorAssignment.objects.active_on(today).values("network_id")
    networks = (
        Network.objects.filter(pk__in=members.values("network_id"))
        .filter(cohort_start_year__gt=today.year - PROGRAM_YEARS, cohort_start_year__lte=today.year)
        .exclude(pk__in=covered)
        .select_related("region")
        .annotate(last_coordinated_on=Max("coordinator_assignments__ends_on"))
    )
    return Rule(networks, ("name", "id"))


def no_observations(ctx: Context) -> Rule:
    period = ctx.period
    # The count comes from the monthly summary (visits are never dated in the future, so whole months
    # up to `until` hold exactly the period's visits); so do the schools worth reading visits of.
    flagged = SchoolVisitMonth.objects.filter(
        school__in=ctx.schools.values("pk"), month__gte=period.start, month__lte=period.until
    ).filter(classroom_without_observations__gt=0)
    count = flagged.aggregate(total=Sum("classroom_without_observations"))["total"] or 0
    visits = (
        visits_visible_to(ctx.user)
        .filter(
            school__in=flagged.values("school_id"),
            kind=Visit.Kind.CLASSROOM,
            date__gte=period.start,
            date__lte=period.until,
        )
        .alias(trimmed=Trim("observations"))
        .filter(trimmed="")
        .select_related("school", "teacher", "coordinator")
    )
    return Rule(visits, ("-date", "-created_at", "-id"), count=count, scope_is_small=True)


def unobserved(ctx: Context) -> Rule:
    # Observed this year up to `until`: a first classroom visit of the year on or before it (the
    # per-teacher summary, ~70,000 rows, instead of this year's classroom visits).
    observed = TeacherClassroomYear.objects.filter(
        teacher=OuterRef("pk"), year=ctx.period.year, first_observed_on__lte=ctx.period.until
    )
    teachers = (
        teachers_visible_to(ctx.user)
        .filter(
            school__in=in_program(ctx.schools, ctx.period.until).values("pk"),
            is_active=True,
            position=Teacher.Position.TEACHER,
        )
        .exclude(Exists(observed))
        .select_related("school")
    )
    return Rule(teachers, ("last_name", "first_name", "id"))


def sponsorships_ending(ctx: Context) -> Rule:
    sponsorships = Sponsorship.objects.filter(
        school__in=ctx.schools.values("pk"), end_year__in=ending_years(ctx.today), start_year__lte=ctx.today.year
    ).select_related("sponsor", "school")
    if ctx.sponsor is not None:
        sponsorships = sponsorships.filter(sponsor=ctx.sponsor)
    return Rule(sponsorships, ("end_year", "id"))


def no_results(ctx: Context) -> Rule:
    results = AssessmentResult.objects.filter(school=OuterRef("pk"), year=ctx.period.year - 1)
    schools = ctx.schools.exclude(Exists(results)).select_related("district__province__region")
    return Rule(schools, ("name", "id"))


def goals_off_track(ctx: Context) -> Rule:
    goals = SchoolGoal.objects.filter(
        school__in=ctx.schools.values("pk"), school_year=ctx.period.year, status=GoalStatus.OFF_TRACK
    ).select_related("school")
    return Rule(goals, ("-latest_measured_on", "-id"))


RULES = {
    NO_COORDINATOR: no_coordinator,
    NO_OBSERVATIONS: no_observations,
    UNOBSERVED: unobserved,
    SPONSORSHIPS_ENDING: sponsorships_ending,
    NO_RESULTS: no_results,
    GOALS_OFF_TRACK: goals_off_track,
}


def rules_in_words(ctx: Context) -> dict[str, str]:
    until = ctx.period.until.strftime("%d/%m/%Y")
    return {
        UNVISITED: _(
            "Instituciones de redes en sus años 1 a 5 sin visitas en los %(days)s días anteriores al %(until)s, "
            "o nunca visitadas."
        )
        % {"days": ctx.days, "until": until},
        NO_COORDINATOR: _("Redes en sus años 1 a 5 del programa sin una asignación de coordinador(a) vigente hoy."),
        NO_OBSERVATIONS: _("Visitas en aula de %(period)s con el campo de observaciones vacío.")
        % {"period": ctx.period.label},
        UNOBSERVED: _(
            "Docentes activos de redes en sus años 1 a 5 sin ninguna visita en aula entre el 01/01/%(year)s "
            "y el %(until)s."
        )
        % {"year": ctx.period.year, "until": until},
        SPONSORSHIPS_ENDING: _(
            "Convenios que terminan en los próximos %(months)s meses "
            "(un convenio vence el 31 de diciembre de su año de fin)."
        )
        % {"months": SPONSORSHIP_WARNING_MONTHS},
        NO_RESULTS: _("Instituciones sin ningún resultado de evaluación registrado para %(year)s.")
        % {"year": ctx.period.year - 1},
        GOALS_OFF_TRACK: _("Metas del año escolar %(year)s cuyo último avance las deja rezagadas.")
        % {"year": ctx.period.year},
    }


# --- the schools not visited: ordered by a figure of the summary table, paged in memory -------------
UNVISITED_SALT = "evaluations.dashboard.attention.unvisited"


def unvisited_rows(entries: list, on: datetime.date) -> list[School]:
    """The schools of the entries, in their order, with `last_visit_on`, `days_since` and `network`."""
    by_pk = School.objects.select_related("district__province__region").in_bulk([entry[1] for entry in entries])
    schools = []
    for _key, pk, visited in entries:
        school = by_pk[pk]
        school.last_visit_on = visited
        school.days_since = (on - visited).days if visited else None
        schools.append(school)
    return attach_networks(schools, on)


# --- the page ------------------------------------------------------------------------------------
def attention_sections(ctx: Context, *, only: str | None = None, cursor: str | None = None) -> list[Section]:
    """Every section with its count and first rows; or, with `only`, that section with one keyset page."""
    words = rules_in_words(ctx)
    sections = []
    for key, title in SECTION_TITLES.items():
        if only and key != only:
            continue
        if key == UNVISITED:
            entries = unvisited_entries(ctx)
            if only:
                page = memory_page([entry[0] for entry in entries], cursor, salt=UNVISITED_SALT)
                chosen = [entries[position] for position in page.object_list]
                page.object_list = unvisited_rows(chosen, ctx.period.until)
                rows = page
            else:
                rows = unvisited_rows(entries[:ROWS_SHOWN], ctx.period.until)
            sections.append(Section(key, title, words[key], len(entries), rows))
            continue
        rule = RULES[key](ctx)
        count = rule.count if rule.count is not None else rule.rows.order_by().count()
        if only:
            rows = keyset_page(rule.rows, ordering=rule.ordering, cursor=cursor, scope_is_small=rule.scope_is_small)
        elif count:
            rows = list(rule.rows.order_by(*rule.ordering)[:ROWS_SHOWN])
        else:
            rows = []  # nothing to read: an empty section costs its count only
        if key == NO_COORDINATOR:
            for network in rows:
                network.program_year = network.program_year_on(ctx.today)
        sections.append(Section(key, title, words[key], count, rows))
    return sections
