"""Forms of the admission pages: the request, the register's filters, the form of each step
and the workload report's period."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from . import workflow
from .choices import Scope, WorkItemStatus

_TEXT = forms.Textarea(attrs={"rows": 3})
# ISO format whatever the language: <input type="date"> accepts nothing else.
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NodeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class WorkItemRequestForm(forms.Form):
    """A department's request, as the deciding level registers it."""

    title = forms.CharField(label=_("Work item"), max_length=200)
    description = forms.CharField(label=_("What the communities would do"), widget=_TEXT)
    department = forms.CharField(
        label=_("Requesting department"),
        max_length=100,
        required=False,
        help_text=_("Left empty, the department chosen below is used."),
    )
    department_handler = forms.ModelChoiceField(
        label=_("Department (as handler of requests)"), queryset=None, required=False
    )
    legal_basis = forms.CharField(
        label=_("Legal basis"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The law, regulation or document the request rests on."),
    )
    is_statutory = forms.BooleanField(
        label=_("A duty the law puts on communities"),
        required=False,
        help_text=_("May then be approved without funding of its own, with its legal basis."),
    )
    decider = NodeChoiceField(label=_("Decided by (district or subdistrict)"), queryset=None)
    scope = forms.ChoiceField(
        label=_("Applies to"), choices=Scope.choices, initial=Scope.ALL, widget=forms.RadioSelect
    )
    communities = forms.ModelMultipleChoiceField(
        label=_("Communities"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    hours_per_month = forms.DecimalField(
        label=_("Hours per month per community"), min_value=0, max_digits=7, decimal_places=2
    )
    funding = forms.DecimalField(
        label=_("Funding per community (yuan)"),
        min_value=0,
        max_digits=14,
        decimal_places=2,
        required=False,
        help_text=_("For the whole time span."),
    )
    funding_source = forms.CharField(
        label=_("Source of the funding"), max_length=200, required=False
    )
    start_date = forms.DateField(label=_("From"), widget=_DATE)
    end_date = forms.DateField(label=_("Until"), widget=_DATE)

    def __init__(self, *args, deciders, communities, departments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decider"].queryset = deciders
        self.fields["communities"].queryset = communities
        self.fields["department_handler"].queryset = departments


class WorkItemFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=60,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Number or words")}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any")), *WorkItemStatus.choices],
    )
    department = forms.CharField(label=_("Department"), required=False, max_length=100)
    start = forms.DateField(label=_("In force from"), required=False, widget=_DATE)
    end = forms.DateField(label=_("In force until"), required=False, widget=_DATE)


class StepForm(forms.Form):
    """The fields of one step: ``needs`` decides which are shown and required."""

    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, step: workflow.Transition, **kwargs):
        super().__init__(*args, **kwargs)
        needs = step.needs
        if workflow.REASON in needs:
            self.fields["note"].label = _("Reason")
            self.fields["note"].required = True
        if workflow.FUNDING in needs:
            self.fields["funding"] = forms.DecimalField(
                label=_("Funding per community (yuan)"),
                min_value=0,
                max_digits=14,
                decimal_places=2,
                required=False,
            )
            self.fields["funding_source"] = forms.CharField(
                label=_("Source of the funding"), max_length=200, required=False
            )
        if workflow.SPAN in needs:
            self.fields["start_date"] = forms.DateField(label=_("From"), widget=_DATE)
            self.fields["end_date"] = forms.DateField(label=_("Until"), widget=_DATE)


class WorkloadForm(forms.Form):
    area = NodeChoiceField(label=_("Area"), queryset=None, required=False)
    start = forms.DateField(label=_("From"), required=False, widget=_DATE)
    end = forms.DateField(label=_("Until"), required=False, widget=_DATE)

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = areas
        self.fields["area"].empty_label = None

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The period cannot end before it starts."))
        return data
