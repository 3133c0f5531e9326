"""The lists behind a dashboard's figures (schools, teachers, visits, workshops, goals, results) and their
exports: one definition per kind, read by the list page, its CSV and XLSX files and every page that links
to a list (`list_url`).

A list starts from the one queryset of schools of its page (`Scope.schools(filterset)`: the person's
schools that the filters keep, inside the scope), so a list shows exactly the rows that make the page's
figures, and its export holds exactly the rows the list shows, all of them, in the same order and columns.
Long lists page by keyset (newer/older, no COUNT of every row); the row count stops at `COUNT_LIMIT`.
"""

import datetime
import functools
import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import BooleanField, Case, QuerySet, TextChoices, Value, When
from django.db.models.functions import Length, Trim
from django.http import QueryDict
from django.urls import NoReverseMatch, reverse
from django.utils import formats
from django.utils.text import format_lazy, slugify
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from core.pagination import count_up_to, keyset_page
from networks.models import Visit, in_program, is_graduated
from networks.selectors import attach_networks, visits_visible_to
from networks.selectors.summaries import last_visit_dates
from schools.models import School, Teacher
from schools.selectors import teachers_visible_to
from workshops.models import Workshop
from workshops.selectors.coverage import workshops_of_schools
from workshops.selectors.workshops import workshop_list

from ..models import AssessmentResult, GoalStatus, SchoolGoal
from ..selectors.goals import goals_visible_to
from ..selectors.results import LEVELS, percent, results_visible_to
from .filters import DashboardFilter
from .scope import NATION, NETWORK, REGION, SCHOOL, Scope, nation_scope, network_scope, school_scope

SCHOOLS, TEACHERS, VISITS, WORKSHOPS, GOALS, RESULTS = (
    "instituciones",
    "docentes",
    "visitas",
    "talleres",
    "metas",
    "resultados",
)
FORMATS = ("csv", "xlsx")
# A list says how many rows it holds up to this many ("Más de 1,000") instead of counting a million.
COUNT_LIMIT = 1000
# Rows read from the database at a time by an export: memory stays flat whatever the list's length.
EXPORT_CHUNK = 2000
# Query-string keys that name the scope; the filters' own keys are DashboardFilter's.
SCOPE_KEYS = ("network", "school")
_PK = re.compile(r"^[0-9]{1,18}$")  # an id PostgreSQL's bigint can hold; anything else is malformed


@dataclass(frozen=True)
class ListContext:
    """What a list is read for: the person, the page's scope and filters, and the schools they select."""

    user: Any
    scope: Scope
    filterset: Any  # evaluations.dashboard.filters.DashboardFilter
    schools: QuerySet

    @property
    def period(self):
        return self.filterset.selected_period


@dataclass(frozen=True)
class Column:
    """One column: its Spanish header, its value in a row (plain: text, number, date, None) and the page
    its value links to. `format` tells the table how to write the value (date, number, percent, text)."""

    header: str
    value: Callable[[Any], Any]
    link: Callable[[Any], str | None] | None = None
    format: str = "text"


@dataclass(frozen=True)
class Cell:
    value: Any
    link: str | None
    format: str


@dataclass(frozen=True)
class ListKind:
    slug: str
    title: str
    empty: str
    ordering: tuple[str, ...]  # the keyset order: the model's own columns, the id last
    columns: tuple[Column, ...]
    rows: Callable[[ListContext], QuerySet]
    # Adds per-row data read in one query for a whole batch of rows (a page, or a chunk of an export).
    decorate: Callable[[list, ListContext], None] | None = None
    # True for lists whose scope may be a small share of a huge table (visits of one network).
    sort_small_scopes: bool = False

    @property
    def headers(self) -> list[str]:
        return [str(column.header) for column in self.columns]


@functools.cache
def _translated(choices, value, language) -> str:
    return str(choices(value).label) if value in choices.values else str(value)


def label(choices, value) -> str | None:
    """A choice's label in the active language, translated once per export rather than once per row
    (`get_FOO_display()` translates every choice of the field each time it is called)."""
    if value in (None, ""):
        return None
    return _translated(choices, value, get_language())


# --- Links -------------------------------------------------------------------------------------------
def _reverse(names: tuple[str, ...], *args) -> str | None:
    """The first of the URL names that exists (the school's dashboard page may not be built yet)."""
    for name in names:
        try:
            return reverse(name, args=args)
        except NoReverseMatch:
            continue
    return None


def school_url(pk: int) -> str | None:
    """A school's page for staff: its dashboard (the full record) once it exists, else its field page."""
    return _reverse(("evaluations:dashboard-school", "networks:school-detail"), pk)


def network_url(pk: int) -> str | None:
    return _reverse(("networks:network-detail",), pk)


# --- Schools -------------------------------------------------------------------------------------------
def _school_rows(ctx: ListContext) -> QuerySet:
    return ctx.schools.select_related("district__province__region")


def _school_decorate(rows: list, ctx: ListContext) -> None:
    """Each school's network and program year at the period's end, and its latest visit up to then."""
    until = ctx.period.until
    attach_networks(rows, on=until)
    ids = [school.pk for school in rows]
    last = last_visit_dates(ctx.schools.model.objects.filter(pk__in=ids), until=until) if ids else {}
    for school in rows:
        school.last_visit_on = last.get(school.pk)
        school.days_since = (until - school.last_visit_on).days if school.last_visit_on else None
        year = school.network.program_year_on(until) if school.network else None
        school.program_year = year if in_program(year) else (gettext("Egresada") if is_graduated(year) else None)


def _codigo(school) -> str:
    return f"{school.codigo_modular}-{school.anexo}" if school.anexo else school.codigo_modular


SCHOOL_COLUMNS = (
    Column(_("Institución educativa"), lambda s: s.name, lambda s: school_url(s.pk)),
    Column(_("Código modular"), _codigo),
    Column(_("Región"), lambda s: s.district.province.region.name),
    Column(
        _("Red educativa"),
        lambda s: s.network.name if s.network else None,
        lambda s: network_url(s.network.pk) if s.network else None,
    ),
    Column(_("Año del programa"), lambda s: s.program_year),
    Column(_("Área"), lambda s: label(School.AreaType, s.area_type)),
    Column(_("Última visita"), lambda s: s.last_visit_on, format="date"),
    Column(_("Días desde la última visita"), lambda s: s.days_since, format="number"),
)


# --- Teachers and directors (never their DNI or phone) ---------------------------------------------------
def _teacher_rows(ctx: ListContext) -> QuerySet:
    return (
        teachers_visible_to(ctx.user)
        .filter(school__in=ctx.schools.values("pk"), is_active=True)
        .select_related("school")
        .only("first_name", "last_name", "position", "school__name")
    )


TEACHER_COLUMNS = (
    Column(
        _("Apellidos y nombres"),
        lambda t: f"{t.last_name}, {t.first_name}",
        lambda t: _reverse(("networks:teacher-detail",), t.pk),
    ),
    Column(_("Cargo"), lambda t: label(Teacher.Position, t.position)),
    Column(_("Institución educativa"), lambda t: t.school.name, lambda t: school_url(t.school_id)),
)


# --- Visits of the period --------------------------------------------------------------------------------
def _visit_rows(ctx: ListContext) -> QuerySet:
    period = ctx.period
    return (
        visits_visible_to(ctx.user)
        .filter(school__in=ctx.schools.values("pk"), date__gte=period.start, date__lte=period.until)
        .select_related("school", "teacher", "coordinator")
        .only(
            "date",
            "kind",
            "created_at",
            "school__name",
            "teacher__first_name",
            "teacher__last_name",
            "coordinator__first_name",
            "coordinator__last_name",
            "coordinator__username",
        )
        # Whether anything was written, without reading every visit's text into memory.
        .alias(written=Length(Trim("observations")))
        .annotate(
            observed=Case(When(written__gt=0, then=Value(True)), default=Value(False), output_field=BooleanField())
        )
    )


class YesNo(TextChoices):
    YES = "yes", _("Sí")
    NO = "no", _("No")


def _yes_no(value: bool) -> str:
    return label(YesNo, YesNo.YES if value else YesNo.NO)


VISIT_COLUMNS = (
    Column(_("Fecha"), lambda v: v.date, lambda v: _reverse(("networks:visit-detail",), v.pk), format="date"),
    Column(_("Tipo"), lambda v: label(Visit.Kind, v.kind)),
    Column(_("Institución educativa"), lambda v: v.school.name, lambda v: school_url(v.school_id)),
    Column(_("Coordinador(a)"), lambda v: str(v.coordinator)),
    Column(
        _("Docente"),
        lambda v: str(v.teacher) if v.teacher_id else None,
        lambda v: _reverse(("networks:teacher-detail",), v.teacher_id) if v.teacher_id else None,
    ),
    Column(_("Con observaciones"), lambda v: _yes_no(v.observed)),
)


# --- Workshops of the period -----------------------------------------------------------------------------
def filters_narrow(filterset) -> bool:
    """Whether a filter other than the period keeps only some schools."""
    return filterset.narrowed or bool(filterset.applied.get("sponsor"))


def _workshop_rows(ctx: ListContext) -> QuerySet:
    """The workshops that start in the period, for the page's schools: those of the networks they belong
    to at the period's end and those of their regions (every one, at the national scope without filters)."""
    period = ctx.period
    workshops = workshop_list(user=ctx.user).filter(starts_on__gte=period.start, starts_on__lte=period.end)
    if ctx.scope.kind == NATION and not filters_narrow(ctx.filterset):
        return workshops
    return workshops_of_schools(workshops, schools=ctx.schools, on=period.until)


def _workshop_place(w) -> str:
    return w.network.name if w.network_id else w.region.name


def _workshop_place_link(w) -> str | None:
    if w.network_id:
        return network_url(w.network_id)
    return _reverse(("evaluations:dashboard-region",), w.region.code)


WORKSHOP_COLUMNS = (
    Column(_("Taller"), lambda w: w.title, lambda w: w.get_absolute_url()),
    Column(_("Fecha de inicio"), lambda w: w.starts_on, format="date"),
    Column(_("Modalidad"), lambda w: label(Workshop.Modality, w.modality)),
    Column(_("Red o región"), _workshop_place, _workshop_place_link),
    Column(_("Públicos"), lambda w: ", ".join(w.audience_labels)),
    Column(_("Directores y docentes asistentes"), lambda w: w.people_attended, format="number"),
    Column(_("Padres de familia asistentes"), lambda w: w.parents_attended, format="number"),
)


# --- Goals of the period's school year -------------------------------------------------------------------
def _goal_rows(ctx: ListContext) -> QuerySet:
    return (
        goals_visible_to(ctx.user)
        .filter(school__in=ctx.schools.values("pk"), school_year=ctx.period.year)
        .select_related("school")
        .only("school_year", "area", "indicator", "status", "latest_measured_on", "school__name")
    )


GOAL_COLUMNS = (
    Column(_("Institución educativa"), lambda g: g.school.name, lambda g: school_url(g.school_id)),
    Column(_("Área"), lambda g: label(SchoolGoal.Area, g.area)),
    Column(_("Indicador"), lambda g: g.indicator, lambda g: g.get_absolute_url()),
    Column(_("Estado"), lambda g: label(GoalStatus, g.status)),
    Column(_("Última medición"), lambda g: g.latest_measured_on, format="date"),
)


# --- Assessment results up to the period's year ----------------------------------------------------------
def _result_rows(ctx: ListContext) -> QuerySet:
    return (
        results_visible_to(ctx.user)
        .filter(school__in=ctx.schools.values("pk"), year__lte=ctx.period.year)
        .select_related("school")
        .only(
            "year", "grade", "subject", "students_evaluated", *(attname for attname, _label in LEVELS), "school__name"
        )
    )


def _level_column(attname: str, label) -> Column:
    return Column(
        format_lazy("% {}", label),
        lambda r: percent(getattr(r, attname), r.students_evaluated),
        format="percent",
    )


RESULT_COLUMNS = (
    Column(_("Institución educativa"), lambda r: r.school.name, lambda r: school_url(r.school_id)),
    Column(_("Año"), lambda r: r.year, lambda r: _reverse(("evaluations:school-results",), r.school_id), format="year"),
    Column(_("Grado"), lambda r: r.grade, format="number"),
    Column(_("Área evaluada"), lambda r: label(AssessmentResult.Subject, r.subject)),
    Column(_("Estudiantes evaluados"), lambda r: r.students_evaluated, format="number"),
    *(_level_column(attname, label) for attname, label in LEVELS),
)


KINDS: dict[str, ListKind] = {
    kind.slug: kind
    for kind in (
        ListKind(
            SCHOOLS,
            _("Instituciones educativas"),
            _("Ninguna institución educativa cumple estos filtros."),
            ("name", "id"),
            SCHOOL_COLUMNS,
            _school_rows,
            _school_decorate,
        ),
        ListKind(
            TEACHERS,
            _("Directores y docentes"),
            _("No hay directores ni docentes activos en estas instituciones."),
            # By school (teacher_school_active_idx), the director first: no sort of every teacher.
            ("school_id", "position", "last_name", "first_name", "id"),
            TEACHER_COLUMNS,
            _teacher_rows,
        ),
        ListKind(
            VISITS,
            _("Visitas"),
            _("No hay visitas en este periodo con estos filtros."),
            ("-date", "-created_at", "id"),  # visit_recent_idx
            VISIT_COLUMNS,
            _visit_rows,
            sort_small_scopes=True,
        ),
        ListKind(
            WORKSHOPS,
            _("Talleres"),
            _("No hay talleres en este periodo con estos filtros."),
            ("-starts_on", "title", "id"),
            WORKSHOP_COLUMNS,
            _workshop_rows,
        ),
        ListKind(
            GOALS,
            _("Metas de las instituciones"),
            _("No hay metas registradas para este año escolar con estos filtros."),
            # The order of goal_unique_indicator_year, so a page is one range of that index.
            ("school_id", "school_year", "indicator", "id"),
            GOAL_COLUMNS,
            _goal_rows,
        ),
        ListKind(
            RESULTS,
            _("Resultados de evaluación"),
            _("No hay resultados de evaluación con estos filtros."),
            # The order of result_unique_school_year_grade_subject (one range of it per page).
            ("school_id", "year", "grade", "subject", "id"),
            RESULT_COLUMNS,
            _result_rows,
        ),
    )
}


def list_kind(slug: str) -> ListKind | None:
    return KINDS.get(slug)


# --- Scope in the query string ---------------------------------------------------------------------------
def scope_from_query(query, *, user) -> tuple[Scope, str | None]:
    """The scope a list's query string names (`school=<pk>` first, then `network=<pk>`), and a notice
    when a value was malformed and so ignored. A well-formed id out of the person's scope answers 404."""
    notice = None
    for key, make in (("school", school_scope), ("network", network_scope)):
        raw = query.get(key, "")
        if not raw:
            continue
        if not _PK.match(raw):
            notice = gettext("El enlace trae un valor no válido («%(key)s»); se muestra la lista sin él.") % {
                "key": key
            }
            continue
        return make(user=user, pk=int(raw)), notice
    return nation_scope(), notice


def list_context(*, user, scope: Scope, filterset) -> ListContext:
    return ListContext(user=user, scope=scope, filterset=filterset, schools=scope.schools(filterset))


@dataclass(frozen=True)
class ListRead:
    """A list as a query string names it, for a person: its rows' context, the notice of a malformed scope
    value (ignored), and the query as applied (the good filters, then the scope): what its links carry."""

    ctx: ListContext
    notice: str | None
    query: QueryDict


def list_read(*, user, query: QueryDict) -> ListRead:
    """Read the scope (`network`, `school`; out of the person's scope: Http404) and the dashboard's filters
    of a list's query string, as the list page, its files and the background exports all do."""
    scope, notice = scope_from_query(query, user=user)
    data = query.copy()
    for key in ("cursor", "page", *SCOPE_KEYS):
        data.pop(key, None)
    filterset = DashboardFilter(data or None, user=user)
    ctx = list_context(user=user, scope=scope, filterset=filterset)
    return ListRead(ctx=ctx, notice=notice, query=scope_query(scope, urlencode(filterset.query())))


def list_rows(kind: ListKind, ctx: ListContext) -> QuerySet:
    """Every row of the list, in its keyset order (what the export writes, and what the pages split)."""
    return kind.rows(ctx).order_by(*kind.ordering)


def _is_small(kind: ListKind, ctx: ListContext) -> bool:
    """A network, a school or a sponsor's schools hold a small share of the rows: sort them rather than
    walk the ordering's index (a region, an area or a program year keep a large share: walk it)."""
    if not kind.sort_small_scopes:
        return False
    if ctx.scope.kind in (NETWORK, SCHOOL):
        return True
    ctx.filterset.errors  # noqa: B018 -- validates the form, so cleaned_data holds only good values
    return bool(ctx.filterset.is_bound and ctx.filterset.form.cleaned_data.get("sponsor"))


def list_page(kind: ListKind, ctx: ListContext, *, cursor: str | None):
    """The page of the list the cursor points at (the first one without a cursor), its rows decorated."""
    page = keyset_page(kind.rows(ctx), ordering=kind.ordering, cursor=cursor, scope_is_small=_is_small(kind, ctx))
    if kind.decorate and page.object_list:
        kind.decorate(page.object_list, ctx)
    return page


def list_count(kind: ListKind, ctx: ListContext) -> int:
    """How many rows the list holds, counting no further than COUNT_LIMIT + 1."""
    return count_up_to(kind.rows(ctx), COUNT_LIMIT)


# How a list's file is made: within the request (streamed), or by a worker (`ExportJob`) once it is large.
DIRECT, BACKGROUND = "direct", "background"


def export_limits() -> dict[str, int]:
    """The most rows each format is written within a request.

    CSV streams as it is written (its first byte in 0.1-0.2 s), but a whole country's year of visits is half
    a million rows: written in one request it outlives the web server's timeout and the person gets a cut
    file (`CEE_EXPORT_MAX_ROWS`). An XLSX file is written whole before its first byte is sent, so past
    `CEE_EXPORT_XLSX_MAX_ROWS` the person would wait looking at nothing (bench/RESULTS.md)."""
    most = settings.CEE_EXPORT_MAX_ROWS
    return {"csv": most, "xlsx": min(settings.CEE_EXPORT_XLSX_MAX_ROWS, most)}


def export_modes(kind: ListKind, ctx: ListContext, *, counted: int) -> dict[str, str]:
    """DIRECT or BACKGROUND for each format. `counted` is `list_count`'s answer (it stops at COUNT_LIMIT + 1):
    past it, the rows are counted again, no further than the highest limit (one query)."""
    limits = export_limits()
    if counted > COUNT_LIMIT:
        counted = count_up_to(kind.rows(ctx), max(limits.values()))
    return {fmt: BACKGROUND if counted > limit else DIRECT for fmt, limit in limits.items()}


def export_in_background(kind: ListKind, ctx: ListContext, fmt: str) -> bool:
    """Whether this file has more rows than a request writes (counted no further than its limit)."""
    limit = export_limits()[fmt]
    return count_up_to(kind.rows(ctx), limit) > limit


def cells(kind: ListKind, row) -> list[Cell]:
    return [
        Cell(column.value(row), column.link(row) if column.link else None, column.format) for column in kind.columns
    ]


def table(kind: ListKind, rows) -> list[list[Cell]]:
    return [cells(kind, row) for row in rows]


def export_rows(kind: ListKind, ctx: ListContext, *, chunk_size: int | None = None) -> Iterator[list]:
    """Every row of the list as plain values, read `chunk_size` rows at a time (EXPORT_CHUNK; a server-side
    cursor), each chunk decorated with one query: memory and queries per row stay flat however long the
    list is."""
    chunk_size = chunk_size or EXPORT_CHUNK
    rows = list_rows(kind, ctx).iterator(chunk_size=chunk_size)
    for batch in itertools.batched(rows, chunk_size):
        batch = list(batch)
        if kind.decorate:
            kind.decorate(batch, ctx)
        for row in batch:
            yield [column.value(row) for column in kind.columns]


# --- Titles, file names and links ------------------------------------------------------------------------
def filter_words(filterset) -> list[str]:
    """The filters in words, besides the period: 'Puno', 'Rural', 'Año 2', 'Minera ...'."""
    data = filterset.applied
    words = []
    if data.get("region"):
        words.append(str(data["region"]))
    if data.get("area"):
        words.append(str(dict(filterset.filters["area"].extra["choices"]).get(data["area"], data["area"])))
    if data.get("program_year"):
        words.append(gettext("Año %(n)s del programa") % {"n": data["program_year"]})
    if data.get("sponsor"):
        words.append(str(data["sponsor"]))
    return words


def list_title(kind: ListKind, ctx: ListContext) -> str:
    """'Visitas · Red Chulucanas · noviembre 2026 · Rural': the kind, the scope, the period and the filters."""
    period = ctx.period
    if kind.slug == GOALS:
        when = gettext("año escolar %(year)s") % {"year": period.year}
    elif kind.slug == RESULTS:
        when = gettext("hasta %(year)s") % {"year": period.year}
    elif kind.slug in (VISITS, WORKSHOPS):
        when = period.label
    else:
        when = gettext("al %(date)s") % {"date": formats.date_format(period.until, "SHORT_DATE_FORMAT")}
    scope = ctx.scope.name if ctx.scope.kind != NATION else gettext("Todo el país")
    return " · ".join([str(kind.title), scope, when, *filter_words(ctx.filterset)])


def export_filename(kind: ListKind, ctx: ListContext, fmt: str, today: datetime.date) -> str:
    """visitas_red-chulucanas_2026-11_2026-11-29.csv: the kind, the scope, the period and the day of export."""
    scope = slugify(ctx.scope.name) if ctx.scope.kind != NATION else "nacional"
    return f"{kind.slug}_{scope or ctx.scope.kind}_{ctx.period.value}_{today:%Y-%m-%d}.{fmt}"


def scope_query(scope: Scope | None, querystring="") -> QueryDict:
    """The query string of a list for `scope`: the page's filters (`querystring`, a QueryDict or text)
    without its cursor, plus the scope (a region goes in as the region filter). With `scope` None the
    query string's own scope stays; with a scope, it replaces the query string's."""
    if isinstance(querystring, QueryDict):
        query = querystring.copy()
    else:
        query = QueryDict(str(querystring or "").lstrip("?"), mutable=True)
    for key in ("cursor", "page", *(SCOPE_KEYS if scope is not None else ())):
        query.pop(key, None)
    if scope is None or scope.kind == NATION:
        return query
    if scope.kind == REGION:
        query["region"] = scope.region.code
    elif scope.kind == NETWORK:
        query["network"] = str(scope.network.pk)
    elif scope.kind == SCHOOL:
        query["school"] = str(scope.school.pk)
    return query


def list_url(kind: str, scope: Scope | None = None, querystring="") -> str:
    """The URL of a list (`kind`: instituciones, docentes, visitas, talleres, metas, resultados) for a
    page's scope, carrying the page's filters: `list_url("visitas", scope, request.GET)`."""
    if kind not in KINDS:
        raise ValueError(f"unknown list kind {kind!r}")
    url = reverse("evaluations:dashboard-list", kwargs={"kind": kind})
    query = scope_query(scope, querystring).urlencode()
    return f"{url}?{query}" if query else url


def export_url(kind: str, fmt: str, scope: Scope | None = None, querystring="") -> str:
    url = reverse("evaluations:dashboard-export", kwargs={"kind": kind, "fmt": fmt})
    query = scope_query(scope, querystring).urlencode()
    return f"{url}?{query}" if query else url
