from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data (`manage.py seed_demo`) and its builders: at the top of the house, imported by no app."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "demo"
    verbose_name = _("Datos de demostración")
