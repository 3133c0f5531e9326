"""Schools' pages: loading them from MINEDU's padrón (staff)."""

from django.urls import reverse_lazy
from django.utils.translation import gettext as _

from accounts.permissions import PermissionGateMixin
from core.import_views import ImportView

from .. import permissions, services
from ..imports import COLUMNS


class SchoolImportView(PermissionGateMixin, ImportView):
    """Staff upload ESCALE's padrón, see what it would change, and confirm."""

    gate = staticmethod(permissions.can_import_schools)
    template_name = "schools/school_import.html"
    kind = "schools"
    columns = COLUMNS
    success_url = reverse_lazy("schools:school-import")

    def run(self, *, table, commit, source):
        return services.school_import(user=self.request.user, table=table, commit=commit, source=source)

    def success_message(self, report):
        return _(
            "Padrón importado: %(created)s instituciones nuevas, %(updated)s actualizadas, %(unchanged)s sin cambios."
        ) % {"created": len(report.created), "updated": len(report.updated), "unchanged": report.unchanged}
