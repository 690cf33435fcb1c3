"""Pages of the figures of requests beyond the dashboard (R-CASE-4): its xlsx export, the
public anonymised figures per community, and a resident's own requests with their steps."""

from __future__ import annotations

import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from shequ.accounts.roles import VIEW_CASE
from shequ.core.models import AuditAction, audit_record
from shequ.core.paging import keyset_page
from shequ.core.views import add_service_errors
from shequ.territory.choices import NodeKind
from shequ.territory.models import Node

from . import figures, selectors, services, workflow
from .choices import CaseStatus
from .forms import DashboardForm, StepForm
from .rules import RATE_CASE, is_requester
from .views import dashboard_filters

# ----------------------------------------------------------------------------- xlsx export

# The columns of the trend and of every breakdown: (key, heading, number format).
_COUNT, _RATE, _HOURS = "0", "0.0%", "0.0"
COLUMNS: tuple[tuple[str, str, str], ...] = (
    *((name, metric.label, _COUNT) for name, metric in figures.METRICS.items()),
    *((rate, label, _RATE) for rate, (label, _top, _bottom) in figures.RATES.items()),
    *((figures.median_key(m), label, _HOURS) for m, (label, _at) in figures.MEASURES.items()),
)

DEFINITIONS = (
    (
        gettext_lazy("Response rate"),
        gettext_lazy("Cases first contacted within the contact limit ÷ cases received."),
    ),
    (
        gettext_lazy("Resolution rate"),
        gettext_lazy("Rated cases the requester says are solved ÷ rated cases."),
    ),
    (
        gettext_lazy("Satisfaction rate"),
        gettext_lazy("Cases rated satisfied or basically satisfied ÷ rated cases."),
    ),
    (
        gettext_lazy("Median hours to first contact"),
        gettext_lazy(
            "Half of the contacted cases were first contacted within this many hours of "
            "being received (wall-clock hours; cases not yet contacted are not counted)."
        ),
    ),
    (
        gettext_lazy("Median hours to answer"),
        gettext_lazy(
            "Half of the answered cases were answered within this many hours of being "
            "received (wall-clock hours, to the last answer; cases not yet answered are not "
            "counted)."
        ),
    ),
    (
        gettext_lazy("How medians are counted"),
        gettext_lazy(
            "Durations are counted in buckets (one hour wide up to 48 hours, six hours up to "
            "a week, a day up to 60 days); the median is interpolated inside the bucket "
            "holding the middle case, so it is precise to the bucket's width."
        ),
    ),
    (
        gettext_lazy("Period"),
        gettext_lazy("Cases are counted by the day they were received, as they stand now."),
    ),
)


def figures_xlsx(*, f: figures.Filters, headline: dict, trend: list[dict], tables: dict) -> bytes:
    """The dashboard as a workbook: the headline, the trend by day, the three breakdowns and
    the definitions, one sheet each."""
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True})
    formats = {code: book.add_format({"num_format": code}) for code in (_COUNT, _RATE, _HOURS)}

    def cell(sheet, row, col, value, code):
        if value is None:
            return
        if isinstance(value, int | float):
            sheet.write_number(row, col, value, formats[code])
        else:
            sheet.write_string(row, col, str(value))

    sheet = book.add_worksheet(_("Figures"))
    sheet.write_row(0, 0, [_("Area"), f.node.name], bold)
    sheet.write_row(1, 0, [_("Received from"), f.start.isoformat()])
    sheet.write_row(2, 0, [_("Received until"), f.end.isoformat()])
    for r, (key, label, code) in enumerate(COLUMNS, 4):
        sheet.write_string(r, 0, str(label))
        cell(sheet, r, 1, headline.get(key), code)
    sheet.set_column(0, 0, 28)

    def table(title: str, first: str, rows: list[dict], name_of) -> None:
        sheet = book.add_worksheet(title)
        sheet.write_row(0, 0, [first, *(str(label) for _k, label, _c in COLUMNS)], bold)
        for r, row in enumerate(rows, 1):
            sheet.write_string(r, 0, str(name_of(row)))
            for c, (key, _label, code) in enumerate(COLUMNS, 1):
                cell(sheet, r, c, row.get(key), code)
        sheet.freeze_panes(1, 1)
        sheet.set_column(0, 0, 24)

    table(_("By day"), _("Day"), trend, lambda row: row["key"].isoformat())
    table(_("By category"), _("Category"), tables["category"], lambda row: row["name"])
    table(_("By community"), _("Community"), tables["community"], lambda row: row["name"])
    table(_("Handlers"), _("Handler"), tables["handler"], lambda row: row["name"])
    sheet = book.add_worksheet(_("Definitions"))
    for r, (term, text) in enumerate(DEFINITIONS):
        sheet.write_string(r, 0, str(term), bold)
        sheet.write_string(r, 1, str(text))
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, 1, 100)
    book.close()
    return buffer.getvalue()


@login_required
def case_figures_export(request):
    """The dashboard under the same filters as an xlsx workbook (no personal data in it)."""
    user = request.user
    if not user.has_perm(VIEW_CASE):
        raise PermissionDenied(_("You may not do this here."))
    form = DashboardForm(request.GET or None, categories=selectors.categories_active())
    f = dashboard_filters(user, form.cleaned_data if form.is_valid() else {})
    content = figures_xlsx(
        f=f,
        headline=figures.figures_for(f),
        trend=figures.figures_by(f, "day"),
        tables=figures.figures_tables(f),
    )
    audit_record(
        AuditAction.EXPORT,
        node_path=f.node.path,
        object_repr=f"case figures {f.node.name} {f.start}…{f.end}",
    )
    stem = _("case-figures")
    name = f"{stem}-{f.node.code}-{f.start:%Y%m%d}-{f.end:%Y%m%d}.xlsx"
    return FileResponse(
        io.BytesIO(content),
        as_attachment=True,
        filename=name,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


# ----------------------------------------------------------------------------- public figures


def case_figures_public(request):
    """Anonymised figures of a subdistrict or a community over the last months, for anyone:
    from the rollups only, no case and nothing personal; small cells withheld."""
    months = settings.SHEQU_PUBLIC_FIGURES_MONTHS
    least = settings.SHEQU_PUBLIC_FIGURES_MIN_CASES
    places = list(
        Node.objects.filter(
            kind__in=[NodeKind.SUBDISTRICT, NodeKind.COMMUNITY], is_active=True
        ).order_by("path")
    )
    chosen = None
    wanted = request.GET.get("node", "")
    if wanted.isdigit():
        chosen = next((n for n in places if n.pk == int(wanted)), None)
    if chosen is None:
        chosen = next((n for n in places if n.kind == NodeKind.SUBDISTRICT), None)
    context = {"places": places, "chosen": chosen, "months": months, "least": least}
    if chosen is None:
        return render(request, "cases/figures_public.html", context)
    public = figures.figures_public(chosen, months=months, least=least)
    context.update(
        period=public["period"],
        headline=public["headline"],
        tables=[
            (_("By community"), public["communities"], "public-communities"),
            (_("By category"), public["categories"], "public-categories"),
        ],
    )
    return render(request, "cases/figures_public.html", context)


# ----------------------------------------------------------------------------- my requests


def _rate_form(case, data=None) -> StepForm | None:
    step = workflow.transition_for(case.status, CaseStatus.RATED)
    if step is None:
        return None
    form = StepForm(data, step=step, prefix=f"rate-{case.pk}")
    form.fields.pop("note")
    return form


def _mine_context(request, failed=None) -> dict:
    user = request.user
    cases = (
        selectors.case_list_for(user=user, mine=True)
        .select_related("category", "handler")
        .order_by("-id")
    )
    page = keyset_page(cases, keys=("-id",), cursor=request.GET.get("after", ""), size=20)
    events = selectors.requester_steps([c.pk for c in page.rows])
    for case in page.rows:
        case.steps = events.get(case.pk, [])
        if failed is not None and failed.prefix == f"rate-{case.pk}":
            case.rate_form = failed
        elif user.has_perm(RATE_CASE, case):
            case.rate_form = _rate_form(case)
        else:
            case.rate_form = None
    return {"page": page}


@login_required
def case_mine(request):
    """A resident's own requests: their steps, the answer, and the rating form when due."""
    return render(request, "cases/case_mine.html", _mine_context(request))


@login_required
@require_POST
def case_mine_rate(request, pk):
    """The requester rates the answer to his own request (the same step as the SMS link)."""
    user = request.user
    case = selectors.case_get_for(user=user, pk=pk)
    if not is_requester(user, case):
        raise PermissionDenied(_("You may not take this step on this case."))
    form = _rate_form(case, request.POST)
    if form is None:
        messages.error(request, _("This step is no longer possible: the case has moved on."))
        return redirect("cases:mine")
    if form.is_valid():
        try:
            services.case_transition(
                case=case,
                to=CaseStatus.RATED,
                actor=user,
                rating=form.cleaned_data["rating"],
                solved=form.cleaned_data["solved"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Thank you: your rating of request %(number)s has been recorded.")
                % {"number": case.number},
            )
            return redirect("cases:mine")
    return render(request, "cases/case_mine.html", _mine_context(request, form), status=400)
