"""Forms of the registry pages: list filters, person creation, unmasking, household members."""

from django import forms
from django.utils.translation import gettext_lazy as _

from shequ.core.templatetags.shequ_ui import tag_name

from .choices import PersonStatus, Relation, ResidenceKind
from .services import UNMASKABLE_FIELDS

SORTS = {
    # key: (label, keyset keys — the last one unique)
    "name": (_("Name"), ("name_pinyin", "id")),
    "birth": (_("Birth date"), ("birth_date", "id")),
    "new": (_("Newest"), ("-id",)),
}

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=40,
        widget=forms.TextInput(
            attrs={"type": "search", "placeholder": _("Name, pinyin, ID or phone")}
        ),
    )
    tag = forms.ChoiceField(label=_("Group"), required=False)
    residence_kind = forms.ChoiceField(
        label=_("Residence"),
        required=False,
        choices=[("", _("Any"))] + list(ResidenceKind.choices),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=list(PersonStatus.choices) + [("", _("Any"))],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(key, label) for key, (label, _keys) in SORTS.items()],
    )
    node = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, tag_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tag"].choices = [("", _("Any"))] + [(t.code, tag_name(t)) for t in tag_types]


class PersonCreateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60)
    id_number = forms.CharField(
        label=_("ID number"),
        max_length=24,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=24,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "tel"}),
    )
    flat_code = forms.CharField(
        label=_("Flat (code)"), max_length=40, help_text=_("The code of the flat (房号).")
    )
    residence_kind = forms.ChoiceField(
        label=_("Residence"), choices=ResidenceKind.choices, initial=ResidenceKind.REGISTERED
    )
    started_on = forms.DateField(label=_("Living here since"), required=False, widget=_DATE)
    registered_address = forms.CharField(
        label=_("Registered address"), max_length=200, required=False
    )
    landlord_name = forms.CharField(label=_("Landlord name"), max_length=60, required=False)
    employer = forms.CharField(label=_("Employer"), max_length=120, required=False)
    permit_number = forms.CharField(
        label=_("Residence permit number"), max_length=40, required=False
    )
    permit_expires_on = forms.DateField(
        label=_("Residence permit expiry"), required=False, widget=_DATE
    )

    FLOATING_FIELDS = ("landlord_name", "employer", "permit_number", "permit_expires_on")


class UnmaskForm(forms.Form):
    field = forms.ChoiceField(choices=[(f, f) for f in UNMASKABLE_FIELDS], widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        required=False,  # the service states the rule and writes the message
        widget=forms.TextInput(attrs={"placeholder": _("Why do you need the full value?")}),
    )


class HouseholdMemberForm(forms.Form):
    person = forms.IntegerField(
        label=_("Person number"),
        min_value=1,
        help_text=_("The number shown on the person's page."),
    )
    relation = forms.ChoiceField(label=_("Relation to head"), choices=Relation.choices)
