"""A round's results page (R-PB-2): every project funded or not with the reason, the totals
and the rule; downloads as xlsx and as a pabulib file; managers re-run it with another rule."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from shequ.accounts.roles import MANAGE_PB
from shequ.core.models import AuditAction, audit_record
from shequ.core.paging import keyset_page
from shequ.core.perms import require_perm
from shequ.core.xlsx import xlsx_response

from ..allocation.explain import explain
from ..choices import Completion, Rule
from ..models import Round
from ..selectors.allocation import result_rows, results_export, results_round_get_for
from ..services.allocation import ALLOCATABLE, round_allocate, round_results
from ..services.pabulib_io import round_export_pabulib

PAGE_SIZE = 50
SELECT = forms.Select(attrs={"class": "form-select"})
KEYS = ("-funded", "order", "-score", "id")


class RerunForm(forms.Form):
    rule = forms.ChoiceField(label=gettext_lazy("Rule"), choices=Rule.choices, widget=SELECT)
    completion = forms.ChoiceField(
        label=gettext_lazy("Completion"), choices=Completion.choices, widget=SELECT
    )


def _round(request, pk) -> Round:
    try:
        return results_round_get_for(user=request.user, pk=pk)
    except Round.DoesNotExist:
        raise Http404 from None


def _with_reasons(rows, cardinal):
    for row in rows:
        row.reason = explain(row.facts, cardinal=cardinal, gettext=_) or row.explanation
    return rows


@login_required
def round_results_page(request, pk, form=None, status=200):
    round = _round(request, pk)
    results = round_results(round)
    q = request.GET.get("q", "").strip()
    page = None
    if results.run is not None:
        page = keyset_page(result_rows(results.run, q=q), keys=KEYS,
                           cursor=request.GET.get("after", ""), size=PAGE_SIZE)  # fmt: skip
        _with_reasons(page.rows, results.cardinal)
    may_rerun = request.user.has_perm(MANAGE_PB, round) and round.phase in ALLOCATABLE
    query = request.GET.copy()
    query.pop("after", None)
    return render(request, "pb/results/page.html", {
        "round": round, "results": results, "page": page, "q": q,
        "export_query": query.urlencode(), "may_rerun": may_rerun,
        "form": form or (RerunForm(initial={"rule": round.rule, "completion": round.completion})
                         if may_rerun else None),
    }, status=status)  # fmt: skip


@login_required
@require_POST
def round_results_rerun(request, pk):
    round = _round(request, pk)
    require_perm(request.user, MANAGE_PB, round)
    form = RerunForm(request.POST)
    if form.is_valid():
        try:
            round_allocate(round=round, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The round was allocated again."))
            return redirect("pb:round_results", pk=round.pk)
    return round_results_page(request, pk, form=form, status=400)


@never_cache
@login_required
def round_results_export(request, pk):
    round = _round(request, pk)
    results = round_results(round)
    if results.run is None:
        raise Http404
    rows = _with_reasons(list(result_rows(results.run, q=request.GET.get("q", "").strip())),
                         results.cardinal)  # fmt: skip
    name = _("results %(title)s.xlsx") % {"title": round.title}
    return xlsx_response(results_export(user=request.user, round=round, results=rows), name)


@never_cache
@login_required
def round_results_pabulib(request, pk):
    round = _round(request, pk)
    text = round_export_pabulib(round)
    audit_record(AuditAction.EXPORT, actor=request.user, obj=round, row_count=round.ballots.count(),
                 object_repr=f"pabulib {round.title}"[:200])  # fmt: skip
    response = HttpResponse(text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="round-{round.pk}.pb"'
    return response


urlpatterns = [
    path("rounds/<int:pk>/results/", round_results_page, name="round_results"),
    path("rounds/<int:pk>/results/rerun/", round_results_rerun, name="round_results_rerun"),
    path("rounds/<int:pk>/results/export/", round_results_export, name="round_results_export"),
    path("rounds/<int:pk>/results/pabulib/", round_results_pabulib, name="round_results_pabulib"),
]
