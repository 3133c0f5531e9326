"""`runserver` for the embedded default (`make run`): the development server, with a longer accept queue.

Django's server keeps 10 connections waiting; a classroom of coordinators saving at once (or a phone
retrying) got connections reset before their request was read. The queue is what the operating system
allows for listen(); everything else is WhiteNoise's runserver (no static serving by Django).
"""

from django.core.servers.basehttp import WSGIServer
from whitenoise.runserver_nostatic.management.commands.runserver import Command as WhiteNoiseRunserver


class QueuedWSGIServer(WSGIServer):
    request_queue_size = 128


class Command(WhiteNoiseRunserver):
    server_cls = QueuedWSGIServer
