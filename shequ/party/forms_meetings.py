"""Forms of the meeting pages (R-PM-5). They parse input only; services check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MeetingKind, MeetingStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
MOMENT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class OrgChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class MeetingFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Title, place or organisation")}),
    )
    org = OrgChoiceField(label=_("Organisation"), queryset=None, required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("All"))] + MeetingKind.choices)  # fmt: skip
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All"))] + MeetingStatus.choices)  # fmt: skip
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("Until"), required=False, widget=DATE)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


class MeetingScheduleForm(forms.Form):
    org = OrgChoiceField(label=_("Organisation"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=MeetingKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    scheduled_at = forms.DateTimeField(label=_("Scheduled for"), widget=MOMENT,
                                       input_formats=MOMENT_FORMATS)  # fmt: skip
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    lecturer = forms.CharField(label=_("Lecturer"), max_length=100, required=False,
                               help_text=_("For a party lecture."))  # fmt: skip

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


class MeetingHoldForm(forms.Form):
    held_at = forms.DateTimeField(label=_("Held"), widget=MOMENT, input_formats=MOMENT_FORMATS)
    lecturer = forms.CharField(label=_("Lecturer"), max_length=100, required=False)
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 6}))


class MeetingCancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=200)


class LeaveRequestForm(forms.Form):
    member = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason for leave"), max_length=200)


class ResolutionForm(forms.Form):
    text = forms.CharField(label=_("Resolution"), widget=forms.Textarea(attrs={"rows": 3}))
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0, initial=0)
    votes_abstain = forms.IntegerField(label=_("Abstentions"), min_value=0, initial=0)


class BehindFilterForm(forms.Form):
    org = OrgChoiceField(label=_("Organisation"), queryset=None, required=False)
    today = forms.DateField(label=_("As of"), required=False, widget=DATE)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs
