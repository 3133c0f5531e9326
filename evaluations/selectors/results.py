"""Reads about assessment results: a school's trend by year, per grade and subject, against the national
figures and against the school's own first year in the program. Scoped first, as the goals are."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from networks.models import SchoolMembership
from schools.models import School
from schools.selectors import schools_visible_to

from ..models import AssessmentResult
from ..national import national_satisfactorio
from ..permissions import can_see_school_tier

LEVELS = (
    ("level_previo_inicio", _("Previo al inicio")),
    ("level_en_inicio", _("En inicio")),
    ("level_en_proceso", _("En proceso")),
    ("level_satisfactorio", _("Satisfactorio")),
)
SUBJECT_ORDER = {value: index for index, value in enumerate(AssessmentResult.Subject.values)}
ONE_DECIMAL = Decimal("0.1")


def results_visible_to(user) -> QuerySet[AssessmentResult]:
    """Staff: every result; coordinators: their schools' results; sponsors: none yet."""
    if not can_see_school_tier(user):
        return AssessmentResult.objects.none()
    if user.is_ipae_staff:
        return AssessmentResult.objects.all()
    return AssessmentResult.objects.filter(school__in=schools_visible_to(user))


def result_get(*, user, pk: int) -> AssessmentResult:
    return get_object_or_404(results_visible_to(user).select_related("school"), pk=pk)


def school_first_program_year(school: School) -> int | None:
    """The first school year in which the school belonged to a network that was in its program years (1..5).

    From the school's memberships (a school may have moved between networks) and each network's cohort:
    the earliest year that is both inside a membership and inside that network's five program years.
    None when the school was never in a network during its program.
    """
    program_years = settings.CEE_PROGRAM_YEARS
    first = None
    for membership in SchoolMembership.objects.filter(school=school).select_related("network"):
        cohort = membership.network.cohort_start_year
        start = max(cohort, membership.joined_on.year)
        end = cohort + program_years - 1
        if membership.left_on is not None:
            end = min(end, membership.left_on.year)
        if start <= end and (first is None or start < first):
            first = start
    return first


def percent(part: int | None, whole: int | None) -> Decimal | None:
    """part / whole in percent, one decimal; None when the whole is 0 (nobody evaluated)."""
    if not whole or part is None:
        return None
    return (Decimal(100) * part / whole).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


def difference(value: Decimal | None, reference: Decimal | None) -> Decimal | None:
    if value is None or reference is None:
        return None
    return value - reference


@dataclass
class TrendRow:
    result: AssessmentResult
    coverage: Decimal | None
    shares: list[Decimal | None]  # one per level of LEVELS, in order
    national: Decimal | None
    vs_national: Decimal | None
    vs_first_year: Decimal | None
    is_first_year: bool

    @property
    def year(self) -> int:
        return self.result.year

    @property
    def satisfactorio(self) -> Decimal | None:
        return self.shares[-1]


@dataclass
class Trend:
    grade: int
    subject: str
    subject_label: str
    rows: list[TrendRow] = field(default_factory=list)
    first_year_share: Decimal | None = None


def school_results_trend(*, school: School) -> dict:
    """A school's results (already scoped) as one trend per grade and subject, the years in order.

    Each year: coverage (evaluated / programmed), the % of evaluated students per level, the national
    % satisfactorio that year (None without a figure) and the difference in points from it and from
    the school's % satisfactorio in its first program year (None when either is missing).
    """
    first_year = school_first_program_year(school)
    results = sorted(
        AssessmentResult.objects.filter(school=school),
        key=lambda r: (r.grade, SUBJECT_ORDER.get(r.subject, 99), r.year),
    )
    trends: dict[tuple[int, str], Trend] = {}
    for result in results:
        key = (result.grade, result.subject)
        if key not in trends:
            trends[key] = Trend(grade=result.grade, subject=result.subject, subject_label=result.get_subject_display())
        if result.year == first_year:
            trends[key].first_year_share = percent(result.level_satisfactorio, result.students_evaluated)
    for result in results:
        trend = trends[(result.grade, result.subject)]
        shares = [percent(getattr(result, name), result.students_evaluated) for name, _label in LEVELS]
        national = national_satisfactorio(year=result.year, grade=result.grade, subject=result.subject)
        trend.rows.append(
            TrendRow(
                result=result,
                coverage=percent(result.students_evaluated, result.students_programmed),
                shares=shares,
                national=national,
                vs_national=difference(shares[-1], national),
                vs_first_year=difference(shares[-1], trend.first_year_share),
                is_first_year=result.year == first_year,
            )
        )
    return {"first_year": first_year, "trends": list(trends.values()), "levels": [label for _name, label in LEVELS]}
