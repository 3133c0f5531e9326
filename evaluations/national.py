"""Peru's national ECE figures that a school's results are compared with: the one place they are kept.

Source: Ministerio de Educación del Perú (MINEDU), Oficina de Medición de la Calidad de los Aprendizajes
(UMC), Evaluación Censal de Estudiantes (ECE), national results for 2.° grado de primaria: the share of
students in the "Satisfactorio" level, in percent (as listed in the project's DOMAIN.md). Only the share
in Satisfactorio is kept; a year without a national figure shows "—".
"""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

SOURCE = _(
    "Fuente de las cifras nacionales: MINEDU, Oficina de Medición de la Calidad de los Aprendizajes (UMC), "
    "Evaluación Censal de Estudiantes (ECE), 2.° grado de primaria, % de estudiantes en nivel satisfactorio."
)

# (grade, subject) -> {year: % satisfactorio}
NATIONAL_SATISFACTORIO: dict[tuple[int, str], dict[int, Decimal]] = {
    (2, "reading"): {
        2007: Decimal("15.9"),
        2011: Decimal("29.8"),
        2013: Decimal("33.0"),
        2014: Decimal("43.5"),
        2015: Decimal("49.8"),
        2016: Decimal("46.4"),
    },
    (2, "math"): {
        2011: Decimal("13.2"),
        2015: Decimal("26.6"),
        2016: Decimal("34.1"),
    },
}


def national_satisfactorio(*, year: int, grade: int, subject: str) -> Decimal | None:
    """The national % in Satisfactorio for that year, grade and subject, or None when there is no figure."""
    return NATIONAL_SATISFACTORIO.get((grade, subject), {}).get(year)
