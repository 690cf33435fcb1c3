"""Pages of the member engagement projects (R-PM-8): the counts per kind of team and per
community for a period with their export, a team with its members and activities, and the
forms recording them. Every write goes through services."""

from __future__ import annotations

import datetime as dt

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

from shequ.accounts.roles import RECORD_PARTY, VIEW_PARTY
from shequ.core.paging import keyset_page
from shequ.core.perms import require_perm as _require
from shequ.core.views import add_service_errors
from shequ.core.xlsx import xlsx_response

from ..forms_evaluation import PeriodForm, TeamActivityForm, TeamMemberEndForm, TeamMemberForm
from ..models import PartyMember, Team, TeamMembership
from ..selectors import engagement as selectors
from ..selectors.evaluation import community_or_self
from ..services import engagement as services

PAGE_SIZE = 50


def _period(request):
    """The period asked for; this year by default."""
    form = PeriodForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    start = data.get("start") or dt.date(today.year, 1, 1)
    end = data.get("end") or dt.date(today.year, 12, 31)
    return form, start, end, data


@login_required
def engagement_report(request):
    user = request.user
    _require(user, VIEW_PARTY)
    form, start, end, data = _period(request)
    report = selectors.engagement_counts_for(user=user, start=start, end=end)
    activities = selectors.activity_list_for(
        user=user, start=start, end=end, q=data.get("q", ""), team_kind=data.get("team_kind", "")
    )
    page = keyset_page(activities, keys=("-held_on", "-id"),
                       cursor=request.GET.get("after", ""), size=PAGE_SIZE)  # fmt: skip
    teams = selectors.team_list_for(user=user, kind=data.get("team_kind", ""))[:200]
    query = request.GET.copy()
    query.pop("after", None)
    return render(
        request,
        "party/engagement/report.html",
        {
            "form": form,
            "report": report,
            "page": page,
            "teams": teams,
            "export_query": query.urlencode(),
        },
    )


@never_cache
@login_required
def engagement_export(request):
    user = request.user
    _require(user, VIEW_PARTY)
    _form, start, end, data = _period(request)
    report = selectors.engagement_counts_for(user=user, start=start, end=end)
    activities = (
        selectors.activity_list_for(
            user=user, start=start, end=end, q=data.get("q", ""),
            team_kind=data.get("team_kind", ""),
        )
        .order_by("held_on", "id")
        .iterator(chunk_size=500)
    )  # fmt: skip
    content = services.engagement_export(user=user, report=report, activities=activities)
    filename = _("engagement %(start)s %(end)s.xlsx") % {"start": start, "end": end}
    return xlsx_response(content, filename)


def _team_or_404(user, pk) -> Team:
    try:
        return selectors.team_get_for(user=user, pk=pk)
    except Team.DoesNotExist:
        raise Http404 from None


def _area_members(team: Team):
    area = community_or_self(team.node).path
    return (
        PartyMember.objects.active()
        .filter(node__path__startswith=area)
        .select_related("person")
        .order_by("person__name_pinyin", "id")
    )


def _team_context(request, team, **forms) -> dict:
    members = _area_members(team)
    today = timezone.localdate()
    return {
        "team": team,
        "memberships": list(selectors.team_memberships(team)),
        "activities": list(selectors.activity_list_for(user=request.user, team=team)[:50]),
        "may_record": request.user.has_perm(RECORD_PARTY, team),
        "member_form": forms.get("member_form")
        or TeamMemberForm(members=members, initial={"joined_on": today}),
        "activity_form": forms.get("activity_form")
        or TeamActivityForm(
            members=members.filter(
                team_memberships__team=team, team_memberships__left_on__isnull=True
            ),
            initial={"held_on": today},
        ),  # fmt: skip
        "today": today,
    }


@login_required
def team_detail(request, pk):
    team = _team_or_404(request.user, pk)
    return render(request, "party/engagement/team_detail.html", _team_context(request, team))


@login_required
@require_POST
def team_member_add(request, pk):
    user = request.user
    team = _team_or_404(user, pk)
    form = TeamMemberForm(request.POST, members=_area_members(team))
    if form.is_valid():
        try:
            services.team_membership_add(actor=user, team=team, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Member added to the team."))
            return redirect("party:engagement_team_detail", pk=team.pk)
    context = _team_context(request, team, member_form=form)
    return render(request, "party/engagement/team_detail.html", context, status=400)


@login_required
@require_POST
def team_member_end(request, pk):
    user = request.user
    try:
        membership = TeamMembership.objects.visible_to(user, VIEW_PARTY).get(pk=pk)
    except TeamMembership.DoesNotExist:
        raise Http404 from None
    form = TeamMemberEndForm(request.POST)
    if form.is_valid():
        try:
            services.team_membership_end(actor=user, membership=membership, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Membership ended."))
    else:
        messages.error(request, _("Enter the day he left."))
    return redirect("party:engagement_team_detail", pk=membership.team_id)


@login_required
@require_POST
def team_activity_create(request, pk):
    user = request.user
    team = _team_or_404(user, pk)
    form = TeamActivityForm(request.POST, members=_area_members(team))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.team_activity_record(
                actor=user, team=team, held_on=data["held_on"], title=data["title"],
                kind=data["kind"], participants=list(data["participants"]),
                person_times=data["person_times"], beneficiaries=data["beneficiaries"],
                results=data["results"],
            )  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Activity recorded."))
            return redirect("party:engagement_team_detail", pk=team.pk)
    context = _team_context(request, team, activity_form=form)
    return render(request, "party/engagement/team_detail.html", context, status=400)


urlpatterns = [
    path("engagement/", engagement_report, name="engagement_report"),
    path("engagement/export/", engagement_export, name="engagement_export"),
    path("engagement/teams/<int:pk>/", team_detail, name="engagement_team_detail"),
    path("engagement/teams/<int:pk>/members/", team_member_add, name="engagement_member_add"),
    path("engagement/memberships/<int:pk>/end/", team_member_end, name="engagement_member_end"),
    path(
        "engagement/teams/<int:pk>/activities/",
        team_activity_create,
        name="engagement_activity_create",
    ),
]
