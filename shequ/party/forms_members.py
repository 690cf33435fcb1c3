"""Forms of the member register's pages (R-PM-1, R-PM-7): the filters of the register and of
the transfers, picking a resident, registering, editing, transfers in, out and between
organisations here. They parse input only; the services check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .choices import MemberCategory, MembershipStage, MemberState, TransferDirection
from .selectors.members import HELD_ELSEWHERE, HELD_HERE

# ISO format whatever the language: <input type="date"> accepts nothing else.
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


ALL = _("All")


def _blank(choices):
    return [("", ALL), *choices]


class OrgChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.get_kind_display()}）"


class MemberFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=60,
        help_text=_("Name, pinyin or member service card number."),
    )
    org = OrgChoiceField(label=_("Organisation"), queryset=None, required=False)
    category = forms.ChoiceField(
        label=pgettext_lazy("party member", "Category"),
        choices=_blank(MemberCategory.choices),
        required=False,
    )
    stage = forms.ChoiceField(
        label=pgettext_lazy("party member", "Stage"),
        choices=_blank(MembershipStage.choices),
        required=False,
    )
    state = forms.ChoiceField(
        label=pgettext_lazy("party member", "State"),
        choices=_blank(MemberState.choices),
        required=False,
        initial=MemberState.ACTIVE,
    )
    held = forms.ChoiceField(
        label=_("Membership held"),
        choices=[
            ("", _("All")),
            (HELD_HERE, _("By an organisation here")),
            (HELD_ELSEWHERE, _("Elsewhere (resident here)")),
        ],
        required=False,
    )

    def __init__(self, data=None, *, orgs, **kwargs):
        # The register opens on the active members; "all states" is asked for explicitly.
        if data is not None and "state" not in data:
            data = data.copy()
            data["state"] = MemberState.ACTIVE
        super().__init__(data, **kwargs)
        self.fields["org"].queryset = orgs


class TransferFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=60,
        help_text=_("Name, pinyin, letter number or organisation."),
    )
    direction = forms.ChoiceField(
        label=_("Direction"), choices=_blank(TransferDirection.choices), required=False
    )
    start = forms.DateField(label=_("Letter issued from"), required=False, widget=_DATE)
    end = forms.DateField(label=_("Letter issued until"), required=False, widget=_DATE)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", _("The end of the period is before its start."))
        return data


class PersonSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find the resident"),
        max_length=60,
        help_text=_(
            "His full ID number; or, if you may see the residents' registry, "
            "his name, pinyin or phone."
        ),
    )


class _MembershipFields(forms.Form):
    category = forms.ChoiceField(
        label=pgettext_lazy("party member", "Category"), choices=MemberCategory.choices
    )
    stage = forms.ChoiceField(
        label=pgettext_lazy("party member", "Stage"),
        choices=MembershipStage.choices,
        initial=MembershipStage.FULL,
    )
    joined_on = forms.DateField(label=_("Joined the party"), widget=_DATE)
    full_on = forms.DateField(
        label=_("Full member since"),
        required=False,
        widget=_DATE,
        help_text=_("Required for a full member."),
    )
    employer = forms.CharField(
        label=_("Employer"),
        required=False,
        max_length=160,
        help_text=_("Required for an in-service member."),
    )


class MemberRegisterForm(_MembershipFields):
    """Enter a resident in the register, his membership held by an organisation here or,
    if he belongs elsewhere, named."""

    person = forms.CharField(widget=forms.HiddenInput)
    org = OrgChoiceField(
        label=_("Organisation holding the membership"), queryset=None, required=False
    )
    external_org = forms.CharField(
        label=_("Or: organisation elsewhere holding it"),
        required=False,
        max_length=160,
        help_text=_("For a member who lives here and belongs to an organisation elsewhere."),
    )
    group = OrgChoiceField(label=_("Party group"), queryset=None, required=False)
    employer_party_org = forms.CharField(
        label=_("Party organisation of the employer"), required=False, max_length=160
    )
    card_number = forms.CharField(label=_("Member service card"), required=False, max_length=30)

    field_order = [
        "person", "org", "external_org", "group", "category", "stage", "joined_on", "full_on",
        "employer", "employer_party_org", "card_number",
    ]  # fmt: skip

    def __init__(self, data=None, *, orgs, groups, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["org"].queryset = orgs
        self.fields["group"].queryset = groups


class MemberEditForm(forms.Form):
    category = forms.ChoiceField(
        label=pgettext_lazy("party member", "Category"), choices=MemberCategory.choices
    )
    employer = forms.CharField(
        label=_("Employer"),
        required=False,
        max_length=160,
        help_text=_("Required for an in-service member."),
    )
    employer_party_org = forms.CharField(
        label=_("Party organisation of the employer"), required=False, max_length=160
    )
    group = OrgChoiceField(label=_("Party group"), queryset=None, required=False)
    card_number = forms.CharField(label=_("Member service card"), required=False, max_length=30)

    def __init__(self, data=None, *, groups, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["group"].queryset = groups


class _Letter(forms.Form):
    letter_number = forms.CharField(
        label=_("Letter number"),
        max_length=60,
        help_text=_("The number of the introduction letter (介绍信)."),
    )


class TransferInForm(_MembershipFields, _Letter):
    person = forms.CharField(widget=forms.HiddenInput)
    to_org = OrgChoiceField(label=_("Organisation receiving him"), queryset=None)
    from_org_name = forms.CharField(label=_("Organisation he comes from"), max_length=160)
    issued_on = forms.DateField(label=_("Letter issued"), widget=_DATE)
    received_on = forms.DateField(label=_("Letter received"), widget=_DATE)

    field_order = [
        "person", "to_org", "from_org_name", "letter_number", "issued_on", "received_on",
        "category", "stage", "joined_on", "full_on", "employer",
    ]  # fmt: skip

    def __init__(self, data=None, *, orgs, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["to_org"].queryset = orgs


class TransferOutForm(_Letter):
    to_org_name = forms.CharField(label=_("Organisation he goes to"), max_length=160)
    issued_on = forms.DateField(label=_("Letter issued"), widget=_DATE)
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    field_order = ["to_org_name", "letter_number", "issued_on", "note"]


class MemberMoveForm(_Letter):
    to_org = OrgChoiceField(label=_("Organisation receiving him"), queryset=None)
    on = forms.DateField(label=_("Date of the move"), widget=_DATE)

    field_order = ["to_org", "letter_number", "on"]

    def __init__(self, data=None, *, orgs, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["to_org"].queryset = orgs
