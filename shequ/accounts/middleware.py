"""Forces a password change before anything else when the account requires it."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and user.must_change_password
            and not request.path.startswith((settings.STATIC_URL, "/i18n/"))
            and request.path
            not in (reverse("accounts:password_change"), reverse("accounts:logout"))
        ):
            if request.path.startswith("/api/"):
                # The API cannot redirect; a session must not use it to skip the change.
                return JsonResponse(
                    {
                        "error": {
                            "code": "password_change_required",
                            "message": _("Change your password before going on."),
                            "fields": {},
                        }
                    },
                    status=403,
                )
            return redirect("accounts:password_change")
        return self.get_response(request)
