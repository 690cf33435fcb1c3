"""Forms of the recruitment pages (发展党员, R-PM-3): the pipeline's filters, the application,
each recorded requirement and each step. They parse input only; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import workflow_recruitment as wf
from .models.recruitment import RecruitStage

_TEXT = forms.Textarea(attrs={"rows": 2})
# ISO format whatever the language: <input type="date"> accepts nothing else.
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OrgChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class MemberChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.person.name} · {obj.org.name}"


class RecruitFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Name or number")}),
    )
    stage = forms.ChoiceField(
        label=_("Stage"), required=False, choices=[("", _("Any")), *RecruitStage.choices]
    )
    org = OrgChoiceField(label=_("Organisation"), queryset=None, required=False)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


class RecruitApplyForm(forms.Form):
    person = forms.CharField(
        label=_("Person number or ID number"),
        max_length=20,
        help_text=_("The number shown on the person's page, or his ID number."),
    )
    org = OrgChoiceField(label=_("Branch"), queryset=None)
    applied_on = forms.DateField(label=_("Applied"), widget=_DATE)
    answerable_name = forms.CharField(label=_("Person answerable"), max_length=60)
    answerable_is_me = forms.BooleanField(label=_("I am the person answerable"), required=False)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


class TalkForm(forms.Form):
    on = forms.DateField(label=_("Talk held"), widget=_DATE)
    note = forms.CharField(label=_("Note"), required=False, widget=_TEXT)


class ContactsForm(forms.Form):
    members = MemberChoiceField(label=_("Contacts (full members)"), queryset=None)
    on = forms.DateField(label=_("Assigned"), widget=_DATE, required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = members


class IntroducerForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Introducer (a full member)"), queryset=None)
    on = forms.DateField(label=_("Assigned"), widget=_DATE, required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = lambda m: f"{m.person.name} · {m.org.name}"


class TrainingForm(forms.Form):
    hours = forms.DecimalField(label=_("Hours"), min_value=0, max_digits=6, decimal_places=1)
    on = forms.DateField(label=_("Date"), widget=_DATE, required=False)
    note = forms.CharField(label=_("Course"), required=False, max_length=200)


class ReviewForm(forms.Form):
    on = forms.DateField(label=_("Political review done"), widget=_DATE)
    conclusion = forms.CharField(label=_("Conclusion"), widget=_TEXT)


class NoticeForm(forms.Form):
    for_stage = forms.ChoiceField(label=_("Before becoming"), choices=())
    starts_on = forms.DateField(label=_("Notice from"), widget=_DATE)

    def __init__(self, *args, stages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["for_stage"].choices = [(s, RecruitStage(s).label) for s in stages]


class NoticeOutcomeForm(forms.Form):
    notice = forms.IntegerField(widget=forms.HiddenInput)
    upheld = forms.BooleanField(label=_("Objections found to hold"), required=False)
    objections = forms.CharField(label=_("Objections received"), required=False, widget=_TEXT)


class ResolutionForm(forms.Form):
    for_stage = forms.ChoiceField(label=_("Decides"), choices=())
    resolved_on = forms.DateField(label=_("Date of the decision"), widget=_DATE)
    members_entitled = forms.IntegerField(
        label=_("Full members entitled to vote"), min_value=0, required=False
    )
    attending = forms.IntegerField(label=_("Attending with a vote"), min_value=0, required=False)
    votes_for = forms.IntegerField(label=_("Votes for"), min_value=0, required=False)
    votes_against = forms.IntegerField(label=_("Votes against"), min_value=0, required=False)
    group_opinion = forms.CharField(
        label=_("Opinion of the party group"), required=False, widget=_TEXT
    )
    text = forms.CharField(label=_("Resolution"), required=False, widget=_TEXT)
    approved_on = forms.DateField(
        label=_("Approved by the higher committee"), widget=_DATE, required=False
    )
    approved_by = forms.CharField(label=_("Approving committee"), required=False, max_length=120)

    def __init__(self, *args, stages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["for_stage"].choices = [(s, RecruitStage(s).label) for s in stages]


class ApprovalForm(forms.Form):
    resolution = forms.IntegerField(widget=forms.HiddenInput)
    approved_on = forms.DateField(label=_("Approved by the higher committee"), widget=_DATE)
    approved_by = forms.CharField(label=_("Approving committee"), required=False, max_length=120)


class AnswerableForm(forms.Form):
    answerable_name = forms.CharField(label=_("Person answerable"), max_length=60)
    answerable_is_me = forms.BooleanField(label=_("I am the person answerable"), required=False)


class StepForm(forms.Form):
    """The fields of one step: a date, and the reason or the extension's end it needs."""

    on = forms.DateField(label=_("Date"), widget=_DATE, required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=_TEXT)

    def __init__(self, *args, step, **kwargs):
        super().__init__(*args, **kwargs)
        if wf.REASON in step.needs:
            self.fields["note"].label = _("Reason")
        if wf.EXTENSION in step.needs:
            self.fields["extended_until"] = forms.DateField(
                label=_("Probation extended until"), widget=_DATE, required=False
            )


class TargetForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
