"""Base classes for every app's data admin."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
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
