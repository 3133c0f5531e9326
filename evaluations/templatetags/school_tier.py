"""Presentation of the school tier's figures: percentages, signed differences in points, goal statuses.

No queries and no rules here: the status comes from `evaluations.models.goal_status`.
"""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import format_html

from ..models import GoalStatus

register = template.Library()

STATUS_LOOK = {
    GoalStatus.ON_TRACK: ("status-ok", "✓"),
    GoalStatus.AT_RISK: ("status-warn", "⚠"),
    GoalStatus.OFF_TRACK: ("status-bad", "✗"),
    GoalStatus.NO_MEASURE: ("text-body-secondary", "—"),
}


@register.filter
def percent(value):
    """Decimal('45.2') -> '45.2 %' (a no-break space: the sign never wraps alone); None -> '—'."""
    if value is None or value == "":
        return "—"
    return f"{floatformat(value, '1g')}\u00a0%"


@register.filter
def points(value):
    """A difference in points with its sign: '+3.1', '−2.0', '0.0'; None -> '—'."""
    if value is None or value == "":
        return "—"
    text = floatformat(abs(value), "1g")
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"−{text}"
    return text


@register.simple_tag
def goal_status(status, count=None):
    """The status in words with its icon (never colour alone); with a count: "✓ En camino: 3"."""
    status = GoalStatus(status)
    css, icon = STATUS_LOOK[status]
    if count is None:
        return format_html(
            '<span class="status {}"><span aria-hidden="true">{}</span> {}</span>', css, icon, status.label
        )
    return format_html(
        '<span class="status {}"><span aria-hidden="true">{}</span> {}:&nbsp;{}</span>', css, icon, status.label, count
    )
