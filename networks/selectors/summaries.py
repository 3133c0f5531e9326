"""Reads of the summary tables (`SchoolVisitMonth`): visit figures without grouping the visits."""

import datetime

from django.db.models import Case, F, OuterRef, QuerySet, Subquery, When

from ..models import SchoolLastVisit, SchoolVisitMonth, SummaryRefresh


def last_visits(schools_qs: QuerySet, *, until: datetime.date | None = None) -> QuerySet:
    """Rows (school_id, latest) for the schools with a visit: the latest visit of each (None: none), up to the
    month of `until` (visits are never in the future, and a period ends on a month's last day or today,
    so up to that month is up to `until`).

    Read from `SchoolLastVisit` (one row per school); only a school visited after `until` (a past
    period) looks up its latest month up to `until`, through the unique (school, month) index."""
    rows = SchoolLastVisit.objects.filter(school__in=schools_qs.values("pk")).order_by()
    if until is not None:
        month = until.replace(day=1)
        earlier = SchoolVisitMonth.objects.filter(school=OuterRef("school_id"), month__lte=month).order_by("-month")
        latest = Case(
            When(last_visit_on__lte=until, then=F("last_visit_on")),
            default=Subquery(earlier.values("last_visit_on")[:1]),
        )
        # `latest` is None for a school first visited after `until`: skipped by the reader, not filtered
        # here (the filter would repeat the subquery, and its cost estimate sets off PostgreSQL's JIT).
        return rows.annotate(latest=latest).values("school_id", "latest")
    return rows.values("school_id", latest=F("last_visit_on"))


def last_visit_dates(schools_qs: QuerySet, *, until: datetime.date | None = None) -> dict[int, datetime.date]:
    """{school id: date of its latest visit} for the given (already scoped) schools; schools never
    visited are absent. One query over the summary tables, whatever the number of visits."""
    return {row["school_id"]: row["latest"] for row in last_visits(schools_qs, until=until) if row["latest"]}


def summaries_as_of() -> datetime.datetime | None:
    """When the summary tables were last fully rebuilt (None: never); pages say "Cifras al ..."."""
    return SummaryRefresh.objects.order_by("-finished_at").values_list("finished_at", flat=True).first()
