"""Forms of the organisation tree's pages (R-ORG-2, R-ORG-6): the list's filters, setting up an
organisation, seating a committee member, ending a seat, renewing the term, choosing the subtree
of the structural report. They parse input only; services/orgs.py checks the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import OrgKind, SeatPost, SeatSource

# ISO format whatever the language: <input type="date"> accepts nothing else.
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _OrgField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{'　' * (obj.depth - 1)}{obj.name}（{obj.get_kind_display()}）"


class _NodeField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{'　' * (obj.depth - 1)}{obj.name}（{obj.get_kind_display()}）"


class OrgFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name or code")}),
    )
    kind = forms.ChoiceField(
        label=_("Form"), required=False, choices=[("", _("All")), *OrgKind.choices]
    )


class OrgCreateForm(forms.Form):
    parent = _OrgField(
        label=_("Under"),
        queryset=None,
        required=False,
        empty_label=_("— none: a top-level organisation —"),
    )
    kind = forms.ChoiceField(label=_("Form"), choices=OrgKind.choices)
    name = forms.CharField(label=_("Name"), max_length=120)
    code = forms.CharField(label=_("Code"), max_length=40)
    node = _NodeField(label=_("Territory covered"), queryset=None)
    team = forms.ModelChoiceField(
        label=_("Team (functional group)"),
        queryset=None,
        required=False,
        help_text=_("Only for a party group attached to a volunteer or culture team."),
    )
    is_joint = forms.BooleanField(label=_("Joint organisation across units"), required=False)
    units = forms.CharField(
        label=_("Units joined"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For a joint organisation: the units it spans."),
    )
    established_on = forms.DateField(label=_("Established"), required=False, widget=_DATE)
    term_started_on = forms.DateField(label=_("Term started"), required=False, widget=_DATE)
    term_ends_on = forms.DateField(
        label=_("Term ends"),
        required=False,
        widget=_DATE,
        help_text=_("Left empty, the term runs the configured number of years."),
    )

    def __init__(self, *args, parents, nodes, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents
        self.fields["node"].queryset = nodes
        self.fields["team"].queryset = teams


class SeatAssignForm(forms.Form):
    post = forms.ChoiceField(label=_("Post"), choices=SeatPost.choices)
    source = forms.ChoiceField(label=_("Source"), choices=SeatSource.choices,
                               initial=SeatSource.ELECTED)  # fmt: skip
    name = forms.CharField(label=_("Name"), max_length=60)
    unit = forms.CharField(
        label=_("Unit"),
        max_length=120,
        required=False,
        help_text=_("A part-time member names his unit."),
    )
    started_on = forms.DateField(label=_("From"), widget=_DATE)


class SeatEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Last day in the seat"), widget=_DATE)


class TermRenewForm(forms.Form):
    term_started_on = forms.DateField(label=_("New term started"), widget=_DATE)
    term_ends_on = forms.DateField(
        label=_("Term ends"),
        required=False,
        widget=_DATE,
        help_text=_("Left empty, the term runs the configured number of years."),
    )
