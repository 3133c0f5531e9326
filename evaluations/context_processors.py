from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.permissions import can_use_admin
from networks import permissions as field
from schools import permissions as school_permissions
from workshops import permissions as workshop_permissions

from . import permissions as evaluation_permissions


def navigation(request):
    """The navigation entries the signed-in person may use: each one asks the predicate of its page's gate."""
    user = getattr(request, "user", None)
    if not (user and user.is_authenticated):
        return {"nav_items": []}
    entries = [
        (True, _("Inicio"), "evaluations:home"),
        (field.can_manage_networks(user), _("Redes"), "networks:network-list"),
        (field.can_log_visits(user), _("Nueva visita"), "networks:visit-create"),
        (field.can_use_field_work(user), _("Visitas"), "networks:visit-list"),
        (field.can_approve_photo(user), _("Fotos por aprobar"), "networks:photo-list"),
        (field.can_use_field_work(user), _("Reuniones"), "networks:meeting-list"),
        (workshop_permissions.can_see_workshops(user), _("Talleres"), "workshops:workshop-list"),
        (field.can_read_curriculum(user), _("Currículo"), "networks:curriculum"),
        (school_permissions.can_manage_sponsors(user), _("Auspiciadores"), "sponsors:list"),
        (school_permissions.can_import_schools(user), _("Importar padrón"), "schools:school-import"),
        (evaluation_permissions.can_enter_results(user), _("Importar resultados"), "evaluations:result-import"),
        (evaluation_permissions.can_see_reports(user), _("Informes"), "evaluations:report-list"),
        (
            evaluation_permissions.can_preview_sponsor_portal(user),
            _("Portal de auspiciadores"),
            "evaluations:portal-preview-list",
        ),
        (school_permissions.can_request_schools(user), _("Elegir instituciones"), "evaluations:candidate-offer"),
        (school_permissions.can_request_schools(user), _("Mis solicitudes"), "evaluations:school-request-list"),
        (school_permissions.can_manage_candidates(user), _("Candidatas"), "evaluations:candidate-group-list"),
        (can_use_admin(user), _("Administración de datos"), "admin:index"),
    ]
    return {"nav_items": [{"label": label, "url": reverse(name)} for allowed, label, name in entries if allowed]}
