"""The lists behind the staff dashboards' figures, and their CSV and XLSX exports.

The URL names the kind of list; the query string carries the dashboard's filters and, optionally, the
scope (`network=<pk>` or `school=<pk>`). Both pages read the same rows (`evaluations.dashboard.lists`):
the list shows them a page at a time (keyset), the export writes all of them.
"""

from django.contrib import messages
from django.http import FileResponse, Http404, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from accounts.permissions import PermissionGateMixin, is_ipae_staff

from ..dashboard import exports
from ..dashboard.lists import (
    BACKGROUND,
    COUNT_LIMIT,
    FORMATS,
    KINDS,
    export_filename,
    export_in_background,
    export_limits,
    export_modes,
    export_rows,
    export_url,
    list_count,
    list_kind,
    list_page,
    list_read,
    list_title,
    list_url,
    table,
)
from ..dashboard.scope import NATION, NETWORK, REGION, SCHOOL


class ListMixin:
    """Reads the kind, the scope and the filters of the URL (404 for an unknown kind or an id out of scope)."""

    def read_list(self, request, kind_slug: str):
        kind = list_kind(kind_slug)
        if kind is None:
            raise Http404
        read = list_read(user=request.user, query=request.GET)
        return kind, read.ctx, read.notice, read.query


def _dashboard_url(scope, query: str) -> str:
    """The dashboard page of the list's scope, with the list's filters."""
    if scope.kind == SCHOOL:
        url = reverse("evaluations:dashboard-school", kwargs={"pk": scope.school.pk})
    elif scope.kind == NETWORK:
        url = reverse("evaluations:dashboard-network", kwargs={"pk": scope.network.pk})
    elif scope.kind == REGION:
        url = reverse("evaluations:dashboard-region", kwargs={"code": scope.region.code})
    else:
        url = reverse("evaluations:dashboard")
    return f"{url}?{query}" if query else url


class DashboardListView(PermissionGateMixin, ListMixin, TemplateView):
    """One list (schools, teachers, visits, workshops, goals or results) of a scope and its filters."""

    gate = staticmethod(is_ipae_staff)
    template_name = "evaluations/dashboard/list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        kind, ctx, notice, query = self.read_list(self.request, kwargs["kind"])
        page = list_page(kind, ctx, cursor=self.request.GET.get("cursor"))
        shown = list_count(kind, ctx)
        modes = export_modes(kind, ctx, counted=shown)
        encoded = query.urlencode()
        filters_only = query.copy()
        for key in ("network", "school"):
            filters_only.pop(key, None)
        context.update(
            kind=kind,
            title=list_title(kind, ctx),
            scope=ctx.scope,
            period=ctx.period,
            notice=notice,
            filter_form=ctx.filterset.form,
            scope_inputs=[(key, query[key]) for key in ("network", "school") if key in query],
            page=page,
            headers=kind.headers,
            rows=table(kind, page.object_list),
            shown=shown,
            count_limit=COUNT_LIMIT,
            query=encoded,
            downloads=[(fmt, export_url(kind.slug, fmt, None, query), modes[fmt] == BACKGROUND) for fmt in FORMATS],
            limits=export_limits(),
            in_background=BACKGROUND in modes.values(),
            csv_in_background=modes["csv"] == BACKGROUND,
            tabs=[(other, list_url(other.slug, None, query)) for other in KINDS.values()],
            dashboard_url=_dashboard_url(ctx.scope, filters_only.urlencode() if ctx.scope.kind != NATION else encoded),
            clear_url=list_url(kind.slug, ctx.scope, ""),
        )
        return context


class DashboardExportView(PermissionGateMixin, ListMixin, View):
    """Every row of a list (not one page) as CSV or XLSX, streamed: the same rows, order and columns."""

    gate = staticmethod(is_ipae_staff)

    def get(self, request, kind, fmt):
        if fmt not in FORMATS:
            raise Http404
        kind, ctx, _notice, query = self.read_list(request, kind)
        if export_in_background(kind, ctx, fmt):
            messages.info(
                request,
                _(
                    "La descarga tendría más de %(limit)s filas: se prepara en segundo plano. Use el botón "
                    "«Preparar %(format)s en segundo plano» o elija filtros más estrechos."
                )
                % {"limit": f"{export_limits()[fmt]:,}", "format": fmt.upper()},
            )
            return redirect(list_url(kind.slug, None, query))
        filename = export_filename(kind, ctx, fmt, timezone.localdate())
        rows = export_rows(kind, ctx)
        if fmt == "csv":
            response = StreamingHttpResponse(
                exports.csv_stream(kind.headers, rows), content_type=exports.CSV_CONTENT_TYPE
            )
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
        else:
            output = exports.xlsx_file(kind.headers, rows, title=str(kind.title))
            response = FileResponse(
                output, as_attachment=True, filename=filename, content_type=exports.XLSX_CONTENT_TYPE
            )
        response["Cache-Control"] = "private, no-store"
        return response
