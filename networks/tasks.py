"""Background work of the networks app: keeping the dashboards' summary tables current."""

from celery import shared_task

from .services.summaries import summaries_refresh_all


# Bounded: one statement over the visits (seconds at national scale), well inside these limits.
@shared_task(acks_late=True, soft_time_limit=240, time_limit=300)
def summaries_refresh_task() -> int | None:
    """Every 15 minutes (beat): rebuild the visits-per-school-and-month table and date it.

    Idempotent: a second run leaves the same rows; one that finds another refresh running returns
    at once. Returns the number of rows, or None when it stood aside."""
    refresh = summaries_refresh_all()
    return refresh.rows if refresh else None
