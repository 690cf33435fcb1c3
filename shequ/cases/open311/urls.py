"""/open311/v2/: GeoReport v2, every document in .json and .xml (the format by extension)."""

from django.urls import re_path
from django.views.decorators.http import require_safe

from . import views

app_name = "open311"
FMT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    re_path(r"^discovery" + FMT, require_safe(views.discovery), name="discovery"),
    re_path(r"^services" + FMT, require_safe(views.service_list), name="services"),
    re_path(
        r"^services/(?P<service_code>[^/]+)" + FMT,
        require_safe(views.service_definition),
        name="service",
    ),
    re_path(r"^requests" + FMT, views.service_requests, name="requests"),
    re_path(
        r"^requests/(?P<request_id>[^/]+)" + FMT,
        require_safe(views.request_detail),
        name="request",
    ),
    re_path(r"^tokens/(?P<token>[^/]+)" + FMT, require_safe(views.token_lookup), name="token"),
]
