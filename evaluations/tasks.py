"""Background work of the evaluations app: keeping the dashboards' school-year summaries current."""

from celery import shared_task

from .services.summaries import school_year_summaries_refresh


# Bounded: one statement per table and year (about a second a year at national scale), inside these limits.
@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def school_year_summaries_refresh_task(every_year: bool = False) -> list[int] | None:
    """Every 15 minutes (beat): rebuild this year's and last year's summaries, and any year still missing;
    every night, every year (`every_year`).

    Idempotent: a second run leaves the same rows; one that finds another refresh running returns at once.
    Returns the years rebuilt, or None when it stood aside."""
    return school_year_summaries_refresh(every_year=every_year)
