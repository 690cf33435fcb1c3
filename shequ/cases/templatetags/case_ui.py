"""Template helpers of the case pages."""

from django import template
from django.utils.translation import gettext_lazy as _

from shequ.cases.workflow import TRANSITION_LIST

register = template.Library()

_OTHER_STEPS = {
    "submit": _("Received"),
    "contact": _("First contact"),
    "escalate": _("Supervision (overdue)"),
    "attach": _("Files added"),
}


@register.filter
def step_label(verb: str) -> str:
    """The name of a step as the case's history shows it."""
    if verb in _OTHER_STEPS:
        return _OTHER_STEPS[verb]
    for transition in TRANSITION_LIST:
        if transition.verb == verb:
            return transition.label
    return verb


@register.filter
def split(text: str) -> list[str]:
    return text.split()


@register.filter
def get(mapping, key):
    return mapping.get(key) if mapping else None


@register.filter
def metric_label(metrics, key) -> str:
    return metrics[key].label


@register.filter
def percent(value) -> str:
    """0.8125 → 81.3%; no figure (nothing to divide by) → —."""
    return "—" if value is None else f"{value * 100:.1f}%"


@register.simple_tag
def drill(link: dict, metric: str) -> str:
    """The query string of the list behind a figure."""
    from django.utils.http import urlencode

    return urlencode({**link, "metric": metric})
