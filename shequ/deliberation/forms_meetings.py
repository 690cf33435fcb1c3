"""Forms of the meeting, vote and resolution pages (R-DLB-3, R-DLB-4). They parse input only;
the services check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MeetingStatus, Threshold, VoteMethod
from .models.votes import VoteChoice

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MONTH = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
MOMENT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"]


class BodyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class MeetingFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Title, place or body")}),
    )
    body = BodyChoiceField(label=_("Body"), queryset=None, required=False)
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=[("", _("All"))] + MeetingStatus.choices)  # fmt: skip
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("Until"), required=False, widget=DATE)

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies


class MeetingScheduleForm(forms.Form):
    body = BodyChoiceField(label=_("Body"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=120)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=MOMENT,
                                    input_formats=MOMENT_FORMATS)  # fmt: skip
    place = forms.CharField(label=_("Place"), max_length=120, required=False)
    agenda = forms.CharField(label=_("Agenda"), required=False,
                             widget=forms.Textarea(attrs={"rows": 4}),
                             help_text=_("One item per line."))  # fmt: skip

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies

    def agenda_items(self) -> list[str]:
        return [line for line in self.cleaned_data.get("agenda", "").splitlines() if line.strip()]


class MeetingCancelForm(forms.Form):
    reason = forms.CharField(label=_("Reason for cancelling"), max_length=200)


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 6}))


class MotionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    text = forms.CharField(label=_("Text"), required=False,
                           widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
    method = forms.ChoiceField(label=_("Vote by"), choices=VoteMethod.choices)
    threshold = forms.ChoiceField(label=_("Threshold"), choices=Threshold.choices)
    affects_all_residents = forms.BooleanField(label=_("Affects all residents"), required=False)


class PaperVoteForm(forms.Form):
    person = forms.TypedChoiceField(label=_("Voter"), coerce=int, choices=())
    choice = forms.ChoiceField(label=_("Vote"), choices=VoteChoice.choices)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = people


class ReceiptCheckForm(forms.Form):
    token = forms.CharField(label=_("Receipt"), max_length=64)


class ResolutionFilterForm(forms.Form):
    STATES = [("", _("All")), ("open", _("Being carried out")), ("overdue", _("Overdue")),
              ("done", _("Done"))]  # fmt: skip
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Title, body or responsible")}),
    )
    state = forms.ChoiceField(label=_("State"), required=False, choices=STATES)


class ResolutionAssignForm(forms.Form):
    responsible = forms.CharField(label=_("Responsible"), max_length=80)
    due_on = forms.DateField(label=_("Due"), widget=DATE)


class ProgressForm(forms.Form):
    note = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 2}))
    percent = forms.IntegerField(
        label=_("Percent done"), min_value=0, max_value=100, required=False
    )


class DoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DATE)
    note = forms.CharField(label=_("Outcome"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip


class IdleCouncilsForm(forms.Form):
    month = forms.DateField(label=_("Month"), required=False, widget=MONTH,
                            input_formats=["%Y-%m", "%Y-%m-%d"])  # fmt: skip
