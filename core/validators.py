"""Bounds on what people type: dates inside sensible limits, free text of a readable length.

Each rule is written once here and used by model fields (so services' `full_clean()` enforce it) and by
form fields (so the person sees it next to the field before anything is saved).
"""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Nothing in the program happened before 2000: an earlier date is a typing error.
EARLIEST_DATE = datetime.date(2000, 1, 1)


def not_before_program(value: datetime.date) -> None:
    if value < EARLIEST_DATE:
        raise ValidationError(_("La fecha no puede ser anterior al año 2000."), code="too_early")


def not_in_future(value: datetime.date) -> None:
    """Field work is recorded after it happens: a visit or a meeting of tomorrow is a typing error."""
    not_before_program(value)
    if value > timezone.localdate():
        raise ValidationError(_("La fecha no puede ser posterior a hoy."), code="future")


def within_planning_horizon(value: datetime.date) -> None:
    """Plans (an assignment's start, a follow-up) reach at most CEE_PLANNING_HORIZON_DAYS ahead of today."""
    not_before_program(value)
    horizon = timezone.localdate() + datetime.timedelta(days=settings.CEE_PLANNING_HORIZON_DAYS)
    if value > horizon:
        raise ValidationError(
            _("La fecha no puede ser posterior al %(date)s (un año desde hoy).")
            % {"date": horizon.strftime("%d/%m/%Y")},
            code="too_far",
        )


TEXT_MAX_LENGTH = 10_000
TEXT_MAX_LENGTH_MESSAGE = _("El texto puede tener como máximo %(limit_value)s caracteres (tiene %(show_value)s).")


def text_max_length(limit: int = TEXT_MAX_LENGTH) -> MaxLengthValidator:
    """Free text (observations, agreements) of at most `limit` characters: several pages, never megabytes."""
    return MaxLengthValidator(limit, message=TEXT_MAX_LENGTH_MESSAGE)
