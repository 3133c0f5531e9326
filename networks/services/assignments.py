"""Who coordinates each network. History is kept: past visits stay with the coordinator who made them."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import CoordinatorAssignment, Network
from ..permissions import can_manage_networks


@transaction.atomic
def network_coordinator_reassign(*, user, network: Network, coordinator, starts_on: datetime.date):
    """Staff hand a network to another coordinator from a date; the current assignment ends the day before."""
    if not can_manage_networks(user):
        raise PermissionDenied
    if coordinator.role != "coordinator" or not coordinator.is_active:
        raise ValidationError({"coordinator": _("Elija un(a) coordinador(a) de red activo(a).")})
    Network.objects.select_for_update().get(pk=network.pk)  # one reassignment of a network at a time
    current = network.coordinator_assignments.filter(ends_on__isnull=True).first()
    if current is not None:
        if current.coordinator_id == coordinator.pk:
            raise ValidationError({"coordinator": _("Esta persona ya coordina la red.")})
        if starts_on <= current.starts_on:
            raise ValidationError(
                {
                    "starts_on": _("La nueva asignación debe empezar después del %(date)s.")
                    % {"date": current.starts_on.strftime("%d/%m/%Y")}
                }
            )
        current.ends_on = starts_on - datetime.timedelta(days=1)
        current.full_clean()
        current.save()
    assignment = CoordinatorAssignment(network=network, coordinator=coordinator, starts_on=starts_on)
    assignment.full_clean()
    assignment.save()
    return assignment
