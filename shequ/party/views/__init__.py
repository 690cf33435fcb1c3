"""Pages of party building, one module per part of the work; each module lists its own
``urlpatterns`` and party/urls.py mounts them all under /party/."""
