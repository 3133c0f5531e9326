"""Program years on pages: the words come from networks.models (the one home of the rule)."""

from django import template

from networks.models import program_year_label as label_of

register = template.Library()


@register.simple_tag
def program_year_label(program_year, focus=None):
    """{% program_year_label network.program_year network.focus %} -> 'Año 3 · Comunicación', 'Egresada'."""
    return label_of(program_year, focus)
