"""The sponsor portal's links in templates (the rule is `evaluations.portal.links`)."""

from django import template

from ..portal.links import portal_url as url_of

register = template.Library()


@register.simple_tag
def portal_url(portal, name, *args):
    """{% portal_url portal "school" school.pk %}: that page for whoever reads the portal."""
    return url_of(portal, name, *args)
