"""Pages of a body's meetings (R-DLB-4, R-DLB-3): the list with its filters and export,
giving notice, a meeting with its agenda, roll, attendance, quorum, motions, tallies and
minutes, and the report of councils that did not meet in a month. Every write goes through
``services.meetings`` or ``services.votes``."""

from __future__ import annotations

import datetime as dt

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
    IdleCouncilsForm,
    MeetingCancelForm,
    MeetingFilterForm,
    MeetingScheduleForm,
    MinutesForm,
    MotionForm,
)
from ..models import Meeting, MeetingStatus
from ..models.meetings import Attendance
from ..selectors import meetings as selectors
from ..services import meetings as services
from ..services import votes as vote_services

PAGE_SIZE = 50


def _meeting(user, pk) -> Meeting:
    try:
        return selectors.meeting_get_for(user=user, pk=pk)
    except Meeting.DoesNotExist:
        raise Http404 from None


def _filtered(request):
    user = request.user
    if not user.has_perm(VIEW_DELIBERATION) and not getattr(user, "person_id", None):
        raise PermissionDenied(_("You may not do this here."))
    form = MeetingFilterForm(request.GET or None, bodies=selectors.bodies_for(user=user))
    data = form.cleaned_data if form.is_valid() else {}
    meetings = selectors.meeting_list_for(
        user=user, body=data.get("body"), status=data.get("status", ""),
        start=data.get("start"), end=data.get("end"), q=data.get("q", ""),
    )  # fmt: skip
    return form, meetings


@login_required
def meeting_list(request):
    form, meetings = _filtered(request)
    page = keyset_page(meetings, keys=("-starts_at", "-id"),
                       cursor=request.GET.get("after", ""), size=PAGE_SIZE)  # fmt: skip
    query = request.GET.copy()
    query.pop("after", None)
    return render(request, "deliberation/meetings/list.html", {
        "form": form, "page": page, "export_query": query.urlencode(),
        "may_schedule": request.user.has_perm(MANAGE_DELIBERATION),
    })  # fmt: skip


@never_cache
@login_required
def meeting_export(request):
    _form, meetings = _filtered(request)
    name = _("meetings of bodies %(day)s.xlsx") % {"day": timezone.localdate().isoformat()}
    return xlsx_response(selectors.meeting_export(user=request.user, meetings=meetings), name)


@login_required
def meeting_create(request):
    user = request.user
    _require(user, MANAGE_DELIBERATION)
    form = MeetingScheduleForm(
        request.POST or None, bodies=selectors.bodies_for(user=user, perm=MANAGE_DELIBERATION)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_schedule(
                actor=user, body=data["body"], title=data["title"], starts_at=data["starts_at"],
                place=data["place"], agenda=form.agenda_items(),
            )  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Notice of the meeting given."))
            return redirect("deliberation:meeting_detail", pk=meeting.pk)
    return render(request, "deliberation/meetings/form.html", {"form": form})


def _detail_context(request, meeting: Meeting, **forms) -> dict:
    user = request.user
    may_manage = user.has_perm(MANAGE_DELIBERATION, meeting)
    may_record = user.has_perm(RECORD_DELIBERATION, meeting)
    show_roll = selectors.may_see_roll(user, meeting)
    live = meeting.status in (MeetingStatus.PLANNED, MeetingStatus.OPEN)
    motions = list(meeting.motions.select_related("tally").order_by("id"))
    return {
        "meeting": meeting,
        "agenda": meeting.agenda.all(),
        "roll": selectors.meeting_roll(meeting) if show_roll else [],
        "show_roll": show_roll,
        "quorum": services.meeting_quorum(meeting),
        "motions": motions,
        "may_manage": may_manage,
        "may_record": may_record,
        "may_mark": may_record and live,
        "attendances": Attendance,
        "proxy_allowed": meeting.body.proxy_allowed,
        "motion_form": forms.get("motion_form") or (MotionForm() if may_manage and live else None),
        "minutes_form": forms.get("minutes_form")
        or (
            MinutesForm(initial={"minutes": meeting.minutes})
            if may_record and meeting.status in (MeetingStatus.OPEN, MeetingStatus.CLOSED)
            else None
        ),  # fmt: skip
        "cancel_form": forms.get("cancel_form")
        or (
            MeetingCancelForm() if may_manage and meeting.status == MeetingStatus.PLANNED else None
        ),
    }


@login_required
def meeting_detail(request, pk):
    meeting = _meeting(request.user, pk)
    return render(request, "deliberation/meetings/detail.html", _detail_context(request, meeting))


def _failed(request, meeting, **forms):
    context = _detail_context(request, meeting, **forms)
    return render(request, "deliberation/meetings/detail.html", context, status=400)


def _step(request, pk, fn, done: str, **kwargs):
    user = request.user
    meeting = _meeting(user, pk)
    try:
        fn(actor=user, meeting=meeting, **kwargs)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("deliberation:meeting_detail", pk=meeting.pk)


@login_required
@require_POST
def meeting_open(request, pk):
    return _step(request, pk, services.meeting_open, _("The meeting is in session."))


@login_required
@require_POST
def meeting_close(request, pk):
    return _step(request, pk, services.meeting_close, _("The meeting is closed."))


@login_required
@require_POST
def meeting_cancel(request, pk):
    user = request.user
    meeting = _meeting(user, pk)
    _require(user, MANAGE_DELIBERATION, meeting)
    form = MeetingCancelForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_cancel(actor=user, meeting=meeting, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The meeting is cancelled."))
            return redirect("deliberation:meeting_detail", pk=meeting.pk)
    return _failed(request, meeting, cancel_form=form)


@login_required
@require_POST
def meeting_minutes(request, pk):
    user = request.user
    meeting = _meeting(user, pk)
    _require(user, RECORD_DELIBERATION, meeting)
    form = MinutesForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_minutes(actor=user, meeting=meeting,
                                     minutes=form.cleaned_data["minutes"])  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Minutes saved."))
            return redirect("deliberation:meeting_detail", pk=meeting.pk)
    return _failed(request, meeting, minutes_form=form)


@login_required
@require_POST
def meeting_attendance(request, pk):
    """The roll form: ``person-<id>`` = attendance, ``holder-<id>`` = the person id holding
    his proxy; unset lines are left as they are."""
    user = request.user
    meeting = _meeting(user, pk)
    _require(user, RECORD_DELIBERATION, meeting)
    marks: dict[int, tuple[str, int | None]] = {}
    for key, value in request.POST.items():
        if key.startswith("person-") and key[7:].isdigit() and value:
            holder = request.POST.get(f"holder-{key[7:]}", "")
            marks[int(key[7:])] = (value, int(holder) if holder.isdigit() else None)
    try:
        services.attendance_record(actor=user, meeting=meeting, marks=marks)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Attendance recorded."))
    return redirect("deliberation:meeting_detail", pk=meeting.pk)


@login_required
@require_POST
def motion_create(request, pk):
    user = request.user
    meeting = _meeting(user, pk)
    _require(user, MANAGE_DELIBERATION, meeting)
    form = MotionForm(request.POST)
    if form.is_valid():
        try:
            motion = vote_services.motion_create(actor=user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Motion added."))
            return redirect("deliberation:motion_detail", pk=motion.pk)
    return _failed(request, meeting, motion_form=form)


# ----------------------------------------------------------------------------- councils


def _idle(request):
    user = request.user
    _require(user, VIEW_DELIBERATION)
    form = IdleCouncilsForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    month = data.get("month")
    if month is None:  # the last complete month
        month = (timezone.localdate().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    return form, month, selectors.idle_councils_for(user=user, month=month)


@login_required
def council_idle(request):
    form, month, report = _idle(request)
    return render(request, "deliberation/meetings/idle.html", {
        "form": form, "month": month, "report": report, "export_query": request.GET.urlencode(),
    })  # fmt: skip


@never_cache
@login_required
def council_idle_export(request):
    _form, month, report = _idle(request)
    name = _("councils without a meeting %(month)s.xlsx") % {"month": f"{month:%Y-%m}"}
    return xlsx_response(
        selectors.idle_councils_export(user=request.user, report=report, month=month), name
    )


urlpatterns = [
    path("meetings/", meeting_list, name="meeting_list"),
    path("meetings/export/", meeting_export, name="meeting_export"),
    path("meetings/new/", meeting_create, name="meeting_create"),
    path("meetings/councils-idle/", council_idle, name="council_idle"),
    path("meetings/councils-idle/export/", council_idle_export, name="council_idle_export"),
    path("meetings/<int:pk>/", meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/open/", meeting_open, name="meeting_open"),
    path("meetings/<int:pk>/close/", meeting_close, name="meeting_close"),
    path("meetings/<int:pk>/cancel/", meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/minutes/", meeting_minutes, name="meeting_minutes"),
    path("meetings/<int:pk>/attendance/", meeting_attendance, name="meeting_attendance"),
    path("meetings/<int:pk>/motions/", motion_create, name="motion_create"),
]
