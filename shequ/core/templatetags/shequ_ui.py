"""Template helpers of the web interface: Tabler form fields, ages, message colours."""

from __future__ import annotations

from django import forms, template

register = template.Library()

_MESSAGE_CLASSES = {"error": "danger", "debug": "secondary"}


@register.filter
def alert_class(message) -> str:
    """Bootstrap alert colour for a django.contrib.messages message."""
    tag = getattr(message, "level_tag", "") or "info"
    return _MESSAGE_CLASSES.get(tag, tag)


@register.filter
def age(birth_date):
    from shequ.people.selectors import age_on  # core must not import apps at load time

    return age_on(birth_date)


@register.filter
def tabler_widget(bound_field):
    """Render a form field's widget with Tabler classes (and ``is-invalid`` on errors)."""
    widget = bound_field.field.widget
    if isinstance(widget, (forms.CheckboxInput, forms.RadioSelect)):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select"
    else:
        css = "form-control"
    if bound_field.errors:
        css += " is-invalid"
    existing = widget.attrs.get("class", "")
    return bound_field.as_widget(attrs={"class": f"{existing} {css}".strip()})


@register.inclusion_tag("core/includes/field.html")
def form_field(bound_field, css: str = "mb-3"):
    """Label, widget, the field's errors beside it, and its help text."""
    return {"field": bound_field, "css": css}


@register.filter
def tag_name(tag) -> str:
    """A tag type's name in the current language (the vocabulary carries zh and en)."""
    from django.utils.translation import get_language

    if (get_language() or "").startswith("en") and getattr(tag, "name_en", ""):
        return tag.name_en
    return tag.name
