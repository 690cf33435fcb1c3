"""Forms of micro-project rounds: the list's search, a new round, a phase's dates, proposing,
vetting, co-funding, paper codes and the check of a receipt. The ballot itself is read from
the voting page's own inputs (views.vote), checked by services.ballots."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import PHASE_ORDER, Category, Phase, VoteType
from .models import CoFundingStatus, FunderKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RoundFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=60)
    phase = forms.ChoiceField(label=_("Phase"), required=False,
                              choices=[("", _("Any"))] + list(Phase.choices))  # fmt: skip
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)


class RoundForm(forms.Form):
    node = forms.ModelChoiceField(label=_("Territory"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=120)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    budget = forms.DecimalField(label=_("Budget (yuan)"), max_digits=14, decimal_places=2,
                                min_value=0)  # fmt: skip
    vote_type = forms.ChoiceField(label=_("Ballot"), choices=[
        c for c in VoteType.choices if c[0] != VoteType.ORDINAL])  # fmt: skip
    min_length = forms.IntegerField(label=_("Fewest projects on a ballot"), min_value=1, initial=1)
    max_length = forms.IntegerField(label=_("Most projects on a ballot"), min_value=1,
                                    required=False)  # fmt: skip
    max_points = forms.IntegerField(label=_("Points to spread (cumulative ballots)"),
                                    min_value=1, required=False)  # fmt: skip
    starts_on = forms.DateField(label=_("Proposals open on"), widget=DATE)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(
        attrs={"rows": 3}))  # fmt: skip

    def __init__(self, *args, nodes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes


class PhaseMoveForm(forms.Form):
    phase = forms.ChoiceField(label=_("Phase"),
                              choices=[(p, Phase(p).label) for p in PHASE_ORDER])  # fmt: skip
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("To"), widget=DATE)


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=Phase.choices, widget=forms.HiddenInput)
    note = forms.CharField(label=_("Note"), required=False, max_length=500)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos from one input, as a list; services.projects checks each one."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", MultipleFileInput(
            attrs={"multiple": True, "accept": "image/jpeg,image/png,image/webp"}))  # fmt: skip
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        items = data if isinstance(data, (list, tuple)) else [data]
        return [single(item, initial) for item in items if item]


class ProposeForm(forms.Form):
    title = forms.CharField(label=_("What should be done"), max_length=200)
    description = forms.CharField(label=_("Why, and for whom"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices)
    cost = forms.DecimalField(label=_("Estimated cost (yuan)"), max_digits=14, decimal_places=2)
    location = forms.CharField(label=_("Where"), required=False, max_length=120)
    photos = PhotosField(label=_("Photos"))


class VetForm(forms.Form):
    feasible = forms.TypedChoiceField(
        label=_("Finding"), coerce=lambda v: v == "yes", widget=forms.RadioSelect,
        choices=[("yes", _("Feasible")), ("no", _("Not feasible"))],
    )  # fmt: skip
    cost = forms.DecimalField(label=_("Cost found (yuan)"), max_digits=14, decimal_places=2,
                              required=False)  # fmt: skip
    note = forms.CharField(label=_("Reason or note"), required=False, max_length=1000)


class CoFundingForm(forms.Form):
    funder = forms.CharField(label=_("Company or donor"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind"), choices=FunderKind.choices)
    amount = forms.DecimalField(label=_("Amount (yuan)"), max_digits=14, decimal_places=2)
    status = forms.ChoiceField(label=_("Status"), choices=[
        (CoFundingStatus.PLEDGED, CoFundingStatus.PLEDGED.label),
        (CoFundingStatus.PAID, CoFundingStatus.PAID.label)])  # fmt: skip
    pledged_on = forms.DateField(label=_("Pledged on"), required=False, widget=DATE)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)


class PaperCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code on the paper ballot"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )


class ReceiptForm(forms.Form):
    token = forms.CharField(label=_("Your receipt"), max_length=64,
                            widget=forms.TextInput(attrs={"autocomplete": "off"}))  # fmt: skip
