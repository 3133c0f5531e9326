from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .permissions import can_use_admin


def navigation(request):
    """The navigation entries for the signed-in person's role (the template only draws them)."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {"nav_items": []}
    items = [{"label": _("Inicio"), "url": reverse("evaluations:home")}]
    if can_use_admin(user):
        items.append({"label": _("Administración de datos"), "url": reverse("admin:index")})
    return {"nav_items": items}
