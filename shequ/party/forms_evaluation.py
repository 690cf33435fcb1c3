"""Forms of the evaluation and engagement pages (R-PM-4, R-PM-8): filters, rounds, raters,
adjustments, reports, democratic evaluations, team members and activities."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import TeamKind
from .models import ActivityKind, Grade, RaterKind, RoundStatus

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_TEXT = forms.Textarea(attrs={"rows": 4})


class NamedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return getattr(obj, "name", None) or str(obj)


class RoundFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", "—"), *RoundStatus.choices]
    )


class RoundOpenForm(forms.Form):
    org = NamedChoiceField(label=_("Organisation"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    opens_on = forms.DateField(label=_("Opens"), widget=_DATE)
    closes_on = forms.DateField(label=_("Closes"), widget=_DATE)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


class RaterForm(forms.Form):
    username = forms.CharField(label=_("User name of the rater"), max_length=150)
    kind = forms.ChoiceField(label=_("Rater kind"), choices=RaterKind.choices)


class PublishForm(forms.Form):
    published_on = forms.DateField(label=_("Published"), widget=_DATE, required=False)
    board_until = forms.DateField(label=_("On the board until"), widget=_DATE, required=False)


class AdjustForm(forms.Form):
    grade = forms.ChoiceField(label=_("Grade"), choices=Grade.choices)
    reason = forms.CharField(label=_("Reason of the adjustment"), max_length=300, required=False)


class DutyReportForm(forms.Form):
    text = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 12}))


class DemocraticEvaluationForm(forms.Form):
    org = NamedChoiceField(label=_("Organisation"), queryset=None)
    held_on = forms.DateField(label=_("Held on"), widget=_DATE)
    participants = forms.IntegerField(label=_("Participants"), min_value=1)
    summary = forms.CharField(label=_("Summary"), widget=_TEXT)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=_DATE, required=False)
    end = forms.DateField(label=_("Until"), widget=_DATE, required=False)
    q = forms.CharField(label=_("Search"), required=False)
    team_kind = forms.ChoiceField(
        label=_("Kind of team"), required=False, choices=[("", "—"), *TeamKind.choices]
    )

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The period must end on or after its start."))
        return data


class TeamMemberForm(forms.Form):
    member = NamedChoiceField(label=_("Member"), queryset=None)
    joined_on = forms.DateField(label=_("Joined"), widget=_DATE)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = lambda m: m.person.name


class TeamMemberEndForm(forms.Form):
    left_on = forms.DateField(label=_("Left"), widget=_DATE)


class TeamActivityForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=_DATE)
    title = forms.CharField(label=_("Title"), max_length=120)
    kind = forms.ChoiceField(label=_("Kind of activity"), choices=ActivityKind.choices)
    participants = forms.ModelMultipleChoiceField(
        label=_("Members taking part"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    person_times = forms.IntegerField(
        label=_("Person-times"),
        min_value=1,
        required=False,
        help_text=_("Everyone who took part, volunteers who are not members included."),
    )
    beneficiaries = forms.IntegerField(label=_("People served"), min_value=0, initial=0)
    results = forms.CharField(label=_("Results"), widget=_TEXT, required=False)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = members
        self.fields["participants"].label_from_instance = lambda m: m.person.name


# Labels of the configured criteria the documents name; a deployment's own criterion shows
# its key until it is given a label here.
CRITERION_LABELS = {
    "political_stance": _("Political stance"),
    "duty_performance": _("Performance of duties"),
    "service_to_residents": _("Service to residents"),
    "conduct": _("Conduct and discipline"),
}
SCORE_CHOICES = [("", "—")] + [(str(n), str(n)) for n in range(5, 0, -1)]


class RatingSheetForm(forms.Form):
    """One row per member still to rate, one 1–5 choice per criterion; a row left entirely
    empty is skipped (the rater may come back), a row partly filled is an error."""

    def __init__(self, *args, rows, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows, self.criteria = [], list(criteria)
        for row in rows:
            member = row["member"]
            names = []
            for criterion in self.criteria:
                name = f"m{member.pk}_{criterion}"
                self.fields[name] = forms.ChoiceField(
                    label=CRITERION_LABELS.get(criterion, criterion),
                    choices=SCORE_CHOICES,
                    required=False,
                    disabled=row["scores"] is not None,
                    initial=(row["scores"] or {}).get(criterion, ""),
                )
                names.append(name)
            self.fields[f"member_{member.pk}"] = forms.CharField(required=False, disabled=True)
            self.rows.append({**row, "fields": [self[n] for n in names],
                              "errors": self[f"member_{member.pk}"]})  # fmt: skip

    def sheet(self) -> dict:
        """``{member: {criterion: score}}`` of the rows filled in."""
        out = {}
        for row in self.rows:
            if row["scores"] is not None:
                continue
            member = row["member"]
            values = {c: self.cleaned_data.get(f"m{member.pk}_{c}") or "" for c in self.criteria}
            if any(values.values()):
                out[member] = values
        return out
