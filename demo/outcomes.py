"""What the schools aim for and what they reach: school goals with their measures, and 2.° grado results.

Goals: three a year per school while its network is in the program, agreed by the school's director,
some of its teachers and a group of parents, and measured a few times through the year by the
coordinator in charge that day. Their measures are drawn so that the status rule
(`evaluations.models.goal_status`) finds goals on track, at risk, off track and not measured yet.

Results follow the ECE's shape (students programmed and evaluated, a count per achievement level, a
mean score on a 500/100 scale) and its national figures for urban schools, lower for rural ones, with
a small gain per year in the program: from the year before the school's network started (its baseline)
to last year, at most five years. One school in five also has the census years 2015 and 2016, when
the national figures exist, so the comparison with them shows. No child's data: only counts.
"""

import datetime
from decimal import Decimal

from evaluations.models import AssessmentResult, GoalProgress, SchoolGoal, elapsed_share
from schools.models import Teacher

from . import data
from .fieldwork import uuid_from
from .plan import rng_for

TWO_PLACES = Decimal("0.01")
ABSENT_SHARE = 0.06

GOAL_FIELDS = [
    "school_id",
    "school_year",
    "area",
    "indicator",
    "baseline",
    "target",
    "agreed_by_director",
    "agreed_teachers",
    "agreed_parents",
    "agreed_on",
    "latest_value",
    "latest_measured_on",
]
PROGRESS_FIELDS = ["client_uuid", "goal_id", "measured_on", "value", "note", "recorded_by_id"]
# How a goal's measures run against what is expected by their date (shares of the way to the target).
PROFILES = ("on_track", "at_risk", "off_track", "unmeasured")
PROFILE_WEIGHTS = (45, 25, 15, 15)
MEASURE_MONTHS = (4, 7, 10, 12)
PROGRESS_NOTES = (
    "",
    "",
    "Medido con la ficha de monitoreo de la red.",
    "Dato de la lista de asistencia del mes.",
    "Resultado de la prueba de entrada de la institución.",
    "Acordado revisar la estrategia en la próxima reunión de aula.",
)


def write_goals(demo) -> None:
    directors = director_names(demo)
    goals, measures = [], []
    for school in demo.schools:
        for goal, entries in school_goals(demo, school, directors.get(school.director_id, "")):
            goals.append(goal)
            measures.append(entries)
    ids = demo.writer.write(SchoolGoal, GOAL_FIELDS, goals, ids=True)
    rows = (
        (entry[0], goal_id, *entry[1:]) for goal_id, entries in zip(ids, measures, strict=True) for entry in entries
    )
    demo.writer.write(GoalProgress, PROGRESS_FIELDS, rows)


def director_names(demo) -> dict[int, str]:
    """Read before any row is streamed (COPY holds the connection)."""
    people = Teacher.objects.filter(pk__in=[s.director_id for s in demo.schools if s.director_id])
    return {pk: f"{first} {last}" for pk, first, last in people.values_list("pk", "first_name", "last_name")}


def school_goals(demo, school, director: str):
    """(goal row, its measures) for the school's goals of last year and this year, while in the program."""
    this_year = demo.today.year
    rng = rng_for("goals", school.index)
    for year in (this_year - 1, this_year):
        if not school.network.in_program(year):
            continue
        for area, indicator, (low, high), (gain_low, gain_high) in rng.sample(data.GOAL_INDICATORS, 3):
            is_share = indicator.startswith("%")
            baseline = rng.uniform(low, high) if is_share else rng.randint(low, high)
            target = baseline + (rng.uniform(gain_low, gain_high) if is_share else rng.randint(gain_low, gain_high))
            if is_share:
                target = min(target, 100)
            agreed_on = datetime.date(year, 2, rng.randint(10, 28))
            if agreed_on > demo.today:
                agreed_on = datetime.date(year - 1, 12, rng.randint(10, 20))  # agreed before the holidays
            entries = measures(demo, rng, school, year, baseline, target, is_share)
            latest = max(entries, key=lambda entry: entry[1]) if entries else None
            goal = (
                school.id,
                year,
                area,
                indicator,
                amount(baseline),
                amount(target),
                director,
                rng.randint(max(1, len(school.docentes) // 2), len(school.docentes) + 1),
                rng.randint(8, 45),
                agreed_on,
                latest[2] if latest else None,
                latest[1] if latest else None,
            )
            yield goal, entries


def measures(demo, rng, school, year: int, baseline, target, is_share: bool) -> list[tuple]:
    """The goal's measures up to today: (client uuid, date, value, note, recorded by), by its profile."""
    profile = rng.choices(PROFILES, PROFILE_WEIGHTS)[0]
    entries = []
    for month in MEASURE_MONTHS:
        day = datetime.date(year, month, rng.randint(5, 25))
        plan = school.network_on(day)
        coordinator = plan.coordinator_on(day)
        if profile == "unmeasured" or day > demo.today or coordinator is None:
            continue
        expected = float(elapsed_share(year, day))
        share = {
            "on_track": expected + rng.uniform(-0.05, 0.1),
            "at_risk": expected - rng.uniform(0.13, 0.22),
            "off_track": expected - rng.uniform(0.32, 0.45),
        }[profile]
        value = baseline + (target - baseline) * max(share, -0.1)
        value = min(max(value, 0), 100) if is_share else max(round(value), 0)
        note = rng.choice(PROGRESS_NOTES)
        entries.append((uuid_from(rng), day, amount(value), note, demo.coordinators[coordinator]))
    return entries


def amount(value) -> Decimal:
    return Decimal(value).quantize(TWO_PLACES)


RESULT_FIELDS = [
    "school_id",
    "year",
    "grade",
    "subject",
    "students_programmed",
    "students_evaluated",
    "level_previo_inicio",
    "level_en_inicio",
    "level_en_proceso",
    "level_satisfactorio",
    "mean_score",
]
RESULT_YEARS = 5
CENSUS_YEARS = (2015, 2016)  # years with national figures (evaluations.national)


def write_assessments(demo) -> None:
    demo.writer.write(AssessmentResult, RESULT_FIELDS, result_rows(demo))


def result_years(demo, school) -> list[int]:
    """From the year before the network's first program year (a baseline) to last year, at most five years;
    one school in five also has the census years with national figures."""
    this_year = demo.today.year
    first = max(school.network.cohort - 1, this_year - RESULT_YEARS)
    years = list(range(first, this_year))
    if school.index % 5 == 0:
        years = [year for year in CENSUS_YEARS if year < first] + years
    return years


def result_rows(demo):
    """Grade 2 reading and math for finished school years (the ECE reports a year later)."""
    for school in demo.schools:
        rng = rng_for("results", school.index)
        sizes = rng_for("results-size", school.index)
        for year in result_years(demo, school):
            programmed = school.grade2.get(year) or max(1, round(school.base * sizes.uniform(0.75, 1.25)))
            years_in_program = min(max(school.network.program_year(year), 0), 5)
            for subject in ("reading", "math"):
                share = data.ASSESSMENT_SATISFACTORIO[school.area_type][subject]
                share += data.PROGRAM_YEAR_GAIN * years_in_program + rng.gauss(0, 0.08)
                share = min(max(share, 0.02), 0.9)
                evaluated = programmed - sum(rng.random() < ABSENT_SHARE for _ in range(programmed))
                levels = level_counts(rng, evaluated, share, data.BELOW_LEVEL_SPLIT[school.area_type])
                score = 440 + 230 * share + rng.gauss(0, 12)
                yield (
                    school.id,
                    year,
                    2,
                    subject,
                    programmed,
                    evaluated,
                    *levels,
                    Decimal(f"{score:.1f}"),
                )


def level_counts(rng, evaluated: int, satisfactorio: float, below: tuple[float, float, float]):
    """(previo al inicio, en inicio, en proceso, satisfactorio): one draw per student, adding up."""
    proceso, inicio, previo = (share * (1 - satisfactorio) for share in below)
    cuts = (previo, previo + inicio, previo + inicio + proceso)
    counts = [0, 0, 0, 0]
    for _ in range(evaluated):
        draw = rng.random()
        counts[0 if draw < cuts[0] else 1 if draw < cuts[1] else 2 if draw < cuts[2] else 3] += 1
    return counts
