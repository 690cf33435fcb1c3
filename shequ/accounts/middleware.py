"""Forces a password change before anything else when the account requires it."""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.must_change_password
            and not request.path.startswith((settings.STATIC_URL, "/api/", "/i18n/"))
            and request.path
            not in (reverse("accounts:password_change"), reverse("accounts:logout"))
        ):
            return redirect("accounts:password_change")
        return self.get_response(request)
