from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "shequ.cases"
    verbose_name = _("Residents' requests")

    def ready(self) -> None:
        from . import rules  # noqa: F401
