"""`manage.py summaries_refresh`: rebuild the staff dashboards' summary figures now (what the Celery beat
entry does every 15 minutes), and recompute every goal's stored status. Prints what it took."""

import time

from django.core.management.base import BaseCommand

from evaluations.services.goals import goal_statuses_refresh
from evaluations.services.summaries import timed_refresh
from networks.services.summaries import summaries_refresh_all


class Command(BaseCommand):
    help = (
        "Recalcula las cifras de los paneles (visitas por institución y mes), el estado de las metas y las "
        "cifras por institución y año (de este año y el anterior, o de todos con --every-year)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--every-year", action="store_true", help="Recalcula las cifras por institución de todos los años."
        )

    def handle(self, *args, **options):
        clock = time.monotonic()
        refresh = summaries_refresh_all()
        if refresh is None:
            self.stdout.write("Otra actualización de cifras está en curso: no se repitió.")
        else:
            self.stdout.write(f"Visitas por institución y mes: {refresh.rows:,} filas en {refresh.duration_ms:,} ms.")
        goals_clock = time.monotonic()
        changed = goal_statuses_refresh()
        self.stdout.write(
            f"Estado de las metas: {changed:,} cambiaron, en {(time.monotonic() - goals_clock) * 1000:,.0f} ms."
        )
        # After the goals' statuses: the summaries count goals by the status just stored.
        years, took = timed_refresh(every_year=options["every_year"])
        if years is None:
            self.stdout.write("Otra actualización de cifras por año está en curso: no se repitió.")
        else:
            self.stdout.write(f"Cifras por institución y año ({', '.join(map(str, years))}): en {took:,} ms.")
        self.stdout.write(self.style.SUCCESS(f"Listo en {time.monotonic() - clock:.2f} s."))
