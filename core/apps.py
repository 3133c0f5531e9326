from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app uses and no rule of the program: validators, HTTP helpers, middleware."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "core"
    verbose_name = _("Núcleo")
