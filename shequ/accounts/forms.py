"""Login and password forms with the platform's policy messages in Chinese."""

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import SetPasswordForm
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import User


class LoginForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Username"), max_length=150)
    password = forms.CharField(label=gettext_lazy("Password"), widget=forms.PasswordInput)

    def __init__(self, request=None, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if not username or not password:
            return self.cleaned_data
        try:
            self.user = authenticate(self.request, username=username, password=password)
        except PermissionDenied:
            self.user = None
        if self.user is None:
            locked = User.objects.filter(username=username).first()
            if locked is not None and locked.is_locked():
                raise forms.ValidationError(
                    _("Too many failed attempts: the account is locked until %(t)s.")
                    % {"t": locked.locked_until.astimezone().strftime("%H:%M")},
                    code="locked",
                )
            raise forms.ValidationError(_("Wrong username or password."), code="invalid_login")
        return self.cleaned_data

    def get_user(self):
        return self.user


class PasswordChangeForm(SetPasswordForm):
    """New password twice, checked against the policy validators."""
