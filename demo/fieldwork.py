"""Two years of field work: coordinators' visits, network meetings, and workshops with attendance.

A visit or meeting is dated on a school day in the two years up to today, only while its network is in
program years 1..5 (never before the cohort starts, never after it graduates), and is made by the
coordinator in charge of the network that day. Rows are generated school by school and streamed to the
database, so a million visits never sit in memory at once.
"""

import datetime
import uuid
from decimal import Decimal

from networks.models import CurriculumYear, NetworkMeeting, Visit
from workshops.models import Attendance, Workshop

from . import data, places
from .plan import largest_remainder, rng_for, school_days, window_start

VISIT_FIELDS = [
    "client_uuid",
    "coordinator_id",
    "school_id",
    "teacher_id",
    "date",
    "kind",
    "duration_minutes",
    "program_year",
    "observations",
    "agreements",
    "follow_up_on",
    "latitude",
    "longitude",
]
KINDS = ("classroom", "director", "home", "network_meeting")
KIND_WEIGHTS = (55, 20, 15, 10)
DURATION = {"classroom": (45, 120), "director": (30, 90), "home": (30, 60), "network_meeting": (90, 180)}
GPS_JITTER = 0.0008  # degrees: the phone is at the school, give or take a hundred metres


def load_focus(demo) -> None:
    """The years' focus as the curriculum table holds it (the networks app's data migration loads it).

    Read before the rows are streamed: on PostgreSQL the rows go through COPY, and the connection can
    run no other query until the COPY ends.
    """
    if not demo.focus_by_year:
        demo.focus_by_year.update(CurriculumYear.objects.values_list("number", "focus_es"))


def focus(demo, program_year: int) -> str:
    return demo.focus_by_year[program_year]


def eligible_days(demo, cohort: int) -> list[datetime.date]:
    """School days in the window on which a network of this cohort is in program years 1..5."""
    cache = demo.days_by_cohort
    if cohort not in cache:
        start = max(window_start(demo.today), datetime.date(cohort, 1, 1))
        end = min(demo.today, datetime.date(cohort + 4, 12, 31))
        cache[cohort] = school_days(start, end) if start <= end else []
    return cache[cohort]


def uuid_from(rng) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


# --- Visits ---------------------------------------------------------------------------
def write_visits(demo) -> None:
    load_focus(demo)
    weights = [len(eligible_days(demo, school.network.cohort)) for school in demo.schools]
    quotas = largest_remainder(demo.size.visits, weights)
    demo.writer.write(Visit, VISIT_FIELDS, visit_rows(demo, quotas))


def visit_rows(demo, quotas):
    for school, quota in zip(demo.schools, quotas, strict=True):
        if not quota:
            continue
        rng = rng_for("visits", school.index)
        days = eligible_days(demo, school.network.cohort)
        place = (float(school.latitude), float(school.longitude))
        for day in sorted(rng.choices(days, k=quota)):
            plan = school.network_on(day)  # a school that moved is visited by its new network's coordinator
            if not plan.in_program(day.year):
                continue
            coordinator = plan.coordinator_on(day)
            if coordinator is None:
                continue
            yield visit_row(demo, rng, school, place, day, demo.coordinators[coordinator])


KIND_CUTS = tuple(sum(KIND_WEIGHTS[: i + 1]) / sum(KIND_WEIGHTS) for i in range(len(KINDS)))
FOLLOW_UPS = tuple(datetime.timedelta(days=d) for d in range(7, 31))
LOWER_FOCUS: dict[int, str] = {}


def visit_row(demo, rng, school, place, day, coordinator_id):
    """One visit; about a million of these are made for the benchmarks, so the picks are done by hand."""
    random = rng.random

    def pick(options):
        return options[int(random() * len(options))]

    program_year = school.network_on(day).program_year(day.year)
    draw = random()
    kind = next(kind for kind, cut in zip(KINDS, KIND_CUTS, strict=True) if draw < cut)
    teacher_id = None
    if kind == "classroom":
        teacher_id, grades = pick(school.teaching)
        topic = pick(data.SESSION_TOPICS[program_year])
        observations = f"Sesión de {topic} en {pick(grades)}.° grado. {pick(data.STRENGTHS)} {pick(data.GAPS)}"
        agreements = pick(data.CLASSROOM_AGREEMENTS).format(topic=topic)
    elif kind == "director":
        teacher_id = school.director_id
        observations = pick(data.DIRECTOR_NOTES)
        agreements = pick(data.DIRECTOR_AGREEMENTS)
    elif kind == "home":
        observations = pick(data.HOME_NOTES).format(grade=1 + int(random() * 6))
        agreements = pick(data.HOME_AGREEMENTS)
    else:
        if program_year not in LOWER_FOCUS:
            LOWER_FOCUS[program_year] = focus(demo, program_year).lower()
        observations = pick(data.MEETING_NOTES).format(focus=LOWER_FOCUS[program_year])
        agreements = pick(data.MEETING_DECISIONS)
    low, high = DURATION[kind]
    duration = low + 5 * int(random() * ((high - low) // 5 + 1))
    follow_up_on = day + pick(FOLLOW_UPS) if random() < 0.6 else None
    latitude = longitude = None
    if random() < 0.7:
        latitude = Decimal(f"{place[0] + (random() - 0.5) * 2 * GPS_JITTER:.6f}")
        longitude = Decimal(f"{place[1] + (random() - 0.5) * 2 * GPS_JITTER:.6f}")
    return (
        uuid_from(rng),
        coordinator_id,
        school.id,
        teacher_id,
        day,
        kind,
        duration,
        program_year,
        observations,
        agreements,
        follow_up_on,
        latitude,
        longitude,
    )


# --- Network meetings -----------------------------------------------------------------
MEETING_MONTHS = (3, 5, 7, 9, 11)


def write_meetings(demo) -> None:
    fields = [
        "client_uuid",
        "network_id",
        "coordinator_id",
        "date",
        "directors",
        "teachers",
        "parents",
        "community_leaders",
        "local_organizations",
        "decisions",
        "agreements",
    ]
    demo.writer.write(NetworkMeeting, fields, meeting_rows(demo))


def meeting_rows(demo):
    start = window_start(demo.today)
    for plan in demo.networks:
        rng = rng_for("meetings", plan.index)
        schools = [demo.schools[i] for i in plan.school_indexes]
        teachers = sum(len(s.docentes) for s in schools)
        for year in range(start.year, demo.today.year + 1):
            for month in MEETING_MONTHS:
                day = datetime.date(year, month, rng.randint(5, 22))
                day += datetime.timedelta(days=(5 - day.weekday()) % 7)  # communities meet on Saturdays
                coordinator = plan.coordinator_on(day)
                if not (start <= day <= demo.today and plan.in_program(year) and coordinator):
                    continue
                decisions = " ".join(rng.sample(data.MEETING_DECISIONS, 2))
                yield (
                    uuid_from(rng),
                    plan.id,
                    demo.coordinators[coordinator],
                    day,
                    max(1, len(schools) - rng.randint(0, 2)),
                    round(teachers * rng.uniform(0.6, 0.95)),
                    rng.randint(4, 40),
                    rng.randint(1, 5),
                    rng.randint(0, 4),
                    decisions,
                    "Cada director informará los acuerdos a su comunidad educativa; seguimiento en la próxima reunión.",
                )


# --- Workshops ------------------------------------------------------------------------
WORKSHOP_FIELDS = [
    "title",
    "program_year",
    "modality",
    "starts_on",
    "ends_on",
    "region_id",
    "network_id",
    "for_directors",
    "for_teachers",
    "for_parents",
    "parents_attended",
    "venue",
]


def weekday_on_or_after(day: datetime.date) -> datetime.date:
    return day + datetime.timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)


def write_workshops(demo) -> None:
    """Per network and year: an opening workshop, a virtual one for teachers and a parents' school.

    Per region and year: a virtual induction for the directors of the networks that start that year.
    Only workshops already held are created; attendance is per person for directors and teachers.
    """
    load_focus(demo)
    rows, attendees = [], []  # attendees[i] = (people, share who came) for rows[i]
    years = (demo.today.year - 1, demo.today.year)
    for plan in demo.networks:
        rng = rng_for("workshops", plan.index)
        schools = [demo.schools[i] for i in plan.school_indexes]
        directors = [s.director_id for s in schools]
        docentes = [pk for s in schools for pk in s.docentes]
        province = places.PLACES[plan.region_code].province
        district = places.PLACES[plan.region_code].districts[plan.district][1]
        for year in years:
            if not plan.in_program(year):
                continue
            p = plan.program_year(year)
            starts = weekday_on_or_after(datetime.date(year, 3, rng.randint(2, 12)))
            held = [
                (
                    f"Taller de inicio del año {p}: {focus(demo, p)}",
                    "on_site",
                    starts,
                    starts + datetime.timedelta(days=1),
                    (True, True, False),
                    f"Auditorio de la UGEL {province}",
                    directors + docentes,
                    0.88,
                ),
                (
                    f"Taller virtual: {rng.choice(data.WORKSHOP_TEACHER_TOPICS[p])}",
                    "virtual",
                    weekday_on_or_after(datetime.date(year, rng.choice((8, 9)), rng.randint(3, 25))),
                    None,
                    (False, True, False),
                    "Aula virtual de IPAE (enlace enviado por correo)",
                    docentes,
                    0.78,
                ),
                (
                    f"Escuela de padres: {rng.choice(data.WORKSHOP_PARENT_TOPICS)}",
                    "on_site",
                    datetime.date(year, rng.choice((5, 6, 10)), rng.randint(1, 28)),
                    None,
                    (False, False, True),
                    f"Local comunal de {district}",
                    [],
                    0.0,
                ),
            ]
            for title, modality, starts_on, ends_on, audience, venue, people, share in held:
                ends_on = ends_on or starts_on
                if ends_on > demo.today:
                    continue
                parents = len(schools) * rng.randint(3, 8) if audience[2] else 0
                rows.append((title, p, modality, starts_on, ends_on, None, plan.id, *audience, parents, venue))
                attendees.append((people, share))
    for code in sorted(places.PLACES):
        rng = rng_for("induction", code)
        region_plans = [p for p in demo.networks if p.region_code == code]
        for year in years:
            day = weekday_on_or_after(datetime.date(year, 4, rng.randint(6, 24)))
            new = [p for p in region_plans if p.cohort == year]
            if day > demo.today or not new:
                continue
            directors = [demo.schools[i].director_id for p in new for i in p.school_indexes]
            title = "Inducción regional para directores de redes nuevas"
            region_id = demo.regions[code].pk
            rows.append((title, 1, "virtual", day, day, region_id, None, True, False, False, 0, "Aula virtual de IPAE"))
            attendees.append((directors, 0.9))
    ids = demo.writer.write(Workshop, WORKSHOP_FIELDS, rows, ids=True)
    demo.writer.write(Attendance, ["workshop_id", "teacher_id", "attended"], attendance_rows(ids, attendees))


def attendance_rows(ids, attendees):
    for position, (workshop_id, (people, share)) in enumerate(zip(ids, attendees, strict=True)):
        rng = rng_for("attendance", position)
        for teacher_id in people:
            yield (workshop_id, teacher_id, rng.random() < share)
