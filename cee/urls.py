from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from accounts.views import healthz

admin.site.site_header = "cee · Construyendo Escuelas Exitosas"
admin.site.site_title = "cee"

urlpatterns = [
    path("", include("evaluations.urls")),
    path("cuenta/", include("accounts.urls")),
    path("redes/", include("networks.urls")),
    path("instituciones/", include("schools.urls")),
    path("auspiciadores/", include("schools.urls_sponsors")),
    path("talleres/", include("workshops.urls")),
    # Choosing the language must work before signing in (the switch is on the login page too).
    path("idioma/", login_not_required(set_language), name="set_language"),
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

handler400 = "django.views.defaults.bad_request"
handler403 = "django.views.defaults.permission_denied"
handler404 = "django.views.defaults.page_not_found"
handler500 = "django.views.defaults.server_error"
