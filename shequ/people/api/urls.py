"""API routes of the people app."""

urlpatterns: list = []
