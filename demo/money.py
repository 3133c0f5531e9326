"""Sponsors' five-year agreements with schools and the money they have given so far."""

import datetime
from decimal import Decimal

from schools.models import Contribution, Sponsorship

from . import data
from .plan import rng_for
from .state import Demo

CURRENCY = {spec.key: spec.currency for spec in data.SPONSORS}
PER_SCHOOL = {"PEN": (40_000, 95_000, 500), "USD": (12_000, 28_000, 250)}  # five-year commitment
SCHOOL_GRANT = {"PEN": (1_500, 6_000, 100), "USD": (500, 2_000, 50)}
INSTITUTIONAL = {"PEN": 20_000, "USD": 8_000}
GRANT_NOTES = (
    "Materiales de lectura para la biblioteca escolar",
    "Kits de material concreto para matemática",
    "Mobiliario para el aula multigrado",
    "Refrigerio para la escuela de padres",
)


def write_sponsorships(demo: Demo) -> None:
    """Five-year agreements per school from the network's cohort, and the money given so far."""
    sponsorships, contributions = [], []
    for plan in demo.networks:
        rng = rng_for("money", plan.index)
        schools = [demo.schools[i] for i in plan.school_indexes]
        for position, key in enumerate(plan.sponsors):
            sponsor, currency = demo.sponsors[key], CURRENCY[key]
            low, high, step = PER_SCHOOL[currency]
            share = 1.0 if position == 0 else 0.4  # a co-sponsor commits less
            committed = 0
            for school in schools:
                amount = round(rng.randrange(low, high, step) * share / step) * step
                committed += amount
                sponsorships.append((sponsor.pk, school.id, plan.cohort, plan.cohort + 4, Decimal(amount), currency))
            for year in range(plan.cohort, min(plan.cohort + 4, demo.today.year) + 1):
                day = datetime.date(year, 3, rng.randint(10, 28))
                if day <= demo.today:
                    note = f"Aporte anual {year} para la {plan.name}"
                    contributions.append((sponsor.pk, day, Decimal(round(committed / 5)), currency, None, note))
                day = datetime.date(year, rng.randint(4, 10), rng.randint(1, 28))
                if day <= demo.today and schools:
                    low_g, high_g, step_g = SCHOOL_GRANT[currency]
                    contributions.append(
                        (
                            sponsor.pk,
                            day,
                            Decimal(rng.randrange(low_g, high_g, step_g)),
                            currency,
                            rng.choice(schools).id,
                            rng.choice(GRANT_NOTES),
                        )
                    )
    for key, sponsor in demo.sponsors.items():
        currency = CURRENCY[key]
        for year in range(demo.today.year - 2, demo.today.year + 1):
            day = datetime.date(year, 1, 20)
            if day <= demo.today:
                amount = Decimal(INSTITUTIONAL[currency])
                contributions.append((sponsor.pk, day, amount, currency, None, "Aporte institucional al programa CEE"))
    demo.writer.write(
        Sponsorship,
        ["sponsor_id", "school_id", "start_year", "end_year", "committed_amount", "currency"],
        sponsorships,
    )
    demo.writer.write(Contribution, ["sponsor_id", "date", "amount", "currency", "school_id", "note"], contributions)
