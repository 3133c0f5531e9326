"""Widgets of the staff imports: a cell's text to a value, or a ValueError whose message is Spanish.

django-import-export's own widgets answer in English and accept what a padrón must not (a código modular
of 6 digits, a grade of 2.5); these say what is wrong with the cell, and the report names its column.
"""

import functools
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils.translation import gettext as _
from import_export import widgets

DIGITS = re.compile(r"[0-9]+")


@functools.lru_cache(maxsize=4096)  # a column holds few distinct words ("Urbana", "Rural")
def plain(text: str) -> str:
    """Lower case, no accents, single spaces: "Polidocente  Multigrado" and "polidocente multigrado" match."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return " ".join(text.lower().split())


class Text(widgets.Widget):
    def __init__(self, *, max_length: int, required: bool = True):
        super().__init__()
        self.max_length, self.required = max_length, required

    def clean(self, value, row=None, **kwargs):
        value = " ".join(str(value or "").split())
        if not value and self.required:
            raise ValueError(_("Falta el valor."))
        if len(value) > self.max_length:
            raise ValueError(
                _("Tiene %(length)s caracteres; el máximo es %(max)s.") % {"length": len(value), "max": self.max_length}
            )
        return value


class Digits(widgets.Widget):
    """A code of `length` digits kept as text; a code that lost leading zeros (Excel) down to `shortest` is padded."""

    def __init__(self, length: int, *, shortest: int | None = None, required: bool = True, example: str = ""):
        super().__init__()
        self.length, self.shortest, self.required, self.example = length, shortest or length, required, example

    def clean(self, value, row=None, **kwargs):
        value = str(value or "").strip()
        if not value:
            if self.required:
                raise ValueError(_("Falta el valor."))
            return ""
        if DIGITS.fullmatch(value) and self.shortest <= len(value) <= self.length:
            return value.zfill(self.length)
        raise ValueError(
            _("«%(value)s» no es válido: debe tener %(length)s dígitos (por ejemplo, %(example)s).")
            % {"value": value[:20], "length": self.length, "example": self.example}
        )


class Integer(widgets.Widget):
    def __init__(self, *, minimum: int = 0, maximum: int = 1_000_000, default: int | None = None):
        super().__init__()
        self.minimum, self.maximum, self.default = minimum, maximum, default

    def clean(self, value, row=None, **kwargs):
        value = str(value or "").strip()
        if not value and self.default is not None:
            return self.default
        if DIGITS.fullmatch(value) and self.minimum <= int(value) <= self.maximum:
            return int(value)
        raise ValueError(
            _("«%(value)s» no es válido: debe ser un número entero entre %(min)s y %(max)s.")
            % {"value": value[:20], "min": self.minimum, "max": self.maximum}
        )


class DecimalNumber(widgets.Widget):
    """A decimal with a point or a comma ("-5.19" or "-5,19"), rounded to `places`; empty reads None."""

    def __init__(self, *, places: int, minimum: Decimal, maximum: Decimal):
        super().__init__()
        self.step = Decimal(1).scaleb(-places)
        self.minimum, self.maximum = minimum, maximum

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        if not text:
            return None
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        try:
            number = Decimal(text).quantize(self.step, rounding=ROUND_HALF_UP)
        except (InvalidOperation, ValueError):
            number = None
        if number is None or not number.is_finite() or not self.minimum <= number <= self.maximum:
            raise ValueError(
                _("«%(value)s» no es válido: debe ser un número entre %(min)s y %(max)s.")
                % {"value": text[:20], "min": self.minimum, "max": self.maximum}
            )
        return number


class Choice(widgets.Widget):
    """One of a few words, without regard to case or accents: {"urbana": "urbana", "rural": "rural"}."""

    def __init__(self, choices: dict[str, str], *, shown: str):
        super().__init__()
        self.choices = {plain(text): value for text, value in choices.items()}
        self.shown = shown

    def clean(self, value, row=None, **kwargs):
        text = str(value or "").strip()
        try:
            return self.choices[plain(text)]
        except KeyError:
            if not text:
                raise ValueError(_("Falta el valor (%(choices)s).") % {"choices": self.shown}) from None
            raise ValueError(
                _("«%(value)s» no es un valor aceptado (%(choices)s).") % {"value": text[:40], "choices": self.shown}
            ) from None


class Lookup(widgets.Widget):
    """A code read by `code` (a Digits widget) and found in `known` (filled by the resource before the rows)."""

    def __init__(self, code: Digits, *, unknown: str):
        super().__init__()
        self.code, self.unknown, self.known = code, unknown, {}

    def clean(self, value, row=None, **kwargs):
        code = self.code.clean(value)
        try:
            return self.known[code]
        except KeyError:
            raise ValueError(self.unknown % {"value": code}) from None
