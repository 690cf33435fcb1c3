"""Forces a password change before anything else when the account requires it; keeps an idle
session alive without writing it on every request."""

import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
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


SEEN_KEY = "_seen"


class SessionRefreshMiddleware:
    """The idle timeout slides with use, but a signed-in user's session is written (its expiry
    pushed to SESSION_COOKIE_AGE from now) at most once every SHEQU_SESSION_REFRESH_SECONDS,
    not on every request: a page view then reads the session and writes nothing, instead of
    an UPDATE and a commit each time. The session therefore lasts between the idle timeout
    minus the refresh interval and the idle timeout after the last request. Sits after
    SessionMiddleware and AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        # only a session holding a login: never one for a token-authenticated API call
        if session is None or session.get(SESSION_KEY) is None:
            return response
        now = int(time.time())
        seen = session.get(SEEN_KEY)
        if not isinstance(seen, int) or now - seen >= settings.SHEQU_SESSION_REFRESH_SECONDS:
            session[SEEN_KEY] = now  # marks the session modified: SessionMiddleware saves it
        return response
