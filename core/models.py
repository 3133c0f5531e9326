"""Fields and the base model every app's tables use. No rule of the program lives here."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

FIRST_SCHOOL_YEAR = 2000
LAST_SCHOOL_YEAR = 2100


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("creado"), auto_now_add=True)
    updated_at = models.DateTimeField(_("actualizado"), auto_now=True)

    class Meta:
        abstract = True


def school_year_field(verbose_name=None, **kwargs):
    return models.PositiveSmallIntegerField(
        verbose_name or _("año escolar"),
        validators=[MinValueValidator(FIRST_SCHOOL_YEAR), MaxValueValidator(LAST_SCHOOL_YEAR)],
        **kwargs,
    )


def latitude_field():
    return models.DecimalField(
        _("latitud"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
    )


def longitude_field():
    return models.DecimalField(
        _("longitud"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
    )
