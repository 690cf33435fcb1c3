from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartyConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "shequ.party"
    verbose_name = _("Party building")

    def ready(self) -> None:
        from . import rules  # noqa: F401
