"""Pages of residents' requests: the list, the call-taker's intake, a case with its steps, a
resident's report and his own cases. Every write goes through ``services``."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shequ.accounts.models import User
from shequ.accounts.roles import HANDLE_CASE, RECORD_CASE, VIEW_CASE
from shequ.core.paging import keyset_page
from shequ.core.views import add_service_errors
from shequ.territory.choices import NodeKind
from shequ.territory.models import Node
from shequ.territory.selectors import node_roots_for

from . import figures, selectors, services, workflow
from .choices import FINAL_STATUSES, CaseStatus, Channel
from .forms import (
    CaseFilterForm,
    CaseIntakeForm,
    CaseReportForm,
    CaseRoundForm,
    DashboardForm,
    StepForm,
)
from .models import Case, Handler
from .views_files import attachments_context

PAGE_SIZE = 50


def _grids(user=None, perm: str = ""):
    nodes = Node.objects.filter(kind=NodeKind.GRID, is_active=True)
    if user is not None:
        nodes = nodes.visible_to(user, perm)
    return nodes.order_by("path")


def _area_for(user, pk):
    """The area figures are asked for: a node in the user's scope, else his first area."""
    if pk:
        node = Node.objects.visible_to(user, VIEW_CASE).filter(pk=pk).first()
        if node is not None:
            return node
    return node_roots_for(user=user, perm=VIEW_CASE).first()


@login_required
def case_list(request):
    user = request.user
    categories = selectors.categories_active()
    form = CaseFilterForm(request.GET or None, categories=categories)
    filters = form.cleaned_data if form.is_valid() else {}
    mine = not user.has_perm(VIEW_CASE)
    cases = selectors.case_list_for(
        user=user,
        q=filters.get("q", ""),
        status=filters.get("status", ""),
        category=filters.get("category"),
        channel=filters.get("channel", ""),
        due_state=filters.get("due_state", ""),
        mine=mine,
    )
    drill = any(filters.get(k) for k in ("node", "start", "end", "handler", "metric"))
    if drill and not mine:
        # the list behind a figure: the same filters as the figure (figures.cases_behind)
        area = _area_for(user, filters.get("node"))
        behind = figures.cases_behind(
            figures.Filters(
                node=area,
                start=filters.get("start") or dt.date(2000, 1, 1),
                end=filters.get("end") or dt.date(2999, 12, 31),
                handler=filters.get("handler"),
            ),
            filters.get("metric") or "received",
        )
        cases = cases.filter(pk__in=behind.values("pk"))
    cases = cases.select_related("category", "node", "handler")
    page = keyset_page(cases, keys=("-id",), cursor=request.GET.get("after", ""), size=PAGE_SIZE)
    return render(
        request,
        "cases/case_list.html",
        {"form": form, "page": page, "mine": mine, "may_record": user.has_perm(RECORD_CASE)},
    )


def dashboard_filters(user, data: dict) -> figures.Filters:
    """The dashboard's filters (``DashboardForm``'s cleaned data): the last 30 days of the
    user's first area unless told otherwise. The xlsx export reads the same."""
    today = timezone.localdate()
    return figures.Filters(
        node=_area_for(user, data.get("node")),
        start=data.get("start") or today - dt.timedelta(days=29),
        end=data.get("end") or today,
        category=data["category"].pk if data.get("category") else None,
        channel=data.get("channel") or "",
        handler=data.get("handler"),
    )


@login_required
def case_dashboard(request):
    """Figures of an area over a period, each linking to the cases behind it (R-CASE-4)."""
    user = request.user
    if not user.has_perm(VIEW_CASE):
        raise PermissionDenied(_("You may not do this here."))
    categories = selectors.categories_active()
    form = DashboardForm(request.GET or None, categories=categories)
    f = dashboard_filters(user, form.cleaned_data if form.is_valid() else {})
    area = f.node
    base = {
        "node": area.pk,
        "start": f.start.isoformat(),
        "end": f.end.isoformat(),
        **({"category": f.category} if f.category else {}),
        **({"channel": f.channel} if f.channel else {}),
        **({"handler": f.handler} if f.handler else {}),
    }
    tables = figures.figures_tables(f)
    trend = figures.figures_by(f, "day", medians=False)
    return render(
        request,
        "cases/dashboard.html",
        {
            "form": form,
            "area": area,
            "period": f,
            "figures": figures.figures_for(f),
            "tables": tables,
            "metrics": figures.METRICS,
            "link": base,
            "rates": [
                ("response_rate", _("Response rate"), "responded"),
                ("resolution_rate", _("Resolution rate"), "solved"),
                ("satisfaction_rate", _("Satisfaction rate"), "rated"),
            ],
            "sections": [
                ("category", _("By category")),
                ("community", _("By community")),
                ("handler", _("Handlers")),
            ],
            "trend": {
                "labels": [_("Received"), _("Answered")],
                "days": [r["key"].isoformat() for r in trend],
                "received": [r["received"] for r in trend],
                "resolved": [r["resolved"] for r in trend],
            },
        },
    )


def _record(request, form, template: str, **fixed):
    """Validate an intake form and record its case (``fixed``: what the page decides, not the
    form); on success, to the new case."""
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_submit(actor=request.user, **(form.cleaned_data | fixed))
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Case %(number)s recorded.") % {"number": case.number})
            return redirect("cases:detail", pk=case.pk)
    return render(request, template, {"form": form})


@login_required
def case_create(request):
    """The call-taker's form: fast to fill during a call."""
    user = request.user
    if not user.has_perm(RECORD_CASE):
        raise PermissionDenied(_("You may not do this here."))
    form = CaseIntakeForm(
        request.POST or None,
        request.FILES or None,
        categories=selectors.categories_active(),
        nodes=_grids(user, RECORD_CASE),
    )
    return _record(request, form, "cases/case_form.html")


@login_required
def case_round(request):
    """The grid worker's round on his phone (R-CASE-1): photos, his location, what he saw."""
    user = request.user
    if not user.has_perm(RECORD_CASE):
        raise PermissionDenied(_("You may not do this here."))
    nodes = _grids(user, RECORD_CASE)
    own = selectors.own_grid(user=user, nodes=nodes)
    form = CaseRoundForm(
        request.POST or None,
        request.FILES or None,
        categories=selectors.categories_active(),
        nodes=nodes,
        initial={"node": own.pk if own else None},
    )
    return _record(request, form, "cases/case_round.html", channel=Channel.GRID_ROUND, title="")


@login_required
def caller_lookup(request):
    """htmx: the caller's earlier requests, by his phone (blind index), as the taker types."""
    if not request.user.has_perm(RECORD_CASE):
        raise PermissionDenied(_("You may not do this here."))
    phone = request.GET.get("requester_phone", "")
    cases = list(selectors.cases_like(user=request.user, phone=phone)) if len(phone) >= 7 else []
    return render(request, "cases/includes/caller.html", {"cases": cases, "phone": phone})


def _step_forms(user, case: Case) -> list[dict]:
    """The steps this user may take on this case now, each with its form."""
    out = []
    for step in workflow.transitions_from(case.status):
        if not user.has_perm(step.perm, case):
            continue
        out.append({"step": step, "form": _step_form(step, case, user)})
    return out


def _step_form(step, case, user, data=None) -> StepForm:
    needs = step.needs
    handlers = selectors.handlers_for(user=user, case=case) if workflow.HANDLER in needs else ()
    approvers = (
        [u for u in selectors.approvers_for(case) if u.pk != user.pk]
        if workflow.APPROVER in needs
        else ()
    )
    initial = None
    if workflow.CATEGORY in needs:
        suggested = (case.suggestion or {}).get("category") or {}
        initial = {"category": case.category_id or suggested.get("id")}
    elif workflow.HANDLER in needs:
        initial = {"handler": ((case.suggestion or {}).get("handler") or {}).get("id")}
    return StepForm(
        data,
        step=step,
        handlers=handlers,
        approvers=approvers,
        categories=selectors.categories_active(),
        initial=initial,
        prefix=f"{step.verb}-{step.target}",
    )


def _detail_context(request, case: Case, failed: dict | None = None) -> dict:
    user = request.user
    steps = _step_forms(user, case)
    if failed is not None:
        steps = [failed if s["step"] == failed["step"] else s for s in steps]
    return {
        "case": case,
        "events": case.events.select_related("actor", "approver").order_by("at", "id"),
        "escalations": case.escalations.select_related("node").order_by("level"),
        "steps": steps,
        "may_contact": (
            case.status not in FINAL_STATUSES
            and case.first_contact_at is None
            and user.has_perm(HANDLE_CASE, case)
        ),
        "is_requester": case.requester_user_id == user.pk,
        **attachments_context(user, case),
    }


@login_required
def case_detail(request, pk):
    case = selectors.case_get_for(user=request.user, pk=pk)
    return render(request, "cases/case_detail.html", _detail_context(request, case))


@login_required
@require_POST
def case_step(request, pk, target):
    user = request.user
    case = selectors.case_get_for(user=user, pk=pk)
    step = workflow.transition_for(case.status, target)
    if step is None:
        messages.error(request, _("This step is no longer possible: the case has moved on."))
        return redirect("cases:detail", pk=case.pk)
    form = _step_form(step, case, user, data=request.POST)
    if form.is_valid():
        data = form.cleaned_data
        duplicate_of = None
        if "duplicate_number" in data:
            duplicate_of = (
                selectors.case_list_for(user=user).filter(number=data["duplicate_number"]).first()
            )
            if duplicate_of is None:
                form.add_error("duplicate_number", _("No case with this number in your area."))
        if form.is_valid():
            try:
                services.case_transition(
                    case=case,
                    to=target,
                    actor=user,
                    note=data.get("note", ""),
                    approver=User.objects.filter(pk=data.get("approver")).first()
                    if data.get("approver")
                    else None,
                    handler=Handler.objects.filter(pk=data.get("handler")).first()
                    if data.get("handler")
                    else None,
                    category=data.get("category"),
                    duplicate_of=duplicate_of,
                    reply=data.get("reply", ""),
                    rating=data.get("rating", ""),
                    solved=data.get("solved"),
                    extension_days=data.get("extension_days"),
                )
            except ValidationError as exc:
                add_service_errors(form, exc, {"duplicate_of": "duplicate_number"})
            else:
                messages.success(
                    request,
                    _("Done: %(step)s. The case is now %(status)s.")
                    % {"step": step.label, "status": CaseStatus(target).label},
                )
                return redirect("cases:detail", pk=case.pk)
    context = _detail_context(request, case, failed={"step": step, "form": form, "open": True})
    return render(request, "cases/case_detail.html", context, status=400)


@login_required
@require_POST
def case_contact(request, pk):
    case = selectors.case_get_for(user=request.user, pk=pk)
    services.case_contact(case=case, actor=request.user, note=request.POST.get("note", ""))
    messages.success(request, _("First contact recorded."))
    return redirect("cases:detail", pk=case.pk)


def case_report(request):
    """A resident's own report, logged in or with a phone to be answered on."""
    form = CaseReportForm(request.POST or None, request.FILES or None, nodes=_grids())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        actor = request.user if request.user.is_authenticated else None
        try:
            case = services.case_submit(
                actor=actor,
                channel="web",
                title="",
                description=data["description"],
                node=data["node"],
                place=data["place"],
                requester_name=data["requester_name"],
                requester_phone=data["requester_phone"],
                wants_reply=data["wants_reply"],
                attachments=data["attachments"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return render(request, "cases/case_reported.html", {"case": case})
    return render(request, "cases/case_report.html", {"form": form})


def case_rate_link(request, token):
    """The requester rates the answer from the link in his SMS, without an account."""
    case_id = services.rating_link_case_id(token)
    case = Case.objects.filter(pk=case_id).first() if case_id else None
    if case is None:
        return render(request, "cases/rate_link.html", {"invalid": True}, status=404)
    step = workflow.transition_for(case.status, CaseStatus.RATED)
    form = StepForm(request.POST or None, step=step) if step else None
    if form is not None:
        form.fields.pop("note")
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            case = services.case_transition(
                case=case,
                to=CaseStatus.RATED,
                actor=request.user if request.user.is_authenticated else None,
                rating=form.cleaned_data["rating"],
                solved=form.cleaned_data["solved"],
                requester_token=token,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return render(request, "cases/rate_link.html", {"case": case, "thanks": True})
    return render(request, "cases/rate_link.html", {"case": case, "form": form})
