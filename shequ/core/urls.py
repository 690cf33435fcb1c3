"""Audit-trail pages."""

app_name = "audit"
urlpatterns: list = []
