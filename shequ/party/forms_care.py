"""Forms of the 四知四访 pages (R-PM-6). They parse input only; services check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Aspect, CareTrigger, VisitStatus
from .selectors.care import OVERDUE

DATE = forms.DateInput(attrs={"type": "date"})


class VisitFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Member, visitor or card number")}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), (OVERDUE, _("Overdue"))] + VisitStatus.choices,
    )
    trigger = forms.ChoiceField(
        label=_("Occasion"), required=False, choices=[("", _("All"))] + CareTrigger.choices
    )
    mine = forms.BooleanField(label=_("Only visits addressed to me"), required=False)


class FlagRaiseForm(forms.Form):
    trigger = forms.ChoiceField(label=_("Occasion"), choices=CareTrigger.choices)
    on = forms.DateField(label=_("Recorded on"), widget=DATE)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class VisitLogForm(forms.Form):
    visited_on = forms.DateField(label=_("Visited on"), widget=DATE)
    notes = forms.CharField(
        label=_("What was found and done"), widget=forms.Textarea(attrs={"rows": 4})
    )


class FlagClearForm(forms.Form):
    on = forms.DateField(label=_("Cleared on"), widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class CircumstanceForm(forms.Form):
    aspect = forms.ChoiceField(label=_("Aspect"), choices=Aspect.choices)
    text = forms.CharField(label=_("What is known"), widget=forms.Textarea(attrs={"rows": 3}))
    recorded_on = forms.DateField(label=_("As of"), widget=DATE)
