"""The two steps of a staff import page: upload and preview, then confirm. No program rule.

An app's page subclasses `ImportView` with its gate (accounts' PermissionGateMixin), its template, the
columns it needs, and `run(table=, commit=, source=)`, which calls the app's import service.

1. POST a file: it is read (CSV or XLSX by its bytes, `core.imports`), every row checked without saving
   anything, and the preview shows the rows to create, to update, left unchanged, skipped (with why) and
   rejected (with why, by the file's row number). The file waits in private storage (`core.import_uploads`).
2. POST the preview's token: the kept file is read again and imported in one transaction. If a row fails
   now (the data changed since the preview) nothing is imported and the new preview says why.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from .import_rows import ImportReport
from .import_uploads import upload_discard, upload_keep, upload_read
from .imports import Table, check_size, read_table

SHOWN_ROWS = 100  # rows listed per group in a preview; the counts are always whole


class ImportFileForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Archivo (CSV o XLSX)"),
        error_messages={
            "required": gettext_lazy("Elija el archivo que quiere importar."),
            "empty": gettext_lazy("El archivo está vacío."),
            "invalid": gettext_lazy("No se recibió un archivo: elíjalo de nuevo."),
        },
    )


class ImportConfirmForm(forms.Form):
    token = forms.RegexField(regex=r"^[0-9a-f]{32}\Z", widget=forms.HiddenInput)


def max_bytes() -> int:
    return settings.CEE_IMPORT_MAX_MB * 1024 * 1024


def describe(table: Table) -> str:
    if table.kind == "xlsx":
        return _("libro de Excel (XLSX), primera hoja")
    separator = {",": _("comas"), ";": _("punto y coma"), "\t": _("tabulaciones")}[table.delimiter]
    encoding = {"utf-8": "UTF-8", "cp1252": "Windows-1252 (Excel)", "latin-1": "Latin-1"}[table.encoding]
    return _("CSV en %(encoding)s, separado por %(separator)s") % {"encoding": encoding, "separator": separator}


class ImportView(View):
    template_name = ""
    kind = ""  # a short lower-case word naming the import ("schools"): part of the kept file's name
    columns: tuple[str, ...] = ()  # the file's required columns
    success_url = ""

    def run(self, *, table: Table, commit: bool, source: str) -> ImportReport:
        raise NotImplementedError

    def success_message(self, report: ImportReport) -> str:
        return _(
            "Importación terminada: %(created)s filas nuevas, %(updated)s actualizadas, %(unchanged)s sin cambios."
        ) % {
            "created": len(report.created),
            "updated": len(report.updated),
            "unchanged": report.unchanged,
        }

    def page(self, status=200, **context):
        context = {
            "form": ImportFileForm(),
            "columns": self.columns,
            "max_mb": settings.CEE_IMPORT_MAX_MB,
            "shown_rows": SHOWN_ROWS,
            **context,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, *args, **kwargs):
        return self.page()

    def post(self, request, *args, **kwargs):
        if "token" in request.POST:
            return self.confirm()
        return self.preview()

    def _read(self, data: bytes) -> Table:
        return read_table(data, max_bytes=max_bytes(), required=self.columns)

    def preview(self):
        form = ImportFileForm(self.request.POST, self.request.FILES)
        if not form.is_valid():
            return self.page(status=400, form=form)
        upload = form.cleaned_data["file"]
        try:
            check_size(upload.size, max_bytes=max_bytes())
            table = self._read(upload.read())
        except ValidationError as error:
            form.add_error("file", error)
            return self.page(status=400, form=form)
        source = upload.name[-100:]
        report = self.run(table=table, commit=False, source=source)
        token = None
        if report.ok and report.changes:
            upload.seek(0)
            token = upload_keep(user=self.request.user, kind=self.kind, data=upload.read())
            self.request.session[f"import-{token}"] = source
        return self.page(report=report, table=table, source=source, described=describe(table), token=token)

    def confirm(self):
        user, form = self.request.user, ImportConfirmForm(self.request.POST)
        token = form.cleaned_data["token"] if form.is_valid() else None
        data = upload_read(user=user, kind=self.kind, token=token) if token else None
        if data is None:
            gone = _(
                "El archivo de la vista previa ya no está disponible (se importó, o pasaron más de %(minutes)s "
                "minutos). Súbalo de nuevo."
            ) % {"minutes": settings.CEE_IMPORT_KEEP_MINUTES}
            return self.page(status=400, gone=gone)
        source = self.request.session.get(f"import-{token}", _("archivo subido"))
        table = self._read(data)
        report = self.run(table=table, commit=True, source=source)
        if not report.committed:
            # The data changed since the preview: the file stays refused until it is uploaded again.
            upload_discard(user=user, kind=self.kind, token=token)
            return self.page(status=409, report=report, table=table, source=source, described=describe(table))
        upload_discard(user=user, kind=self.kind, token=token)
        self.request.session.pop(f"import-{token}", None)
        messages.success(self.request, self.success_message(report))
        return redirect(self.success_url)
