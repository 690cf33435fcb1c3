"""Template helpers of the case pages."""

from django import template
from django.utils.translation import gettext_lazy as _

from shequ.cases.workflow import TRANSITION_LIST

register = template.Library()

_OTHER_STEPS = {
    "submit": _("Received"),
    "contact": _("First contact"),
    "escalate": _("Supervision (overdue)"),
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
