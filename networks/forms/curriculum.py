"""Editing a program year of the curriculum: its words, its rubric, and the reason for the change."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import CurriculumYear

TEXTS = (
    "description_es",
    "description_en",
    "coordinator_tasks_es",
    "coordinator_tasks_en",
    "school_tasks_es",
    "school_tasks_en",
)


class CurriculumYearForm(forms.ModelForm):
    """The year's words; the service saves them (with the reason) and checks the rules again."""

    reason = forms.CharField(
        label=_("Motivo del cambio"),
        max_length=300,
        help_text=_("Queda en el historial del currículo. Las visitas pasadas conservan las palabras de su día."),
    )

    class Meta:
        model = CurriculumYear
        fields = ("focus_es", "focus_en", *TEXTS)
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in TEXTS}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in TEXTS:
            self.fields[name].widget.attrs["maxlength"] = 2000
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True

    def _post_clean(self):
        """The service validates and saves; the form only parses (so one path writes the curriculum)."""


class CompetencyForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1)
    name_es = forms.CharField(label=_("Competencia (español)"), max_length=200, required=False)
    name_en = forms.CharField(label=_("Competencia (inglés)"), max_length=200, required=False)
    is_active = forms.BooleanField(label=_("Vigente"), required=False, initial=True)

    def clean(self):
        data = super().clean()
        named = data.get("name_es") or data.get("name_en")
        if data.get("id") and not (data.get("name_es") and data.get("name_en")):
            raise forms.ValidationError(_("Escriba la competencia en español y en inglés."))
        if not data.get("id") and named and not (data.get("name_es") and data.get("name_en")):
            raise forms.ValidationError(_("Escriba la competencia nueva en español y en inglés."))
        return data

    @property
    def is_new_and_blank(self) -> bool:
        data = self.cleaned_data
        return not data.get("id") and not data.get("name_es") and not data.get("name_en")


CompetencyFormSet = forms.formset_factory(CompetencyForm, extra=1, max_num=20, validate_max=True)
