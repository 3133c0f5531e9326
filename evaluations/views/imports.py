"""Staff load assessment results (ECE-style) from a file: upload, preview, confirm."""

from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from accounts.permissions import PermissionGateMixin
from core.import_views import ImportView

from ..imports import COLUMNS
from ..permissions import can_enter_results
from ..services.imports import result_import


class ResultImportView(PermissionGateMixin, ImportView):
    gate = staticmethod(can_enter_results)
    template_name = "evaluations/result_import.html"
    kind = "results"
    columns = COLUMNS
    success_url = reverse_lazy("evaluations:result-import")

    def run(self, *, table, commit, source):
        return result_import(user=self.request.user, table=table, commit=commit, source=source)

    def success_message(self, report):
        return _("Resultados importados: %(created)s nuevos, %(updated)s actualizados, %(unchanged)s sin cambios.") % {
            "created": len(report.created),
            "updated": len(report.updated),
            "unchanged": report.unchanged,
        }
