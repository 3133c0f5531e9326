"""`manage.py seed_demo`: the demo data and its accounts, or Peru-scale data for benchmarks.

- Deterministic: a fixed seed and stable keys, never Python's global random generator. The dates are
  relative to today (two years of visits up to today, networks in every program year this year), so the
  same day and size give the same data.
- Idempotent: the demo is written in one transaction, and a second run finds it (by its first sponsor's
  RUC) and changes nothing, not even the passwords.
- Refuses to run with the production settings.
- `--schools N --visits M` builds the same kind of data at another size: networks of about ten schools
  spread over the 15 program regions, with the same demo accounts. It is meant for an empty database
  (a fresh one for benchmarks); on a database that already has the demo it changes nothing.
- Big tables are written with PostgreSQL's COPY (or `bulk_create` in batches on SQLite), which skips
  django-simple-history: seeded rows have no history entries, on purpose.
"""

import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone, translation

from demo import data, places
from demo.build import ACCOUNT_ORDER, DemoError, build_demo, demo_is_loaded
from demo.plan import size_for
from evaluations.models import AssessmentResult
from networks.models import Network, NetworkMeeting, Visit
from networks.selectors import networks_visible_to
from schools.models import Region, School, Sponsor, Teacher
from schools.selectors import schools_visible_to, sponsor_of
from workshops.models import Attendance, Workshop


def running_in_production() -> bool:
    return (getattr(settings, "SETTINGS_MODULE", None) or "").endswith(".production")


class Command(BaseCommand):
    help = (
        "Carga los datos de demostración (15 regiones, redes, instituciones, docentes, visitas, talleres, "
        "metas y resultados) y las cuentas de demostración. Con --schools y --visits, datos a escala nacional."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--password",
            default=data.DEFAULT_PASSWORD,
            help=f"Contraseña de las cuentas de demostración (por defecto: {data.DEFAULT_PASSWORD}).",
        )
        parser.add_argument(
            "--schools",
            type=int,
            help=f"Número de instituciones (por defecto {data.DEFAULT_SCHOOLS}, en redes de unas diez).",
        )
        parser.add_argument(
            "--visits",
            type=int,
            help=f"Número de visitas en dos años (por defecto {data.VISITS_PER_SCHOOL} por institución).",
        )

    def handle(self, *args, password, schools, visits, verbosity, **options):
        if running_in_production():
            raise CommandError(
                "seed_demo no se ejecuta con la configuración de producción: crearía cuentas con una "
                "contraseña conocida y datos inventados."
            )
        if not password:
            raise CommandError("La contraseña de las cuentas de demostración no puede estar vacía.")
        if schools is not None and schools < len(places.PLACES):
            raise CommandError(f"--schools debe ser al menos {len(places.PLACES)} (una red por región).")
        if visits is not None and visits < 0:
            raise CommandError("--visits no puede ser negativo.")
        if demo_is_loaded():
            self.stdout.write("Los datos de demostración ya estaban cargados: no se cambió nada.")
            if schools is not None or visits is not None:
                self.stdout.write("Para cargarlos con otro tamaño, use una base de datos vacía.")
            self.print_summary(title="Datos de demostración")
            self.print_accounts(password=None)
            return
        size = size_for(schools=schools, visits=visits)
        started = time.monotonic()

        def progress(step: str, seconds: float) -> None:
            if verbosity >= 2:
                self.stdout.write(f"  {step}: {seconds:.1f} s")

        try:
            with translation.override("es-pe"), transaction.atomic():
                build_demo(size=size, password=password, today=timezone.localdate(), progress=progress)
        except DemoError as error:
            raise CommandError(str(error)) from error
        self.print_summary(seconds=time.monotonic() - started)
        self.print_accounts(password=password)

    def print_summary(self, *, title: str = "Datos de demostración listos", seconds: float | None = None) -> None:
        counts = [
            (Region.objects.filter(is_program_region=True, networks__isnull=False).distinct().count(), "regiones"),
            (Network.objects.count(), "redes"),
            (School.objects.count(), "instituciones"),
            (Teacher.objects.count(), "docentes y directores"),
            (Visit.objects.count(), "visitas"),
            (NetworkMeeting.objects.count(), "reuniones de red"),
            (Workshop.objects.count(), "talleres"),
            (Attendance.objects.count(), "asistencias"),
            (AssessmentResult.objects.count(), "resultados de evaluación"),
            (Sponsor.objects.count(), "empresas auspiciadoras"),
        ]
        text = ", ".join(f"{n:,} {label}" for n, label in counts)
        took = f" (en {seconds:.1f} s)" if seconds is not None else ""
        self.stdout.write(self.style.SUCCESS(f"{title}: {text}{took}."))

    def print_accounts(self, *, password: str | None) -> None:
        users = {u.username: u for u in get_user_model().objects.filter(username__in=ACCOUNT_ORDER)}
        if password:
            self.stdout.write(f"\nCuentas de demostración (contraseña: {password}):")
        else:
            self.stdout.write(
                f"\nCuentas de demostración (contraseña de la primera carga; por defecto {data.DEFAULT_PASSWORD}):"
            )
        for username in ACCOUNT_ORDER:
            user = users.get(username)
            if user is None:
                self.stdout.write(f"  {username:<12} (no existe)")
                continue
            self.stdout.write(f"  {username:<12} {user.get_role_display():<24} {self.scope_of(user)}")

    @staticmethod
    def scope_of(user) -> str:
        if user.is_superuser:
            return "todo, también el administrador (/admin/)"
        if user.is_ipae_staff:
            return "todo el programa; puede usar el administrador (/admin/)"
        schools = schools_visible_to(user).count()
        if user.is_coordinator:
            networks = networks_visible_to(user).select_related("region")
            regions = sorted({n.region.name for n in networks})
            return f"{len(networks)} redes de {', '.join(regions) or '—'} ({schools} instituciones)"
        if user.is_sponsor_user:
            return f"{sponsor_of(user)}: {schools} instituciones auspiciadas"
        return "—"
