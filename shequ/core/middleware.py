"""Puts the requesting user into the audit context for the whole request."""

from .context import acting_as


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "")


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user if request.user.is_authenticated else None
        with acting_as(user, ip=client_ip(request), username="" if user else "anonymous"):
            return self.get_response(request)
