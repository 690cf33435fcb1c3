"""Forms of the case pages: the call-taker's intake, a resident's report, the list filters and
the form of each step (only the fields the step needs)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from . import workflow
from .choices import CaseStatus, Channel, DueState, Rating
from .figures import METRICS
from .models import CaseCategory

_DESCRIPTION = forms.Textarea(attrs={"rows": 4})
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
ATTACHMENT_ACCEPT = "image/jpeg,image/png,image/webp,application/pdf"


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.parent.name} / {obj.name}" if obj.parent_id else obj.name


def _attachments_help() -> str:
    return _(
        "Up to %(count)s photos (JPEG, PNG, WebP) or PDF documents, at most %(mb)s MB each."
    ) % {
        "count": settings.SHEQU_CASE_ATTACHMENTS_MAX,
        "mb": settings.SHEQU_CASE_ATTACHMENT_MAX_MB,
    }


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files from one input, as a list; their content is checked by the service
    (``attachments.attachments_check``), which names each refused file."""

    def __init__(self, *args, accept=ATTACHMENT_ACCEPT, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", MultipleFileInput(attrs={"multiple": True, "accept": accept}))
        kwargs.setdefault("help_text", lazy(_attachments_help, str)())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        items = data if isinstance(data, (list, tuple)) else [data]
        return [single(item, initial) for item in items if item]


class CaseIntakeForm(forms.Form):
    """What a call-taker fills in during a call: phone first (his earlier requests show up),
    then what and where."""

    channel = forms.ChoiceField(
        label=_("Channel"), choices=Channel.choices, initial=Channel.HOTLINE
    )
    requester_phone = forms.CharField(
        label=_("Caller's phone"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    requester_name = forms.CharField(label=_("Caller's name"), required=False, max_length=30)
    description = forms.CharField(label=_("What is asked or reported"), widget=_DESCRIPTION)
    title = forms.CharField(
        label=_("Summary"), required=False, max_length=200,
        help_text=_("Left empty, the first words of the description are used."),
    )  # fmt: skip
    category = CategoryChoiceField(
        label=_("Category"), queryset=CaseCategory.objects.none(), required=False
    )
    node = forms.ModelChoiceField(label=_("Where (grid)"), queryset=None)
    place = forms.CharField(label=_("Place in words"), required=False, max_length=200)
    wants_reply = forms.BooleanField(
        label=_("The caller wants a reply"), required=False, initial=True
    )
    attachments = AttachmentsField(label=_("Photos or documents"))

    def __init__(self, *args, categories, nodes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        self.fields["node"].queryset = nodes


class CaseReportForm(forms.Form):
    """A resident's own report through the web page (logged in, or with a phone)."""

    description = forms.CharField(
        label=_("What would you like to report or ask?"), widget=_DESCRIPTION
    )
    node = forms.ModelChoiceField(label=_("Where (grid)"), queryset=None)
    place = forms.CharField(label=_("Place in words"), required=False, max_length=200)
    requester_name = forms.CharField(label=_("Your name"), required=False, max_length=30)
    requester_phone = forms.CharField(
        label=_("Your phone"), required=False, max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel"}),
    )  # fmt: skip
    wants_reply = forms.BooleanField(label=_("I would like a reply"), required=False, initial=True)
    attachments = AttachmentsField(label=_("Photos"))

    def __init__(self, *args, nodes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=60,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Number, words or phone")}
        ),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any"))] + list(CaseStatus.choices)
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("Any"))] + list(Channel.choices)
    )
    due_state = forms.ChoiceField(
        label=_("Time limit"), required=False, choices=[("", _("Any"))] + list(DueState.choices)
    )
    category = CategoryChoiceField(
        label=_("Category"), required=False, queryset=CaseCategory.objects.none()
    )
    # the drill-down from a figure: its area, period, handler and what it counts
    node = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    start = forms.DateField(label=_("Received from"), required=False, widget=_DATE)
    end = forms.DateField(label=_("Received until"), required=False, widget=_DATE)
    handler = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    metric = forms.ChoiceField(required=False, choices=[], widget=forms.HiddenInput)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        self.fields["metric"].choices = [("", "")] + [(k, m.label) for k, m in METRICS.items()]


class DashboardForm(forms.Form):
    node = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    start = forms.DateField(label=_("Received from"), required=False, widget=_DATE)
    end = forms.DateField(label=_("Received until"), required=False, widget=_DATE)
    category = CategoryChoiceField(
        label=_("Category"), required=False, queryset=CaseCategory.objects.none()
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("Any")), *Channel.choices]
    )
    handler = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories


class StepForm(forms.Form):
    """The fields of one step: ``needs`` decides which are shown and required."""

    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, step: workflow.Transition, handlers=(), approvers=(), categories=None,
                 **kwargs):  # fmt: skip
        super().__init__(*args, **kwargs)
        needs = step.needs
        if workflow.REASON in needs:
            self.fields["note"].label = _("Reason")
            self.fields["note"].required = True
        if workflow.HANDLER in needs:
            self.fields["handler"] = forms.TypedChoiceField(
                label=_("Handler"), coerce=int,
                choices=[(h.pk, f"{h.get_kind_display()} · {h.name}") for h in handlers],
            )  # fmt: skip
        if workflow.CATEGORY in needs:
            self.fields["category"] = CategoryChoiceField(
                label=_("Category"), queryset=categories, required=False
            )
        if workflow.APPROVER in needs:
            self.fields["approver"] = forms.TypedChoiceField(
                label=_("Approved by"), coerce=int, choices=[(u.pk, str(u)) for u in approvers]
            )
        if workflow.DUPLICATE_OF in needs:
            self.fields["duplicate_number"] = forms.CharField(
                label=_("Number of the original case"), max_length=24
            )
        if workflow.REPLY in needs:
            self.fields["reply"] = forms.CharField(
                label=_("Reply to the requester"), widget=forms.Textarea(attrs={"rows": 3})
            )
        if workflow.RATING in needs:
            self.fields["solved"] = forms.TypedChoiceField(
                label=_("Is the problem solved?"),
                choices=[("yes", _("Yes")), ("no", _("No"))],
                coerce=lambda v: v == "yes",
                widget=forms.RadioSelect,
            )
            self.fields["rating"] = forms.ChoiceField(
                label=_("Rating"), choices=Rating.choices, widget=forms.RadioSelect
            )
        if workflow.EXTENSION in needs:
            self.fields["extension_days"] = forms.IntegerField(
                label=_("Working days added"), min_value=1, max_value=60
            )


class AttachmentAddForm(forms.Form):
    """Files a worker adds to a case from its page."""

    attachments = AttachmentsField(label=_("Add photos or documents"), required=True)


class CaseRoundForm(forms.Form):
    """What a grid worker records on his round, phone in hand: photos, where, what."""

    attachments = AttachmentsField(
        label=_("Photos"),
        widget=MultipleFileInput(
            attrs={"multiple": True, "accept": "image/*", "capture": "environment"}
        ),
    )
    description = forms.CharField(label=_("What did you see?"), widget=_DESCRIPTION)
    category = CategoryChoiceField(
        label=_("Category"), queryset=CaseCategory.objects.none(), required=False
    )
    node = forms.ModelChoiceField(label=_("Grid"), queryset=None)
    place = forms.CharField(label=_("Place in words"), required=False, max_length=200)
    latitude = forms.FloatField(
        label=_("Latitude"), required=False, min_value=-90, max_value=90,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )  # fmt: skip
    longitude = forms.FloatField(
        label=_("Longitude"), required=False, min_value=-180, max_value=180,
        widget=forms.NumberInput(attrs={"step": "any", "inputmode": "decimal"}),
    )  # fmt: skip
    requester_name = forms.CharField(label=_("Resident's name"), required=False, max_length=30)
    requester_phone = forms.CharField(
        label=_("Resident's phone"), required=False, max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )  # fmt: skip
    wants_reply = forms.BooleanField(
        label=_("The resident wants a reply"), required=False, initial=False
    )

    def __init__(self, *args, categories, nodes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories
        self.fields["node"].queryset = nodes

    def clean(self):
        data = super().clean()
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if (latitude is None) != (longitude is None) and not self.has_error("latitude"):
            if not self.has_error("longitude"):
                self.add_error("longitude", _("Give both latitude and longitude, or neither."))
        for key in ("latitude", "longitude"):
            # the case keeps six decimals (about 0.1 m); a phone gives more
            if data.get(key) is not None:
                data[key] = Decimal(str(round(data[key], 6)))
        return data
