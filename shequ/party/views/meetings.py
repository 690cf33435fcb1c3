"""Pages of branch meetings (R-PM-5): the calendar with its filters and export, scheduling, a
meeting with its roll (attendance and leave), minutes and resolutions, and the report of
organisations behind schedule. Every write goes through ``services.meetings``."""

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

from shequ.accounts.roles import MANAGE_PARTY, RECORD_PARTY, VIEW_PARTY
from shequ.core.paging import keyset_page
from shequ.core.perms import require_perm as _require
from shequ.core.views import add_service_errors
from shequ.core.xlsx import xlsx_response

from ..forms_meetings import (
    BehindFilterForm,
    LeaveRequestForm,
    MeetingCancelForm,
    MeetingFilterForm,
    MeetingHoldForm,
    MeetingScheduleForm,
    ResolutionForm,
)
from ..models import AttendanceStatus, Meeting, MeetingAttendance, MeetingStatus, PartyMember
from ..selectors import meetings as selectors
from ..selectors.orgs import own_member_record
from ..services import meetings as services

PAGE_SIZE = 50


def _meeting(user, pk) -> Meeting:
    try:
        return selectors.meeting_get_for(user=user, pk=pk)
    except Meeting.DoesNotExist:
        raise Http404 from None


# ----------------------------------------------------------------------------- calendar


def _filtered(request):
    user = request.user
    _require(user, VIEW_PARTY)
    form = MeetingFilterForm(request.GET or None, orgs=selectors.meeting_orgs_for(user=user))
    data = form.cleaned_data if form.is_valid() else {}
    meetings = selectors.meeting_list_for(
        user=user, org=data.get("org"), kind=data.get("kind", ""), status=data.get("status", ""),
        start=data.get("start"), end=data.get("end"), q=data.get("q", ""),
    )  # fmt: skip
    return form, meetings


@login_required
def meeting_list(request):
    form, meetings = _filtered(request)
    page = keyset_page(meetings, keys=("-scheduled_at", "-id"),
                       cursor=request.GET.get("after", ""), size=PAGE_SIZE)  # fmt: skip
    query = request.GET.copy()
    query.pop("after", None)
    return render(request, "party/meetings/list.html", {
        "form": form, "page": page, "export_query": query.urlencode(),
        "may_schedule": request.user.has_perm(RECORD_PARTY),
    })  # fmt: skip


@never_cache
@login_required
def meeting_export(request):
    _form, meetings = _filtered(request)
    name = _("meetings %(day)s.xlsx") % {"day": timezone.localdate().isoformat()}
    return xlsx_response(selectors.meeting_export(meetings), name)


@login_required
def meeting_create(request):
    user = request.user
    _require(user, RECORD_PARTY)
    orgs = selectors.meeting_orgs_for(user=user, perm=RECORD_PARTY).order_by("path")
    form = MeetingScheduleForm(request.POST or None, orgs=orgs)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.meeting_schedule(
                actor=user, org=data["org"], kind=data["kind"], title=data["title"],
                scheduled_at=data["scheduled_at"], place=data["place"], lecturer=data["lecturer"],
            )  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Meeting scheduled."))
            return redirect("party:meeting_detail", pk=meeting.pk)
    return render(request, "party/meetings/form.html", {"form": form})


# ----------------------------------------------------------------------------- one meeting


def _detail_context(request, meeting: Meeting, **forms) -> dict:
    user = request.user
    may_record = user.has_perm(RECORD_PARTY, meeting)
    may_decide = user.has_perm(MANAGE_PARTY, meeting)
    show_roll = selectors.may_see_roll(user, meeting)
    roll, counts = selectors.meeting_roll(meeting) if show_roll else ([], {})
    scheduled = meeting.status == MeetingStatus.SCHEDULED
    before = scheduled and meeting.scheduled_at > timezone.now()
    own = own_member_record(user=user)
    own_line = None
    if own is not None and before:
        own_line = next((line for line in roll if line.member.pk == own.pk), None)
        if own_line is None and not show_roll:
            eligible = services.eligible_members(meeting).filter(pk=own.pk).exists()
            own_line = selectors.RollLine(own, "", None) if eligible else None
    may_mark = may_record and meeting.status != MeetingStatus.CANCELLED and not before
    return {
        "meeting": meeting,
        "roll": roll,
        "counts": counts,
        "show_roll": show_roll,
        "resolutions": meeting.resolutions.all(),
        "may_record": may_record,
        "may_decide": may_decide,
        "may_mark": may_mark,
        "may_ask_leave": before and (may_record or own_line is not None),
        "own_line": own_line,
        "hold_form": forms.get("hold_form")
        or (
            MeetingHoldForm(
                initial={
                    "held_at": timezone.localtime(meeting.scheduled_at),
                    "lecturer": meeting.lecturer,
                }
            )
            if may_record and scheduled
            else None
        ),  # fmt: skip
        "cancel_form": forms.get("cancel_form")
        or (MeetingCancelForm() if may_record and scheduled else None),
        "resolution_form": forms.get("resolution_form")
        or (ResolutionForm() if may_record and meeting.status == MeetingStatus.HELD else None),
        "leave_form": forms.get("leave_form") or LeaveRequestForm(),
        "statuses": AttendanceStatus,
    }


@login_required
def meeting_detail(request, pk):
    meeting = _meeting(request.user, pk)
    return render(request, "party/meetings/detail.html", _detail_context(request, meeting))


def _failed(request, meeting, **forms):
    context = _detail_context(request, meeting, **forms)
    return render(request, "party/meetings/detail.html", context, status=400)


@login_required
@require_POST
def meeting_hold(request, pk):
    user = request.user
    meeting = _meeting(user, pk)
    _require(user, RECORD_PARTY, meeting)
    form = MeetingHoldForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.meeting_hold(actor=user, meeting=meeting, held_at=data["held_at"],
                                  minutes=data["minutes"], lecturer=data["lecturer"])  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The meeting is recorded as held."))
            return redirect("party:meeting_detail", pk=meeting.pk)
    return _failed(request, meeting, hold_form=form)


@login_required
@require_POST
def meeting_cancel(request, pk):
    user = request.user
    meeting = _meeting(user, pk)
    _require(user, RECORD_PARTY, meeting)
    form = MeetingCancelForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_cancel(actor=user, meeting=meeting, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The meeting is cancelled."))
            return redirect("party:meeting_detail", pk=meeting.pk)
    return _failed(request, meeting, cancel_form=form)


@login_required
@require_POST
def meeting_attendance(request, pk):
    """The roll form: one ``member-<id>`` field per member, present or absent (unset ones are
    left as they are)."""
    user = request.user
    meeting = _meeting(user, pk)
    _require(user, RECORD_PARTY, meeting)
    statuses = {}
    for key, value in request.POST.items():
        if key.startswith("member-") and key[7:].isdigit() and value:
            statuses[int(key[7:])] = value
    try:
        services.meeting_attendance_record(actor=user, meeting=meeting, statuses=statuses)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Attendance recorded."))
    return redirect("party:meeting_detail", pk=meeting.pk)


@login_required
@require_POST
def meeting_leave(request, pk):
    """A leave request: the member's own, or entered for him by a clerk."""
    user = request.user
    meeting = _meeting_for_leave(user, pk)
    form = LeaveRequestForm(request.POST)
    if form.is_valid():
        member = (
            PartyMember.objects.select_related("person")
            .filter(pk=form.cleaned_data["member"])
            .first()
        )
        if member is None:
            raise Http404
        try:
            services.meeting_leave_request(actor=user, meeting=meeting, member=member,
                                           reason=form.cleaned_data["reason"])  # fmt: skip
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Leave requested."))
    else:
        messages.error(request, _("Give the reason for the leave."))
    if not user.has_perm(VIEW_PARTY, meeting):  # a member asking from his own page
        return redirect("party:mine")
    return redirect("party:meeting_detail", pk=meeting.pk)


def _meeting_for_leave(user, pk) -> Meeting:
    """A member without a staff role may ask leave for a meeting of his own organisations."""
    try:
        return selectors.meeting_get_for(user=user, pk=pk)
    except Meeting.DoesNotExist:
        pass
    own = own_member_record(user=user)
    meeting = Meeting.objects.select_related("org").filter(pk=pk).first()
    if own is None or meeting is None or meeting.org_id not in (own.org_id, own.group_id):
        raise Http404
    return meeting


@login_required
@require_POST
def meeting_leave_decide(request, pk):
    user = request.user
    try:
        line = (
            MeetingAttendance.objects.visible_to(user, VIEW_PARTY)
            .select_related("meeting__org")
            .get(pk=pk)
        )
    except MeetingAttendance.DoesNotExist:
        raise Http404 from None
    _require(user, MANAGE_PARTY, line.meeting)
    approve = request.POST.get("approve") == "1"
    try:
        services.meeting_leave_decide(actor=user, attendance=line, approve=approve)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Leave granted.") if approve else _("Leave refused."))
    return redirect("party:meeting_detail", pk=line.meeting_id)


@login_required
@require_POST
def meeting_resolution(request, pk):
    user = request.user
    meeting = _meeting(user, pk)
    _require(user, RECORD_PARTY, meeting)
    form = ResolutionForm(request.POST)
    if form.is_valid():
        try:
            services.resolution_record(actor=user, meeting=meeting, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Resolution recorded."))
            return redirect("party:meeting_detail", pk=meeting.pk)
    return _failed(request, meeting, resolution_form=form)


# ----------------------------------------------------------------------------- behind schedule


def _behind(request):
    user = request.user
    _require(user, VIEW_PARTY)
    form = BehindFilterForm(request.GET or None, orgs=selectors.meeting_orgs_for(user=user))
    data = form.cleaned_data if form.is_valid() else {}
    today = data.get("today") or timezone.localdate()
    return form, today, selectors.behind_schedule_for(user=user, today=today, org=data.get("org"))


@login_required
def meeting_behind(request):
    form, today, report = _behind(request)
    return render(request, "party/meetings/behind.html", {
        "form": form, "today": today, "report": report, "export_query": request.GET.urlencode(),
    })  # fmt: skip


@never_cache
@login_required
def meeting_behind_export(request):
    _form, today, report = _behind(request)
    name = _("meetings behind schedule %(day)s.xlsx") % {"day": today.isoformat()}
    return xlsx_response(selectors.behind_schedule_export(report), name)


urlpatterns = [
    path("meetings/", meeting_list, name="meeting_list"),
    path("meetings/export/", meeting_export, name="meeting_export"),
    path("meetings/new/", meeting_create, name="meeting_create"),
    path("meetings/behind/", meeting_behind, name="meeting_behind"),
    path("meetings/behind/export/", meeting_behind_export, name="meeting_behind_export"),
    path("meetings/<int:pk>/", meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/hold/", meeting_hold, name="meeting_hold"),
    path("meetings/<int:pk>/cancel/", meeting_cancel, name="meeting_cancel"),
    path("meetings/<int:pk>/attendance/", meeting_attendance, name="meeting_attendance"),
    path("meetings/<int:pk>/leave/", meeting_leave, name="meeting_leave"),
    path("meetings/<int:pk>/resolutions/", meeting_resolution, name="meeting_resolution"),
    path("meetings/leave/<int:pk>/decide/", meeting_leave_decide, name="meeting_leave_decide"),
]
