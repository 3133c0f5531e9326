from django.contrib import admin

from core.admin import HistoryAdmin

from .models import Attendance, Workshop


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["teacher"]


@admin.register(Workshop)
class WorkshopAdmin(HistoryAdmin):
    list_display = ["title", "starts_on", "modality", "program_year", "region", "network"]
    list_filter = ["modality", "program_year", "region", "for_directors", "for_teachers", "for_parents"]
    search_fields = ["title", "network__name", "region__name"]
    list_select_related = ["region", "network"]
    autocomplete_fields = ["region", "network"]
    date_hierarchy = "starts_on"
    inlines = [AttendanceInline]


@admin.register(Attendance)
class AttendanceAdmin(HistoryAdmin):
    list_display = ["workshop", "teacher", "attended"]
    list_filter = ["attended", "workshop__modality"]
    search_fields = ["workshop__title", "teacher__last_name", "teacher__first_name"]
    list_select_related = ["workshop", "teacher"]
    autocomplete_fields = ["workshop", "teacher"]
