"""The voting page (R-PB-1, issue 6 item 9): phone-sized, big touch targets, usable without
JavaScript (approval and knapsack: checkboxes; cumulative: number inputs that +/- buttons
drive when scripts run); the receipt shown once after voting; the public check of a receipt."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from ..choices import Phase, ProjectStatus, VoteType
from ..forms import ReceiptForm
from ..services import ballots as services


def marks_from_post(round, data) -> dict[int, int] | list[int]:
    """The marks of the voting form: chosen project ids (``project``) or points per project
    (``points-<id>``) for cumulative ballots."""
    if round.vote_type == VoteType.CUMULATIVE:
        marks = {}
        for key, value in data.items():
            if key.startswith("points-") and str(value).strip():
                try:
                    marks[int(key[7:])] = int(value)
                except ValueError:
                    raise ValidationError({"marks": ValidationError(
                        _("The ballot cannot be read."), code="unreadable")}) from None  # fmt: skip
        return marks
    return [int(v) for v in data.getlist("project") if str(v).isdigit()]


def ballot_context(round, data=None) -> dict:
    """The projects on the ballot with what the voter chose so far (after a refused ballot)."""
    projects = list(round.projects.filter(status=ProjectStatus.SHORTLISTED)
                    .prefetch_related("photos").order_by("code", "id"))  # fmt: skip
    chosen = set(data.getlist("project")) if data is not None else set()
    for project in projects:
        project.chosen = str(project.pk) in chosen
        project.points = (data.get(f"points-{project.pk}", "") if data is not None else "") or 0
    return {"projects": projects, "limits": services.ballot_limits(round),
            "cumulative": round.vote_type == VoteType.CUMULATIVE,
            "knapsack": round.vote_type == VoteType.KNAPSACK}  # fmt: skip


@never_cache
@login_required
def vote(request, pk):
    from .rounds import round_for

    user = request.user
    round = round_for(user, pk)
    person = getattr(user, "person", None)
    errors = []
    if request.method == "POST":
        try:
            marks = marks_from_post(round, request.POST)
            _ballot, token = services.ballot_cast_online(round=round, user=user, marks=marks)
        except ValidationError as exc:
            errors = exc.messages
        else:
            # shown once: this response is the only place the token ever appears
            return render(request, "pb/vote/receipt.html", {"round": round, "token": token})
    voted = person is not None and round.participations.filter(person=person).exists()
    open_ = round.phase == Phase.VOTE
    refusal = services.voter_refusal(round, person) if open_ and not voted else None
    return render(request, "pb/vote/vote.html", {
        "round": round, "errors": errors, "voted": voted, "refusal": refusal,
        "open": open_,
        **ballot_context(round, request.POST if request.method == "POST" else None),
    }, status=400 if errors else 200)  # fmt: skip


@never_cache
def receipt_check(request):
    """Public: is the ballot with this receipt counted? Found or not, nothing more."""
    form = ReceiptForm(request.POST or request.GET or None)
    found = checked = None
    if form.is_bound and form.is_valid():
        checked = True
        found = services.receipt_check(form.cleaned_data["token"])
    return render(request, "pb/vote/receipt_check.html",
                  {"form": form, "checked": checked, "found": found})  # fmt: skip


urlpatterns = [
    path("rounds/<int:pk>/vote/", vote, name="vote"),
    path("receipts/check/", receipt_check, name="receipt_check"),
]
