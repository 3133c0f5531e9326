"""Celery application. Apps never import this module; tasks are @shared_task functions."""

import os

from celery import Celery
from celery.signals import worker_process_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cee.settings.local")

app = Celery("cee")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_process_init.connect
def freeze_startup_objects(**kwargs):
    """Each worker process, once started, keeps Django's startup objects out of the garbage collector's
    full passes (core.startup), as the web processes do: a report builds many objects per run."""
    from core.startup import load_and_freeze

    load_and_freeze()
