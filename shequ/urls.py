"""Root URLs: each app mounts its own pages and API routes."""

from django.conf import settings
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from shequ.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("shequ.accounts.urls")),
    path("territory/", include("shequ.territory.urls")),
    path("people/", include("shequ.people.urls")),
    path("audit/", include("shequ.core.urls")),
    path("sheets/", include("shequ.sheets.urls")),
    path("cases/", include("shequ.cases.urls")),
    path("admission/", include("shequ.admission.urls")),
    path("party/", include("shequ.party.urls")),
    path("deliberation/", include("shequ.deliberation.urls")),
    path("pb/", include("shequ.pb.urls")),
    path("api/v1/", include("shequ.api_urls")),
    path("open311/v2/", include("shequ.cases.open311.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("healthz", core_views.healthz, name="healthz"),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
