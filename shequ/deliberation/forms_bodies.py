"""Forms of the pages of bodies, seats, constituencies, the sizing report, convening petitions
and the disclosure board. They parse input only; the services check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import AssemblyMode, BodyKind, SeatEnd, SeatPost, SeatSource
from .models import PublicationKind

# ISO format whatever the language: <input type="date"> accepts nothing else.
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class _NodeField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{'　' * (obj.depth - 1)}{obj.name}（{obj.get_kind_display()}）"


class _NodesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{'　' * (obj.depth - 1)}{obj.name}（{obj.get_kind_display()}）"


def _search(placeholder):
    return forms.CharField(
        label=_("Search"), required=False, max_length=60,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": placeholder}),
    )  # fmt: skip


class BodyFilterForm(forms.Form):
    q = _search(_("Name or place"))
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("All")), *BodyKind.choices])  # fmt: skip
    flag = forms.ChoiceField(
        label=_("Show"), required=False,
        choices=[("", _("All")), ("convene", _("Must be convened")),
                 ("term", _("Term ending or ended"))],
    )  # fmt: skip
    current = forms.BooleanField(label=_("Only bodies in being"), required=False)


class _BodyFields(forms.Form):
    name = forms.CharField(label=_("Name of the body"), max_length=80)
    assembly_mode = forms.ChoiceField(
        label=_("Who sits in it"), choices=AssemblyMode.choices, initial=AssemblyMode.MEMBERS,
        help_text=_("A residents' assembly may seat every adult resident, or one per household; "
                    "other bodies seat their members."),
    )  # fmt: skip
    quorum = forms.CharField(label=_("Quorum"), max_length=10, required=False,
                             help_text=_("Share of the eligible who must be present, e.g. 2/3; "
                                         "empty: configured"))  # fmt: skip
    convene_ratio = forms.CharField(
        label=_("Share that may require a meeting"), max_length=10, required=False,
        help_text=_("e.g. 1/5; empty: configured"),
    )  # fmt: skip
    proxy_allowed = forms.BooleanField(label=_("Proxies allowed"), required=False)
    term_started_on = forms.DateField(label=_("Term from"), required=False, widget=_DATE)
    term_ends_on = forms.DateField(
        label=_("Term to"), required=False, widget=_DATE,
        help_text=_("Left empty, the term runs the configured number of years."),
    )  # fmt: skip


class BodyCreateForm(_BodyFields):
    node = _NodeField(label=_("Territory"), queryset=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=BodyKind.choices)
    field_order = ["node", "kind", "name"]

    def __init__(self, *args, nodes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes


class BodyEditForm(_BodyFields):
    pass


class BodyDissolveForm(forms.Form):
    dissolved_on = forms.DateField(label=_("Dissolved on"), widget=_DATE)


class PersonSearchForm(forms.Form):
    q = forms.CharField(label=_("Find the resident"), max_length=60,
                        help_text=_("His name, its pinyin or initials."))  # fmt: skip


class SeatForm(forms.Form):
    person = forms.CharField(widget=forms.HiddenInput)
    post = forms.ChoiceField(label=_("Post"), choices=SeatPost.choices, initial=SeatPost.MEMBER)
    source = forms.ChoiceField(label=_("How seated"), choices=SeatSource.choices,
                               initial=SeatSource.ELECTED)  # fmt: skip
    constituency = forms.ModelChoiceField(label=_("Constituency"), queryset=None, required=False)
    unit_name = forms.CharField(label=_("Unit"), max_length=120, required=False,
                                help_text=_("A unit's delegate names his unit."))  # fmt: skip
    started_on = forms.DateField(label=_("From"), widget=_DATE)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, constituencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["constituency"].queryset = constituencies
        if not constituencies.exists():
            del self.fields["constituency"]


class SeatEndForm(forms.Form):
    ended_on = forms.DateField(label=_("Last day in the seat"), widget=_DATE)
    reason = forms.ChoiceField(
        label=_("Why it ends"), choices=[c for c in SeatEnd.choices if c[0] != SeatEnd.RECALLED]
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class RecallForm(forms.Form):
    ended_on = forms.DateField(label=_("Recalled with effect from"), widget=_DATE)
    motion = forms.ModelChoiceField(label=_("Motion that recalled him"), queryset=None,
                                    required=False)  # fmt: skip
    reference = forms.CharField(
        label=_("Or the decision's reference"), max_length=200, required=False,
        help_text=_("When the decision was taken outside the platform: its number, the "
                    "meeting that took it, its date."),
    )  # fmt: skip
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, motions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["motion"].queryset = motions


class ByElectionForm(forms.Form):
    person = forms.CharField(widget=forms.HiddenInput)
    started_on = forms.DateField(label=_("From"), widget=_DATE)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ConstituencyForm(forms.Form):
    name = forms.CharField(label=_("Name of the constituency"), max_length=80)
    nodes = _NodesField(label=_("Covers"), queryset=None,
                        help_text=_("Compounds, buildings, entrances or flats."))  # fmt: skip

    def __init__(self, *args, nodes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nodes"].queryset = nodes


class SizingForm(forms.Form):
    root = _NodeField(label=_("Area"), queryset=None, required=False,
                      empty_label=_("— everything I see —"))  # fmt: skip

    def __init__(self, *args, roots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["root"].queryset = roots


class PetitionFilterForm(forms.Form):
    q = _search(_("Title or body"))
    state = forms.ChoiceField(
        label=_("State"), required=False,
        choices=[("", _("All")), ("open", _("Collecting signatures")),
                 ("reached", _("Share reached: to be convened")),
                 ("answered", _("Meeting scheduled")), ("withdrawn", _("Withdrawn"))],
    )  # fmt: skip


class PetitionForm(forms.Form):
    body = forms.ModelChoiceField(label=_("Body to convene"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=160)
    reason = forms.CharField(label=_("Matters to discuss"), required=False,
                             widget=forms.Textarea(attrs={"rows": 4}))  # fmt: skip

    def __init__(self, *args, bodies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = bodies


class PaperSignatureForm(forms.Form):
    person = forms.CharField(widget=forms.HiddenInput)


class BoardFilterForm(forms.Form):
    q = _search(_("Title, text or place"))
    kind = forms.ChoiceField(label=_("Kind"), required=False,
                             choices=[("", _("All")), *PublicationKind.choices])  # fmt: skip


class NoticeForm(forms.Form):
    node = _NodeField(label=_("Territory"), queryset=None)
    title = forms.CharField(label=_("Title"), max_length=160)
    body = forms.CharField(label=_("Text"), required=False,
                           widget=forms.Textarea(attrs={"rows": 6}))  # fmt: skip
    until = forms.DateField(label=_("On the board until"), required=False, widget=_DATE)

    def __init__(self, *args, nodes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["node"].queryset = nodes
