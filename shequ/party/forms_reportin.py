"""Forms of the report-in pages (R-PM-2): report-in and pledge, posts, service records, their
confirmation, the feedback letters' issue and the lists' filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ServiceRecordStatus

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_TEXT = forms.Textarea(attrs={"rows": 4})

DEFAULT_PLEDGE = _(
    "As a party member in service, I report to the community where I live and pledge to take "
    "part in the community's service outside working hours, to keep the posts I claim, to "
    "help my neighbours and to accept the supervision of the community and the residents."
)


class NameChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return getattr(obj, "name", None) or str(obj)


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.person.name} · {obj.employer}"


class SelfReportForm(forms.Form):
    pledge = forms.CharField(label=_("Service pledge"), widget=_TEXT, initial=DEFAULT_PLEDGE)


class PledgeForm(forms.Form):
    text = forms.CharField(label=_("Service pledge"), widget=_TEXT, initial=DEFAULT_PLEDGE)


class ReportInCreateForm(forms.Form):
    member = MemberChoiceField(label=_("In-service member"), queryset=None)
    community = NameChoiceField(label=_("Community"), queryset=None)
    on = forms.DateField(label=_("Reported on"), widget=_DATE)
    pledge = forms.CharField(
        label=_("Service pledge"),
        widget=_TEXT,
        required=False,
        help_text=_("Left empty, he signs the pledge later."),
    )

    def __init__(self, *args, members, communities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["community"].queryset = communities


class ReportInFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=60)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("open", _("Reported in")), ("ended", _("Ended")), ("", _("All"))],
        initial="open",
    )


class PostForm(forms.Form):
    community = NameChoiceField(label=_("Community"), queryset=None)
    title = forms.CharField(label=_("Post"), max_length=100)
    duties = forms.CharField(label=_("Duties"), widget=_TEXT, required=False)
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=1000)
    starts_on = forms.DateField(label=_("From"), widget=_DATE)
    ends_on = forms.DateField(label=_("Until"), widget=_DATE, required=False)
    team = NameChoiceField(label=_("Team (its leader confirms the service)"), queryset=None,
                           required=False)  # fmt: skip

    def __init__(self, *args, communities, teams, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["team"].queryset = teams


class PostFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=60)
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[("open", _("Open")), ("closed", _("Closed")), ("", _("All"))],
        initial="open",
    )


class ServiceRecordForm(forms.Form):
    activity = forms.CharField(label=_("Activity"), max_length=200)
    served_on = forms.DateField(label=_("Date"), widget=_DATE)
    hours = forms.DecimalField(label=_("Hours"), min_value=0, max_digits=5, decimal_places=1)
    post = forms.ModelChoiceField(label=_("Post"), queryset=None, required=False)

    def __init__(self, *args, posts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["post"].queryset = posts


class ServiceRecordFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=60)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), *ServiceRecordStatus.choices],
    )
    start = forms.DateField(label=_("From"), required=False, widget=_DATE)
    end = forms.DateField(label=_("Until"), required=False, widget=_DATE)


class ConfirmForm(forms.Form):
    rating = forms.TypedChoiceField(label=_("Rating"), required=False, coerce=int,
                                    empty_value=None)  # fmt: skip
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args, scale: int = 5, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].choices = [("", "—")] + [(n, n) for n in range(scale, 0, -1)]


class RejectForm(forms.Form):
    note = forms.CharField(label=_("Reason"), max_length=200)


class LetterFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=60)
    period = forms.ChoiceField(label=_("Period"), required=False)
    sent = forms.ChoiceField(
        label=_("Sent"),
        required=False,
        choices=[("", _("All")), ("yes", _("Sent")), ("no", _("Not sent yet"))],
    )

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = [("", _("All"))] + [
            (start.isoformat(), f"{start:%Y-%m-%d} – {end:%Y-%m-%d}") for start, end in periods
        ]


class LetterIssueForm(forms.Form):
    community = NameChoiceField(label=_("Community"), queryset=None)
    period = forms.ChoiceField(label=_("Period"))

    def __init__(self, *args, communities, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = communities
        self.fields["period"].choices = [
            (start.isoformat(), f"{start:%Y-%m-%d} – {end:%Y-%m-%d}") for start, end in periods
        ]


class SentForm(forms.Form):
    sent_on = forms.DateField(label=_("Sent on"), widget=_DATE)
