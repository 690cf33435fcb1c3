"""Pages of the organisation tree (R-ORG-2, R-ORG-6) and of the structural report (R-ORG-3): the
tree and its export, an organisation with its committee, setting up an organisation, seating and
unseating committee members, renewing the term. Every write goes through services/orgs.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from shequ.accounts.roles import MANAGE_PARTY, VIEW_PARTY
from shequ.core.paging import keyset_page
from shequ.core.perms import require_perm as _require
from shequ.core.views import add_service_errors
from shequ.core.xlsx import xlsx_response

from ..choices import OrgKind
from ..forms_structure import (
    OrgCreateForm,
    OrgFilterForm,
    SeatAssignForm,
    SeatEndForm,
    TermRenewForm,
)
from ..models import CommitteeSeat, PartyOrg
from ..selectors import structure as selectors
from ..selectors.orgs import org_get_for, org_list_for
from ..services import orgs as services
from ..services.structure import org_export, structure_findings_export

PAGE_SIZE = 100


def _org(user, pk) -> PartyOrg:
    try:
        return org_get_for(user=user, pk=pk)
    except PartyOrg.DoesNotExist:
        raise Http404 from None


def _filtered(request):
    form = OrgFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    orgs = org_list_for(user=request.user, q=data.get("q", ""), kind=data.get("kind", ""))
    return form, orgs


@login_required
def org_list(request):
    """The tree in its order, indented, with size, secretary, term and findings (R-ORG-2/3)."""
    user = request.user
    _require(user, VIEW_PARTY)
    form, orgs = _filtered(request)
    page = keyset_page(orgs, keys=("path", "id"), cursor=request.GET.get("after", ""),
                       size=PAGE_SIZE)  # fmt: skip
    report = selectors.structure_report_for(user=user, root=None, today=timezone.localdate())
    facts = {f.org.pk: f for f in report.orgs}
    rows = [(org, facts.get(org.pk), report.by_org.get(org.pk, [])) for org in page]
    query = request.GET.copy()
    query.pop("after", None)
    return render(request, "party/structure/org_list.html", {
        "form": form, "page": page, "rows": rows, "export_query": query.urlencode(),
        "may_manage": user.has_perm(MANAGE_PARTY), "findings_count": report.subjects_count,
    })  # fmt: skip


@never_cache
@login_required
def org_export_view(request):
    user = request.user
    _require(user, VIEW_PARTY)
    _form, orgs = _filtered(request)
    report = selectors.structure_report_for(user=user, root=None, today=timezone.localdate())
    content = org_export(user=user, orgs=orgs.order_by("path"), report=report)
    return xlsx_response(content, _("party organisations %(day)s.xlsx")
                 % {"day": timezone.localdate().isoformat()})  # fmt: skip


def _visible_parent(user, org) -> PartyOrg | None:
    """The parent, named only to a user who sees it."""
    parent = PartyOrg.objects.get_parent(org)
    return parent if parent is not None and user.has_perm(VIEW_PARTY, parent) else None


def _detail_context(request, org, **forms) -> dict:
    user = request.user
    today = timezone.localdate()
    report = selectors.structure_report_for(user=user, root=org, today=today)
    may_manage = user.has_perm(MANAGE_PARTY, org) and org.dissolved_on is None
    seats = list(selectors.org_seats(org))
    return {
        "org": org,
        "parent": _visible_parent(user, org),
        "children": org_list_for(user=user).filter(depth=org.depth + 1, path__startswith=org.path),
        "facts": report.facts_of(org),
        "report": report,
        "seats": seats,
        "today": today,
        "may_manage": may_manage,
        "may_add_child": may_manage and org.kind != OrgKind.GROUP,
        "seat_form": forms.get("seat_form") or SeatAssignForm(initial={"started_on": today}),
        "term_form": forms.get("term_form") or TermRenewForm(),
        "end_form": forms.get("end_form") or SeatEndForm(initial={"ended_on": today}),
        "failed_seat": forms.get("failed_seat"),
    }


@login_required
def org_detail(request, pk):
    org = _org(request.user, pk)
    return render(request, "party/structure/org_detail.html", _detail_context(request, org))


@login_required
def org_create(request):
    user = request.user
    _require(user, MANAGE_PARTY)
    parents, nodes, teams = selectors.org_choices_for(user=user)
    initial = {}
    wanted = request.GET.get("parent", "")
    if wanted.isdigit():
        parent = parents.filter(pk=int(wanted)).select_related("node").first()
        if parent is not None:
            initial = {"parent": parent, "node": parent.node}
    form = OrgCreateForm(request.POST or None, parents=parents, nodes=nodes, teams=teams,
                         initial=initial)  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            org = services.org_create(
                actor=user, parent=data["parent"], kind=data["kind"], name=data["name"],
                code=data["code"], node=data["node"], team=data["team"],
                is_joint=data["is_joint"], units=data["units"],
                established_on=data["established_on"], term_started_on=data["term_started_on"],
                term_ends_on=data["term_ends_on"],
            )  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s has been set up.") % {"name": org.name})
            return redirect("party:org_detail", pk=org.pk)
    return render(request, "party/structure/org_form.html", {"form": form},
                  status=400 if request.method == "POST" else 200)  # fmt: skip


@login_required
@require_POST
def seat_assign(request, pk):
    user = request.user
    org = _org(user, pk)
    _require(user, MANAGE_PARTY, org)
    form = SeatAssignForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.seat_assign(actor=user, org=org, post=data["post"], source=data["source"],
                                 name=data["name"], unit=data["unit"],
                                 started_on=data["started_on"])  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(name)s has been seated.") % {"name": data["name"]})
            return redirect("party:org_detail", pk=org.pk)
    context = _detail_context(request, org, seat_form=form)
    return render(request, "party/structure/org_detail.html", context, status=400)


@login_required
@require_POST
def seat_end(request, pk):
    user = request.user
    try:
        seat = selectors.seat_get_for(user=user, pk=pk)
    except CommitteeSeat.DoesNotExist:
        raise Http404 from None
    _require(user, MANAGE_PARTY, seat.org)
    form = SeatEndForm(request.POST)
    if form.is_valid():
        try:
            services.seat_end(actor=user, seat=seat, on=form.cleaned_data["ended_on"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The seat of %(name)s has ended.") % {"name": seat.name})
            return redirect("party:org_detail", pk=seat.org_id)
    context = _detail_context(request, seat.org, end_form=form, failed_seat=seat.pk)
    return render(request, "party/structure/org_detail.html", context, status=400)


@login_required
@require_POST
def org_renew_term(request, pk):
    user = request.user
    org = _org(user, pk)
    _require(user, MANAGE_PARTY, org)
    form = TermRenewForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.org_renew_term(actor=user, org=org, started_on=data["term_started_on"],
                                    ends_on=data["term_ends_on"])  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The new term has been recorded."))
            return redirect("party:org_detail", pk=org.pk)
    context = _detail_context(request, org, term_form=form)
    return render(request, "party/structure/org_detail.html", context, status=400)


def _report_root(request):
    wanted = request.GET.get("org", "")
    if wanted.isdigit():
        return _org(request.user, int(wanted))
    return None


@login_required
def structure_report(request):
    """The findings of the rules engine for a chosen subtree (R-ORG-3), rule and numbers."""
    user = request.user
    _require(user, VIEW_PARTY)
    root = _report_root(request)
    report = selectors.structure_report_for(user=user, root=root, today=timezone.localdate())
    roots = (
        org_list_for(user=user)
        .exclude(kind=OrgKind.GROUP)
        .select_related(None)
        .only("pk", "name", "kind", "depth", "path")
    )
    counts: dict[str, list] = {}
    for finding in report.findings:
        counts.setdefault(finding.code, [finding.label, 0])[1] += 1
    return render(request, "party/structure/report.html", {
        "report": report, "root": root, "roots": roots, "counts": counts.values(),
        "export_query": request.GET.urlencode(),
    })  # fmt: skip


@never_cache
@login_required
def structure_report_export(request):
    user = request.user
    _require(user, VIEW_PARTY)
    root = _report_root(request)
    report = selectors.structure_report_for(user=user, root=root, today=timezone.localdate())
    content = structure_findings_export(user=user, report=report)
    return xlsx_response(content, _("structural report %(day)s.xlsx")
                 % {"day": timezone.localdate().isoformat()})  # fmt: skip


urlpatterns = [
    path("orgs/", org_list, name="org_list"),
    path("orgs/export/", org_export_view, name="org_export"),
    path("orgs/new/", org_create, name="org_create"),
    path("orgs/<int:pk>/", org_detail, name="org_detail"),
    path("orgs/<int:pk>/seats/new/", seat_assign, name="seat_assign"),
    path("orgs/<int:pk>/term/", org_renew_term, name="org_renew_term"),
    path("seats/<int:pk>/end/", seat_end, name="seat_end"),
    path("structure/", structure_report, name="structure_report"),
    path("structure/export/", structure_report_export, name="structure_report_export"),
]
