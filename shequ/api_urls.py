"""/api/v1/: every app's API routes."""

from django.urls import include, path

urlpatterns = [
    path("auth/", include("shequ.accounts.api.urls")),
    path("", include("shequ.territory.api.urls")),
    path("", include("shequ.people.api.urls")),
    path("", include("shequ.core.api.urls")),
    path("party/", include("shequ.party.api.urls")),
    path("deliberation/", include("shequ.deliberation.api.urls")),
    path("pb/", include("shequ.pb.api.urls")),
]
