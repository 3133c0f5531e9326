"""Validators for Peru's identifiers. Messages are user-facing: Spanish msgids, English translation."""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

validate_codigo_modular = RegexValidator(
    r"^\d{7}\Z",
    _("El código modular debe tener exactamente 7 dígitos (por ejemplo, 0403691)."),
    code="codigo_modular",
)
validate_codigo_local = RegexValidator(
    r"^\d{6}\Z", _("El código de local debe tener exactamente 6 dígitos."), code="codigo_local"
)
validate_ubigeo = RegexValidator(
    r"^\d{6}\Z", _("El UBIGEO debe tener 6 dígitos (departamento, provincia, distrito)."), code="ubigeo"
)
validate_dni = RegexValidator(r"^\d{8}\Z", _("El DNI debe tener exactamente 8 dígitos."), code="dni")

RUC_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
RUC_PREFIXES = ("10", "15", "16", "17", "20")


def ruc_check_digit(first_ten: str) -> int:
    """SUNAT's modulo-11 check digit for the first ten digits of a RUC."""
    total = sum(int(d) * w for d, w in zip(first_ten, RUC_WEIGHTS, strict=True))
    digit = 11 - total % 11
    return {10: 0, 11: 1}.get(digit, digit)


def validate_ruc(value: str) -> None:
    if not (isinstance(value, str) and len(value) == 11 and value.isdigit()):
        raise ValidationError(_("El RUC debe tener exactamente 11 dígitos."), code="ruc_format")
    if not value.startswith(RUC_PREFIXES):
        raise ValidationError(_("El RUC debe empezar con 10, 15, 16, 17 o 20."), code="ruc_prefix")
    if ruc_check_digit(value[:10]) != int(value[10]):
        raise ValidationError(_("El RUC no es válido: el dígito verificador no corresponde."), code="ruc_check_digit")
