"""API routes of the territory app."""

urlpatterns: list = []
