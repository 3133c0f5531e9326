from django.urls import path

from . import views

app_name = "workshops"

urlpatterns = [
    path("", views.WorkshopListView.as_view(), name="workshop-list"),
    path("nuevo/", views.WorkshopCreateView.as_view(), name="workshop-create"),
    path("<int:pk>/", views.WorkshopDetailView.as_view(), name="workshop-detail"),
    path("<int:pk>/editar/", views.WorkshopEditView.as_view(), name="workshop-edit"),
    path("<int:pk>/asistencia/", views.AttendanceView.as_view(), name="attendance"),
    path("cobertura/redes/<int:pk>/", views.NetworkCoverageView.as_view(), name="coverage-network"),
    path("cobertura/regiones/<int:pk>/", views.RegionCoverageView.as_view(), name="coverage-region"),
]
