"""The command-line twin of an import page, for files too large for a web request (same services).

`manage.py import_padron FILE --user ipae` previews; `--commit` imports, all or nothing, as the page's
confirmation does. The person named by --user is the one the services check and the history records.
"""

import sys
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from .import_rows import ImportReport
from .imports import Table, read_table

LISTED = 50  # rows listed per group; the counts are whole


class ImportCommand(BaseCommand):
    columns: tuple[str, ...] = ()

    def run(self, *, user, table: Table, commit: bool, source: str) -> ImportReport:
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="CSV (UTF-8 or Windows-1252, commas or semicolons) or XLSX")
        parser.add_argument("--user", required=True, help="username of the IPAE staff member who imports")
        parser.add_argument("--commit", action="store_true", help="import (without it: preview only)")

    def handle(self, *args, file: Path, user: str, commit: bool, **options):
        person = get_user_model().objects.filter(username=user, is_active=True).first()
        if person is None:
            raise CommandError(f"No hay una cuenta activa «{user}».")
        try:
            table = read_table(file.read_bytes(), max_bytes=sys.maxsize, required=self.columns)
            report = self.run(user=person, table=table, commit=commit, source=file.name)
        except OSError as error:
            raise CommandError(f"No se pudo leer {file}: {error.strerror}.") from error
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        except PermissionDenied as error:
            raise CommandError(f"La cuenta «{user}» no puede importar este archivo.") from error
        self.print_report(report, commit=commit)
        if not report.ok:
            raise CommandError("No se importó nada: corrija las filas con errores.")

    def print_report(self, report: ImportReport, *, commit: bool) -> None:
        write = self.stdout.write
        write(
            f"{report.rows} filas: {len(report.created)} nuevas, {len(report.updated)} actualizadas, "
            f"{report.unchanged} sin cambios, {len(report.skipped)} omitidas, {len(report.errors)} con errores."
        )
        for title, notes in (("Omitidas", report.skipped), ("Con errores", report.errors)):
            for note in notes[:LISTED]:
                write(f"  {title} · fila {note.row}: {note.text}")
            if len(notes) > LISTED:
                write(f"  ... y {len(notes) - LISTED} más.")
        for message in report.file_errors:
            write(message)
        if report.committed:
            write(self.style.SUCCESS("Importado."))
        elif report.ok and not commit:
            write("Vista previa: nada se guardó. Repita con --commit para importar.")
