"""Base classes for every app's data admin."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin


class HistoryAdmin(SimpleHistoryAdmin):
    """simple_history's admin, whose "revert to this version" writes only for people who may change the object.

    simple_history (3.13) lets anyone who may merely *view* an object post its revert form, and the
    revert saves the whole old version, whatever fields the form shows. Here a revert needs the change
    permission on the object as it stands (or, for a deleted object, the add and change permissions), so
    an admin that is read-only keeps its history readable but not revertible.
    """

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST" and not self._may_revert(request, object_id):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def _may_revert(self, request, object_id) -> bool:
        obj = self.get_object(request, unquote(object_id))
        if obj is None:
            return self.has_add_permission(request) and self.has_change_permission(request)
        return self.has_change_permission(request, obj)


class WrittenByTheApp:
    """Read-only for everyone, superusers included: the app's pages write these rows, through the services."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AppLinksAdmin(HistoryAdmin):
    """A change page that links to the app's pages (`app_links`) for what the admin does not write."""

    change_form_template = "admin/change_form_written_by_the_app.html"
    app_notice = _(
        "Aquí solo se consulta: este registro se cambia en la aplicación (botón de arriba), "
        "que aplica sus reglas y guarda el historial."
    )

    def app_links(self, request, obj) -> list[dict]:
        return []

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(app_links=self.app_links(request, obj), app_notice=self.app_notice)
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)


class ReadOnlyAdmin(WrittenByTheApp, AppLinksAdmin):
    """Every field shown as text, with links to the app's pages that change the row."""

    def get_readonly_fields(self, request, obj=None):
        # Every field shows as text, on the change page and on an old version in the history alike.
        return self.fields
