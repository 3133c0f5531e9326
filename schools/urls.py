from django.urls import path

from . import views

app_name = "schools"

urlpatterns = [
    path("importar/", views.SchoolImportView.as_view(), name="school-import"),
]
