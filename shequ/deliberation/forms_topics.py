"""Forms of the topic and proposal pages (R-DLB-2, R-DLB-5). They parse input only; the
services check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.cases.forms import AttachmentsField

from .models.proposals import ProposalKind, ProposalStatus
from .models.topics import TopicState
from .procedures import procedure_choices

ANY = [("", _("All"))]


class NodeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class MotionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.meeting.body.name} · {obj.meeting.starts_at:%Y-%m-%d} · {obj.title}"


class TopicFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Title or description")}),
    )
    procedure = forms.ChoiceField(label=_("Procedure"), required=False)
    step = forms.ChoiceField(label=_("Current step"), required=False)
    state = forms.ChoiceField(label=_("State"), required=False, choices=ANY + TopicState.choices)

    def __init__(self, *args, steps=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procedure"].choices = ANY + procedure_choices()
        self.fields["step"].choices = ANY + list(steps)


class TopicCreateForm(forms.Form):
    community = NodeChoiceField(label=_("Community"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=160)
    description = forms.CharField(label=_("Description"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 5}))  # fmt: skip
    procedure = forms.ChoiceField(label=_("Procedure"))
    affects_all_residents = forms.BooleanField(
        label=_("Affects all residents"), required=False,
        help_text=_("Then only the residents' assembly may decide it."),
    )  # fmt: skip

    def __init__(self, *args, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["procedure"].choices = procedure_choices()


class StepForm(forms.Form):
    step = forms.CharField(widget=forms.HiddenInput)
    decision = forms.CharField(label=_("What was decided or done"),
                               widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip
    motion = MotionChoiceField(label=_("Passed motion"), queryset=None, required=False)
    documents = AttachmentsField(label=_("Documents"))

    def __init__(self, *args, motions=None, needs_motion=False, **kwargs):
        super().__init__(*args, **kwargs)
        if needs_motion:
            self.fields["motion"].queryset = motions
        else:
            del self.fields["motion"]


class EvaluationForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("Rating"), coerce=int,
                                    choices=[(n, "★" * n) for n in range(5, 0, -1)])  # fmt: skip
    comment = forms.CharField(label=_("Comment"), required=False, max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip


class ProposalFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Title or text")}),
    )
    status = forms.ChoiceField(label=_("Status"), required=False,
                               choices=ANY + ProposalStatus.choices)  # fmt: skip
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=ANY + ProposalKind.choices)
    mine = forms.BooleanField(label=_("Only mine"), required=False)


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160)
    text = forms.CharField(label=_("What you propose, and why"),
                           widget=forms.Textarea(attrs={"rows": 8}))  # fmt: skip


class ProposalAcceptForm(forms.Form):
    procedure = forms.ChoiceField(label=_("Procedure"))
    title = forms.CharField(label=_("Title of the topic"), max_length=160, required=False,
                            help_text=_("Left empty, the proposal's title."))  # fmt: skip
    affects_all_residents = forms.BooleanField(label=_("Affects all residents"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["procedure"].choices = procedure_choices()


class ProposalDeclineForm(forms.Form):
    reason = forms.CharField(label=_("Reason for declining"),
                             widget=forms.Textarea(attrs={"rows": 3}))  # fmt: skip
