"""API routes of the people app."""

from rest_framework.routers import SimpleRouter

from .views import HouseholdApi, PersonApi, PersonTagApi, TagTypeApi

router = SimpleRouter(use_regex_path=False)
router.register("persons", PersonApi, basename="person")
router.register("households", HouseholdApi, basename="household")
router.register("tags", TagTypeApi, basename="tag")
router.register("person-tags", PersonTagApi, basename="person-tag")

urlpatterns = router.urls
