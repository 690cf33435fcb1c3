"""Pages of the annual evaluation (R-PM-4): rounds, a round with its reports, rating progress
and outcomes, the rating sheet of a rater, a member's duty report, the party-affairs board
(党务公开栏) and the democratic evaluation records. Every write goes through services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from shequ.accounts.roles import MANAGE_PARTY, RECORD_PARTY, VIEW_PARTY
from shequ.core.paging import keyset_page
from shequ.core.perms import require_perm as _require
from shequ.core.views import add_service_errors
from shequ.core.xlsx import xlsx_response
from shequ.territory.choices import NodeKind
from shequ.territory.models import Node

from ..config import party_config
from ..forms_evaluation import (
    AdjustForm,
    DemocraticEvaluationForm,
    DutyReportForm,
    PeriodForm,
    PublishForm,
    RaterForm,
    RatingSheetForm,
    RoundFilterForm,
    RoundOpenForm,
)
from ..models import DutyReport, EvaluationRound, Outcome, PartyMember, RoundStatus
from ..selectors import evaluation as selectors
from ..selectors.orgs import member_get_for, own_member_record
from ..services import evaluation as services

PAGE_SIZE = 50


def _round_or_404(user, pk) -> EvaluationRound:
    try:
        return selectors.round_get_for(user=user, pk=pk)
    except EvaluationRound.DoesNotExist:
        raise Http404 from None


@login_required
def round_list(request):
    user = request.user
    _require(user, VIEW_PARTY)
    form = RoundFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    rounds = selectors.round_list_for(
        user=user, q=data.get("q", ""), year=data.get("year"), status=data.get("status", "")
    )
    page = keyset_page(rounds, keys=("-year", "-id"), cursor=request.GET.get("after", ""),
                       size=PAGE_SIZE)  # fmt: skip
    return render(
        request,
        "party/evaluation/round_list.html",
        {"form": form, "page": page, "may_open": user.has_perm(MANAGE_PARTY)},
    )


@login_required
def round_open(request):
    user = request.user
    _require(user, MANAGE_PARTY)
    today = timezone.localdate()
    form = RoundOpenForm(
        request.POST or None,
        orgs=selectors.orgs_for_evaluation(user=user, perm=MANAGE_PARTY),
        initial={"year": today.year},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rnd = services.round_open(actor=user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Evaluation round opened."))
            return redirect("party:evaluation_round_detail", pk=rnd.pk)
    return render(request, "party/evaluation/round_form.html", {"form": form})


def _detail_context(request, rnd, **forms) -> dict:
    user = request.user
    manage = user.has_perm(MANAGE_PARTY, rnd.org)
    context = {
        "round": rnd,
        "progress": selectors.round_progress(rnd),
        "outcomes": list(selectors.outcome_list(rnd)) if rnd.status != RoundStatus.OPEN else [],
        "may_manage": manage,
        "rater_form": forms.get("rater_form") or RaterForm(),
        "publish_form": forms.get("publish_form") or PublishForm(),
        "adjust_form": forms.get("adjust_form") or AdjustForm(),
        "criteria": party_config()["evaluation"]["criteria"],
        "is_rater": selectors.rater_registration(user=user, round=rnd) is not None,
    }
    return context


@login_required
def round_detail(request, pk):
    rnd = _round_or_404(request.user, pk)
    return render(request, "party/evaluation/round_detail.html", _detail_context(request, rnd))


@login_required
@require_POST
def round_rater_add(request, pk):
    user = request.user
    rnd = _round_or_404(user, pk)
    form = RaterForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        rater = get_user_model().objects.filter(username=data["username"], is_active=True).first()
        try:
            if rater is None:
                raise ValidationError({"username": _("No active user has this name.")})
            services.round_rater_register(actor=user, round=rnd, user=rater, kind=data["kind"])
        except ValidationError as exc:
            add_service_errors(form, exc, field_map={"user": "username"})
        else:
            messages.success(request, _("Rater registered."))
            return redirect("party:evaluation_round_detail", pk=rnd.pk)
    context = _detail_context(request, rnd, rater_form=form)
    return render(request, "party/evaluation/round_detail.html", context, status=400)


@login_required
@require_POST
def round_step(request, pk, target):
    user = request.user
    rnd = _round_or_404(user, pk)
    form = PublishForm(request.POST)
    if target not in RoundStatus.values or not form.is_valid():
        raise Http404
    try:
        services.round_transition(actor=user, round=rnd, to=target, **form.cleaned_data)
    except ValidationError as exc:
        add_service_errors(form, exc)
        context = _detail_context(request, rnd, publish_form=form)
        return render(request, "party/evaluation/round_detail.html", context, status=400)
    messages.success(request, _("The round is now %(status)s.") % {
        "status": RoundStatus(target).label})  # fmt: skip
    return redirect("party:evaluation_round_detail", pk=rnd.pk)


@login_required
@require_POST
def outcome_adjust(request, pk):
    user = request.user
    try:
        outcome = Outcome.objects.visible_to(user, VIEW_PARTY).select_related("round").get(pk=pk)
    except Outcome.DoesNotExist:
        raise Http404 from None
    form = AdjustForm(request.POST)
    if form.is_valid():
        try:
            services.outcome_adjust(actor=user, outcome=outcome, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Grade decided."))
            return redirect("party:evaluation_round_detail", pk=outcome.round_id)
    for error in form.errors.values():
        messages.error(request, " ".join(error))
    return redirect("party:evaluation_round_detail", pk=outcome.round_id)


@never_cache
@login_required
def outcome_export(request, pk):
    user = request.user
    rnd = _round_or_404(user, pk)
    content = services.outcome_export(user=user, round=rnd)
    name = _("evaluation %(org)s %(year)s.xlsx") % {"org": rnd.org.name, "year": rnd.year}
    return xlsx_response(content, name)


# — raters —


@login_required
def rating_tasks(request):
    """The rounds the signed-in user is registered to rate (members and representatives)."""
    rounds = selectors.rating_rounds_for(user=request.user)
    return render(request, "party/evaluation/rating_tasks.html", {"rounds": rounds})


@login_required
def rating_sheet(request, pk):
    user = request.user
    try:
        rnd = selectors.rating_round_get_for(user=user, pk=pk)
    except EvaluationRound.DoesNotExist:
        raise Http404 from None
    rows = selectors.rating_sheet(user=user, round=rnd)
    criteria = party_config()["evaluation"]["criteria"]
    form = RatingSheetForm(request.POST or None, rows=rows, criteria=criteria)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.ratings_submit(actor=user, round=rnd, sheet=form.sheet())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("%(n)s ratings saved.") % {"n": saved})
            return redirect("party:evaluation_rate", pk=rnd.pk)
    open_now = rnd.status == RoundStatus.OPEN and (
        rnd.opens_on <= timezone.localdate() <= rnd.closes_on
    )
    return render(
        request,
        "party/evaluation/rating_sheet.html",
        {"round": rnd, "form": form, "open_now": open_now},
        status=400 if form.errors else 200,
    )


# — duty reports —


@login_required
def duty_report(request, pk):
    """The member's own report; a worker with RECORD_PARTY passes ``?member=<pk>``."""
    user = request.user
    member_pk = request.GET.get("member", "")
    if member_pk.isdigit():
        try:
            member = member_get_for(user=user, pk=int(member_pk))
        except PartyMember.DoesNotExist:
            raise Http404 from None
        _require(user, RECORD_PARTY, member)
    else:
        member = own_member_record(user=user)
        if member is None:
            raise Http404
    rounds = {r.pk: r for r in selectors.report_rounds_for(member=member)}
    rnd = rounds.get(int(pk))
    if rnd is None:
        raise Http404
    existing = DutyReport.objects.filter(round=rnd, member=member).first()
    form = DutyReportForm(request.POST or None, initial={"text": existing.text if existing else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.duty_report_submit(
                actor=user, round=rnd, member=member, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Duty report saved."))
            return redirect(request.get_full_path())
    return render(
        request,
        "party/evaluation/duty_report.html",
        {"round": rnd, "member": member, "form": form, "existing": existing},
    )


# — the party-affairs board —


@login_required
def board_index(request):
    communities = selectors.board_communities_for(user=request.user)
    if len(communities) == 1:
        return redirect("party:evaluation_board", pk=communities[0].pk)
    return render(request, "party/evaluation/board_index.html", {"communities": communities})


@login_required
def board(request, pk):
    try:
        community = Node.objects.get(pk=pk, kind=NodeKind.COMMUNITY)
        entries = selectors.board_for(user=request.user, community=community)
    except Node.DoesNotExist:
        raise Http404 from None
    return render(
        request, "party/evaluation/board.html", {"community": community, "entries": entries}
    )


# — democratic evaluation —


def _democratic_rows(request):
    form = PeriodForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    rows = selectors.democratic_evaluation_list_for(
        user=request.user, q=data.get("q", ""), start=data.get("start"), end=data.get("end")
    )
    return form, rows


@login_required
def democratic_list(request):
    user = request.user
    _require(user, VIEW_PARTY)
    form, rows = _democratic_rows(request)
    page = keyset_page(rows, keys=("-held_on", "-id"), cursor=request.GET.get("after", ""),
                       size=PAGE_SIZE)  # fmt: skip
    query = request.GET.copy()
    query.pop("after", None)
    return render(
        request,
        "party/evaluation/democratic_list.html",
        {
            "form": form,
            "page": page,
            "may_record": user.has_perm(RECORD_PARTY),
            "export_query": query.urlencode(),
        },
    )


@never_cache
@login_required
def democratic_export(request):
    user = request.user
    _require(user, VIEW_PARTY)
    _form, rows = _democratic_rows(request)
    content = services.democratic_evaluation_export(user=user, rows=rows)
    return xlsx_response(content, _("democratic evaluations %(day)s.xlsx") % {
        "day": timezone.localdate().isoformat()})  # fmt: skip


@login_required
def democratic_create(request):
    user = request.user
    _require(user, RECORD_PARTY)
    form = DemocraticEvaluationForm(
        request.POST or None, orgs=selectors.orgs_for_evaluation(user=user, perm=RECORD_PARTY)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.democratic_evaluation_record(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Democratic evaluation recorded."))
            return redirect("party:democratic_evaluation_list")
    return render(request, "party/evaluation/democratic_form.html", {"form": form})


urlpatterns = [
    path("evaluation/", round_list, name="evaluation_round_list"),
    path("evaluation/new/", round_open, name="evaluation_round_open"),
    path("evaluation/<int:pk>/", round_detail, name="evaluation_round_detail"),
    path("evaluation/<int:pk>/raters/", round_rater_add, name="evaluation_rater_add"),
    path("evaluation/<int:pk>/to/<str:target>/", round_step, name="evaluation_round_step"),
    path("evaluation/<int:pk>/export/", outcome_export, name="evaluation_outcome_export"),
    path("evaluation/outcomes/<int:pk>/adjust/", outcome_adjust, name="evaluation_outcome_adjust"),
    path("evaluation/rate/", rating_tasks, name="evaluation_rating_tasks"),
    path("evaluation/<int:pk>/rate/", rating_sheet, name="evaluation_rate"),
    path("evaluation/<int:pk>/report/", duty_report, name="evaluation_duty_report"),
    path("evaluation/board/", board_index, name="evaluation_board_index"),
    path("evaluation/board/<int:pk>/", board, name="evaluation_board"),
    path("evaluation/democratic/", democratic_list, name="democratic_evaluation_list"),
    path("evaluation/democratic/new/", democratic_create, name="democratic_evaluation_create"),
    path("evaluation/democratic/export/", democratic_export, name="democratic_evaluation_export"),
]
