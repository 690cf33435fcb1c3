"""Forms of the 四联四包 pages (R-ORG-5): the links list filter, assigning a link, finding a
household. They parse input only; services check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ChainKind


class LinkFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Name, place or household number")}),
    )
    kind = forms.ChoiceField(
        label=_("Kind of link"), required=False, choices=[("", _("All"))] + ChainKind.choices
    )
    include_ended = forms.BooleanField(label=_("Include ended links"), required=False)


class HouseholdFindForm(forms.Form):
    number = forms.CharField(label=_("Household number"), max_length=40)


class LinkAssignForm(forms.Form):
    """One form for every kind: the kind says which "who" and which "what" are read (the
    others are ignored), so the page stays one form and the service names the wrong field."""

    kind = forms.ChoiceField(label=_("Kind of link"), choices=ChainKind.choices)
    who_org = forms.ModelChoiceField(label=_("Committee answering"), required=False, queryset=None)
    who_seat = forms.ModelChoiceField(
        label=_("Committee member answering"), required=False, queryset=None
    )
    who_member = forms.CharField(
        label=_("Member answering"),
        required=False,
        max_length=30,
        help_text=_("His service card number or register number."),
    )
    what_org = forms.ModelChoiceField(label=_("Branch"), required=False, queryset=None)
    what_node = forms.ModelChoiceField(
        label=_("Point, area or building"), required=False, queryset=None
    )
    what_member = forms.CharField(
        label=_("Member linked"),
        required=False,
        max_length=30,
        help_text=_("His service card number or register number."),
    )
    what_household = forms.CharField(label=_("Household number"), required=False, max_length=40)
    started_on = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args, orgs, seats, nodes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["who_org"].queryset = orgs
        self.fields["what_org"].queryset = orgs
        self.fields["who_seat"].queryset = seats
        self.fields["what_node"].queryset = nodes


class LinkEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Ended on"), widget=forms.DateInput(attrs={"type": "date"}))
