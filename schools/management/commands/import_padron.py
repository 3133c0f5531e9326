"""`manage.py import_padron FILE --user USERNAME [--commit]`: the padrón import of /instituciones/importar/
for files larger than a web request should carry (the same service and rules)."""

from core.import_commands import ImportCommand
from schools.imports import COLUMNS
from schools.services import school_import


class Command(ImportCommand):
    help = "Importa el padrón de IIEE de ESCALE (vista previa; --commit para importar)."
    columns = COLUMNS

    def run(self, *, user, table, commit, source):
        return school_import(user=user, table=table, commit=commit, source=source)
