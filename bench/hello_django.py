"""The floor of the case steps: Django's hello world under the same gunicorn as the platform —
the middleware ``django-admin startproject`` writes, no database, one view that answers a POST
as the platform's steps do (a redirect). What the framework costs before any of our work."""

from __future__ import annotations

from django.conf import settings

settings.configure(
    DEBUG=False,
    SECRET_KEY="bench-hello-world-not-secret",  # noqa: S106 - a throwaway floor app
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth"],
    MIDDLEWARE=[
        "django.middleware.security.SecurityMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ],
    USE_TZ=True,
    DATABASES={},
)

import django  # noqa: E402

django.setup()

from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpResponseRedirect  # noqa: E402
from django.urls import path  # noqa: E402


def hello(request):
    return HttpResponseRedirect("/hello/")


urlpatterns = [path("hello/", hello)]
application = get_wsgi_application()
