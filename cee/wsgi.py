import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cee.settings.production")
application = get_wsgi_application()

# After setup, so that what startup built stays out of the garbage collector's full passes (core.startup).
from core.startup import load_and_freeze  # noqa: E402

load_and_freeze()
