"""The staff map: schools as points coloured by the days since their last visit or by program year.

The page renders the counts per colour (the map's table twin, useful without JavaScript) and the schools
without coordinates; static/js/dashboard-map.js then fetches the points (`dashboard-map-points`, the same
query string) and draws them with Leaflet on a canvas, with no tile server needed.
"""

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from accounts.permissions import PermissionGateMixin, is_ipae_staff
from core.pagination import keyset_page
from evaluations.dashboard.filters import DashboardFilter
from evaluations.dashboard.geo import (
    COLOR_CHOICES,
    POINT_FIELDS,
    PROGRAM_YEAR,
    VISIT,
    VISIT_BUCKETS,
    YEAR_BUCKETS,
    buckets_for,
    map_data,
    member_rows,
    region_labels,
    without_coordinates,
)
from evaluations.dashboard.paging import memory_page
from evaluations.dashboard.scope import nation_scope, network_scope
from networks.selectors import summaries_as_of

from .dashboard import filter_query

NO_COORDINATES = "sin-coordenadas"
BUCKET_KEYS = [(key, key) for key in (*(b.key for b in (*VISIT_BUCKETS, *YEAR_BUCKETS)), NO_COORDINATES)]
LIST_SALT = "evaluations.views.map.bucket"


class BucketListForm(forms.Form):
    """The list behind one count of the legend (`?lista=<bucket key>`), or the schools without coordinates
    (`?lista=sin-coordenadas`), paged by `?cursor=`."""

    lista = forms.ChoiceField(choices=BUCKET_KEYS, required=False)
    cursor = forms.CharField(required=False, max_length=500)


class ScopeForm(forms.Form):
    """The map's and attention list's own parameters: a network to narrow to, and the map's colouring."""

    network = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    color = forms.ChoiceField(label=gettext_lazy("Colorear por"), choices=COLOR_CHOICES, required=False)


def dashboard_scope(request, *, warn: bool = True):
    """(filterset, scope, query) from the URL: the dashboard filters plus an optional `network=<pk>`.

    A network id that is not a number is ignored with a message; a network the person may not see (or
    that does not exist) answers 404, as its page would. `query` is the filters and the network as
    applied, to carry into every link the page makes.
    """
    filterset = DashboardFilter(request.GET or None, user=request.user)
    params = ScopeForm(request.GET)
    params.is_valid()
    scope = nation_scope()
    query = filter_query(filterset, scope)
    if "network" in params.errors:
        if warn:
            messages.warning(request, _("La red indicada no es válida: se muestran todas las redes."))
    elif params.cleaned_data.get("network"):
        scope = network_scope(user=request.user, pk=params.cleaned_data["network"])
        query["network"] = str(scope.network.pk)
    return filterset, scope, query


def chosen_color(request, *, warn: bool) -> str:
    """The colouring the URL names (`?color=visita|anio`); by days since the last visit otherwise."""
    params = ScopeForm(request.GET)
    params.is_valid()
    if warn and "color" in params.errors:
        messages.warning(request, _("El color indicado no es válido: se colorea por días desde la última visita."))
    return params.cleaned_data.get("color") or VISIT


def with_query(url: str, query: str) -> str:
    return f"{url}?{query}" if query else url


def school_list_url(query: dict) -> str:
    return with_query(reverse("evaluations:dashboard-list", kwargs={"kind": "instituciones"}), urlencode(query))


def map_words() -> dict[str, str]:
    """The words the map's script writes (popups, legend, status), in the page's language."""
    return {
        "visitedDaysAgo": _("Última visita: hace %(days)s días (%(date)s)"),
        "visitedToday": _("Última visita: hoy (%(date)s)"),
        "never": _("Sin visitas registradas"),
        "programYear": _("Año del programa de su red: %(year)s"),
        "graduated": _("Su red ya egresó del programa"),
        "noNetwork": _("No pertenece a una red"),
        "dashboard": _("Ver panel"),
        "record": _("Ver ficha"),
        "legend": _("Leyenda"),
        "loading": _("Cargando el mapa…"),
        "error": _("No se pudo cargar el mapa. La tabla de abajo tiene las mismas cifras."),
        "empty": _("Ninguna institución de estos filtros tiene coordenadas."),
        "drawn": _("%(n)s instituciones en el mapa"),
    }


class MapView(PermissionGateMixin, TemplateView):
    """The map page: filters, the legend with the count of each colour (a table that works without
    JavaScript), the schools without coordinates, and the map itself drawn by the page's script."""

    gate = staticmethod(is_ipae_staff)
    template_name = "evaluations/dashboard/map.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        request = self.request
        filterset, scope, query = dashboard_scope(request)
        color = chosen_color(request, warn=True)
        period = filterset.selected_period
        schools = scope.schools(filterset)
        keys = [bucket.key for bucket in buckets_for(color)]
        chosen = BucketListForm(request.GET)
        chosen.is_valid()
        listed = chosen.cleaned_data.get("lista") or None
        if listed not in (None, *keys, NO_COORDINATES) or "lista" in chosen.errors:
            messages.warning(request, _("Ese grupo no existe en la leyenda de este mapa: no se muestra su lista."))
            listed = None
        cursor = chosen.cleaned_data.get("cursor")
        collect = keys.index(listed) if listed in keys else None
        data = map_data(schools, on=period.until, color=color, collect=collect, with_points=False)
        encoded = urlencode(query)
        # The school pages take the filters only (the network is this page's scope, not theirs).
        filters_only = urlencode({key: value for key, value in query.items() if key != "network"})
        points_query = urlencode({**query, "color": color})
        bucket_page = None
        if collect is not None:
            bucket_page = memory_page([member[0] for member in data.members], cursor, salt=LIST_SALT)
            bucket_page.object_list = member_rows([data.members[i] for i in bucket_page.object_list], period.until)
        no_coordinates_page = None
        if data.without_coordinates:
            no_coordinates_page = keyset_page(
                without_coordinates(schools),
                ordering=("name", "id"),
                cursor=cursor if listed == NO_COORDINATES else None,
            )
        context.update(
            filter=filterset,
            filter_form=filterset.form,
            scope=scope,
            period=period,
            as_of=summaries_as_of(),
            color=color,
            color_choices=COLOR_CHOICES,
            by_year=color == PROGRAM_YEAR,
            data=data,
            rows=[
                {
                    "bucket": bucket,
                    "count": count,
                    "url": "?" + urlencode({**query, "color": color, "lista": bucket.key}) + "#lista",
                }
                for bucket, count in data.rows
            ],
            listed=data.buckets[collect] if collect is not None else None,
            listed_count=data.counts[collect] if collect is not None else 0,
            bucket_page=bucket_page,
            list_query=urlencode({**query, "color": color, "lista": listed}) if listed else "",
            no_coordinates_page=no_coordinates_page,
            no_coordinates_query=urlencode({**query, "color": color, "lista": NO_COORDINATES}),
            school_suffix=f"?{filters_only}" if filters_only else "",
            with_coordinates=data.total - data.without_coordinates,
            query=encoded,
            color_options=[
                {
                    "value": value,
                    "label": label,
                    "url": "?" + urlencode({**query, "color": value}),
                    "current": value == color,
                }
                for value, label in COLOR_CHOICES
            ],
            points_url=f"{reverse('evaluations:dashboard-map-points')}?{points_query}",
            schools_url=school_list_url(query),
            attention_url=with_query(reverse("evaluations:attention"), encoded),
            map_config={
                "tilesUrl": settings.CEE_MAP_TILES_URL,
                "tilesAttribution": settings.CEE_MAP_TILES_ATTRIBUTION,
                "words": map_words(),
            },
        )
        return context


class MapPointsView(PermissionGateMixin, View):
    """The points of the map as compact JSON: one array per school (`fields` names the columns), the
    legend of the chosen colouring, the program regions' labels, and the count of schools left out for
    lack of coordinates. Four queries whatever the number of schools."""

    gate = staticmethod(is_ipae_staff)

    def get(self, request):
        filterset, scope, query = dashboard_scope(request, warn=False)
        color = chosen_color(request, warn=False)
        period = filterset.selected_period
        data = map_data(scope.schools(filterset), on=period.until, color=color)
        encoded = urlencode({key: value for key, value in query.items() if key != "network"})
        suffix = f"?{encoded}" if encoded else ""
        payload = {
            "color": color,
            "on": period.until.isoformat(),
            "fields": POINT_FIELDS,
            "points": data.points,
            "legend": data.legend,
            "total": data.total,
            "withoutCoordinates": data.without_coordinates,
            "regions": region_labels(),
            # Each point's links: the placeholder 0 is the school's id.
            "urls": {
                "dashboard": reverse("evaluations:dashboard-school", kwargs={"pk": 0}) + suffix,
                "record": reverse("networks:school-detail", kwargs={"pk": 0}),
                "region": reverse("evaluations:dashboard-region", kwargs={"code": "00"}) + suffix,
            },
        }
        return JsonResponse(payload, json_dumps_params={"separators": (",", ":"), "ensure_ascii": False})
