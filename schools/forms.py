"""Forms of the staff's sponsor pages. They parse and check what was typed; the services decide and save."""

from decimal import Decimal

from crispy_forms.helper import FormHelper
from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput
from core.models import FIRST_SCHOOL_YEAR, LAST_SCHOOL_YEAR
from core.validators import not_in_future

from .models import SPONSORSHIP_YEARS, Currency, School, Sponsor
from .validators import validate_ruc

AMOUNT_MAX_DIGITS = 14  # as the models keep them: up to 999,999,999,999.99


class _CrispyForm(forms.Form):
    """Rendered by crispy inside the page's own <form> (which holds the CSRF token and the button)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class SponsorSearchForm(forms.Form):
    q = forms.CharField(label=_("Buscar por razón social o RUC"), required=False, max_length=60)


class SponsorForm(_CrispyForm):
    name = forms.CharField(label=_("Razón social"), max_length=150)
    ruc = forms.CharField(
        label=_("RUC"),
        max_length=11,
        validators=[validate_ruc],
        help_text=_("11 dígitos, como figura en SUNAT."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    sector = forms.ChoiceField(label=_("Sector"), choices=Sponsor.Sector.choices)
    contact_name = forms.CharField(label=_("Persona de contacto"), max_length=120, required=False)
    contact_email = forms.EmailField(label=_("Correo de contacto"), required=False)

    def clean_ruc(self):
        return self.cleaned_data["ruc"].strip()


def _year_field(label, *, required=True, help_text=""):
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=FIRST_SCHOOL_YEAR,
        max_value=LAST_SCHOOL_YEAR,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )


def _amount_field(label, *, minimum: Decimal):
    return forms.DecimalField(
        label=label,
        max_digits=AMOUNT_MAX_DIGITS,
        decimal_places=2,
        validators=[MinValueValidator(minimum)],
        widget=forms.NumberInput(attrs={"step": "0.01", "min": str(minimum), "inputmode": "decimal"}),
    )


class SponsorshipForm(_CrispyForm):
    """An agreement: the school by its código modular (and anexo) when it is new; years, amount, currency."""

    codigo_modular = forms.CharField(
        label=_("Código modular de la institución"),
        max_length=7,
        help_text=_("7 dígitos, como en el padrón de ESCALE (por ejemplo, 0403691)."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    anexo = forms.IntegerField(
        label=_("Anexo"),
        min_value=0,
        max_value=99,
        initial=0,
        help_text=_("0 para la sede principal."),
    )
    start_year = _year_field(_("Año de inicio"))
    end_year = _year_field(
        _("Año de fin"),
        required=False,
        help_text=_("Si lo deja vacío: cinco años escolares desde el inicio (convenio de cinco años)."),
    )
    committed_amount = _amount_field(_("Monto comprometido"), minimum=Decimal("0"))
    currency = forms.ChoiceField(label=_("Moneda"), choices=Currency.choices, initial=Currency.PEN)

    def __init__(self, *args, with_school=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_year"].initial = timezone.localdate().year
        self.fields["end_year"].widget.attrs["placeholder"] = str(timezone.localdate().year + SPONSORSHIP_YEARS - 1)
        if not with_school:  # an agreement keeps its school: a different school is another agreement
            del self.fields["codigo_modular"]
            del self.fields["anexo"]

    def clean_codigo_modular(self):
        value = self.cleaned_data["codigo_modular"].strip()
        if not value.isdigit():
            raise forms.ValidationError(_("El código modular debe tener solo dígitos (por ejemplo, 0403691)."))
        return value.zfill(7)  # some exports drop the leading zero

    def clean(self):
        data = super().clean()
        code, anexo = data.get("codigo_modular"), data.get("anexo")
        if code is not None and anexo is not None:
            data["school"] = School.objects.filter(codigo_modular=code, anexo=anexo).first()
            if data["school"] is None:
                self.add_error(
                    "codigo_modular",
                    _(
                        "No hay ninguna institución con el código modular %(code)s (anexo %(anexo)s). "
                        "Revise el código o impórtela desde el padrón."
                    )
                    % {"code": code, "anexo": anexo},
                )
        start, end = data.get("start_year"), data.get("end_year")
        if start and end and end < start:
            self.add_error("end_year", _("El año de fin no puede ser anterior al de inicio."))
        return data


class ContributionForm(_CrispyForm):
    date = forms.DateField(label=_("Fecha"), widget=DateInput, validators=[not_in_future])
    amount = _amount_field(_("Monto"), minimum=Decimal("0.01"))
    currency = forms.ChoiceField(label=_("Moneda"), choices=Currency.choices, initial=Currency.PEN)
    school = forms.ModelChoiceField(
        label=_("Institución (opcional)"),
        queryset=School.objects.none(),
        required=False,
        empty_label=_("— General: sin institución —"),
        help_text=_("Solo las instituciones con convenio de esta empresa."),
    )
    note = forms.CharField(label=_("Nota"), max_length=200, required=False)

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools
        self.fields["date"].initial = timezone.localdate()
        self.fields["date"].widget.attrs["max"] = timezone.localdate().isoformat()


class SponsorUserInviteForm(_CrispyForm):
    first_name = forms.CharField(label=_("Nombres"), max_length=150)
    last_name = forms.CharField(label=_("Apellidos"), max_length=150)
    email = forms.EmailField(
        label=_("Correo electrónico"),
        max_length=150,  # it is also the user name (at most 150 characters)
        help_text=_("Le enviaremos un enlace para crear su contraseña. Será también su usuario."),
    )
