"""Pages of proposals (提案, R-DLB-5): the list with its filters and export, submitting one, a
proposal's page with its path to a decision and the staff's answer, and the signing link the
proposer shares with his neighbours. Every write goes through ``services.proposals``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from shequ.accounts.roles import MANAGE_DELIBERATION, PROPOSE
from shequ.core.paging import keyset_page
from shequ.core.scope import scope_paths
from shequ.core.views import add_service_errors
from shequ.core.xlsx import xlsx_response

from ..forms_topics import (
    ProposalAcceptForm,
    ProposalDeclineForm,
    ProposalFilterForm,
    ProposalForm,
)
from ..models import Proposal
from ..models.proposals import ProposalStatus
from ..selectors import proposals as selectors
from ..services import proposals as services

PAGE_SIZE = 50


def _proposal(user, pk) -> Proposal:
    try:
        return selectors.proposal_get_for(user=user, pk=pk)
    except Proposal.DoesNotExist:
        raise Http404 from None


def _filtered(request):
    user = request.user
    form = ProposalFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    proposals = selectors.proposal_list_for(
        user=user, q=data.get("q", ""), status=data.get("status", ""),
        kind=data.get("kind", ""), mine=data.get("mine", False),
    )  # fmt: skip
    return form, proposals


@login_required
def proposal_list(request):
    form, proposals = _filtered(request)
    page = keyset_page(proposals, keys=("-created_at", "-id"),
                       cursor=request.GET.get("after", ""), size=PAGE_SIZE)  # fmt: skip
    query = request.GET.copy()
    query.pop("after", None)
    return render(request, "deliberation/proposals/list.html", {
        "form": form, "page": page, "export_query": query.urlencode(),
        "may_submit": bool(scope_paths(request.user, PROPOSE)),
    })  # fmt: skip


@never_cache
@login_required
def proposal_export(request):
    _form, proposals = _filtered(request)
    name = _("proposals %(day)s.xlsx") % {"day": timezone.localdate().isoformat()}
    return xlsx_response(services.proposal_export(user=request.user, proposals=proposals), name)


@login_required
def proposal_create(request):
    user = request.user
    if not scope_paths(user, PROPOSE):
        raise PermissionDenied(_("You may not propose here."))
    form = ProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_submit(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Proposal submitted. Share its signing link with your "
                                        "neighbours to gather co-signers."))  # fmt: skip
            return redirect("deliberation:proposal_detail", pk=proposal.pk)
    return render(request, "deliberation/proposals/form.html", {"form": form})


def _detail_context(request, proposal: Proposal, **forms) -> dict:
    user = request.user
    open_ = proposal.status == ProposalStatus.SUBMITTED
    may_decide = open_ and user.has_perm(MANAGE_DELIBERATION, proposal)
    own = getattr(user, "person_id", None) == proposal.proposer_id
    return {
        "proposal": proposal,
        "path": selectors.proposal_path(proposal),
        "signatures": selectors.proposal_signatures(proposal),
        "accept_form": forms.get("accept_form") or (ProposalAcceptForm() if may_decide else None),
        "decline_form": forms.get("decline_form")
        or (ProposalDeclineForm() if may_decide else None),
        "sign_url": request.build_absolute_uri(
            reverse("deliberation:proposal_sign", args=[proposal.sign_token])
        ) if open_ and (own or may_decide) else "",
        "may_sign": open_ and not own and services.may_propose_in(user, proposal.community)
        and not selectors.has_signed(user, proposal),
    }  # fmt: skip


@login_required
def proposal_detail(request, pk):
    proposal = _proposal(request.user, pk)
    context = _detail_context(request, proposal)
    return render(request, "deliberation/proposals/detail.html", context)


def _failed(request, proposal, **forms):
    context = _detail_context(request, proposal, **forms)
    return render(request, "deliberation/proposals/detail.html", context, status=400)


@login_required
@require_POST
def proposal_accept(request, pk):
    user = request.user
    proposal = _proposal(user, pk)
    form = ProposalAcceptForm(request.POST)
    if form.is_valid():
        try:
            proposal = services.proposal_accept(actor=user, proposal=proposal, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Proposal accepted; it is now a topic."))
            return redirect("deliberation:topic_detail", pk=proposal.topic_id)
    return _failed(request, proposal, accept_form=form)


@login_required
@require_POST
def proposal_decline(request, pk):
    user = request.user
    proposal = _proposal(user, pk)
    form = ProposalDeclineForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_decline(actor=user, proposal=proposal, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Proposal declined."))
            return redirect("deliberation:proposal_detail", pk=proposal.pk)
    return _failed(request, proposal, decline_form=form)


@login_required
def proposal_sign(request, token):
    """The signing link: the proposal's text and the button, to a user who may propose in its
    community; posting signs it with his person."""
    user = request.user
    try:
        proposal = selectors.proposal_for_signing(user=user, token=token)
    except Proposal.DoesNotExist:
        raise Http404 from None
    if request.method == "POST":
        try:
            services.proposal_sign(actor=user, proposal=proposal)
        except ValidationError as exc:
            for error in exc.messages:
                messages.error(request, error)
        else:
            messages.success(request, _("You have co-signed the proposal."))
            return redirect("deliberation:proposal_detail", pk=proposal.pk)
    return render(request, "deliberation/proposals/sign.html", {
        "proposal": proposal, "signed": selectors.has_signed(user, proposal),
        "own": getattr(user, "person_id", None) == proposal.proposer_id,
    })  # fmt: skip


urlpatterns = [
    path("proposals/", proposal_list, name="proposal_list"),
    path("proposals/export/", proposal_export, name="proposal_export"),
    path("proposals/new/", proposal_create, name="proposal_create"),
    path("proposals/<int:pk>/", proposal_detail, name="proposal_detail"),
    path("proposals/<int:pk>/accept/", proposal_accept, name="proposal_accept"),
    path("proposals/<int:pk>/decline/", proposal_decline, name="proposal_decline"),
    path("proposals/sign/<str:token>/", proposal_sign, name="proposal_sign"),
]
