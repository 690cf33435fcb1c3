"""Password rule: at least N of the four character classes (等保 default 3 of 4)."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_CLASSES = (r"[a-z]", r"[A-Z]", r"\d", r"[^a-zA-Z\d]")


class CharacterClassValidator:
    def __init__(self, min_classes: int = 3):
        self.min_classes = min_classes

    def validate(self, password, user=None):
        present = sum(1 for pattern in _CLASSES if re.search(pattern, password))
        if present < self.min_classes:
            raise ValidationError(
                _(
                    "The password must mix at least %(n)d of: lowercase letters, uppercase "
                    "letters, digits, symbols."
                )
                % {"n": self.min_classes},
                code="password_classes",
            )

    def get_help_text(self):
        return _("Use at least %(n)d of: lowercase, uppercase, digits, symbols.") % {
            "n": self.min_classes
        }
