"""Pages of one round (R-PB-1): creating it, its page (timeline, budget, projects with their
status and co-funding), moving it to its next phase, moving a phase's dates, the council's
shortlist, and the paper codes (issue, print, enter a paper ballot)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from shequ.accounts.roles import MANAGE_PB, RECORD_PB
from shequ.core.perms import require_perm as _require
from shequ.core.scope import scope_q
from shequ.core.views import add_service_errors
from shequ.territory.models import Node

from ..choices import Phase, ProjectStatus
from ..forms import PaperCodeForm, PhaseMoveForm, RoundForm, TransitionForm
from ..models import PaperCode, Round
from ..selectors.rounds import round_get_for, round_money, round_projects, round_timeline
from ..services import ballots as ballot_services
from ..services import projects as project_services
from ..services import rounds as services
from ..workflow import next_step
from .vote import marks_from_post


def round_for(user, pk) -> Round:
    try:
        return round_get_for(user=user, pk=pk)
    except Round.DoesNotExist:
        raise Http404 from None


@login_required
def round_create(request):
    user = request.user
    _require(user, MANAGE_PB)
    nodes = Node.objects.filter(scope_q(user, MANAGE_PB, "path"),
                                kind__in=services.ROUND_NODE_KINDS).order_by("path")  # fmt: skip
    initial = {"year": timezone.localdate().year, "starts_on": timezone.localdate()}
    form = RoundForm(request.POST or None, nodes=nodes, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            round = services.round_create(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Round created."))
            return redirect("pb:round_detail", pk=round.pk)
    return render(request, "pb/rounds/form.html", {"form": form})


def _detail_context(request, round: Round, **forms) -> dict:
    user = request.user
    projects = list(round_projects(round))
    staff = user.has_perm(RECORD_PB, round)
    if not staff:  # residents see what is public: not proposals turned down or withdrawn
        projects = [p for p in projects if p.status not in (ProjectStatus.REJECTED,
                                                            ProjectStatus.WITHDRAWN)]  # fmt: skip
    may_manage = user.has_perm(MANAGE_PB, round)
    step = next_step(round.phase)
    person = getattr(user, "person", None)
    return {
        "round": round,
        "timeline": round_timeline(round),
        "projects": projects,
        "money": round_money(round, projects),
        "staff": staff,
        "may_manage": may_manage,
        "next_step": step if may_manage else None,
        "blockers": services.round_blockers(round) if may_manage and step else [],
        "transition_form": forms.get("transition_form")
        or TransitionForm(initial={"to": step.target} if step else None),  # fmt: skip
        "move_form": forms.get("move_form") or (PhaseMoveForm() if may_manage else None),
        "may_propose": project_services.proposal_refusal(user, round) is None,
        "may_shortlist": round.phase == Phase.SHORTLIST
        and project_services.may_shortlist(user, round),
        "may_vote": round.phase == Phase.VOTE and person is not None,
        "limits": ballot_services.ballot_limits(round),
    }


@login_required
def round_detail(request, pk):
    round = round_for(request.user, pk)
    return render(request, "pb/rounds/detail.html", _detail_context(request, round))


@login_required
@require_POST
def round_transition(request, pk):
    user = request.user
    round = round_for(user, pk)
    _require(user, MANAGE_PB, round)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            services.round_transition(round=round, to=form.cleaned_data["to"], actor=user,
                                      note=form.cleaned_data["note"])  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The round has moved on."))
            return redirect("pb:round_detail", pk=round.pk)
    context = _detail_context(request, round, transition_form=form)
    return render(request, "pb/rounds/detail.html", context, status=400)


@login_required
@require_POST
def round_phase_move(request, pk):
    user = request.user
    round = round_for(user, pk)
    _require(user, MANAGE_PB, round)
    form = PhaseMoveForm(request.POST)
    if form.is_valid():
        try:
            services.round_phase_move(round=round, actor=user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The dates have moved; the later phases moved with them."))
            return redirect("pb:round_detail", pk=round.pk)
    context = _detail_context(request, round, move_form=form)
    return render(request, "pb/rounds/detail.html", context, status=400)


# ----------------------------------------------------------------------------- shortlist


@login_required
def round_shortlist(request, pk):
    """The council's page: feasible projects, each put on the ballot or taken off."""
    user = request.user
    round = round_for(user, pk)
    if not project_services.may_shortlist(user, round):
        raise PermissionDenied(_("Only the council or the round's managers shortlist projects."))
    if request.method == "POST":
        projects = {p.pk: p for p in round.projects.filter(
            status__in=[ProjectStatus.FEASIBLE, ProjectStatus.SHORTLISTED])}  # fmt: skip
        try:
            project = projects[int(request.POST.get("project", ""))]
        except (KeyError, ValueError):
            raise Http404 from None
        try:
            on_ballot = request.POST.get("on_ballot") == "1"
            project_services.project_shortlist(project=project, actor=user, on_ballot=on_ballot)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(title)s: saved.") % {"title": project.title})
        return redirect("pb:round_shortlist", pk=round.pk)
    projects = (
        round.projects.filter(status__in=[ProjectStatus.FEASIBLE, ProjectStatus.SHORTLISTED])
        .select_related("shortlisted_by")
        .order_by("code")
    )
    return render(request, "pb/rounds/shortlist.html", {
        "round": round, "projects": projects, "open": round.phase == Phase.SHORTLIST,
    })  # fmt: skip


# ----------------------------------------------------------------------------- paper


@never_cache
@login_required
def paper_codes(request, pk):
    """Issue codes to every eligible voter without one (POST) and print the list (GET)."""
    user = request.user
    round = round_for(user, pk)
    _require(user, RECORD_PB, round)
    if request.method == "POST":
        try:
            issued = ballot_services.paper_codes_issue(round=round, actor=user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(n)d paper codes issued.") % {"n": len(issued)})
        return redirect("pb:paper_codes", pk=round.pk)
    q = request.GET.get("q", "").strip()
    codes = PaperCode.objects.filter(round=round).select_related("person__node")
    if q:
        codes = codes.filter(person__name__icontains=q)
    return render(request, "pb/vote/paper_codes.html", {
        "round": round, "codes": codes.order_by("person__node__path", "person__name", "id"),
        "q": q, "may_issue": round.phase in (Phase.SHORTLIST, Phase.VOTE),
    })  # fmt: skip


@never_cache
@login_required
def paper_enter(request, pk):
    """Enter a paper ballot by its code: the same inputs as the voting page."""
    user = request.user
    round = round_for(user, pk)
    _require(user, RECORD_PB, round)
    form = PaperCodeForm(request.POST or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            ballot_services.paper_ballot_enter(round=round, code=form.cleaned_data["code"],
                                               marks=marks_from_post(round, request.POST),
                                               actor=user)  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
            errors = [m for f, ms in getattr(exc, "message_dict", {}).items() if f != "code"
                      for m in ms]  # fmt: skip
        else:
            messages.success(request, _("The paper ballot is entered."))
            return redirect("pb:paper_enter", pk=round.pk)
    from .vote import ballot_context

    return render(request, "pb/vote/paper_enter.html", {
        "round": round, "form": form, "errors": errors,
        **ballot_context(round, request.POST if request.method == "POST" else None),
    }, status=400 if request.method == "POST" else 200)  # fmt: skip


urlpatterns = [
    path("rounds/new/", round_create, name="round_create"),
    path("rounds/<int:pk>/", round_detail, name="round_detail"),
    path("rounds/<int:pk>/transition/", round_transition, name="round_transition"),
    path("rounds/<int:pk>/dates/", round_phase_move, name="round_phase_move"),
    path("rounds/<int:pk>/shortlist/", round_shortlist, name="round_shortlist"),
    path("rounds/<int:pk>/paper-codes/", paper_codes, name="paper_codes"),
    path("rounds/<int:pk>/paper-ballot/", paper_enter, name="paper_enter"),
]
