from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AdmissionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "shequ.admission"
    verbose_name = _("Task admission")

    def ready(self) -> None:
        from . import rules  # noqa: F401
