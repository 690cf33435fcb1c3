"""/api/v1/ routes of party building, one module per part of the work, each listing its own
``urlpatterns`` (mounted by party/api/urls.py)."""
