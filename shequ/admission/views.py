"""Pages of task admission (准入制, R-CASE-5): the register and its export, the request form,
an item with its decision, a community's items in force and the workload report. Every write
goes through ``services``."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from shequ.accounts.roles import REQUEST_ITEM, VIEW_ITEM
from shequ.core.paging import keyset_page
from shequ.core.views import add_service_errors
from shequ.core.xlsx import xlsx_response

from . import selectors, services, workflow
from .choices import WorkItemStatus
from .forms import StepForm, WorkItemFilterForm, WorkItemRequestForm, WorkloadForm
from .models import WorkItem

PAGE_SIZE = 50


def _require(user, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied(_("You may not do this here."))


def _filtered(request):
    form = WorkItemFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    items = selectors.work_item_list_for(
        user=request.user,
        q=filters.get("q", ""),
        status=filters.get("status", ""),
        department=filters.get("department", ""),
        start=filters.get("start"),
        end=filters.get("end"),
    )
    return form, items


@login_required
def work_item_list(request):
    user = request.user
    _require(user, VIEW_ITEM)
    form, items = _filtered(request)
    items = selectors.with_community_counts(items).select_related("decider")
    page = keyset_page(items, keys=("-id",), cursor=request.GET.get("after", ""), size=PAGE_SIZE)
    query = request.GET.copy()
    query.pop("after", None)
    return render(
        request,
        "admission/work_item_list.html",
        {
            "form": form,
            "page": page,
            "may_request": user.has_perm(REQUEST_ITEM),
            "export_query": query.urlencode(),
        },
    )


@never_cache
@login_required
def work_item_export(request):
    """The register as filtered on the list page, as an xlsx workbook."""
    user = request.user
    _require(user, VIEW_ITEM)
    _form, items = _filtered(request)
    content = services.work_item_export(user=user, items=items)
    filename = _("work items %(day)s.xlsx") % {"day": timezone.localdate().isoformat()}
    return xlsx_response(content, filename)


@login_required
def work_item_create(request):
    user = request.user
    _require(user, REQUEST_ITEM)
    form = WorkItemRequestForm(
        request.POST or None,
        deciders=selectors.deciders_for(user=user),
        communities=selectors.communities_for(user=user),
        departments=selectors.departments_for(user=user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.work_item_request(
                actor=user,
                title=data["title"],
                description=data["description"],
                department=data["department"],
                department_handler=data["department_handler"],
                legal_basis=data["legal_basis"],
                is_statutory=data["is_statutory"],
                decider=data["decider"],
                scope=data["scope"],
                communities=list(data["communities"]),
                hours_per_month=data["hours_per_month"],
                funding=data["funding"],
                funding_source=data["funding_source"],
                start_date=data["start_date"],
                end_date=data["end_date"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Work item %(number)s registered.") % {"number": item.pk})
            return redirect("admission:detail", pk=item.pk)
    return render(request, "admission/work_item_form.html", {"form": form})


def _step_form(step, item: WorkItem, data=None) -> StepForm:
    initial = None
    if workflow.FUNDING in step.needs or workflow.SPAN in step.needs:
        initial = {
            "funding": item.funding,
            "funding_source": item.funding_source,
            "start_date": item.start_date,
            "end_date": item.end_date,
        }
    return StepForm(data, step=step, initial=initial, prefix=f"{step.verb}-{step.target}")


def _detail_context(request, item: WorkItem, failed: dict | None = None) -> dict:
    user = request.user
    steps = [
        {"step": step, "form": _step_form(step, item)}
        for step in workflow.transitions_from(item.status)
        # the sweep expires items; a person ends one early by withdrawing it
        if step.verb != "expire" and user.has_perm(step.perm, item)
    ]
    if failed is not None:
        steps = [failed if s["step"] == failed["step"] else s for s in steps]
    return {
        "item": item,
        "communities": item.communities.order_by("path"),
        "events": [
            (event, workflow.VERB_LABELS.get(event.verb, event.verb))
            for event in item.events.order_by("at", "id")
        ],
        "steps": steps,
    }


@login_required
def work_item_detail(request, pk):
    item = selectors.work_item_get_for(user=request.user, pk=pk)
    return render(request, "admission/work_item_detail.html", _detail_context(request, item))


@login_required
@require_POST
def work_item_step(request, pk, target):
    user = request.user
    item = selectors.work_item_get_for(user=user, pk=pk)
    step = workflow.transition_for(item.status, target)
    if step is None or step.verb == "expire":
        messages.error(request, _("This step is no longer possible: the item has moved on."))
        return redirect("admission:detail", pk=item.pk)
    form = _step_form(step, item, data=request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.work_item_transition(
                item=item,
                to=target,
                actor=user,
                note=data.get("note", ""),
                funding=data.get("funding"),
                funding_source=data.get("funding_source"),
                start_date=data.get("start_date"),
                end_date=data.get("end_date"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Done: %(step)s. The work item is now %(status)s.")
                % {"step": step.label, "status": WorkItemStatus(target).label},
            )
            return redirect("admission:detail", pk=item.pk)
    context = _detail_context(request, item, failed={"step": step, "form": form, "open": True})
    return render(request, "admission/work_item_detail.html", context, status=400)


@login_required
def work_item_in_force(request):
    """What a community has to do today: the approved items in force applying to it."""
    user = request.user
    _require(user, VIEW_ITEM)
    today = timezone.localdate()
    communities = list(selectors.communities_for(user=user, perm=VIEW_ITEM))
    chosen = None
    wanted = request.GET.get("community", "")
    if wanted.isdigit():
        chosen = next((c for c in communities if c.pk == int(wanted)), None)
    items = (
        selectors.work_items_in_force_for(user=user, on=today, community=chosen)
        .select_related("decider")
        .order_by("end_date", "id")
    )
    return render(
        request,
        "admission/work_item_in_force.html",
        {"items": items, "today": today, "communities": communities, "chosen": chosen},
    )


@login_required
def workload(request):
    """Per community: admitted items in force in a period, hours per month and funding."""
    user = request.user
    _require(user, VIEW_ITEM)
    areas = selectors.report_areas_for(user=user)
    today = timezone.localdate()
    year = {"start": dt.date(today.year, 1, 1), "end": dt.date(today.year, 12, 31)}
    form = WorkloadForm(request.GET or None, areas=areas, initial=year)
    data = form.cleaned_data if form.is_valid() else {}
    area = data.get("area") or areas.first()
    start = data.get("start") or year["start"]
    end = data.get("end") or year["end"]
    report = (
        selectors.workload_report(user=user, area=area, start=start, end=end)
        if area is not None
        else None
    )
    return render(request, "admission/workload.html", {"form": form, "report": report})
