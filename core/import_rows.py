"""Importing a Table's rows with django-import-export: fast lookups, all or nothing, a report in Spanish.

An app's resource (`schools.imports.SchoolResource`) declares its columns as fields with the widgets
of `core.import_widgets`, how a row's key is read (`row_key`), how the existing objects of all the keys
are loaded at once (`load_existing`), and its checks across fields (`check_instance`). Every import gets:
- no query per row: the existing objects and every lookup come from dicts filled before the first row;
- the same key twice in one file is an error of the later row, naming the earlier one;
- a row that would change nothing is counted as unchanged, so importing a file twice changes nothing;
- a row the resource does not take (`skip_reason`) is skipped with its reason, without blocking the rest;
- each field checked with the model's own validators (`full_clean` without its queries);
- bulk writes in batches with their history rows (who imported, from which file), none in a preview;
- one bad row imports nothing: the whole import is one transaction, rolled back on any error.
"""

import logging
from dataclasses import dataclass, field

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import resources
from import_export.instance_loaders import BaseInstanceLoader
from import_export.results import RowResult
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from .imports import Table

logger = logging.getLogger(__name__)


# --- The report -------------------------------------------------------------------------------
@dataclass(frozen=True)
class RowNote:
    row: int  # the row a person counts in the file (the header is row 1)
    text: str


@dataclass
class ImportReport:
    rows: int = 0
    created: list[RowNote] = field(default_factory=list)
    updated: list[RowNote] = field(default_factory=list)
    unchanged: int = 0
    skipped: list[RowNote] = field(default_factory=list)
    errors: list[RowNote] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    committed: bool = False

    @property
    def ok(self) -> bool:
        return not (self.errors or self.file_errors)

    @property
    def changes(self) -> int:
        return len(self.created) + len(self.updated)


# --- The resource -----------------------------------------------------------------------------
class LightRowResult(RowResult):
    """A row's result without `str(instance)` for every row: the report labels only new and changed rows."""

    def add_instance_info(self, instance):
        self.object_id = getattr(instance, "pk", None)


class RowResource(resources.Resource):
    model = None
    compared: tuple[str, ...] = ()  # attributes (attnames) that make a row "changed"; updates write those changed
    not_cleaned: tuple[str, ...] = ()  # model fields full_clean must skip (foreign keys: it would query)
    # bulk_update writes CASE WHEN pk = ... per field: its cost grows with the square of the batch.
    update_batch_size = 250

    class Meta:
        instance_loader_class = BaseInstanceLoader  # unused: get_instance reads the objects loaded up front
        use_bulk = True
        batch_size = 1000
        skip_unchanged = True
        skip_diff = True
        report_skipped = False
        use_transactions = True

    def __init__(self, *, table: Table, user=None, reason: str = ""):
        super().__init__()
        self.table, self.user, self.reason = table, user, reason
        self.dry_run = True
        self.existing, self.seen, self.keys = {}, {}, []
        self.report = ImportReport(rows=len(table))
        self._skipping, self._key, self._label = None, None, ""
        self._changed_fields: set[str] = set()

    # What an app's resource says --------------------------------------------------------
    def row_key(self, row) -> tuple | None:
        """The row's key, or None when a key cell is malformed (its field then says why)."""
        raise NotImplementedError

    def load_existing(self, keys: set) -> dict:
        """The existing objects of these keys, in one query: {key: instance}."""
        raise NotImplementedError

    def prepare(self, dataset) -> None:
        """Fill the lookups (Lookup.known) for the whole file before the first row."""

    def skip_reason(self, row) -> str | None:
        """Why this row is not for this import (it is then skipped, and the rest imported), or None."""
        return None

    def repeated_message(self) -> str:
        """The error of a row whose key an earlier row of the file already has (`%(row)s`: that row)."""
        return _("Repite la clave de la fila %(row)s: cada una va una sola vez en el archivo.")

    def complete(self, instance, new: bool) -> None:
        """Set what no column gives (defaults for a new object) after the fields are read."""

    def check_instance(self, instance) -> dict:
        """Rules across fields, as {field: message} (the model's constraints, without asking the database)."""
        return {}

    def describe(self, instance) -> str:
        """How a new or changed row is named in the report."""
        return str(instance)

    # django-import-export's hooks --------------------------------------------------------
    def before_import(self, dataset, **kwargs):
        self.prepare(dataset)
        headers = dataset.headers
        self.keys = [self.row_key(dict(zip(headers, values, strict=True))) for values in dataset]
        self.existing = self.load_existing({key for key in self.keys if key is not None})

    def get_import_fields(self):
        # django-import-export builds this list again for every row
        if not hasattr(self, "_import_fields"):
            self._import_fields = super().get_import_fields()
        return self._import_fields

    @classmethod
    def get_row_result_class(cls):
        return LightRowResult

    def get_instance(self, instance_loader, row):
        # before_import_row read the key of this row just before
        return self.existing.get(self._key) if self._key is not None else None

    def init_instance(self, row=None):
        return self.model()

    def before_import_row(self, row, **kwargs):
        number = self.table.file_row(kwargs["row_number"])
        self._key = None
        self._skipping = self.skip_reason(row)
        if self._skipping:
            return
        key = self._key = self.keys[kwargs["row_number"] - 1]
        if key is not None:
            if key in self.seen:
                raise ValidationError(self.repeated_message() % {"row": self.seen[key]})
            self.seen[key] = number

    def after_init_instance(self, instance, new, row, **kwargs):
        if not new:
            instance._import_original = self.snapshot(instance)

    def import_instance(self, instance, row, **kwargs):
        """Each column's widget sets its attribute; django-import-export's own loop, without its per-field
        indirections (Field.save splits the attribute path and asks for defaults on every cell)."""
        if self._skipping:
            return
        errors = {}
        for column in self.get_import_fields():
            if column.column_name in row:
                try:
                    setattr(instance, column.attribute, column.widget.clean(row[column.column_name], row=row))
                except ValueError as error:
                    errors[column.attribute] = ValidationError(str(error), code="invalid")
        self.complete(instance, instance.pk is None)
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        if self._skipping:
            return True
        if import_validation_errors or instance.pk is None:
            return False
        return self.snapshot(instance) == instance._import_original

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude={*errors, *self.not_cleaned}, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not errors:
            errors = {name: [message] for name, message in self.check_instance(instance).items()}
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        if not is_create:
            now = self.snapshot(instance)
            self._changed_fields.update(
                name for name, new, old in zip(self.compared, now, instance._import_original, strict=True) if new != old
            )
            instance.updated_at = timezone.now()  # bulk_update does not run auto_now
        self._label = self.describe(instance)
        super().save_instance(instance, is_create, row, **kwargs)

    def after_import_row(self, row, row_result, **kwargs):
        number = self.table.file_row(kwargs["row_number"])
        if self._skipping:
            self.report.skipped.append(RowNote(number, self._skipping))
        elif row_result.import_type == RowResult.IMPORT_TYPE_NEW:
            self.report.created.append(RowNote(number, self._label))
        elif row_result.import_type == RowResult.IMPORT_TYPE_UPDATE:
            self.report.updated.append(RowNote(number, self._label))
        else:
            self.report.unchanged += 1

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.create_instances and not dry_run:
            bulk_create_with_history(
                self.create_instances,
                self.model,
                batch_size=self._meta.batch_size,
                default_user=self.user,
                default_change_reason=self.reason,
            )
        self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.update_instances and not dry_run:
            bulk_update_with_history(
                self.update_instances,
                self.model,
                [self.model._meta.get_field(name).name for name in sorted(self._changed_fields)] + ["updated_at"],
                batch_size=self.update_batch_size,
                default_user=self.user,
                default_change_reason=self.reason,
            )
        self.update_instances.clear()
        self._changed_fields.clear()

    # Helpers ---------------------------------------------------------------------------------
    def snapshot(self, instance) -> tuple:
        return tuple(getattr(instance, name) for name in self.compared)

    def column_of(self, attribute: str) -> str:
        for resource_field in self.fields.values():
            if resource_field.attribute == attribute:
                return resource_field.column_name
        return attribute


def run_import(resource: RowResource, *, commit: bool) -> ImportReport:
    """Read every row; write them (commit) only if no row has an error, all in one transaction."""
    resource.dry_run = not commit
    report = resource.report
    try:
        with transaction.atomic():
            result = resource.import_data(
                resource.table.dataset,
                dry_run=not commit,
                use_transactions=True,
                rollback_on_validation_errors=True,
                raise_errors=False,
            )
            collect_errors(resource, result)
            report.committed = commit and report.ok
            if not report.committed:
                transaction.set_rollback(True)
    except DatabaseError:
        logger.exception("Import refused by the database")
        report.committed = False
        report.file_errors.append(_("La base de datos rechazó el archivo; no se importó nada. Revise los datos."))
    return report


def collect_errors(resource: RowResource, result) -> None:
    report = resource.report
    for invalid in result.invalid_rows:
        parts = []
        for attribute, messages in invalid.error_dict.items():
            text = " ".join(messages)
            parts.append(text if attribute == NON_FIELD_ERRORS else f"{resource.column_of(attribute)}: {text}")
        report.errors.append(RowNote(resource.table.file_row(invalid.number), "; ".join(parts)))
    for number, errors in result.row_errors():
        for error in errors:
            logger.error("Import row %s failed: %r", number, error.error)
        report.errors.append(RowNote(resource.table.file_row(number), _("No se pudo leer la fila.")))
    for error in result.base_errors:
        logger.error("Import failed: %r", error.error)
        report.file_errors.append(_("No se pudo importar el archivo; no se importó nada."))
    report.errors.sort(key=lambda note: note.row)
