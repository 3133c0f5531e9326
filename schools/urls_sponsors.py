"""IPAE staff's pages about sponsor companies, under /auspiciadores/."""

from django.urls import path

from .views import sponsors as views

app_name = "sponsors"

urlpatterns = [
    path("", views.SponsorListView.as_view(), name="list"),
    path("nueva/", views.SponsorCreateView.as_view(), name="create"),
    path("<int:pk>/", views.SponsorDetailView.as_view(), name="detail"),
    path("<int:pk>/editar/", views.SponsorEditView.as_view(), name="edit"),
    path("<int:pk>/convenios/nuevo/", views.SponsorshipCreateView.as_view(), name="sponsorship-create"),
    path("convenios/<int:pk>/editar/", views.SponsorshipEditView.as_view(), name="sponsorship-edit"),
    path("<int:pk>/aportes/nuevo/", views.ContributionCreateView.as_view(), name="contribution-create"),
    path("aportes/<int:pk>/editar/", views.ContributionEditView.as_view(), name="contribution-edit"),
    path("<int:pk>/usuarios/invitar/", views.SponsorUserInviteView.as_view(), name="user-invite"),
    path("usuarios/<int:pk>/reenviar/", views.SponsorUserResendView.as_view(), name="user-resend"),
    path("usuarios/<int:pk>/desactivar/", views.SponsorUserDeactivateView.as_view(), name="user-deactivate"),
    path("usuarios/<int:pk>/activar/", views.SponsorUserReactivateView.as_view(), name="user-reactivate"),
]
