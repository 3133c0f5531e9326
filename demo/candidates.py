"""Choosing schools: padrón schools outside the program, offered to sponsors as would-be networks.

Three groups: one in Piura (sponsor A's region) and one in Cusco (sponsor B's), published; one in
Cajamarca still a draft. Their schools are rural, with a director, this year's enrolment and last year's
2.° grado results for most of them. The groups and their candidates go through the services (which
compute the distance to the regional capital and read the enrolment and results); the three requests
(sponsor A: one pending and one confirmed with its agreement; sponsor B: one not approved) are written
directly, so seeding sends no email.
"""

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from evaluations.models import AssessmentResult
from evaluations.services.candidates import candidate_add_with_results
from schools.models import (
    Candidate,
    Enrollment,
    School,
    SchoolRequest,
    SchoolRequestItem,
    Sponsorship,
    Teacher,
)
from schools.services import candidate_facts_set, candidate_group_create, candidate_group_publish

from . import data, places
from .institutions import SIX_PLACES, codigo_modular_sequence, person_name
from .outcomes import ABSENT_SHARE, level_counts
from .plan import rng_for
from .state import Demo


@dataclass(frozen=True)
class GroupSpec:
    region_code: str
    name: str
    description: str
    schools: int
    published: bool
    districts: tuple[str, ...]  # UBIGEO of the rural districts its schools are in
    number_base: int
    poverty: tuple[int, Decimal]  # the districts' quintile and % of monetary poverty (invented, plausible)
    spread: tuple[float, float, float, float]  # min/max latitude and longitude offsets from the capital


GROUPS = (
    GroupSpec(
        places.PIURA,
        "Red propuesta Alto Tambo Grande",
        "Escuelas rurales multigrado del valle de San Lorenzo, a menos de una hora entre sí. Ninguna recibe "
        "hoy acompañamiento pedagógico; sus directores pidieron sumarse al programa.",
        7,
        True,
        ("200114", "200109"),
        15401,
        (1, Decimal("41.8")),
        (0.10, 0.30, 0.05, 0.30),
    ),
    GroupSpec(
        places.CUSCO,
        "Red propuesta Ccorca–Poroy",
        "Comunidades campesinas a más de 3,500 m sobre el nivel del mar. Escuelas unidocentes y multigrado con "
        "resultados de lectura por debajo del promedio regional.",
        6,
        True,
        ("080102", "080103"),
        50701,
        (1, Decimal("52.3")),
        (-0.20, 0.05, -0.25, -0.05),
    ),
    GroupSpec(
        "06",
        "Red propuesta Encañada",
        "Escuelas rurales de la cuenca alta: propuesta en preparación.",
        4,
        False,
        ("060105",),
        82801,
        (2, Decimal("38.6")),
        (-0.05, 0.15, 0.10, 0.25),
    ),
)
SCHOOLS = sum(group.schools for group in GROUPS)  # padrón schools the demo adds outside the program
NOTES = (
    "Acceso por trocha carrozable; sin señal de celular en el aula.",
    "La APAFA ofrece un local comunal para las reuniones de la red.",
    "Dos aulas multigrado; la biblioteca escolar está vacía.",
    "",
)


def write_candidates(demo: Demo) -> None:
    """The padrón schools, their people, enrolment and results; then the groups and the requests."""
    staff = get_user_model().objects.get(username="ipae")
    existing = set(School.objects.values_list("codigo_modular", "anexo"))
    codes = codigo_modular_sequence(existing)
    offered = {}
    for position, spec in enumerate(GROUPS):
        region = demo.regions[spec.region_code]
        group = candidate_group_create(user=staff, name=spec.name, region=region, description=spec.description)
        schools = [write_school(demo, spec, region, position, k, codes) for k in range(spec.schools)]
        candidates = []
        for k, school in enumerate(schools):
            candidate = candidate_add_with_results(user=staff, group=group, school=school)
            quintile, rate = spec.poverty
            candidates.append(
                candidate_facts_set(
                    user=staff,
                    candidate=candidate,
                    poverty_quintile=quintile + (1 if k % 4 == 3 else 0),
                    poverty_rate=rate - Decimal(k) * Decimal("1.7"),
                    public_note=NOTES[k % len(NOTES)],
                )
            )
        if spec.published:
            candidate_group_publish(user=staff, group=group)
        offered[spec.region_code] = candidates
    write_requests(demo, staff, offered)


def write_school(demo: Demo, spec: GroupSpec, region, position: int, k: int, codes) -> School:
    rng = rng_for("candidate", position, k)
    place = places.PLACES[spec.region_code]
    # demo.districts lists the place's districts in its order, as (pk, name, profile).
    by_ubigeo = {
        ubigeo: row[0]
        for (ubigeo, _name, _profile), row in zip(place.districts, demo.districts[spec.region_code], strict=True)
    }
    district_id = by_ubigeo[spec.districts[k % len(spec.districts)]]
    lat_min, lat_max, lon_min, lon_max = spec.spread
    villages = data.VILLAGES_ANDEAN if place.andean else data.VILLAGES_COAST
    caracteristica = "unidocente" if k % 3 == 2 else "multigrado"
    school = School(
        codigo_modular=next(codes),
        anexo=0,
        name=f"I.E. N.° {spec.number_base + k * 3}" + (f" {rng.choice(data.SCHOOL_PATRONS)}" if k % 2 else ""),
        district_id=district_id,
        centro_poblado=f"{'C. C.' if place.andean else 'Caserío'} {rng.choice(villages)}",
        minedu_area="rural",
        area_type="rural",
        caracteristica=caracteristica,
        latitude=(region.latitude + Decimal(rng.uniform(lat_min, lat_max))).quantize(SIX_PLACES),
        longitude=(region.longitude + Decimal(rng.uniform(lon_min, lon_max))).quantize(SIX_PLACES),
    )
    school.full_clean()
    school.save()
    first, last = person_name(rng, place, female_share=0.6)
    Teacher.objects.create(
        school=school,
        position="director",
        first_name=first,
        last_name=last,
        grades=[1, 2, 3, 4, 5, 6] if caracteristica == "unidocente" else [],
    )
    base = rng.randint(3, 6) if caracteristica == "unidocente" else rng.randint(7, 15)
    Enrollment.objects.bulk_create(
        Enrollment(school=school, school_year=demo.today.year, grade=grade, students=max(1, base + rng.randint(-2, 2)))
        for grade in range(1, 7)
    )
    if k % 5 != 4:  # most have last year's census results; a few were not evaluated
        write_results(school, rng, year=demo.today.year - 1, programmed=max(1, base + rng.randint(-2, 2)))
    return school


def write_results(school: School, rng, *, year: int, programmed: int) -> None:
    for subject in ("reading", "math"):
        share = data.ASSESSMENT_SATISFACTORIO["rural"][subject] + rng.gauss(0, 0.06)
        share = min(max(share, 0.02), 0.6)
        evaluated = programmed - sum(rng.random() < ABSENT_SHARE for _ in range(programmed))
        previo, inicio, proceso, satisfactorio = level_counts(rng, evaluated, share, data.BELOW_LEVEL_SPLIT["rural"])
        AssessmentResult.objects.create(
            school=school,
            year=year,
            grade=2,
            subject=subject,
            students_programmed=programmed,
            students_evaluated=evaluated,
            level_previo_inicio=previo,
            level_en_inicio=inicio,
            level_en_proceso=proceso,
            level_satisfactorio=satisfactorio,
            mean_score=Decimal(f"{440 + 230 * share + rng.gauss(0, 12):.1f}"),
        )


def request_uuid(name: str) -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"https://cee.example/demo/solicitudes/{name}")


def write_requests(demo: Demo, staff, offered: dict[str, list[Candidate]]) -> None:
    """Sponsor A: a confirmed request (one school, its agreement from next year) and a pending one (two
    schools); sponsor B: one not approved. Written as the services leave them, without their emails."""
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["sponsor.a", "sponsor.b"])}
    now = timezone.now()
    piura, cusco = offered[places.PIURA], offered[places.CUSCO]
    start = demo.today.year + 1
    amount = Decimal("72000.00")
    confirmed = make_request(
        demo.sponsors[data.SPONSOR_A].pk,
        users["sponsor.a"],
        "confirmada",
        [piura[-1]],
        message="Queremos empezar con una escuela cercana a nuestro fundo y sumar más el próximo año.",
        created=now - datetime.timedelta(days=40),
        decided_by=staff,
        decided_at=now - datetime.timedelta(days=33),
        decision_note="Gracias: la escuela se sumará a una red de Piura el próximo año escolar.",
        start_year=start,
        committed_amount=amount,
        currency="PEN",
    )
    item = confirmed.items.get()
    sponsorship = Sponsorship(
        sponsor_id=confirmed.sponsor_id,
        school_id=item.school_id,
        start_year=start,
        end_year=start + 4,
        committed_amount=amount,
        currency="PEN",
    )
    sponsorship.full_clean()
    sponsorship.save()
    item.outcome, item.sponsorship = SchoolRequestItem.Outcome.CONFIRMED, sponsorship
    item.save()
    make_request(
        demo.sponsors[data.SPONSOR_A].pk,
        users["sponsor.a"],
        "pendiente",
        piura[:2],
        message="Nos interesan estas dos escuelas del valle: nuestros trabajadores viven en esos caseríos.",
        created=now - datetime.timedelta(days=3),
    )
    make_request(
        demo.sponsors[data.SPONSOR_B].pk,
        users["sponsor.b"],
        "no_aprobada",
        cusco[:1],
        message="Quisiéramos auspiciar esta escuela de Ccorca.",
        created=now - datetime.timedelta(days=20),
        decided_by=staff,
        decided_at=now - datetime.timedelta(days=12),
        decision_note="Esta escuela entrará en la red junto con las demás del grupo: le proponemos pedir el grupo "
        "completo.",
    )


def make_request(sponsor_id, user, status, candidates, *, message, created, **fields) -> SchoolRequest:
    school_request = SchoolRequest(
        sponsor_id=sponsor_id,
        requested_by=user,
        client_uuid=request_uuid(f"{sponsor_id}-{status}"),
        message=message,
        status=status,
        **fields,
    )
    school_request.full_clean()
    school_request.save()
    SchoolRequest.objects.filter(pk=school_request.pk).update(created_at=created)
    outcome = SchoolRequestItem.Outcome.REQUESTED if status == "pendiente" else SchoolRequestItem.Outcome.NOT_CONFIRMED
    SchoolRequestItem.objects.bulk_create(
        SchoolRequestItem(request=school_request, candidate=c, school=c.school, outcome=outcome) for c in candidates
    )
    return school_request
