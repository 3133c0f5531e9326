"""`manage.py import_results FILE --user USERNAME [--commit]`: the results import of /resultados/importar/
for files larger than a web request should carry (the same service and rules)."""

from core.import_commands import ImportCommand
from evaluations.imports import COLUMNS
from evaluations.services.imports import result_import


class Command(ImportCommand):
    help = "Importa resultados de evaluación (ECE) (vista previa; --commit para importar)."
    columns = COLUMNS

    def run(self, *, user, table, commit, source):
        return result_import(user=user, table=table, commit=commit, source=source)
