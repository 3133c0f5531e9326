"""What the schools aim for and what they reach: school goals and 2.° grado assessment results.

Results follow the ECE's shape (students programmed and evaluated, a count per achievement level, a
mean score on a 500/100 scale) and its national figures for urban schools, lower for rural ones, with
a small gain per year in the program. No child's data: only counts per school, grade and subject.
"""

import datetime
from decimal import Decimal

from evaluations.models import AssessmentResult, SchoolGoal

from . import data
from .plan import rng_for

TWO_PLACES = Decimal("0.01")
ABSENT_SHARE = 0.06


def write_goals(demo) -> None:
    fields = [
        "school_id",
        "school_year",
        "area",
        "indicator",
        "baseline",
        "target",
        "latest_value",
        "latest_measured_on",
    ]
    demo.writer.write(SchoolGoal, fields, goal_rows(demo))


def goal_rows(demo):
    this_year = demo.today.year
    for school in demo.schools:
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
                if year < this_year:
                    measured_on, progress = datetime.date(year, 12, rng.randint(1, 12)), rng.uniform(0.3, 1.15)
                else:
                    measured_on, progress = datetime.date(year, 7, rng.randint(1, 20)), rng.uniform(0.1, 0.7)
                latest = None
                if measured_on <= demo.today:
                    latest = baseline + (target - baseline) * progress
                    latest = min(latest, 100) if is_share else round(latest)
                else:
                    measured_on = None
                yield (
                    school.id,
                    year,
                    area,
                    indicator,
                    amount(baseline),
                    amount(target),
                    None if latest is None else amount(latest),
                    measured_on,
                )


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


def write_assessments(demo) -> None:
    demo.writer.write(AssessmentResult, RESULT_FIELDS, result_rows(demo))


def result_rows(demo):
    """Grade 2 reading and math for the last two finished school years (the ECE reports a year later)."""
    this_year = demo.today.year
    for school in demo.schools:
        rng = rng_for("results", school.index)
        for year in (this_year - 2, this_year - 1):
            programmed = school.grade2.get(year, 0)
            if not programmed:
                continue
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
