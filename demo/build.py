"""Build the demo: geography, sponsors, accounts, networks, schools and people, then the field work.

`build_demo` runs inside the caller's transaction. The geography is the migrated one (every district
of Peru); small tables (sponsors, accounts) go through the ORM; the large ones through `TableWriter`
(COPY on PostgreSQL, `bulk_create` elsewhere), which records no django-simple-history rows for them.
"""

import datetime
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connection

from accounts.models import Role
from evaluations.services.goals import goal_statuses_refresh
from evaluations.services.summaries import school_year_summaries_refresh
from networks.models import CoordinatorAssignment, Network
from networks.services.summaries import summaries_refresh_all
from schools.models import District, Region, Sponsor, SponsorUser
from schools.validators import ruc_check_digit

from . import candidates, data, families, fieldwork, institutions, money, outcomes, places, stories, workshops
from .institutions import person_name
from .plan import Size, ascii_slug, coordinator_username, plan_networks, rng_for
from .state import Demo
from .writer import TableWriter


class DemoError(Exception):
    """The demo cannot be built on this database (the message says why, in Spanish)."""


def sponsor_ruc(position: int) -> str:
    """A valid RUC (prefix 20, SUNAT check digit) in the 2099... range, which SUNAT has not assigned."""
    first_ten = f"2099{100_000 + position * 7_919:06d}"
    return f"{first_ten}{ruc_check_digit(first_ten)}"


MARKER_RUC = sponsor_ruc(0)  # sponsor A: its presence means the demo is already loaded


def demo_is_loaded() -> bool:
    return Sponsor.objects.filter(ruc=MARKER_RUC).exists()


def build_demo(*, size: Size, password: str, today: datetime.date, progress=None) -> Demo:
    """Write the whole demo; the caller holds the transaction. `progress(step, seconds)` hears each step."""
    demo = Demo(today=today, size=size, writer=TableWriter())
    steps = [
        ("geografía", lambda: load_geography(demo)),
        ("empresas", lambda: create_sponsors(demo)),
        ("cuentas", lambda: create_accounts(demo, password=password)),
        ("redes", lambda: write_networks(demo)),
        ("instituciones", lambda: institutions.write_schools(demo)),
        ("docentes", lambda: institutions.write_people(demo)),
        ("matrícula", lambda: institutions.write_enrollment(demo)),
        ("convenios y aportes", lambda: money.write_sponsorships(demo)),
        ("visitas", lambda: fieldwork.write_visits(demo)),
        ("historias para las empresas", lambda: stories.write_stories(demo)),
        ("reuniones de red", lambda: fieldwork.write_meetings(demo)),
        ("reuniones con familias", lambda: families.write_family_meetings(demo)),
        ("talleres y asistencia", lambda: workshops.write_workshops(demo)),
        ("metas", lambda: outcomes.write_goals(demo)),
        ("resultados de evaluación", lambda: outcomes.write_assessments(demo)),
        ("instituciones candidatas", lambda: candidates.write_candidates(demo)),
        ("cifras de los paneles", refresh_summaries),
        ("estadísticas", analyze),
    ]
    demo.networks = plan_networks(size, today)
    for label, step in steps:
        started = time.monotonic()
        step()
        if progress:
            progress(label, time.monotonic() - started)
    return demo


def refresh_summaries() -> None:
    """The rows were bulk-loaded past the services: compute what the dashboards read (visits per school
    and month, each goal's status), as the scheduled refresh would."""
    summaries_refresh_all()
    goal_statuses_refresh()
    school_year_summaries_refresh(every_year=True)  # after the statuses: it counts goals by status


def analyze() -> None:
    """Fresh planner statistics after a bulk load (PostgreSQL only)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


# --- Geography ------------------------------------------------------------------------
def load_geography(demo: Demo) -> None:
    """The demo's places are Peru's real districts, loaded by the schools migrations: it makes none of its own."""
    regions = {r.code: r for r in Region.objects.filter(code__in=places.PLACES)}
    wanted = [ubigeo for place in places.PLACES.values() for ubigeo, _name, _profile in place.districts]
    districts = {d.ubigeo: d for d in District.objects.filter(ubigeo__in=wanted)}
    missing = sorted(set(places.PLACES) - set(regions)) + sorted(set(wanted) - set(districts))
    if missing:
        raise DemoError(f"Faltan las regiones o distritos {', '.join(missing)}: ejecute primero `manage.py migrate`.")
    demo.regions = regions
    for code, place in places.PLACES.items():
        demo.districts[code] = [
            (districts[ubigeo].pk, districts[ubigeo].name, profile) for ubigeo, _name, profile in place.districts
        ]


# --- Sponsors and accounts ------------------------------------------------------------
def create_sponsors(demo: Demo) -> None:
    for position, spec in enumerate(data.SPONSORS):
        slug = ascii_slug(spec.name.split(" S.A")[0]).replace("-", "")
        demo.sponsors[spec.key] = Sponsor.objects.create(
            name=spec.name,
            ruc=sponsor_ruc(position),
            sector=spec.sector,
            contact_name=spec.contact,
            contact_email=f"responsabilidad.social@{slug}.example",
        )


def create_accounts(demo: Demo, *, password: str) -> None:
    """The printed demo accounts get the password; every other coordinator gets an unusable one."""
    user_model = get_user_model()
    usable, unusable = make_password(password), make_password(None)
    rng = rng_for("coordinators")
    specs = [
        ("admin", Role.ADMIN, {"is_staff": True, "is_superuser": True}, ("Ana", "Administradora Demo")),
        ("ipae", Role.STAFF, {"is_staff": True}, ("Carmen", "Salas Ipanaqué")),
        ("sponsor.a", Role.SPONSOR, {}, ("Lucía", "Ramos Zapata")),
        ("sponsor.b", Role.SPONSOR, {}, ("Javier", "Huamán Ccori")),
    ]
    demo_accounts = {spec[0] for spec in specs} | {
        coordinator_username(demo.regions[places.PIURA].name, 0),
        coordinator_username(demo.regions[places.CUSCO].name, 0),
    }
    keys = sorted({stint.coordinator for plan in demo.networks for stint in plan.stints})

    def username_of(key: tuple[str, int]) -> str:
        region_code, number = key
        return coordinator_username(demo.regions[region_code].name, number)

    for key in keys:
        first, last = person_name(rng, places.PLACES[key[0]], female_share=0.6)
        specs.append((username_of(key), Role.COORDINATOR, {}, (first, last)))
    taken = set(user_model.objects.filter(username__in=[s[0] for s in specs]).values_list("username", flat=True))
    if taken:
        raise DemoError(
            f"Ya existen los usuarios {', '.join(sorted(taken))} sin los datos de demostración: "
            "use una base de datos vacía."
        )
    users = [
        user_model(
            username=username,
            role=role,
            first_name=first,
            last_name=last,
            email=f"{username}@cee.example",
            password=usable if username in demo_accounts else unusable,
            **extra,
        )
        for username, role, extra, (first, last) in specs
    ]
    created = user_model.objects.bulk_create(users)
    by_name = {user.username: user for user in created}
    SponsorUser.objects.bulk_create(
        [
            SponsorUser(user=by_name["sponsor.a"], sponsor=demo.sponsors[data.SPONSOR_A]),
            SponsorUser(user=by_name["sponsor.b"], sponsor=demo.sponsors[data.SPONSOR_B]),
        ]
    )
    create_sponsor_invitations(demo, inviter=by_name["ipae"], unusable=unusable)
    demo.coordinators = {key: by_name[username_of(key)].pk for key in keys}


def create_sponsor_invitations(demo: Demo, *, inviter, unusable: str) -> None:
    """The staff's page of a company shows each state of its accounts: sponsor A has one person invited two
    days ago who has not set a password yet; sponsor B one whose account staff switched off."""
    user_model = get_user_model()
    now = datetime.datetime.combine(demo.today, datetime.time(10), tzinfo=datetime.UTC)
    invited, former = user_model.objects.bulk_create(
        [
            user_model(
                username="martin.chira@cerezodelchira.example", email="martin.chira@cerezodelchira.example",
                first_name="Martín", last_name="Chira Olaya", role=Role.SPONSOR, password=unusable,
            ),
            user_model(
                username="rosa.quispe@qoriwayra.example", email="rosa.quispe@qoriwayra.example",
                first_name="Rosa", last_name="Quispe Huamán", role=Role.SPONSOR, password=unusable, is_active=False,
            ),
        ]
    )  # fmt: skip
    two_days_ago = now - datetime.timedelta(days=2)
    SponsorUser.objects.bulk_create(
        [
            SponsorUser(
                user=invited, sponsor=demo.sponsors[data.SPONSOR_A], invited_by=inviter, invited_at=two_days_ago
            ),
            SponsorUser(
                user=former, sponsor=demo.sponsors[data.SPONSOR_B], invited_by=inviter,
                invited_at=now - datetime.timedelta(days=400), deactivated_by=inviter, deactivated_at=two_days_ago,
            ),
        ]
    )  # fmt: skip


ACCOUNT_ORDER = ["admin", "ipae", "coord.piura", "coord.cusco", "sponsor.a", "sponsor.b"]


# --- Networks -------------------------------------------------------------------------
def write_networks(demo: Demo) -> None:
    rows = [(p.name, demo.regions[p.region_code].pk, p.cohort) for p in demo.networks]
    ids = demo.writer.write(Network, ["name", "region_id", "cohort_start_year"], rows, ids=True)
    for plan, pk in zip(demo.networks, ids, strict=True):
        plan.id = pk
    assignments = [
        (demo.coordinators[stint.coordinator], plan.id, stint.starts_on, stint.ends_on)
        for plan in demo.networks
        for stint in plan.stints
    ]
    demo.writer.write(CoordinatorAssignment, ["coordinator_id", "network_id", "starts_on", "ends_on"], assignments)
