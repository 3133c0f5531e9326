"""The attendance of a workshop on a phone: a tick per invited person, the parents per school."""

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import MAX_PARENTS_PER_SCHOOL
from ..selectors.roster import Roster

DAMAGED_MESSAGE = _(
    "El formulario llegó incompleto o la lista cambió mientras lo llenaba. Sus marcas siguen abajo: "
    "revíselas y vuelva a guardar."
)
PARENTS_MESSAGE = _("Escriba un número de 0 a %(max)s.") % {"max": MAX_PARENTS_PER_SCHOOL}


class AttendanceForm(forms.Form):
    """`attended`: the ids of the people ticked; `parents_<school id>`: that school's parents."""

    version = forms.IntegerField(
        widget=forms.HiddenInput, min_value=0, max_value=2**31 - 1, error_messages={"required": DAMAGED_MESSAGE}
    )
    attended = forms.TypedMultipleChoiceField(
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": DAMAGED_MESSAGE},
    )

    def __init__(self, *args, roster: Roster, **kwargs):
        super().__init__(*args, **kwargs)
        self.roster = roster
        self.fields["attended"].choices = [(person.pk, str(person)) for person in roster.people]
        self.fields["version"].initial = roster.workshop.attendance_version
        self.fields["attended"].initial = sorted(roster.attended_ids)
        if roster.workshop.for_parents:
            for row in roster.schools:
                self.fields[self.parents_name(row.school.pk)] = forms.IntegerField(
                    label=_("Padres de familia asistentes"),
                    required=False,
                    min_value=0,
                    max_value=MAX_PARENTS_PER_SCHOOL,
                    initial=row.parents,
                    error_messages={
                        "invalid": PARENTS_MESSAGE,
                        "min_value": PARENTS_MESSAGE,
                        "max_value": PARENTS_MESSAGE,
                    },
                    widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "form-control parents-count"}),
                )

    @staticmethod
    def parents_name(school_id: int) -> str:
        return f"parents_{school_id}"

    def clean(self):
        data = super().clean()
        if "version" in self.errors or "attended" in self.errors:
            self.errors.pop("attended", None)
            self.add_error(None, DAMAGED_MESSAGE)
        if "version" in self.errors:
            # Something the person cannot see: the next save goes against the attendance as it is now.
            self.data = self.data.copy()
            self.data[self.add_prefix("version")] = str(self.roster.workshop.attendance_version)
        return data

    @property
    def parents(self) -> dict[int, int]:
        """The parents per invited school (empty: 0)."""
        if not self.roster.workshop.for_parents:
            return {}
        return {
            row.school.pk: self.cleaned_data.get(self.parents_name(row.school.pk)) or 0 for row in self.roster.schools
        }

    def checked(self) -> set[int]:
        """The ticks to show: what was sent (the valid ids of it), or what is recorded."""
        if not self.is_bound:
            return set(self.roster.attended_ids)
        sent = set()
        for value in self.data.getlist(self.add_prefix("attended")):
            if value.isascii() and value.isdigit():
                sent.add(int(value))
        return sent & self.roster.person_ids

    def rows(self) -> list:
        """The roster's schools, each person with `checked` and each school with its `parents_field`."""
        checked = self.checked()
        for row in self.roster.schools:
            for person in row.people:
                person.checked = person.pk in checked
            if self.roster.workshop.for_parents:
                row.parents_field = self[self.parents_name(row.school.pk)]
        return self.roster.schools
