"""The embedded default for `make run`: SQLite and in-process tasks unless the environment says otherwise."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
# WhiteNoise serves from the finders here; there is no collected static folder to look for.
STATIC_ROOT = None
