"""Money in a dashboard's scope: the rules written once, for the money block's totals and for the table
of each company.

Committed = sponsorships of the scope's schools in force in the period's year; received = contributions
dated in that year (to those schools; at the whole country unfiltered, also those to a company's work in
general, no school named); with a sponsor filter, only that company's money. Each amount is added in its
currency and converted at `settings.CEE_USD_TO_PEN`.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Count, Q, Sum

from schools.models import Contribution, Sponsor, Sponsorship
from schools.models.sponsors import Currency

from .contract import Funding, Money

CENTS = Decimal("0.01")


def money(totals: dict[str, Decimal], rate: Decimal) -> Money:
    """Both currencies added up, each way at the stated rate (soles per dollar)."""
    pen, usd = totals.get(Currency.PEN, Decimal(0)), totals.get(Currency.USD, Decimal(0))
    return Money(
        pen=(pen + usd * rate).quantize(CENTS, rounding=ROUND_HALF_UP),
        usd=(usd + pen / rate).quantize(CENTS, rounding=ROUND_HALF_UP),
    )


@dataclass
class SponsorMoney:
    pk: int
    name: str
    schools: int  # the scope's schools it sponsors that year
    committed: Money
    received: Money

    @property
    def received_share(self) -> Decimal | None:
        """Received as a percentage of committed (in soles), None when nothing is committed."""
        if not self.committed.pen:
            return None
        return (self.received.pen * 100 / self.committed.pen).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def money_in_scope(*, ids, year: int, sponsor=None, general: bool):
    """(sponsorships, contributions) of the scope's schools that count for the year, by the rules above."""
    sponsorships = Sponsorship.objects.in_force_in(year).filter(school_id__in=ids)
    in_schools = Q(school_id__in=ids) | Q(school__isnull=True) if general else Q(school_id__in=ids)
    contributions = Contribution.objects.filter(
        in_schools, date__range=(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    )
    if sponsor is not None:
        sponsorships, contributions = sponsorships.filter(sponsor=sponsor), contributions.filter(sponsor=sponsor)
    return sponsorships, contributions


def funding(*, ids, year: int, sponsor=None, general: bool) -> Funding:
    """The money block: companies with sponsorships in force, committed and received in both currencies."""
    rate = settings.CEE_USD_TO_PEN
    sponsorships, contributions = money_in_scope(ids=ids, year=year, sponsor=sponsor, general=general)
    sponsors, committed = set(), {}
    for row in sponsorships.values("sponsor_id", "currency").annotate(total=Sum("committed_amount")).order_by():
        sponsors.add(row["sponsor_id"])
        committed[row["currency"]] = committed.get(row["currency"], Decimal(0)) + row["total"]
    received = {
        row["currency"]: row["total"]
        for row in contributions.values("currency").annotate(total=Sum("amount")).order_by()
    }
    return Funding(
        sponsors=len(sponsors), committed=money(committed, rate), received=money(received, rate), usd_to_pen=rate
    )


def sponsor_money_rows(*, ids, year: int, sponsor=None, general: bool) -> list[SponsorMoney]:
    """One row per company with money in the scope that year, the largest commitment first (3 queries)."""
    rate = settings.CEE_USD_TO_PEN
    sponsorships, contributions = money_in_scope(ids=ids, year=year, sponsor=sponsor, general=general)
    committed: dict[int, dict[str, Decimal]] = {}
    schools: dict[int, int] = {}
    for row in (
        sponsorships.values("sponsor_id", "currency")
        .annotate(total=Sum("committed_amount"), n=Count("school", distinct=True))
        .order_by()
    ):
        committed.setdefault(row["sponsor_id"], {})[row["currency"]] = row["total"]
        schools[row["sponsor_id"]] = schools.get(row["sponsor_id"], 0) + row["n"]
    received: dict[int, dict[str, Decimal]] = {}
    for row in contributions.values("sponsor_id", "currency").annotate(total=Sum("amount")).order_by():
        received.setdefault(row["sponsor_id"], {})[row["currency"]] = row["total"]
    names = dict(Sponsor.objects.filter(pk__in=set(committed) | set(received)).values_list("pk", "name"))
    rows = [
        SponsorMoney(
            pk=pk,
            name=name,
            schools=schools.get(pk, 0),
            committed=money(committed.get(pk, {}), rate),
            received=money(received.get(pk, {}), rate),
        )
        for pk, name in names.items()
    ]
    return sorted(rows, key=lambda row: (-row.committed.pen, row.name))


@dataclass
class YearMoney:
    """A company's money in one school year: what its agreements in force commit and what it gave."""

    year: int
    schools: int  # schools under one of its agreements in force that year
    committed: Money  # agreements in force that year (the money block's `committed`, for the company)
    received: Money  # contributions dated that year (the money block's `received`, for the company)
    received_to_date: Money  # contributions dated up to the end of that year


@dataclass
class Agreement:
    """A company's agreements (convenios) with the scope's schools over their whole span, year by year."""

    committed: Money  # every agreement's amount, added once whatever its length
    received: Money  # every contribution counted in `years`, added up
    schools: int  # schools under any of its agreements
    first_year: int | None
    last_year: int | None  # the last year of the latest agreement
    usd_to_pen: Decimal
    years: list[YearMoney]

    @property
    def received_share(self) -> Decimal | None:
        """Received to date as a percentage of the agreements' amount (in soles); None without agreements."""
        if not self.committed.pen:
            return None
        return (self.received.pen * 100 / self.committed.pen).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def sponsor_agreement(*, ids, sponsor, until: int) -> Agreement:
    """One company's agreements with the scope's schools (`ids`: a subquery of school ids) and its money
    year by year, from its first agreement's year to `until` (normally this year): each year by the money
    block's rules (`money_in_scope` with the company's filter, as the national scope counts it: its
    contributions to those schools and to its work in general). Two queries, whatever the years or schools.
    """
    rate = settings.CEE_USD_TO_PEN
    sponsorships = list(
        Sponsorship.objects.filter(sponsor=sponsor, school_id__in=ids)
        .order_by()
        .values_list("school_id", "start_year", "end_year", "currency", "committed_amount")
    )
    by_year: dict[int, dict[str, Decimal]] = {}
    for row in (
        Contribution.objects.filter(Q(school_id__in=ids) | Q(school__isnull=True), sponsor=sponsor)
        .values("date__year", "currency")
        .annotate(total=Sum("amount"))
        .order_by()
    ):
        by_year.setdefault(row["date__year"], {})[row["currency"]] = row["total"]
    first = min((start for _s, start, _e, _c, _a in sponsorships), default=None)
    last = max((end or start for _s, start, end, _c, _a in sponsorships), default=None)
    total: dict[str, Decimal] = {}
    for _school, _start, _end, currency, amount in sponsorships:
        total[currency] = total.get(currency, Decimal(0)) + amount
    years, to_date = [], {}
    for year in sorted(y for y in by_year if first is None or y < first):
        for currency, amount in by_year[year].items():  # given before its first agreement (rare): to date
            to_date[currency] = to_date.get(currency, Decimal(0)) + amount
    for year in range(first, until + 1) if first is not None else ():
        committed: dict[str, Decimal] = {}
        schools = set()
        for school_id, start, end, currency, amount in sponsorships:
            if start <= year and (end is None or end >= year):  # Sponsorship.objects.in_force_in
                committed[currency] = committed.get(currency, Decimal(0)) + amount
                schools.add(school_id)
        received = by_year.get(year, {})
        for currency, amount in received.items():
            to_date[currency] = to_date.get(currency, Decimal(0)) + amount
        years.append(
            YearMoney(
                year=year,
                schools=len(schools),
                committed=money(committed, rate),
                received=money(received, rate),
                received_to_date=money(to_date, rate),
            )
        )
    return Agreement(
        committed=money(total, rate),
        received=money(to_date, rate),
        schools=len({row[0] for row in sponsorships}),
        first_year=first,
        last_year=last,
        usd_to_pen=rate,
        years=years,
    )
