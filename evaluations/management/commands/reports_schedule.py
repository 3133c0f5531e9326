"""`manage.py reports_schedule [--year Y --month M | --yearly]`: make now what beat makes on the 1st of
each month (every network's, region's and sponsor's report of the month before) or in January (the
nation's report of the year before). With a broker, the jobs go to the workers; without one (the embedded
default), they are built here, one after another. Running it twice makes nothing new."""

from django.core.management.base import BaseCommand, CommandError

from evaluations.services.reports import reports_schedule_month, reports_schedule_year


class Command(BaseCommand):
    help = (
        "Programa los informes de monitoreo del mes anterior (o del mes indicado) para cada red, región y "
        "empresa; con --yearly, el informe nacional del año anterior (o del indicado)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="Año del periodo (por defecto, el del mes o año anterior).")
        parser.add_argument("--month", type=int, help="Mes del periodo, 1 a 12 (con --year).")
        parser.add_argument("--yearly", action="store_true", help="El informe nacional del año, no los del mes.")

    def handle(self, *args, year=None, month=None, yearly=False, **options):
        if yearly:
            if month is not None:
                raise CommandError("--yearly no lleva --month.")
            queued = reports_schedule_year(year=year)
        else:
            if (year is None) != (month is None):
                raise CommandError("Indique --year y --month juntos, o ninguno (el mes anterior).")
            if month is not None and not 1 <= month <= 12:
                raise CommandError("--month debe ser de 1 a 12.")
            queued = reports_schedule_month(year=year, month=month)
        self.stdout.write(f"Informes en cola: {queued}.")
