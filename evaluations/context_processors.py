from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .permissions import can_use_admin


def navigation(request):
    """The navigation entries for the signed-in person's role (the template only draws them)."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {"nav_items": []}
    items = [{"label": _("Inicio"), "url": reverse("evaluations:home")}]
    if user.is_coordinator:
        items += [
            {"label": _("Nueva visita"), "url": reverse("networks:visit-create")},
            {"label": _("Visitas"), "url": reverse("networks:visit-list")},
            {"label": _("Reuniones"), "url": reverse("networks:meeting-list")},
        ]
    elif user.is_ipae_staff:
        items += [
            {"label": _("Redes"), "url": reverse("networks:network-list")},
            {"label": _("Visitas"), "url": reverse("networks:visit-list")},
            {"label": _("Fotos por aprobar"), "url": reverse("networks:photo-list")},
            {"label": _("Reuniones"), "url": reverse("networks:meeting-list")},
        ]
    if can_use_admin(user):
        items.append({"label": _("Administración de datos"), "url": reverse("admin:index")})
    return {"nav_items": items}
