"""Forms of the party dues pages (R-PM-5). They parse input only; services check the rules."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DuesBasis, DuesEntryKind

MONTH = forms.TextInput(attrs={"type": "month", "placeholder": "2026-01"})


class MonthField(forms.Field):
    """A month as ``YYYY-MM`` (the value of <input type="month">), cleaned to its first day."""

    widget = MONTH

    def to_python(self, value):
        value = (value or "").strip()
        if not value:
            return None
        try:
            year, month = (int(part) for part in value.split("-"))
            return dt.date(year, month, 1)
        except ValueError:
            raise forms.ValidationError(_("Enter a month as YYYY-MM.")) from None


class ArrearsFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Member or card number")}),
    )
    org = forms.ModelChoiceField(label=_("Organisation"), queryset=None, required=False)
    everyone = forms.BooleanField(label=_("Every member, in arrears or not"), required=False)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100, required=False)
    org = forms.ModelChoiceField(label=_("Organisation"), queryset=None, required=False)

    def __init__(self, *args, orgs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs


class DuesPayForm(forms.Form):
    first_month = MonthField(label=_("From month"))
    last_month = MonthField(label=_("To month"), required=False,
                            help_text=_("Empty: the first month only."))  # fmt: skip
    amount = forms.DecimalField(label=_("Amount paid (yuan)"), max_digits=12, decimal_places=2)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def months(self) -> list[dt.date]:
        first = self.cleaned_data["first_month"]
        last = self.cleaned_data.get("last_month") or first
        from .services.dues import months_between

        return months_between(first, last)

    def clean(self):
        data = super().clean()
        first, last = data.get("first_month"), data.get("last_month")
        if first and last and last < first:
            self.add_error("last_month", _("The last month comes after the first."))
        elif first and last and (last.year - first.year) * 12 + last.month - first.month >= 36:
            self.add_error("last_month", _("At most 36 months at once."))
        return data


class DuesStandardForm(forms.Form):
    from_month = MonthField(label=_("From month"))
    basis = forms.ChoiceField(label=_("Basis"), choices=DuesBasis.choices)
    income = forms.DecimalField(label=_("Monthly income (yuan)"), max_digits=10,
                                decimal_places=2, required=False, min_value=0,
                                help_text=_("Not needed for the flat amount."))  # fmt: skip
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class DuesOutflowForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(DuesEntryKind.SPENDING, DuesEntryKind.SPENDING.label),
                 (DuesEntryKind.REMITTANCE, DuesEntryKind.REMITTANCE.label)],
    )  # fmt: skip
    amount = forms.DecimalField(label=_("Amount (yuan)"), max_digits=12, decimal_places=2)
    note = forms.CharField(label=_("What for"), max_length=200)


class DuesReverseForm(forms.Form):
    note = forms.CharField(label=_("Reason for the reversal"), max_length=200)
