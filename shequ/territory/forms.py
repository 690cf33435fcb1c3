"""Forms of the territory pages: rename a node, move it under another parent."""

from django import forms
from django.utils.translation import gettext_lazy as _


class NodeRenameForm(forms.Form):
    name = forms.CharField(label=_("New name"), max_length=100)


class NodeMoveForm(forms.Form):
    parent_code = forms.CharField(
        label=_("New parent (code)"),
        max_length=40,
        help_text=_("The code of the node to move this one under."),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
