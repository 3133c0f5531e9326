"""Tests run against PostgreSQL (the production engine); SQLite only in the embedded smoke test."""

from .base import *  # noqa: F403
from .base import env

DATABASES = {
    "default": env.db("DATABASE_URL", default="postgres://postgres@127.0.0.1:5432/cee"),
}
# The integration tests start a real worker on this broker; the rest run tasks eagerly.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="redis://127.0.0.1:6379/15")
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
# A test's worker listens on a queue of its own; the tasks it sends itself (a report's email, the monthly
# fan-out) must go there too.
CELERY_TASK_DEFAULT_QUEUE = env("CELERY_TASK_DEFAULT_QUEUE", default="celery")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_ENABLED = False
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default="/tmp/cee-test-media")  # noqa: S108
PRIVATE_MEDIA_ROOT = env.path("DJANGO_PRIVATE_MEDIA_ROOT", default="/tmp/cee-test-private")  # noqa: S108
STORAGES = {
    **STORAGES,  # noqa: F405
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "base_url": None},
    },
}
STATIC_ROOT = None  # served from the finders, as in local
