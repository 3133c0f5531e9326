"""Asking for a list's file in the background: what the list page's button sends (the list's kind, the
format, and the list's query string as the page applied it). Whether the export may be made (the filters
mean a list, the queue has room) is `export_request`'s to say."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..dashboard.lists import KINDS
from ..models import ExportJob

QUERY_MAX_LENGTH = ExportJob._meta.get_field("query").max_length


class ExportRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Lista"),
        choices=[(slug, kind.title) for slug, kind in KINDS.items()],
        error_messages={"invalid_choice": _("Esa lista no existe en el panel."), "required": _("Falta la lista.")},
    )
    format = forms.ChoiceField(
        label=_("Formato"),
        choices=ExportJob.Format.choices,
        error_messages={"invalid_choice": _("Elija CSV o Excel (XLSX)."), "required": _("Elija CSV o Excel (XLSX).")},
    )
    query = forms.CharField(
        label=_("Filtros"),
        required=False,
        max_length=QUERY_MAX_LENGTH,
        error_messages={"max_length": _("Los filtros de la lista son demasiado largos: vuelva a la lista.")},
    )
