"""Assessment results loaded from an ECE-style file by staff (rules: evaluations.imports)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from core.import_rows import ImportReport, run_import
from core.imports import Table

from ..imports import ResultResource
from ..permissions import can_enter_results


def result_import(*, user, table: Table, commit: bool, source: str = "") -> ImportReport:
    """Staff create and update results from a file, keyed by school, year, grade and subject.

    Without `commit` nothing is saved: the report says what would happen. With it, the whole file is
    imported in one transaction, or nothing when any row is rejected. History rows name the person and file.
    """
    if not can_enter_results(user):
        raise PermissionDenied
    reason = _("Importación de resultados (%(file)s)") % {"file": source or _("archivo")}
    return run_import(ResultResource(table=table, user=user, reason=reason[:100]), commit=commit)
