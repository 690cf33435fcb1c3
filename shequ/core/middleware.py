"""Puts the requesting user into the audit context for the whole request."""

from django.conf import settings

from .context import acting_as


def client_ip(request) -> str:
    """The client's address. Behind a reverse proxy, SHEQU_PROXY_COUNT trusted proxies each
    append to X-Forwarded-For: the address the outermost one saw is the client's."""
    if request is None:
        return ""
    proxies = settings.SHEQU_PROXY_COUNT
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies and forwarded:
        hops = [h.strip() for h in forwarded.split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies][:45]
    return request.META.get("REMOTE_ADDR", "")


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user if request.user.is_authenticated else None
        with acting_as(user, ip=client_ip(request), username="" if user else "anonymous"):
            return self.get_response(request)


class ChineseFirstLocaleMiddleware:
    """zh-Hans unless the user chose English with the switch (the language cookie).

    Django's LocaleMiddleware follows the browser's Accept-Language; a district platform is
    Chinese first whatever the browser says, and English is the user's explicit choice.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary = response.headers.get("Vary", "")
        if "Cookie" not in patch_vary:
            response.headers["Vary"] = f"{patch_vary}, Cookie" if patch_vary else "Cookie"
        return response
