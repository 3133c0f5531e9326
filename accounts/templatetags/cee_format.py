"""Presentation helpers: Peruvian number and money formats, and status words. No queries, no rules."""

from decimal import Decimal

from django import template
from django.conf import settings
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

register = template.Library()

CURRENCY_SYMBOLS = {"PEN": "S/", "USD": "US$"}


@register.filter
def number(value, decimals=0):
    """1234.5 -> '1,234' (or '1,234.50' with decimals=2), grouped the Peruvian way."""
    if value is None or value == "":
        return "—"
    return floatformat(value, f"{int(decimals)}g")


@register.filter
def money(value, currency="PEN"):
    """Decimal('1234.5'), 'USD' -> 'US$ 1,234.50'."""
    if value is None:
        return "—"
    return f"{CURRENCY_SYMBOLS.get(currency, currency)} {floatformat(Decimal(value), '2g')}"


@register.simple_tag
def program_year_label(program_year, focus=None):
    """'Año 3 · Comunicación', 'Egresada' after year 5, 'Aún no inicia' before year 1."""
    if program_year is None:
        return _("Aún no inicia")
    if program_year > settings.CEE_PROGRAM_YEARS:
        return _("Egresada")
    return _("Año %(year)s · %(focus)s") % {"year": program_year, "focus": focus or ""}
