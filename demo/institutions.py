"""Schools (códigos modulares, places, MINEDU area and característica), their people and enrollment."""

import datetime
from collections.abc import Iterator
from decimal import Decimal

from networks.models import SchoolMembership
from schools.models import Enrollment, School, Teacher

from . import data, places
from .plan import ascii_slug, rng_for
from .state import Demo, SchoolPlan

SIX_PLACES = Decimal("0.000001")


def person_name(rng, place: places.Place, *, female_share: float) -> tuple[str, str]:
    names = data.FEMALE_NAMES if rng.random() < female_share else data.MALE_NAMES
    first = rng.choice(names)
    if rng.random() < 0.45 and " " not in first:
        second = rng.choice(names)
        if second != first and " " not in second:
            first = f"{first} {second}"
    surnames = data.SURNAMES_COMMON + (data.SURNAMES_ANDEAN if place.andean else data.SURNAMES_COAST)
    paternal, maternal = rng.sample(surnames, 2)
    return first, f"{paternal} {maternal}"


# --- Schools --------------------------------------------------------------------------
SCHOOL_FIELDS = [
    "codigo_modular",
    "anexo",
    "codigo_local",
    "name",
    "district_id",
    "centro_poblado",
    "minedu_area",
    "area_type",
    "caracteristica",
    "latitude",
    "longitude",
]
MEMBERSHIP_FIELDS = ["school_id", "network_id", "joined_on", "left_on"]
CARACTERISTICA_WEIGHTS = {  # (unidocente, polidocente multigrado, polidocente completo)
    "urban": (0.0, 0.15, 0.85),
    "peri_urban": (0.05, 0.50, 0.45),
    "rural": (0.25, 0.70, 0.05),
}
RADIUS = {"urban": 0.03, "peri_urban": 0.08, "rural": 0.25}  # degrees around the region capital


def write_schools(demo: Demo) -> None:
    existing = set(School.objects.values_list("codigo_modular", "anexo"))
    codes = codigo_modular_sequence(existing)
    rows = []
    per_region: dict[str, int] = {}
    for plan in demo.networks:
        previous = None
        for _ in range(plan.size):
            k = len(demo.schools)
            school, row = plan_school(demo, plan, k, per_region, codes, previous, existing)
            plan.school_indexes.append(k)
            demo.schools.append(school)
            rows.append(row)
            previous = row
    ids = demo.writer.write(School, SCHOOL_FIELDS, rows, ids=True)
    for school, pk in zip(demo.schools, ids, strict=True):
        school.id = pk
    plan_a_move(demo)
    demo.writer.write(SchoolMembership, MEMBERSHIP_FIELDS, membership_rows(demo))


MOVE_REGION = "12"  # Junín: one school changed network there last July (real data is not tidy)


def plan_a_move(demo: Demo) -> None:
    """The last school of one Junín network moves to the next Junín network, both in the program."""
    moved_on = datetime.date(demo.today.year - 1, 7, 1)
    candidates = [
        plan
        for plan in demo.networks
        if plan.region_code == MOVE_REGION and plan.in_program(moved_on.year) and plan.in_program(demo.today.year)
    ]
    if len(candidates) < 2 or not candidates[0].school_indexes:
        return
    school = demo.schools[candidates[0].school_indexes[-1]]
    school.moved_to, school.moved_on = candidates[1], moved_on


def membership_rows(demo: Demo):
    """Each school in its network from the network's first school year; a moved one, in two."""
    for school in demo.schools:
        joined_on = datetime.date(school.network.cohort, 1, 1)
        if school.moved_to is None:
            yield (school.id, school.network.id, joined_on, None)
        else:
            yield (school.id, school.network.id, joined_on, school.moved_on - datetime.timedelta(days=1))
            yield (school.id, school.moved_to.id, school.moved_on, None)


def codigo_modular_sequence(existing) -> Iterator[str]:
    """Seven-digit códigos modulares, spread out and never one already in the database."""
    n = 0
    while True:
        code = f"{(1_234_567 + n * 7_919) % 1_800_000 + 200_000:07d}"
        n += 1
        if (code, 0) not in existing:
            yield code


def plan_school(demo, plan, k, per_region, codes, previous, existing):
    rng = rng_for("school", k)
    place = places.PLACES[plan.region_code]
    region = demo.regions[plan.region_code]
    districts = demo.districts[plan.region_code]
    # Most schools lie in the network's district; some in the next one.
    district_id, _, profile = districts[plan.district if rng.random() < 0.8 else (plan.district + 1) % len(districts)]
    area = rng.choices(("urban", "peri_urban", "rural"), places.AREA_WEIGHTS[profile])[0]
    minedu_area = "rural" if area == "rural" or (area == "peri_urban" and rng.random() < 0.3) else "urbana"
    caracteristica = rng.choices(("unidocente", "multigrado", "completo"), CARACTERISTICA_WEIGHTS[area])[0]
    radius = RADIUS[area]
    dlat, dlon = rng.uniform(-radius, radius), rng.uniform(-radius, radius)
    if place.east_only:
        dlon = place.east_only * (abs(dlon) + 0.01)
    latitude = (region.latitude + Decimal(dlat)).quantize(SIX_PLACES)
    longitude = (region.longitude + Decimal(dlon)).quantize(SIX_PLACES)
    villages = data.VILLAGES_ANDEAN if place.andean else data.VILLAGES_COAST
    if area == "urban":
        centro_poblado = ""
    elif area == "peri_urban":
        centro_poblado = f"A. H. {rng.choice(villages)}"
    else:
        centro_poblado = f"{'C. C.' if place.andean else 'Caserío'} {rng.choice(villages)}"
    number_in_region = per_region.get(plan.region_code, 0)
    per_region[plan.region_code] = number_in_region + 1
    name = f"I.E. N.° {place.school_number_base + (number_in_region * 7) % 1999}"
    if rng.random() < 0.55:
        name = f"{name} {rng.choice(data.SCHOOL_PATRONS)}"
    codigo, anexo = None, 0
    if k % 40 == 39 and previous is not None and (previous[0], 1) not in existing:
        # An annex (anexo 1) of the network's previous school: same código modular, another place.
        codigo, anexo = previous[0], 1
        name = f"{previous[3]} – anexo {rng.choice(villages)}"
    codigo = codigo or next(codes)
    base = {"unidocente": rng.randint(2, 6), "multigrado": rng.randint(6, 16), "completo": rng.randint(22, 40)}
    school = SchoolPlan(
        index=k,
        network=plan,
        district_id=district_id,
        area_type=area,
        caracteristica=caracteristica,
        latitude=latitude,
        longitude=longitude,
        base=base[caracteristica],
    )
    row = (
        codigo,
        anexo,
        f"{(123_456 + k * 613) % 900_000 + 100_000:06d}",
        name[:150],
        district_id,
        centro_poblado,
        minedu_area,
        area,
        caracteristica,
        latitude,
        longitude,
    )
    return school, row


# --- People ---------------------------------------------------------------------------
TEACHER_FIELDS = ["school_id", "position", "first_name", "last_name", "dni", "phone", "email", "grades", "is_active"]


def classes_for(caracteristica: str, rng) -> tuple[list[int] | None, list[list[int]]]:
    """(the director's grades or None, one grade list per docente), as MINEDU's característica implies."""
    if caracteristica == "unidocente":
        return [1, 2, 3, 4, 5, 6], []  # one teacher, who is also the director
    if caracteristica == "completo":
        return None, [[g] for g in range(1, 7)]  # one teacher per grade; the director has no class
    if rng.random() < 0.5:
        return [5, 6], [[1, 2], [3, 4]]  # the director also teaches (director con aula)
    return None, [[1, 2], [3, 4], [5, 6]]


def write_people(demo: Demo) -> None:
    """One active director per school and its teachers; a few former ones, inactive."""
    existing_dnis = set(Teacher.objects.exclude(dni="").values_list("dni", flat=True))
    rows, owners = [], []  # owners[i] = (school, kind, grades) for rows[i]
    person = 0
    for school in demo.schools:
        rng = rng_for("people", school.index)
        place = places.PLACES[school.network.region_code]
        director_grades, classes = classes_for(school.caracteristica, rng)
        people = [("director", director_grades or [], True)]
        people += [("docente", grades, True) for grades in classes]
        if school.index % 12 == 5:
            people.append(("docente", [rng.randint(1, 6)], False))
        if school.index % 25 == 9:
            people.append(("director", [], False))
        for position, grades, active in people:
            first, last = person_name(rng, place, female_share=0.72)
            dni = f"{10_000_000 + (person * 7_919 + 1_234_567) % 50_000_000:08d}"
            person += 1
            if rng.random() > 0.85 or dni in existing_dnis:
                dni = ""
            phone = f"9{rng.randrange(10**8):08d}" if rng.random() < 0.75 else ""
            email = ""
            if rng.random() < 0.35:
                email = f"{ascii_slug(first.split()[0])}.{ascii_slug(last.split()[0])}{rng.randint(1, 99)}@example.org"
            rows.append((school.id, position, first, last, dni, phone, email, grades, active))
            owners.append((school, position, grades, active))
    ids = demo.writer.write(Teacher, TEACHER_FIELDS, rows, ids=True)
    for pk, (school, position, grades, active) in zip(ids, owners, strict=True):
        if not active:
            continue
        if position == "director":
            school.director_id = pk
        else:
            school.docentes.append(pk)
        if grades:
            school.teaching.append((pk, grades))


def write_enrollment(demo: Demo) -> None:
    years = (demo.today.year - 1, demo.today.year)

    def rows():
        for school in demo.schools:
            rng = rng_for("enrollment", school.index)
            for year in years:
                for grade in range(1, 7):
                    students = max(1, round(school.base * rng.uniform(0.75, 1.25)))
                    if grade == 2:
                        school.grade2[year] = students
                    yield (school.id, year, grade, students)
            school.grade2[years[0] - 1] = max(1, round(school.base * rng.uniform(0.75, 1.25)))

    demo.writer.write(Enrollment, ["school_id", "school_year", "grade", "students"], rows())
