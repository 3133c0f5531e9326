from celery import shared_task

from .services import sessions_clear_expired


@shared_task(acks_late=True)
def sessions_clear_expired_task() -> int:
    """Nightly: remove expired sessions (idempotent: a second run finds nothing to remove)."""
    return sessions_clear_expired()
