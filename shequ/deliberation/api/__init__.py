"""API routes, one module per part of the work (each lists its ``urlpatterns``)."""
