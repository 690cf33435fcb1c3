"""Pages of 四知四访 (R-PM-6): the visits list and its export, a visit with its log form, raising
an occasion for a member, clearing it, and a member's circumstances (VIEW_CIRCUMSTANCES).
Every write goes through ``services.care``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from shequ.accounts.roles import MANAGE_PARTY, RECORD_PARTY, VIEW_CIRCUMSTANCES
from shequ.core.paging import keyset_page
from shequ.core.perms import require_perm as _require
from shequ.core.views import add_service_errors
from shequ.core.xlsx import xlsx_response

from ..forms_care import (
    CircumstanceForm,
    FlagClearForm,
    FlagRaiseForm,
    VisitFilterForm,
    VisitLogForm,
)
from ..models import Aspect, CareVisit, PartyMember, VisitStatus
from ..selectors import care as selectors
from ..selectors.orgs import member_get_for
from ..services import care as services

PAGE_SIZE = 50
# The steps a visit's events name (services.care writes them).
VERB_LABELS = {
    "raise": gettext_lazy("Visit task raised"),
    "escalate": gettext_lazy("Escalated up the chain"),
    "visit": gettext_lazy("Visit logged"),
    "cancel": gettext_lazy("Cancelled: the occasion is over"),
}


def _member(user, pk) -> PartyMember:
    try:
        return member_get_for(user=user, pk=pk)
    except PartyMember.DoesNotExist:
        raise Http404 from None


def _visits(request):
    form = VisitFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    visits = selectors.care_visit_list_for(
        user=request.user,
        status=data.get("status", ""),
        trigger=data.get("trigger", ""),
        q=data.get("q", ""),
        mine=data.get("mine", False),
    )
    return form, visits


@login_required
def care_visit_list(request):
    """Visits in the user's area and those addressed to him; a member without a staff role
    sees his own tasks here."""
    form, visits = _visits(request)
    page = keyset_page(
        visits, keys=("due_on", "id"), cursor=request.GET.get("after", ""), size=PAGE_SIZE
    )
    query = request.GET.copy()
    query.pop("after", None)
    return render(
        request,
        "party/care/visit_list.html",
        {
            "form": form,
            "page": page,
            "export_query": query.urlencode(),
            "today": timezone.localdate(),
        },
    )


@never_cache
@login_required
def care_visit_export(request):
    _form, visits = _visits(request)
    content = services.care_visit_export(user=request.user, visits=visits)
    filename = _("care visits %(day)s.xlsx") % {"day": timezone.localdate().isoformat()}
    return xlsx_response(content, filename)


def _visit(user, pk) -> CareVisit:
    try:
        return selectors.care_visit_get_for(user=user, pk=pk)
    except CareVisit.DoesNotExist:
        raise Http404 from None


def _detail(request, visit, log_form=None, status=200):
    user = request.user
    may_log = visit.status == VisitStatus.OPEN and (
        visit.is_assigned_to(user) or user.has_perm(RECORD_PARTY, visit)
    )
    today = timezone.localdate()
    return render(
        request,
        "party/care/visit_detail.html",
        {
            "visit": visit,
            "events": [
                (event, VERB_LABELS.get(event.verb, event.verb))
                for event in visit.events.order_by("at", "id")
            ],
            "today": today,
            "may_log": may_log,
            "log_form": log_form or VisitLogForm(initial={"visited_on": today}),
            "may_clear": visit.flag.cleared_on is None and user.has_perm(RECORD_PARTY, visit.flag),
            "clear_form": FlagClearForm(initial={"on": today}),
        },
        status=status,
    )


@login_required
def care_visit_detail(request, pk):
    visit = _visit(request.user, pk)
    if request.method != "POST":
        return _detail(request, visit)
    form = VisitLogForm(request.POST)
    if form.is_valid():
        try:
            services.care_visit_log(
                actor=request.user,
                visit=visit,
                visited_on=form.cleaned_data["visited_on"],
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Visit logged."))
            return redirect("party:care_visit_detail", pk=visit.pk)
    return _detail(request, visit, log_form=form, status=400)


@login_required
@require_POST
def care_flag_clear(request, pk):
    visit = _visit(request.user, pk)
    form = FlagClearForm(request.POST)
    if form.is_valid():
        try:
            services.care_flag_clear(
                actor=request.user,
                flag=visit.flag,
                on=form.cleaned_data["on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("The occasion is cleared."))
    else:
        messages.error(request, _("Give the day the occasion was over."))
    return redirect("party:care_visit_detail", pk=visit.pk)


@login_required
def care_flag_raise(request, member_pk):
    """Record an occasion for a member (四访): one visit task follows along the chain."""
    user = request.user
    member = _member(user, member_pk)
    _require(user, RECORD_PARTY, member)
    form = FlagRaiseForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.care_flag_raise(
                actor=user, member=member, trigger=data["trigger"], on=data["on"], note=data["note"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Visit task for %(name)s assigned to %(who)s, due %(due)s.")
                % {
                    "name": member.person.name,
                    "who": visit.assignee_name or visit.assignee_org,
                    "due": visit.due_on.isoformat(),
                },
            )
            return redirect("party:care_visit_detail", pk=visit.pk)
    return render(request, "party/care/flag_form.html", {"form": form, "member": member})


@login_required
def member_circumstances(request, member_pk):
    """What is known of a member (四知), by aspect with its history; a form to add."""
    user = request.user
    member = _member(user, member_pk)
    _require(user, VIEW_CIRCUMSTANCES, member)
    may_record = user.has_perm(RECORD_PARTY, member)
    form = CircumstanceForm(request.POST or None, initial={"recorded_on": timezone.localdate()})
    if request.method == "POST":
        if not may_record:
            raise PermissionDenied(_("You may not do this here."))
        if form.is_valid():
            try:
                services.circumstance_record(actor=user, member=member, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Recorded."))
                return redirect("party:member_circumstances", member_pk=member.pk)
    entries = list(selectors.circumstance_list_for(user=user, member=member))
    by_aspect = [
        (label, [e for e in entries if e.aspect == value]) for value, label in Aspect.choices
    ]
    visits = selectors.care_visit_list_for(user=user).filter(member=member).order_by("-due_on")
    return render(
        request,
        "party/care/circumstances.html",
        {
            "member": member,
            "by_aspect": by_aspect,
            "form": form,
            "may_record": may_record,
            "visits": visits[:20],
            "may_raise": may_record,
        },
    )


@login_required
def card_issue(request):
    """Member service cards (党员服务卡, R-PM-6): per organisation, the members still without a
    card; issuing numbers them by the configured format."""
    user = request.user
    _require(user, MANAGE_PARTY)
    rows = selectors.cards_missing_per_org(user=user)
    if request.method == "POST":
        org = next((r["org"] for r in rows if str(r["org"].pk) == request.POST.get("org")), None)
        if org is None:
            raise Http404
        try:
            issued = services.card_issue_all(actor=user, org=org)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request, _("%(n)s cards issued in %(org)s.") % {"n": issued, "org": org.name}
            )
        return redirect("party:card_issue")
    return render(request, "party/care/cards.html", {"rows": rows})


urlpatterns = [
    path("cards/", card_issue, name="card_issue"),
    path("care/", care_visit_list, name="care_visit_list"),
    path("care/export/", care_visit_export, name="care_visit_export"),
    path("care/<int:pk>/", care_visit_detail, name="care_visit_detail"),
    path("care/<int:pk>/clear/", care_flag_clear, name="care_flag_clear"),
    path("care/members/<int:member_pk>/raise/", care_flag_raise, name="care_flag_raise"),
    path("care/members/<int:member_pk>/", member_circumstances, name="member_circumstances"),
]
