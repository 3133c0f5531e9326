"""Program years on pages: the words come from networks.models (the one home of the rule)."""

from django import template

from networks.models import program_year_label as label_of

register = template.Library()


@register.simple_tag
def program_year_label(program_year):
    """{% program_year_label network.program_year %} -> 'Año 3 · Comunicación', 'Egresada', 'Aún no inicia'."""
    return label_of(program_year)
