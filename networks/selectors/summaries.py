"""Reads of the summary tables (`SchoolVisitMonth`): visit figures without grouping the visits."""

import datetime

from django.db.models import Max, QuerySet

from ..models import SchoolVisitMonth, SummaryRefresh


def last_visits(schools_qs: QuerySet, *, until: datetime.date | None = None) -> QuerySet:
    """Rows (school_id, last_visit_on) for the schools with a visit: the latest visit of each, up to the
    month of `until` (visits are never in the future, and a period ends on a month's last day or today,
    so up to that month is up to `until`)."""
    rows = SchoolVisitMonth.objects.filter(school__in=schools_qs.values("pk"))
    if until is not None:
        rows = rows.filter(month__lte=until.replace(day=1))
    return rows.order_by().values("school_id").annotate(last_visit_on=Max("last_visit_on"))


def last_visit_dates(schools_qs: QuerySet, *, until: datetime.date | None = None) -> dict[int, datetime.date]:
    """{school id: date of its latest visit} for the given (already scoped) schools; schools never
    visited are absent. One query over the summary table, whatever the number of visits."""
    return {row["school_id"]: row["last_visit_on"] for row in last_visits(schools_qs, until=until)}


def summaries_as_of() -> datetime.datetime | None:
    """When the summary tables were last fully rebuilt (None: never); pages say "Cifras al ..."."""
    return SummaryRefresh.objects.order_by("-finished_at").values_list("finished_at", flat=True).first()
