from django.contrib.auth import views as auth_views
from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("ingresar/", views.LoginView.as_view(), name="login"),
    path("salir/", auth_views.LogoutView.as_view(), name="logout"),
    path("contrasena/", views.PasswordChangeView.as_view(), name="password-change"),
    path("contrasena/listo/", views.PasswordChangeDoneView.as_view(), name="password-change-done"),
    path("invitacion/<str:uidb64>/<str:token>/", views.InvitationAcceptView.as_view(), name="invitation"),
]
