"""API routes of the core app."""

from rest_framework.routers import SimpleRouter

from .views import AuditEventApi

router = SimpleRouter(use_regex_path=False)
router.register("audit-events", AuditEventApi, basename="audit-event")

urlpatterns = router.urls
