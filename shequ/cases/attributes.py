"""Answers to a category's extra questions (``CategoryAttribute``), checked on intake."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import AttributeType, CaseCategory


def attributes_clean(category: CaseCategory | None, raw: dict | None) -> dict:
    """The answers keyed by attribute code, each checked against its type; a missing required
    answer or a bad one is reported as ``attribute[code]`` (Open311's field name)."""
    raw = raw or {}
    if category is None:
        return {}
    errors: dict[str, str] = {}
    clean: dict[str, object] = {}
    for attribute in category.attributes.all():
        field = f"attribute[{attribute.code}]"
        value = raw.get(attribute.code)
        if isinstance(value, str):
            value = value.strip()
        if value in (None, "", []):
            if attribute.required:
                errors[field] = _("Answer: %(question)s") % {"question": attribute.description}
            continue
        keys = {str(v.get("key")) for v in attribute.values}
        kind = attribute.datatype
        if kind == AttributeType.NUMBER:
            try:
                clean[attribute.code] = str(Decimal(str(value)))
            except InvalidOperation:
                errors[field] = _("Enter a number.")
        elif kind == AttributeType.DATETIME:
            try:
                clean[attribute.code] = dt.datetime.fromisoformat(str(value)).isoformat()
            except ValueError:
                errors[field] = _("Enter a date and time such as 2026-10-09T10:00:00+08:00.")
        elif kind == AttributeType.SINGLE:
            if str(value) not in keys:
                errors[field] = _("Choose one of the listed values.")
            else:
                clean[attribute.code] = str(value)
        elif kind == AttributeType.MULTI:
            values = [str(v) for v in (value if isinstance(value, list) else [value])]
            if not set(values) <= keys:
                errors[field] = _("Choose among the listed values.")
            else:
                clean[attribute.code] = values
        else:
            clean[attribute.code] = str(value)
    if errors:
        raise ValidationError(errors)
    return clean
