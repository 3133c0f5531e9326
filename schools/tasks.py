"""Background work of the schools app: telling people about the requests for schools.

A task takes ids and primitives and calls one service (settings: acks_late, prefetch 1).
"""

from celery import shared_task

from .services import school_request_notify


@shared_task(acks_late=True, soft_time_limit=60, time_limit=90, autoretry_for=(OSError,), retry_backoff=True,
             max_retries=5)  # fmt: skip
def school_request_notify_task(school_request_id: int, event: str) -> int:
    """Email a request's people a link to it: IPAE staff when a company asks, the company when IPAE
    answers (`event`: requested, confirmed, declined). A mail server that fails now and then (OSError)
    is retried with backoff; a retry may repeat a mail already sent to the first people, never lose one."""
    return school_request_notify(school_request_id=school_request_id, event=event)
