"""Pages of motions and resolutions (R-DLB-4): the motion page — on a phone, a seated member's
large yes / no / abstain buttons; for staff, opening and closing the vote and entering paper
votes —, the receipt shown once after a secret ballot, the receipt check against the published
list, the recount; resolutions with their execution, and the list of them with its export."""

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

from shequ.accounts.roles import MANAGE_DELIBERATION, RECORD_DELIBERATION, VIEW_DELIBERATION
from shequ.core.paging import keyset_page
from shequ.core.perms import require_perm as _require
from shequ.core.views import add_service_errors
from shequ.core.xlsx import xlsx_response

from ..forms_meetings import (
    DoneForm,
    PaperVoteForm,
    ProgressForm,
    ReceiptCheckForm,
    ResolutionAssignForm,
    ResolutionFilterForm,
)
from ..models import Motion, MotionStatus
from ..models.meetings import Attendance
from ..models.votes import Resolution, VoteChannel, VoteChoice
from ..selectors import meetings as selectors
from ..services import resolutions as resolution_services
from ..services import votes as services

PAGE_SIZE = 50


def _motion(user, pk) -> Motion:
    try:
        return selectors.motion_get_for(user=user, pk=pk)
    except Motion.DoesNotExist:
        raise Http404 from None


def _paper_people(motion: Motion) -> list[tuple[int, str]]:
    lines = (
        motion.meeting.roll.filter(attendance__in=[Attendance.PRESENT, Attendance.PROXY])
        .select_related("person")
        .order_by("person__name", "id")
    )
    return [(line.person_id, line.person.name) for line in lines]


def _context(request, motion: Motion, **extra) -> dict:
    user = request.user
    tally = selectors.tally_of(motion)
    line = selectors.own_roll_line(user, motion.meeting)
    voting = motion.status == MotionStatus.VOTING
    may_record = user.has_perm(RECORD_DELIBERATION, motion)
    own_channel = selectors.own_vote(user, motion) if line else ""
    return {
        "motion": motion,
        "meeting": motion.meeting,
        "tally": tally,
        "own_line": line,
        "own_channel": VoteChannel(own_channel).label if own_channel else "",
        "may_vote": voting
        and line is not None
        and line.attendance == Attendance.PRESENT
        and not own_channel,
        "proxies": selectors.proxies_held(user, motion) if voting and line else [],
        "choices": VoteChoice,
        "may_manage": user.has_perm(MANAGE_DELIBERATION, motion),
        "may_record": may_record,
        "show_votes": selectors.may_see_roll(user, motion.meeting),
        "votes": selectors.roll_call_votes(motion) if tally else [],
        "ballots": services.published_ballots(motion),
        "paper_form": extra.pop("paper_form", None)
        or (PaperVoteForm(people=_paper_people(motion)) if may_record and voting else None),
        "check_form": ReceiptCheckForm(),
        **extra,
    }


@login_required
def motion_detail(request, pk):
    motion = _motion(request.user, pk)
    return render(request, "deliberation/votes/motion.html", _context(request, motion))


@never_cache
@login_required
@require_POST
def motion_vote(request, pk):
    """A member's own vote from his phone (or the vote of one whose proxy he holds): the
    receipt page follows, the secret ballot's token shown this once."""
    user = request.user
    motion = _motion(user, pk)
    person = user.person
    channel = VoteChannel.ONLINE
    for_id = request.POST.get("for", "")
    if for_id.isdigit() and person is not None and int(for_id) != person.pk:
        line = motion.meeting.roll.filter(person_id=int(for_id)).select_related("person").first()
        if line is None:
            raise Http404
        person, channel = line.person, VoteChannel.PROXY
    if person is None:
        raise PermissionDenied(_("You may not do this here."))
    try:
        choice = request.POST.get("choice", "")
        cast = services.vote_cast(
            motion=motion, person=person, choice=choice, channel=channel, actor=user
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("deliberation:motion_detail", pk=motion.pk)
    return render(request, "deliberation/votes/receipt.html", {
        "motion": motion, "cast": cast, "voter": person,
        "choice": VoteChoice(request.POST["choice"]).label,
    })  # fmt: skip


@login_required
@require_POST
def motion_paper(request, pk):
    """A paper vote entered by staff for a voter on the roll."""
    user = request.user
    motion = _motion(user, pk)
    _require(user, RECORD_DELIBERATION, motion)
    form = PaperVoteForm(request.POST, people=_paper_people(motion))
    if form.is_valid():
        line = motion.meeting.roll.select_related("person").get(
            person_id=form.cleaned_data["person"]
        )
        try:
            cast = services.vote_cast(
                motion=motion,
                person=line.person,
                actor=user,
                choice=form.cleaned_data["choice"],
                channel=VoteChannel.PAPER,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if cast.token:  # the clerk hands the receipt to the voter
                return render(request, "deliberation/votes/receipt.html", {
                    "motion": motion, "cast": cast, "voter": line.person, "paper": True,
                    "choice": VoteChoice(form.cleaned_data["choice"]).label,
                })  # fmt: skip
            messages.success(request, _("Paper vote of %(name)s entered.")
                             % {"name": line.person.name})  # fmt: skip
            return redirect("deliberation:motion_detail", pk=motion.pk)
    context = _context(request, motion, paper_form=form)
    return render(request, "deliberation/votes/motion.html", context, status=400)


def _step(request, pk, fn, done: str):
    user = request.user
    motion = _motion(user, pk)
    try:
        fn(actor=user, motion=motion)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("deliberation:motion_detail", pk=motion.pk)


@login_required
@require_POST
def motion_open(request, pk):
    return _step(request, pk, services.motion_open_vote, _("The motion is put to the vote."))


@login_required
@require_POST
def motion_close(request, pk):
    return _step(request, pk, services.vote_close, _("The vote is closed and counted."))


@login_required
@require_POST
def motion_withdraw(request, pk):
    return _step(request, pk, services.motion_withdraw, _("The motion is withdrawn."))


@login_required
def motion_recount(request, pk):
    motion = _motion(request.user, pk)
    if selectors.tally_of(motion) is None:
        raise Http404
    result = services.recount(motion)
    return render(request, "deliberation/votes/recount.html", {"motion": motion, "recount": result})


@login_required
def receipt_check(request, pk):
    motion = _motion(request.user, pk)
    form = ReceiptCheckForm(request.GET or None)
    found = None
    if form.is_valid():
        found = services.receipt_check(motion, form.cleaned_data["token"])
    return render(request, "deliberation/votes/check.html", {
        "motion": motion, "form": form, "checked": form.is_valid(),
        "found": VoteChoice(found).label if found else None,
    })  # fmt: skip


# ----------------------------------------------------------------------------- resolutions


def _resolutions(request):
    user = request.user
    _require(user, VIEW_DELIBERATION)
    form = ResolutionFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    rows = selectors.resolution_list_for(
        user=user, q=data.get("q", ""), state=data.get("state", "")
    )
    return form, rows


@login_required
def resolution_list(request):
    form, rows = _resolutions(request)
    page = keyset_page(rows, keys=("-id",), cursor=request.GET.get("after", ""), size=PAGE_SIZE)
    query = request.GET.copy()
    query.pop("after", None)
    return render(request, "deliberation/votes/resolutions.html", {
        "form": form, "page": page, "export_query": query.urlencode(),
        "today": timezone.localdate(),
    })  # fmt: skip


@never_cache
@login_required
def resolution_export(request):
    _form, rows = _resolutions(request)
    name = _("resolutions %(day)s.xlsx") % {"day": timezone.localdate().isoformat()}
    return xlsx_response(selectors.resolution_export(user=request.user, resolutions=rows), name)


def _resolution(user, pk) -> Resolution:
    try:
        return selectors.resolution_get_for(user=user, pk=pk)
    except Resolution.DoesNotExist:
        raise Http404 from None


def _resolution_context(request, resolution, **forms) -> dict:
    user = request.user
    open_ = resolution.done_on is None
    may_manage = user.has_perm(MANAGE_DELIBERATION, resolution) and open_
    return {
        "resolution": resolution,
        "tally": selectors.tally_of(resolution.motion),
        "progress": resolution.progress.select_related("by"),
        "today": timezone.localdate(),
        "assign_form": forms.get("assign_form")
        or (
            ResolutionAssignForm(
                initial={
                    "responsible": resolution.responsible,
                    "due_on": resolution.due_on,
                }
            )
            if may_manage
            else None
        ),  # fmt: skip
        "progress_form": forms.get("progress_form")
        or (ProgressForm() if open_ and user.has_perm(RECORD_DELIBERATION, resolution) else None),
        "done_form": forms.get("done_form") or (DoneForm() if may_manage else None),
    }


@login_required
def resolution_detail(request, pk):
    resolution = _resolution(request.user, pk)
    return render(request, "deliberation/votes/resolution.html",
                  _resolution_context(request, resolution))  # fmt: skip


def _resolution_write(request, pk, form_class, key, perm, fn, done):
    user = request.user
    resolution = _resolution(user, pk)
    _require(user, perm, resolution)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            fn(actor=user, resolution=resolution, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect("deliberation:resolution_detail", pk=resolution.pk)
    context = _resolution_context(request, resolution, **{key: form})
    return render(request, "deliberation/votes/resolution.html", context, status=400)


@login_required
@require_POST
def resolution_assign(request, pk):
    return _resolution_write(request, pk, ResolutionAssignForm, "assign_form", MANAGE_DELIBERATION,
                             resolution_services.resolution_assign, _("Saved."))  # fmt: skip


@login_required
@require_POST
def resolution_progress(request, pk):
    return _resolution_write(
        request,
        pk,
        ProgressForm,
        "progress_form",
        RECORD_DELIBERATION,
        resolution_services.resolution_progress,
        _("Progress recorded."),
    )


@login_required
@require_POST
def resolution_done(request, pk):
    return _resolution_write(request, pk, DoneForm, "done_form", MANAGE_DELIBERATION,
                             resolution_services.resolution_done,
                             _("The resolution is recorded as carried out."))  # fmt: skip


urlpatterns = [
    path("motions/<int:pk>/", motion_detail, name="motion_detail"),
    path("motions/<int:pk>/vote/", motion_vote, name="motion_vote"),
    path("motions/<int:pk>/paper/", motion_paper, name="motion_paper"),
    path("motions/<int:pk>/open/", motion_open, name="motion_open"),
    path("motions/<int:pk>/close/", motion_close, name="motion_close"),
    path("motions/<int:pk>/withdraw/", motion_withdraw, name="motion_withdraw"),
    path("motions/<int:pk>/recount/", motion_recount, name="motion_recount"),
    path("motions/<int:pk>/receipt/", receipt_check, name="receipt_check"),
    path("resolutions/", resolution_list, name="resolution_list"),
    path("resolutions/export/", resolution_export, name="resolution_export"),
    path("resolutions/<int:pk>/", resolution_detail, name="resolution_detail"),
    path("resolutions/<int:pk>/assign/", resolution_assign, name="resolution_assign"),
    path("resolutions/<int:pk>/progress/", resolution_progress, name="resolution_progress"),
    path("resolutions/<int:pk>/done/", resolution_done, name="resolution_done"),
]
