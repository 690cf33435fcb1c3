from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SheetsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "shequ.sheets"
    verbose_name = _("Spreadsheet import and export")

    def ready(self) -> None:
        from . import cases_kind, rules  # noqa: F401
