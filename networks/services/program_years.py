"""The one rule for dating field work: only inside the network's five program years."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import Network


def network_program_year(*, network: Network, date: datetime.date) -> int:
    """The network's program year on the date; refuses dates before it joined or after it graduated."""
    year = network.program_year_on(date) if date else None
    if year is None:
        raise ValidationError(
            {
                "date": _("La fecha es anterior al ingreso de la red al programa (%(year)s).")
                % {"year": network.cohort_start_year}
            }
        )
    if network.is_graduated_on(date):
        raise ValidationError({"date": _("En esa fecha la red ya había egresado del programa.")})
    return year
