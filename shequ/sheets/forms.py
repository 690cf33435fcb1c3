"""Forms of the import and export pages: upload, column mapping, export, job search."""

from __future__ import annotations

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from .choices import CsvEncoding, FileFormat, SheetKind

UPLOAD_EXTENSIONS = ("xlsx", "xls", "csv")


class AreaChoiceField(forms.ModelChoiceField):
    """A territory node, named with its kind so that a district and a community of the same
    name stay apart."""

    def label_from_instance(self, obj) -> str:
        return f"{obj.name} · {obj.get_kind_display()}"


def _area_field(label, areas, *, preselect_top=False) -> AreaChoiceField:
    """One area: nothing to choose, it is preselected; ``preselect_top`` also preselects the
    first (the widest, the areas being in tree order) when there are several."""
    field = AreaChoiceField(label=label, queryset=areas)
    nodes = list(areas[:2])
    if len(nodes) == 1:
        field.empty_label = None
    if nodes and (len(nodes) == 1 or preselect_top):
        field.initial = nodes[0].pk
    return field


class JobSearchForm(forms.Form):
    q = forms.CharField(
        label=_("File name"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Search by file name")}),
    )


class ImportUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Sheet"), choices=SheetKind.choices)
    file = forms.FileField(
        label=_("File"),
        validators=[FileExtensionValidator(UPLOAD_EXTENSIONS)],
        help_text=_("Excel (.xlsx, .xls) or CSV (UTF-8 or GBK). The first rows may be a title."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv"}),
    )
    create_flats = forms.BooleanField(
        label=_("Create missing flats"),
        required=False,
        help_text=_("Otherwise a row whose flat is not in the registry is rejected."),
    )

    def __init__(self, *args, areas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"] = _area_field(_("Import into"), areas)
        self.order_fields(["kind", "area", "file", "create_flats"])


class ImportMappingForm(forms.Form):
    """One choice per column of the file: the field it holds, or ignore it."""

    def __init__(self, *args, headers, mapping, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.columns = []
        for index, header in enumerate(headers):
            name = f"col_{index}"
            label = header or _("Column %(n)s") % {"n": index + 1}
            self.fields[name] = forms.ChoiceField(
                label=label,
                choices=choices,
                required=False,
                initial=mapping.get(str(index), ""),
                widget=forms.Select(
                    attrs={
                        "style": "min-width: 9rem",
                        "aria-label": _("Field of column “%(heading)s”") % {"heading": label},
                    }
                ),
            )
            self.columns.append(
                {
                    "index": index,
                    "header": header,
                    "field": self[name],
                    "recognised": bool(mapping.get(str(index))),
                }
            )

    def mapping(self) -> dict[int, str]:
        return {c["index"]: self.cleaned_data[f"col_{c['index']}"] for c in self.columns}


class ExportForm(forms.Form):
    # requests are exported from their own figures page, not as a sheet here
    kind = forms.ChoiceField(
        label=_("Sheet"), choices=[c for c in SheetKind.choices if c[0] != SheetKind.CASES]
    )
    file_format = forms.ChoiceField(
        label=_("Format"),
        choices=[(FileFormat.XLSX, FileFormat.XLSX.label), (FileFormat.CSV, FileFormat.CSV.label)],
        initial=FileFormat.XLSX,
    )
    encoding = forms.ChoiceField(
        label=_("Encoding"),
        choices=CsvEncoding.choices,
        initial=CsvEncoding.UTF8,
        help_text=_("Only for CSV."),
    )
    unmasked = forms.BooleanField(
        label=_("Include full personal data"),
        required=False,
        help_text=_("ID numbers and phones in full. The export and its reason are logged."),
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=200,
        required=False,  # the service states the rule and writes the message
        widget=forms.TextInput(attrs={"placeholder": _("Why do you need the full values?")}),
    )

    def __init__(self, *args, areas, may_unmask: bool, **kwargs):
        super().__init__(*args, **kwargs)
        # an export is most often of the whole of one's area
        self.fields["area"] = _area_field(_("Area"), areas, preselect_top=True)
        if not may_unmask:
            del self.fields["unmasked"]
            del self.fields["reason"]
        self.order_fields(["kind", "area", "file_format", "encoding", "unmasked", "reason"])
