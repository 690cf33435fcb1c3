from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PbConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "shequ.pb"
    verbose_name = _("Micro-projects")

    def ready(self) -> None:
        from . import rules  # noqa: F401
