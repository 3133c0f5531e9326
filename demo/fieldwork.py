"""Two years of field work: coordinators' visits and network meetings (workshops are in `workshops.py`).

A visit or meeting is dated on a school day in the two years up to today, only while its network is in
program years 1..5 (never before the cohort starts, never after it graduates), and is made by the
coordinator in charge of the network that day. Rows are generated school by school and streamed to the
database, so a million visits never sit in memory at once.
"""

import datetime
import uuid
from decimal import Decimal

from networks.models import CurriculumYear, NetworkMeeting, Visit

from . import data
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
