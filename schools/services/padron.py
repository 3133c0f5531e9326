"""Loading schools from MINEDU's padrón (ESCALE)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core.import_rows import ImportReport, run_import
from core.imports import Table

from .. import permissions
from ..imports import SchoolResource


def school_import(*, user, table: Table, commit: bool, source: str = "") -> ImportReport:
    """Staff create and update schools from ESCALE's padrón (rules: schools.imports).

    Without `commit` nothing is saved: the report says what would be created, updated, left unchanged,
    skipped and rejected. With it, the file is imported whole in one transaction, or not at all when
    any row is rejected. History rows name the person and the file.
    """
    if not permissions.can_import_schools(user):
        raise PermissionDenied
    reason = _("Importación del padrón de IIEE (%(file)s)") % {"file": source or _("archivo")}
    return run_import(SchoolResource(table=table, user=user, reason=reason[:100]), commit=commit)
