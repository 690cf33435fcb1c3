"""API routes of the territory app."""

from rest_framework.routers import SimpleRouter

from .views import NodeApi

router = SimpleRouter(use_regex_path=False)
router.register("nodes", NodeApi, basename="node")

urlpatterns = router.urls
