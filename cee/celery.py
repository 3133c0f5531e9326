"""Celery application. Apps never import this module; tasks are @shared_task functions."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cee.settings.local")

app = Celery("cee")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
