"""Peru's geography as INEI codes it: departments (regions), provinces, districts (UBIGEO)."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.models import TimeStampedModel, latitude_field, longitude_field

from ..validators import validate_ubigeo


class Region(TimeStampedModel):
    """A department (región) with its INEI 2-digit code; 15 of the 25 are CEE program regions."""

    code = models.CharField(
        _("código INEI"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^\d{2}\Z", _("El código INEI de la región tiene 2 dígitos."))],
    )
    name = models.CharField(_("nombre"), max_length=60, unique=True)
    iso_code = models.CharField(_("código ISO 3166-2"), max_length=6, unique=True)
    capital = models.CharField(_("capital"), max_length=60)
    latitude = latitude_field()
    longitude = longitude_field()
    is_program_region = models.BooleanField(_("región del programa"), default=False)

    class Meta:
        verbose_name = _("región")
        verbose_name_plural = _("regiones")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^[0-9]{2}$"), name="region_code_two_digits"),
        ]

    def __str__(self):
        return self.name


class Province(TimeStampedModel):
    region = models.ForeignKey(Region, verbose_name=_("región"), on_delete=models.PROTECT, related_name="provinces")
    code = models.CharField(_("código INEI"), max_length=4, unique=True, help_text=_("4 dígitos: DDPP."))
    name = models.CharField(_("nombre"), max_length=80)

    class Meta:
        verbose_name = _("provincia")
        verbose_name_plural = _("provincias")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=r"^[0-9]{4}$"), name="province_code_four_digits"),
        ]

    def __str__(self):
        return f"{self.name} ({self.region.name})"

    def clean(self):
        if self.region_id and self.code and not self.code.startswith(self.region.code):
            raise ValidationError({"code": _("El código de la provincia debe empezar con el de su región.")})


class District(TimeStampedModel):
    province = models.ForeignKey(
        Province, verbose_name=_("provincia"), on_delete=models.PROTECT, related_name="districts"
    )
    ubigeo = models.CharField(_("UBIGEO"), max_length=6, unique=True, validators=[validate_ubigeo])
    name = models.CharField(_("nombre"), max_length=80)

    class Meta:
        verbose_name = _("distrito")
        verbose_name_plural = _("distritos")
        ordering = ["ubigeo"]
        constraints = [
            models.CheckConstraint(condition=Q(ubigeo__regex=r"^[0-9]{6}$"), name="district_ubigeo_six_digits"),
        ]

    def __str__(self):
        return f"{self.name} ({self.ubigeo})"

    def clean(self):
        if self.province_id and self.ubigeo and not self.ubigeo.startswith(self.province.code):
            raise ValidationError({"ubigeo": _("El UBIGEO del distrito debe empezar con el código de su provincia.")})
