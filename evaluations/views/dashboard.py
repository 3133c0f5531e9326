"""The staff dashboards: the nation, a region, a network, one school; the same figures for each scope.

The figures come from `evaluations.dashboard.figures.dashboard_figures` (summary tables, a fixed number of
queries); this module reads the scope and the filters from the URL, orders the table of the level below,
and hands the charts their data as JSON (drawn by static/js/dashboard-charts.js, each with its table twin).
"""

import unicodedata
from decimal import Decimal
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from accounts.permissions import PermissionGateMixin, is_ipae_staff
from evaluations.dashboard.figures import dashboard_figures
from evaluations.dashboard.figures.funding import sponsor_money_rows
from evaluations.dashboard.filters import DashboardFilter
from evaluations.dashboard.lists import KINDS, list_url
from evaluations.dashboard.record import school_record
from evaluations.dashboard.scope import (
    NATION,
    NETWORK,
    REGION,
    SCHOOL,
    nation_scope,
    network_scope,
    region_scope,
    school_scope,
)

from ..models import GoalStatus
from ..selectors import LEVELS

# The level below each scope, named as its table's heading says it.
CHILD_HEADINGS = {
    NATION: gettext_lazy("Por región"),
    REGION: gettext_lazy("Por red educativa"),
    NETWORK: gettext_lazy("Por institución educativa"),
}
CHILD_URLS = {"region": "evaluations:dashboard-region", "network": "evaluations:dashboard-network"}
LEVEL_CODES = [code.removeprefix("level_") for code, _label in LEVELS]


def _collation_key(text: str) -> str:
    """Spanish names in the order people expect (Áncash next to Apurímac)."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()


def _visit_share(row) -> Decimal | None:
    return Decimal(row.visits * 100) / row.plan if row.plan else None


# `?orden=`: the table of the level below, sorted on the server (a bookmarkable "who lags on coverage").
# The key of each column; a leading "-" sorts it from the highest down. Rows without a figure go last.
ORDER_KEYS = {
    "nombre": lambda row: _collation_key(row.name),
    "anio": lambda row: row.program_year,
    "instituciones": lambda row: row.schools,
    "visitas": _visit_share,
    "cobertura": lambda row: row.coverage,
    "metas": lambda row: row.goals_on_track,
    "lectura": lambda row: row.satisfactorio,
}
ORDER_CHOICES = [(key, key) for name in ORDER_KEYS for key in (name, f"-{name}")]
DEFAULT_ORDER = "nombre"


class ChildOrderForm(forms.Form):
    """`?orden=` of the table of the level below: a column's key, `-` before it for the highest first."""

    orden = forms.ChoiceField(label=gettext_lazy("Orden de la tabla"), choices=ORDER_CHOICES, required=False)

    def order(self) -> str:
        """The order the URL names, or by name when it names none or one the table does not have."""
        if self.is_valid() and self.cleaned_data["orden"]:
            return self.cleaned_data["orden"]
        return DEFAULT_ORDER


def order_children(rows: list, order: str) -> list:
    """Rows sorted by one column (`-` for the highest first); rows without that figure always go last."""
    descending = order.startswith("-")
    key = ORDER_KEYS[order.removeprefix("-")]
    with_value = [row for row in rows if key(row) is not None]
    without = [row for row in rows if key(row) is None]
    with_value.sort(key=lambda row: (key(row), _collation_key(row.name)), reverse=descending)
    return with_value + sorted(without, key=lambda row: _collation_key(row.name))


def filter_query(filterset, scope) -> dict[str, str]:
    """The filters the page applied, to carry into its links; below the nation the scope names the region."""
    return filterset.query(region=scope.kind == NATION)


def scope_url(kind: str, obj, query: str) -> str:
    if kind == NATION:
        url = reverse("evaluations:dashboard")
    elif kind == REGION:
        url = reverse("evaluations:dashboard-region", kwargs={"code": obj.code})
    elif kind == NETWORK:
        url = reverse("evaluations:dashboard-network", kwargs={"pk": obj.pk})
    else:
        url = reverse("evaluations:dashboard-school", kwargs={"pk": obj.pk})
    return f"{url}?{query}" if query else url


def child_url(row, query: str) -> str:
    name = CHILD_URLS.get(row.kind, "evaluations:dashboard-school")
    kwargs = {"code": row.pk} if row.kind == "region" else {"pk": row.pk}
    url = reverse(name, kwargs=kwargs)
    return f"{url}?{query}" if query else url


def list_urls(scope, query: dict[str, str]) -> dict[str, str]:
    """The list behind each figure (`evaluations:dashboard-list`), with the page's filters and scope."""
    return {kind: list_url(kind, scope, urlencode(query)) for kind in KINDS}


def chart_data(figures) -> dict:
    """What the charts draw, with their words already translated: the tables beside them hold the same."""
    visits = figures.visits
    return {
        "visits": {
            "labels": [f"{m.month:%m/%Y}" for m in visits.months],
            "visits": [m.visits for m in visits.months],
            "plan": [m.plan for m in visits.months],
            "visitsLabel": _("Visitas realizadas"),
            "planLabel": _("Visitas planificadas"),
            "yLabel": _("Visitas"),
        },
        "programYears": {
            "labels": [
                str(row.year) if row.year <= settings.CEE_PROGRAM_YEARS else _("Egresadas")
                for row in figures.program_years
            ],
            "networks": [row.networks for row in figures.program_years],
            "networksLabel": _("Redes"),
            "xLabel": _("Año del programa"),
            "yLabel": _("Redes"),
        },
        "workshops": {
            "labels": [row.label for row in figures.workshops if row.share is not None],
            "shares": [float(row.share) for row in figures.workshops if row.share is not None],
            "sharesLabel": _("% que asistió a un taller"),
            "xLabel": _("% de la población"),
        },
        "goals": {
            "labels": [status.label for status in GoalStatus],
            "statuses": list(GoalStatus.values),
            "counts": [
                figures.goals.on_track,
                figures.goals.at_risk,
                figures.goals.off_track,
                figures.goals.no_measure,
            ],
            "countsLabel": _("Metas"),
        },
        "results": results_charts(figures.results),
        "levels": [
            {"code": code, "label": str(label)} for code, (_field, label) in zip(LEVEL_CODES, LEVELS, strict=True)
        ],
        "nationalLabel": _("Nacional (% satisfactorio)"),
        "firstYearLabel": _("Primer año en el programa (% satisfactorio)"),
        "percentLabel": _("% de evaluados"),
        "yearLabel": _("Año"),
    }


def _result_groups(results) -> list[tuple[str, int, list]]:
    """(subject, grade, its years in order): reading before math, then by grade."""
    order = {"reading": 0, "math": 1}
    groups: dict[tuple[str, int], list] = {}
    for row in results:
        groups.setdefault((row.subject, row.grade), []).append(row)
    keys = sorted(groups, key=lambda key: (order.get(key[0], 9), key[1]))
    return [(subject, grade, sorted(groups[subject, grade], key=lambda row: row.year)) for subject, grade in keys]


def _number(value):
    return float(value) if value is not None else None


def results_charts(results) -> dict:
    """One chart per subject and grade: the share at each level by year, the national figure, the first year."""
    return {
        f"{subject}-{grade}": {
            "labels": [str(row.year) for row in rows],
            "levels": {code: [_number(row.levels.get(code)) for row in rows] for code in LEVEL_CODES},
            "national": [_number(row.national) for row in rows],
            "firstYear": [_number(row.first_year) for row in rows],
        }
        for subject, grade, rows in _result_groups(results)
    }


def results_tables(results) -> list[dict]:
    """The assessment results by subject and grade, each year with its shares in the levels' order."""
    subjects = {"reading": _("Lectura"), "math": _("Matemática")}
    return [
        {
            "key": f"{subject}-{grade}",
            "subject": subject,
            "grade": grade,
            "label": subjects.get(subject, subject),
            "rows": [{"row": row, "shares": [row.levels.get(code) for code in LEVEL_CODES]} for row in rows],
        }
        for subject, grade, rows in _result_groups(results)
    ]


def goal_rows(goals) -> list[dict]:
    """Each status with its count and its share of the year's goals (for the table twin)."""
    counts = {
        GoalStatus.ON_TRACK: goals.on_track,
        GoalStatus.AT_RISK: goals.at_risk,
        GoalStatus.OFF_TRACK: goals.off_track,
        GoalStatus.NO_MEASURE: goals.no_measure,
    }
    total = goals.total
    return [
        {"status": status, "count": count, "share": Decimal(count * 100) / total if total else None}
        for status, count in counts.items()
    ]


def latest_reading(results):
    """Reading in the lowest grade on record (the ECE's 2.°), its latest year with anyone evaluated: the
    stat card's figure. None without reading results."""
    rows = [row for row in results if row.subject == "reading" and row.evaluated]
    if not rows:
        return None
    grade = min(row.grade for row in rows)
    return max((row for row in rows if row.grade == grade), key=lambda row: row.year)


def filter_fields(form) -> list[dict]:
    """The filter form's menus, each with its options read once (a sponsor or region menu is a query):
    rendered as plain Bootstrap selects, which costs a fraction of the widgets' own templates."""
    fields = []
    for bound in form.visible_fields():
        value = bound.value()
        fields.append(
            {
                "field": bound,
                "options": [(str(choice), label) for choice, label in bound.field.choices],
                "selected": "" if value is None else str(value),
            }
        )
    return fields


def map_and_attention_urls(scope, query: dict[str, str]) -> dict[str, str]:
    """The map and the attention list of this scope (they take the filters plus a region or a network)."""
    if scope.kind == SCHOOL:
        return {}
    here = dict(query)
    if scope.kind == REGION:
        here["region"] = scope.region.code
    elif scope.kind == NETWORK:
        here["network"] = str(scope.network.pk)
    encoded = f"?{urlencode(here)}" if here else ""
    return {
        "map_url": reverse("evaluations:dashboard-map") + encoded,
        "attention_url": reverse("evaluations:attention") + encoded,
    }


def sponsor_money(scope, filterset, figures, query: dict[str, str]) -> list:
    """Each company's money in this scope (how much it committed and gave), linked to its schools."""
    rows = sponsor_money_rows(
        ids=scope.schools(filterset).order_by().values("pk"),
        year=figures.period.year,
        sponsor=filterset.applied.get("sponsor"),
        general=scope.kind == NATION and not filterset.narrowed,
    )
    for row in rows:
        row.url = list_url("instituciones", scope, urlencode({**query, "sponsor": row.pk}))
    return rows


def dashboard_context(request, scope) -> dict:
    """Everything a dashboard page shows for one scope, the filters of the URL applied."""
    data = request.GET.copy()
    if scope.kind != NATION:
        data.pop("region", None)  # the scope names the region: a second one would only empty the page
    filterset = DashboardFilter(data or None, user=request.user)
    if scope.kind != NATION:
        del filterset.form.fields["region"]
    order_form = ChildOrderForm(data)
    order = order_form.order()
    figures = dashboard_figures(scope=scope, filterset=filterset)

    query = filter_query(filterset, scope)
    encoded = urlencode(query)
    with_order = urlencode({**query, "orden": order}) if order != DEFAULT_ORDER else encoded
    breadcrumbs = [{"kind": kind, "obj": obj, "url": scope_url(kind, obj, encoded)} for kind, obj in scope.breadcrumbs]
    children = order_children(figures.children, order)
    for row in children:
        # The order travels down too: "who lags on coverage" asked of a region is asked of its networks.
        row.url = child_url(row, with_order)
        row.visit_share = _visit_share(row)
    return {
        "scope": scope,
        "figures": figures,
        "filter": filterset,
        "filter_form": filterset.form,
        "filter_fields": filter_fields(filterset.form),
        "order_form": order_form,
        "order": order,
        "query": encoded,
        "query_with_order": with_order,
        "breadcrumbs": breadcrumbs,
        "children": children,
        "child_heading": CHILD_HEADINGS.get(scope.kind, ""),
        "order_links": _order_links(query, order),
        "lists": list_urls(scope, query),
        **map_and_attention_urls(scope, query),
        "sponsor_money": sponsor_money(scope, filterset, figures, query),
        "results_tables": results_tables(figures.results),
        "reading": latest_reading(figures.results),
        "level_labels": [label for _code, label in LEVELS],
        "goal_rows": goal_rows(figures.goals),
        "charts": chart_data(figures),
        "clear_url": request.path,
        "scope_program_year": scope.network.program_year_on(figures.period.until) if scope.network else None,
    }


def _order_links(query: dict, order: str) -> dict[str, dict]:
    """Each sortable column: the link that sorts by it (ascending first, then the other way) and its state."""
    links = {}
    for name in ORDER_KEYS:
        current = order.removeprefix("-") == name
        descending = order.startswith("-")
        target = f"-{name}" if current and not descending else name
        links[name] = {
            "url": "?" + urlencode({**query, "orden": target}),
            "state": ("descending" if descending else "ascending") if current else "none",
        }
    return links


class DashboardView(PermissionGateMixin, TemplateView):
    """The national dashboard: every region's schools (the filters narrow them)."""

    gate = staticmethod(is_ipae_staff)
    template_name = "evaluations/dashboard/page.html"

    def get_scope(self):
        return nation_scope()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs) | dashboard_context(self.request, self.get_scope())


class RegionDashboardView(DashboardView):
    """One program region (by its INEI code); an unknown code answers 404."""

    def get_scope(self):
        return region_scope(user=self.request.user, code=self.kwargs["code"])


class NetworkDashboardView(DashboardView):
    """One network and its member schools; a network the person may not see answers 404."""

    def get_scope(self):
        return network_scope(user=self.request.user, pk=self.kwargs["pk"])


class SchoolDashboardView(DashboardView):
    """One school: its figures and the way to its full record (visits, goals, results, family meetings)."""

    def get_scope(self):
        return school_scope(user=self.request.user, pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        # The school's full record below its figures (evaluations.dashboard.record; the lists engineer's).
        context = super().get_context_data(**kwargs)
        scope = context["scope"]
        record = school_record(user=self.request.user, school=scope.school, year=context["figures"].period.year)
        return context | {"record": record}
