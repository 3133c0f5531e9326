"""Presentation helpers: Peruvian number and money formats, and status words. No queries, no rules."""

from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat

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
