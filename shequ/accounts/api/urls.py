"""POST /api/v1/auth/token/: a token for username + password (same lockout policy)."""

from django.urls import path

from .views import TokenObtainApi

urlpatterns = [path("token/", TokenObtainApi.as_view(), name="api-token")]
