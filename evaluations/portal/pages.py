"""What each page of the sponsor portal shows, read as the company (`Portal.reader`), for this school year.

The figures are the dashboards' (`dashboard_figures`): the portfolio and the progress page read the national
scope narrowed by the sponsor filter (the schools the company funds this year, its money only), exactly as
the company's monitoring report does; a school's page reads that school's scope, found through
`schools_visible_to` as the company (404 for any school it never funded). Nothing here names a person:
no teacher, director, coordinator or child, no DNI or phone, no visit's notes.
"""

import dataclasses
import datetime

from django.core.paginator import Paginator
from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from networks.models import SchoolMembership, VisitPhoto, program_year_label
from networks.selectors import attach_networks, focus_by_year, photos_visible_to, program_year_focus
from schools.models import Sponsor, Sponsorship
from schools.selectors import schools_visible_to, sponsors_visible_to
from workshops.selectors import schools_workshops_held

from ..dashboard.figures import dashboard_figures
from ..dashboard.figures.funding import sponsor_agreement
from ..dashboard.filters import DashboardFilter
from ..dashboard.geo import PROGRAM_YEAR, map_data
from ..dashboard.scope import nation_scope, school_scope
from ..models import SchoolGoal
from .reader import SponsorReader, reader_for

SCHOOLS_PER_PAGE = 50
STORIES_PER_PAGE = 12
PORTFOLIO_STORIES = 3
SCHOOL_STORIES = 6


@dataclasses.dataclass(frozen=True)
class Portal:
    """Who the portal is for (the company), how it reads (as the company), and whether staff preview it."""

    sponsor: Sponsor
    today: datetime.date
    preview: bool = False

    @property
    def reader(self) -> SponsorReader:
        return reader_for(self.sponsor)

    @property
    def year(self) -> int:
        return self.today.year


def portal_filter(portal: Portal) -> DashboardFilter:
    """The dashboards' filters for this school year and the company: its schools funded this year, its
    money only. A filter that did not take the company would show the whole country: never."""
    filterset = DashboardFilter(
        {"period": str(portal.year), "sponsor": str(portal.sponsor.pk)}, user=portal.reader, today=portal.today
    )
    if filterset.applied.get("sponsor") != portal.sponsor:
        raise ValueError("The sponsor filter did not take the portal's company.")
    return filterset


# --- Stories: photos staff approved for sponsors, with their note -----------------------------------
def stories_visible(portal: Portal) -> QuerySet[VisitPhoto]:
    """The company's stories, newest approval first: photos of visits to its schools that staff approved
    with the parents' consent recorded (`photos_visible_to` as the company gives only those; the filter
    says it again). Never the visit's teacher, coordinator or notes."""
    return (
        photos_visible_to(portal.reader)
        .filter(approved_at__isnull=False, consent_recorded=True)
        .select_related("visit__school__district__province__region")
        .only(
            "pk",
            "width",
            "height",
            "approved_at",
            "story_note",
            "visit__date",
            "visit__kind",
            "visit__program_year",
            "visit__school__name",
            "visit__school__district__name",
            "visit__school__district__province__name",
            "visit__school__district__province__region__name",
        )
        .order_by("-approved_at", "-pk")
    )


def story_get(*, portal: Portal, pk: int) -> VisitPhoto:
    """One of the company's stories, or 404 (unapproved, another company's, or none: the same answer)."""
    return get_object_or_404(stories_visible(portal), pk=pk)


def stories_page(*, portal: Portal, page=None):
    return Paginator(stories_visible(portal), STORIES_PER_PAGE).get_page(page)


# --- The portfolio -----------------------------------------------------------------------------------
@dataclasses.dataclass
class NetworkLine:
    pk: int
    name: str
    region: str
    program_year: int | None
    label: str  # "Año 3 · Comunicación", "Egresada"
    schools: int  # the company's schools in it


def _networks(schools: QuerySet, on: datetime.date, focus: dict[int, str]) -> list[NetworkLine]:
    """The networks of the company's schools on the day, each with how many of its schools it holds (one
    query; another company's schools in the same network are neither counted nor named)."""
    rows = (
        SchoolMembership.objects.in_force_on(on)
        .filter(school__in=schools.values("pk"))
        .values("network_id", "network__name", "network__cohort_start_year", "network__region__name")
        .annotate(schools=Count("school", distinct=True))
        .order_by("network__name", "network_id")
    )
    lines = []
    for row in rows:
        year = on.year - row["network__cohort_start_year"] + 1
        lines.append(
            NetworkLine(
                pk=row["network_id"],
                name=row["network__name"],
                region=row["network__region__name"],
                program_year=year,
                label=program_year_label(year, program_year_focus(year, focus)),
                schools=row["schools"],
            )
        )
    return lines


def _schools_page(schools: QuerySet, on: datetime.date, focus: dict[int, str], page):
    """A page of the company's schools by name, each with its network, program year and focus (3 queries)."""
    rows = schools.select_related("district__province__region").order_by("name", "pk")
    schools_page = Paginator(rows, SCHOOLS_PER_PAGE).get_page(page)
    schools_page.object_list = attach_networks(schools_page.object_list, on)
    for school in schools_page.object_list:
        school.program_year = school.network.program_year_on(on) if school.network else None
        school.program_label = (
            program_year_label(school.program_year, program_year_focus(school.program_year, focus))
            if school.network
            else None
        )
    return schools_page


def portfolio(*, portal: Portal, page=None) -> dict:
    """The company's home: its schools and networks this year (on a map too), their program years and
    focus, its agreements and money year by year, the reach in its schools, its latest stories. A fixed
    number of queries, whatever the number of schools."""
    filterset = portal_filter(portal)
    scope = nation_scope()
    figures = dashboard_figures(scope=scope, filterset=filterset)
    schools = scope.schools(filterset)
    on = figures.period.until
    focus = focus_by_year()
    return {
        "figures": figures,
        "networks": _networks(schools, on, focus),
        "schools_page": _schools_page(schools, on, focus, page),
        "agreement": sponsor_agreement(
            ids=schools_visible_to(portal.reader).values("pk"), sponsor=portal.sponsor, until=portal.year
        ),
        "map": map_data(schools, on=on, color=PROGRAM_YEAR, with_points=False),
        "stories": list(stories_visible(portal)[:PORTFOLIO_STORIES]),
        "upcoming": upcoming_agreements(portal),
        "teachers_trained": next(row for row in figures.workshops if row.audience == "teachers"),
        "parents_trained": next(row for row in figures.workshops if row.audience == "parents"),
    }


def upcoming_agreements(portal: Portal) -> list[Sponsorship]:
    """The company's agreements that start after this school year (a request IPAE confirmed for the next
    one): their schools are not yet among this year's figures, so the portfolio lists them apart."""
    return list(
        Sponsorship.objects.filter(
            sponsor=portal.sponsor,
            start_year__gt=portal.year,
            school__in=schools_visible_to(portal.reader).values("pk"),
        )
        .select_related("school__district__province__region")
        .order_by("start_year", "school__name", "pk")
    )


def map_points(*, portal: Portal):
    """The map of the company's schools this year, coloured by their network's program year."""
    filterset = portal_filter(portal)
    return map_data(nation_scope().schools(filterset), on=filterset.selected_period.until, color=PROGRAM_YEAR)


# --- Progress ----------------------------------------------------------------------------------------
def progress(*, portal: Portal) -> dict:
    """Coordinators' work in the company's schools this year, as aggregates: visits per month against the
    plan, the share of schools visited lately, workshops held and who of theirs came, goals by status,
    results; and the same by region."""
    filterset = portal_filter(portal)
    scope = nation_scope()
    figures = dashboard_figures(scope=scope, filterset=filterset)
    held = schools_workshops_held(schools=scope.schools(filterset), year=portal.year, on=figures.period.until)
    return {"scope": scope, "figures": figures, "held": held}


# --- A school's page ---------------------------------------------------------------------------------
GOAL_FIELDS = (
    "pk",
    "area",
    "indicator",
    "baseline",
    "target",
    "latest_value",
    "latest_measured_on",
    "status",
    "school_year",
)


def school_page(*, portal: Portal, pk: int) -> dict:
    """One school the company funds (or funded): its network and program year, this year's figures (the
    dashboards' school scope), its goals (indicator and status, never who agreed them), the workshops
    held for it, its results over the years and its stories. 404 for a school the company never funded.

    The money block is dropped: at one school it would add up every company that funds it.
    """
    reader = portal.reader
    scope = school_scope(user=reader, pk=pk, today=portal.today)
    filterset = DashboardFilter({"period": str(portal.year)}, user=reader, today=portal.today)
    figures = dataclasses.replace(dashboard_figures(scope=scope, filterset=filterset), funding=None)
    on = figures.period.until
    school = scope.school
    program_year = scope.network.program_year_on(on) if scope.network else None
    agreements = list(
        Sponsorship.objects.filter(sponsor=portal.sponsor, school=school)
        .order_by("start_year")
        .values_list("start_year", "end_year")
    )
    return {
        "scope": scope,
        "school": school,
        "figures": figures,
        "program_year": program_year,
        "program_label": program_year_label(program_year, program_year_focus(program_year)) if scope.network else None,
        "agreements": agreements,
        "goals": list(
            SchoolGoal.objects.filter(school=school, school_year=portal.year)
            .order_by("area", "indicator")
            .only(*GOAL_FIELDS)
        ),
        "held": schools_workshops_held(schools=scope.schools(filterset), year=portal.year, on=on),
        "stories": list(stories_visible(portal).filter(visit__school=school)[:SCHOOL_STORIES]),
    }


# --- Staff: the companies they may preview -------------------------------------------------------------
def preview_sponsors(*, user, year: int, page=None):
    """Every company staff may preview (`sponsors_visible_to`), by name, each with the schools it funds
    that year (the rule of `Sponsorship.objects.in_force_in`). Two queries a page."""
    in_force = Q(sponsorships__start_year__lte=year) & (
        Q(sponsorships__end_year__isnull=True) | Q(sponsorships__end_year__gte=year)
    )
    sponsors = (
        sponsors_visible_to(user)
        .annotate(schools=Count("sponsorships__school", filter=in_force, distinct=True))
        .order_by("name", "pk")
    )
    return Paginator(sponsors, SCHOOLS_PER_PAGE).get_page(page)
