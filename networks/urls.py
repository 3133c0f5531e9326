from django.urls import path

from . import views

app_name = "networks"

urlpatterns = [
    path("", views.NetworkListView.as_view(), name="network-list"),
    path("<int:pk>/", views.NetworkDetailView.as_view(), name="network-detail"),
    path("curriculo/", views.CurriculumView.as_view(), name="curriculum"),
    path("curriculo/<int:number>/editar/", views.CurriculumYearEditView.as_view(), name="curriculum-edit"),
    path("<int:pk>/coordinacion/", views.NetworkReassignView.as_view(), name="network-reassign"),
    path("instituciones/<int:pk>/", views.SchoolDetailView.as_view(), name="school-detail"),
    path("docentes/<int:pk>/", views.TeacherDetailView.as_view(), name="teacher-detail"),
    path("visitas/", views.VisitListView.as_view(), name="visit-list"),
    path("visitas/nueva/", views.VisitCreateView.as_view(), name="visit-create"),
    path("visitas/<int:pk>/", views.VisitDetailView.as_view(), name="visit-detail"),
    path("visitas/<int:pk>/editar/", views.VisitEditView.as_view(), name="visit-edit"),
    path("visitas/<int:pk>/historial/", views.VisitHistoryView.as_view(), name="visit-history"),
    path("fotos/", views.PhotoListView.as_view(), name="photo-list"),
    path("fotos/<int:pk>/", views.visit_photo, name="visit-photo"),
    path("fotos/<int:pk>/aprobar/", views.PhotoApproveView.as_view(), name="photo-approve"),
    path("familias/nueva/", views.FamilyMeetingCreateView.as_view(), name="family-meeting-create"),
    path("familias/<int:pk>/", views.FamilyMeetingDetailView.as_view(), name="family-meeting-detail"),
    path("familias/<int:pk>/editar/", views.FamilyMeetingEditView.as_view(), name="family-meeting-edit"),
    path("reuniones/", views.MeetingListView.as_view(), name="meeting-list"),
    path("reuniones/nueva/", views.MeetingCreateView.as_view(), name="meeting-create"),
]
