"""Forms of carrying out funded micro-projects (R-PB-1). They parse input only; the services
check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import AcceptanceResult

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FundedFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"), required=False, max_length=100,
        widget=forms.TextInput(attrs={"placeholder": _("Micro-project, number or round")}),
    )  # fmt: skip
    round = forms.ModelChoiceField(label=_("Round"), queryset=None, required=False)
    state = forms.ChoiceField(
        label=_("Acceptance"), required=False,
        choices=[("", _("Any")), ("implementing", _("Being carried out")),
                 ("accepted", pgettext_lazy("micro-project", "Accepted"))],
    )  # fmt: skip
    overdue = forms.BooleanField(label=_("Only with overdue milestones"), required=False)

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=120)
    due_on = forms.DateField(label=_("Due"), widget=DATE)


class MilestoneDoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DATE)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos in one input; their content is checked by the service (Pillow)."""

    widget = MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else [data]
        return [f for f in files if f]


class ProgressForm(forms.Form):
    percent = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    reported_on = forms.DateField(label=_("Report date"), widget=DATE, required=False)
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}),
                           required=False)  # fmt: skip
    decrease_reason = forms.CharField(
        label=_("Why lower than the last report"), max_length=200, required=False,
        help_text=_("Needed only when the progress is lower than the last report."),
    )  # fmt: skip
    photos = PhotosField(label=_("Photos"), required=False)


class SpendingForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount (yuan)"), max_digits=14, decimal_places=2)
    paid_on = forms.DateField(label=_("Paid on"), widget=DATE)
    voucher = forms.CharField(label=_("Voucher number"), max_length=40)
    payee = forms.CharField(label=_("Paid to"), max_length=120)
    note = forms.CharField(label=_("What for"), max_length=200, required=False)


class ReverseForm(forms.Form):
    note = forms.CharField(label=_("Reason for the reversal"), max_length=200)


class AcceptanceForm(forms.Form):
    checked_on = forms.DateField(label=_("Checked on"), widget=DATE)
    result = forms.ChoiceField(label=_("Result"), choices=AcceptanceResult.choices)
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 3}))
    conditions = forms.CharField(
        label=_("Conditions"), widget=forms.Textarea(attrs={"rows": 2}), required=False,
        help_text=_("Needed when the project passes with conditions."),
    )  # fmt: skip
    checked_by = forms.CharField(label=_("Checked by"), max_length=200)
    participants = forms.ModelMultipleChoiceField(
        label=_("Residents taking part"), queryset=None, required=False,
        help_text=_("Residents' representatives and others seated in the community's bodies."),
    )  # fmt: skip
    other_participants = forms.CharField(label=_("Others taking part"), max_length=300,
                                         required=False)  # fmt: skip

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = people


class RatingForm(forms.Form):
    stars = forms.TypedChoiceField(
        label=_("Stars"), coerce=int, choices=[(n, "★" * n) for n in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )  # fmt: skip
    comment = forms.CharField(label=_("Comment"), max_length=500, required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip
