from crispy_forms.helper import FormHelper
from django.contrib.auth import authenticate
from django.contrib.auth import forms as auth_forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class LoginForm(auth_forms.AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.fields["username"].widget.attrs.update({"autocapitalize": "none", "autocorrect": "off"})


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    """Django's form, with the current password checked the way the login checks it.

    Through `authenticate()`, every wrong guess counts toward the same lockout as a failed login
    (django-axes, per user name and address): an open session on a borrowed phone is not a way to
    guess the password without limit.
    """

    def __init__(self, user, *args, request=None, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        checked = authenticate(self.request, username=self.user.get_username(), password=old_password)
        if checked is None or checked.pk != self.user.pk:
            raise ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return old_password


class InvitationPasswordForm(auth_forms.SetPasswordForm):
    """The invited person's first password, twice, held to the project's password validators."""

    def __init__(self, user, *args, **kwargs):
        super().__init__(user, *args, **kwargs)
        self.fields["new_password1"].label = _("Contraseña")
        self.fields["new_password2"].label = _("Repita la contraseña")
        self.fields["new_password2"].help_text = _("Escriba la misma contraseña, para comprobarla.")
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
