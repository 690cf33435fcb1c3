"""Pages of the report-in loop (R-PM-2): the member's self-service page (report-in, pledge,
posts, his service), the workers' entry, the community's report-ins, posts, service records
with their confirmation, the printable feedback letter and the register of letters. Every
write goes through ``services.reportin``."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from shequ.accounts.roles import MANAGE_PARTY, RECORD_PARTY, VIEW_PARTY, VIEW_PARTY_MEMBER
from shequ.core.paging import keyset_page
from shequ.core.perms import require_perm as _require
from shequ.core.views import add_service_errors
from shequ.core.xlsx import xlsx_response

from ..choices import MemberCategory
from ..config import party_config
from ..forms_reportin import (
    ConfirmForm,
    LetterFilterForm,
    LetterIssueForm,
    PledgeForm,
    PostFilterForm,
    PostForm,
    RejectForm,
    ReportInCreateForm,
    ReportInFilterForm,
    SelfReportForm,
    SentForm,
    ServiceRecordFilterForm,
    ServiceRecordForm,
)
from ..models import (
    FeedbackLetter,
    PartyMember,
    PostClaim,
    ReportIn,
    ReportInChannel,
    ServicePledge,
    ServicePost,
    ServiceRecord,
    Team,
)
from ..selectors import reportin as selectors
from ..selectors.orgs import own_member_record
from ..services import reportin as services
from ..services.members import community_of

PAGE_SIZE = 50


def _query_without_cursor(request) -> str:
    query = request.GET.copy()
    query.pop("after", None)
    return query.urlencode()


def _back(request, default: str):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect(default)


def _errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _report_in(user, pk) -> ReportIn:
    try:
        return selectors.report_in_get_for(user=user, pk=pk)
    except ReportIn.DoesNotExist:
        raise Http404 from None


def _scale() -> int:
    return int(party_config()["report_in"]["rating_scale"])


# ----------------------------------------------------------------------------- self-service


@login_required
def report_in_self(request):
    """The member's own page: report in with his pledge, then his posts and his service."""
    user = request.user
    member = own_member_record(user=user)
    report_in = selectors.own_report_in(user=user) if member is not None else None
    home = community_of(member.person.node) if member is not None else None
    year = timezone.localdate().year
    report_form = SelfReportForm(request.POST if request.POST.get("action") == "report" else None)
    pledge_form = PledgeForm(request.POST if request.POST.get("action") == "pledge" else None)
    if request.method == "POST" and member is not None:
        try:
            if report_in is None and report_form.is_valid():
                services.report_in_register(
                    actor=user, member=member, community=home or member.node,
                    channel=ReportInChannel.SELF, pledge=report_form.cleaned_data["pledge"],
                )  # fmt: skip
                messages.success(request, _("You have reported in to %(name)s.")
                                 % {"name": (home or member.node).name})  # fmt: skip
                return redirect("party:report_in_self")
            if report_in is not None and pledge_form.is_valid():
                services.pledge_sign(actor=user, report_in=report_in,
                                     text=pledge_form.cleaned_data["text"])  # fmt: skip
                messages.success(request, _("Pledge signed."))
                return redirect("party:report_in_self")
        except ValidationError as exc:
            add_service_errors(report_form if report_in is None else pledge_form, exc,
                               {"text": "pledge"} if report_in is None else None)  # fmt: skip
    context = {
        "member": member,
        "home": home,
        "report_in": report_in,
        "report_form": report_form,
        "pledge_form": pledge_form,
        "year": year,
        "led": list(selectors.led_records(user=user)[:50]),
        "scale": range(_scale(), 0, -1),
    }
    if report_in is not None:
        start, end = selectors.feedback_period(timezone.localdate())
        records = selectors.own_service_records(user=user)
        context.update(
            pledge=ServicePledge.objects.filter(report_in=report_in, year=year).first(),
            posts=list(selectors.posts_for_report_in(report_in)),
            claims=list(selectors.open_claims_of(report_in)),
            records=list(records.order_by("-served_on", "-id")[:50]),
            totals=selectors.tally(records.filter(served_on__range=(start, end))),
            period=(start, end),
            letters=list(FeedbackLetter.objects.filter(member=member).order_by("-period_start")),
        )
    return render(request, "party/reportin/self.html", context)


# ----------------------------------------------------------------------------- report-ins


def _filtered_report_ins(request):
    form = ReportInFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {"state": "open"}
    rows = selectors.report_in_list_for(
        user=request.user, q=data.get("q", ""), state=data.get("state", "open")
    )
    return form, rows


@login_required
def report_in_list(request):
    user = request.user
    _require(user, VIEW_PARTY_MEMBER)
    form, rows = _filtered_report_ins(request)
    page = keyset_page(rows, keys=("-reported_on", "-id"), cursor=request.GET.get("after", ""),
                       size=PAGE_SIZE)  # fmt: skip
    reported, total = selectors.coverage_for(user=user)
    return render(request, "party/reportin/report_in_list.html", {
        "form": form, "page": page, "export_query": _query_without_cursor(request),
        "may_record": user.has_perm(RECORD_PARTY), "coverage": (reported, total),
    })  # fmt: skip


@never_cache
@login_required
def report_in_export(request):
    user = request.user
    _require(user, VIEW_PARTY_MEMBER)
    _form, rows = _filtered_report_ins(request)
    content = services.report_in_export(user=user, report_ins=rows)
    return xlsx_response(
        content, _("report-ins %(day)s.xlsx") % {"day": timezone.localdate().isoformat()}
    )


@login_required
def report_in_create(request):
    """A worker enters the report-in of a member (who came to the office, or by list)."""
    user = request.user
    _require(user, RECORD_PARTY)
    members = (
        PartyMember.objects.visible_to(user, RECORD_PARTY).active()
        .filter(category=MemberCategory.IN_SERVICE)
        .exclude(Exists(ReportIn.objects.open().filter(member=OuterRef("pk"))))
        .select_related("person").order_by("person__name", "id")
    )  # fmt: skip
    form = ReportInCreateForm(
        request.POST or None,
        members=members,
        communities=selectors.communities_for(user=user),
        initial={"on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report_in = services.report_in_register(
                actor=user, member=data["member"], community=data["community"], on=data["on"],
                channel=ReportInChannel.WORKER, pledge=data["pledge"],
            )  # fmt: skip
        except ValidationError as exc:
            add_service_errors(form, exc, {"text": "pledge", "signed_on": "on"})
        else:
            messages.success(request, _("Report-in recorded."))
            return redirect("party:report_in_detail", pk=report_in.pk)
    return render(request, "party/reportin/report_in_form.html", {"form": form})


@login_required
def report_in_detail(request, pk: int):
    user = request.user
    report_in = _report_in(user, pk)
    may_record = user.has_perm(RECORD_PARTY, report_in)
    return render(request, "party/reportin/report_in_detail.html", {
        "report_in": report_in,
        "member": report_in.member,
        "may_record": may_record,
        "pledges": list(report_in.pledges.all()),
        "claims": list(report_in.claims.select_related("post").order_by("-claimed_on", "-id")),
        "records": list(report_in.records.select_related("post", "confirmed_by")
                        .order_by("-served_on", "-id")[:100]),
        "letters": list(report_in.letters.order_by("-period_start")),
        "posts": list(selectors.posts_for_report_in(report_in)) if may_record else [],
        "pledge_form": PledgeForm(),
        "today": timezone.localdate(),
    })  # fmt: skip


@require_POST
@login_required
def report_in_end(request, pk: int):
    report_in = _report_in(request.user, pk)
    try:
        services.report_in_end(actor=request.user, report_in=report_in)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Report-in ended."))
    return redirect("party:report_in_detail", pk=report_in.pk)


@require_POST
@login_required
def report_in_pledge(request, pk: int):
    report_in = _report_in(request.user, pk)
    form = PledgeForm(request.POST)
    if form.is_valid():
        try:
            services.pledge_sign(actor=request.user, report_in=report_in,
                                 text=form.cleaned_data["text"])  # fmt: skip
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Pledge signed."))
    else:
        messages.error(request, _("Write what he pledges to do."))
    return redirect("party:report_in_detail", pk=report_in.pk)


# ----------------------------------------------------------------------------- posts


@login_required
def service_post_list(request):
    user = request.user
    _require(user, VIEW_PARTY)
    form = PostFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {"state": "open"}
    posts = selectors.post_list_for(user=user, q=data.get("q", ""), state=data.get("state", "open"))
    page = keyset_page(posts, keys=("id",), cursor=request.GET.get("after", ""), size=PAGE_SIZE)
    own = selectors.own_report_in(user=user)
    return render(request, "party/reportin/post_list.html", {
        "form": form, "page": page, "own": own,
        "may_manage": user.has_perm(MANAGE_PARTY),
        "export_query": _query_without_cursor(request),
    })  # fmt: skip


@never_cache
@login_required
def service_post_export(request):
    user = request.user
    _require(user, VIEW_PARTY)
    form = PostFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {"state": "open"}
    posts = selectors.post_list_for(user=user, q=data.get("q", ""), state=data.get("state", "open"))
    content = services.post_export(user=user, posts=posts)
    return xlsx_response(
        content, _("service posts %(day)s.xlsx") % {"day": timezone.localdate().isoformat()}
    )


@login_required
def service_post_create(request):
    user = request.user
    _require(user, MANAGE_PARTY)
    communities = selectors.communities_for(user=user, perm=MANAGE_PARTY)
    teams = Team.objects.visible_to(user, MANAGE_PARTY).filter(dissolved_on__isnull=True)
    form = PostForm(request.POST or None, communities=communities, teams=teams,
                    initial={"starts_on": timezone.localdate(), "capacity": 1})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            services.post_create(actor=user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Post created."))
            return redirect("party:service_post_list")
    return render(request, "party/reportin/post_form.html", {"form": form})


@require_POST
@login_required
def service_post_close(request, pk: int):
    user = request.user
    try:
        post = selectors.post_get_for(user=user, pk=pk)
    except ServicePost.DoesNotExist:
        raise Http404 from None
    try:
        services.post_close(actor=user, post=post)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Post closed; its members are released."))
    return redirect("party:service_post_list")


@require_POST
@login_required
def service_post_claim(request, pk: int):
    """The member claims a post of his community; a worker claims it for a member
    (``report_in`` in the form)."""
    user = request.user
    if request.POST.get("report_in"):
        report_in = _report_in(user, request.POST["report_in"])
        default = reverse("party:report_in_detail", args=[report_in.pk])
    else:
        report_in = selectors.own_report_in(user=user)
        if report_in is None:
            raise Http404
        default = reverse("party:report_in_self")
    post = selectors.posts_for_report_in(report_in).filter(pk=pk).first()
    if post is None:
        raise Http404
    try:
        services.post_claim(actor=user, post=post, report_in=report_in)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Post %(title)s claimed.") % {"title": post.title})
    return _back(request, default)


@require_POST
@login_required
def post_claim_release(request, pk: int):
    user = request.user
    try:
        claim = selectors.claim_get_for(user=user, pk=pk)
    except PostClaim.DoesNotExist:
        raise Http404 from None
    try:
        services.post_release(actor=user, claim=claim)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Post given up."))
    return _back(request, reverse("party:report_in_self"))


# ----------------------------------------------------------------------------- records


def _filtered_records(request):
    user = request.user
    form = ServiceRecordFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    if user.has_perm(VIEW_PARTY_MEMBER):
        rows = selectors.service_record_list_for(
            user=user, q=data.get("q", ""), status=data.get("status", ""),
            start=data.get("start"), end=data.get("end"),
        )  # fmt: skip
    else:  # a team leader without a staff role: the records of his team's posts
        rows = selectors.led_records(user=user)
        if not rows.exists():
            raise PermissionDenied(_("You may not do this here."))
    return form, rows


@login_required
def service_record_list(request):
    form, rows = _filtered_records(request)
    page = keyset_page(rows, keys=("-served_on", "-id"), cursor=request.GET.get("after", ""),
                       size=PAGE_SIZE)  # fmt: skip
    return render(request, "party/reportin/record_list.html", {
        "form": form, "page": page, "export_query": _query_without_cursor(request),
        "scale": range(_scale(), 0, -1),
        "may_decide": request.user.has_perm(RECORD_PARTY)
        or not request.user.has_perm(VIEW_PARTY_MEMBER),  # else a team leader: his team's
    })  # fmt: skip


@never_cache
@login_required
def service_record_export(request):
    _form, rows = _filtered_records(request)
    content = services.service_record_export(user=request.user, records=rows)
    return xlsx_response(
        content, _("service records %(day)s.xlsx") % {"day": timezone.localdate().isoformat()}
    )


@login_required
def service_record_create(request):
    """Record a piece of service: the member his own, a worker anybody's (``?report_in=``)."""
    user = request.user
    pk = request.GET.get("report_in") or request.POST.get("report_in")
    if pk:
        report_in = _report_in(user, pk)
        done = reverse("party:report_in_detail", args=[report_in.pk])
    else:
        report_in = selectors.own_report_in(user=user)
        if report_in is None:
            raise Http404
        done = reverse("party:report_in_self")
    if not (user.person_id == report_in.member.person_id or user.has_perm(RECORD_PARTY, report_in)):
        raise PermissionDenied(_("You may not do this here."))
    posts = ServicePost.objects.filter(claims__report_in=report_in).distinct()
    form = ServiceRecordForm(request.POST or None, posts=posts,
                             initial={"served_on": timezone.localdate()})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            services.service_record(actor=user, report_in=report_in, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Service recorded; it counts once confirmed."))
            return redirect(done)
    return render(request, "party/reportin/record_form.html",
                  {"form": form, "report_in": report_in, "done": done})  # fmt: skip


def _record(user, pk) -> ServiceRecord:
    try:
        return selectors.service_record_get_for(user=user, pk=pk)
    except ServiceRecord.DoesNotExist:
        raise Http404 from None


@require_POST
@login_required
def service_record_confirm(request, pk: int):
    record = _record(request.user, pk)
    form = ConfirmForm(request.POST, scale=_scale())
    if not form.is_valid():
        _errors(request, ValidationError(_("Rate from 1 to %(scale)s.") % {"scale": _scale()}))
    else:
        try:
            services.service_confirm(actor=request.user, record=record, **form.cleaned_data)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Service confirmed."))
    return _back(request, reverse("party:service_record_list"))


@require_POST
@login_required
def service_record_reject(request, pk: int):
    record = _record(request.user, pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        _errors(request, ValidationError(_("Say why the record is rejected.")))
    else:
        try:
            services.service_reject(actor=request.user, record=record,
                                    note=form.cleaned_data["note"])  # fmt: skip
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Service record rejected."))
    return _back(request, reverse("party:service_record_list"))


# ----------------------------------------------------------------------------- letters


def _filtered_letters(request):
    user = request.user
    periods = selectors.feedback_period_choices(user=user)
    form = LetterFilterForm(request.GET or None, periods=periods)
    data = form.cleaned_data if form.is_valid() else {}
    period = data.get("period") or ""
    letters = selectors.feedback_letter_list_for(
        user=user, q=data.get("q", ""), sent=data.get("sent", ""),
        period_start=dt.date.fromisoformat(period) if period else None,
    )  # fmt: skip
    return form, letters


@login_required
def feedback_register(request):
    """The register of feedback letters, with the form that issues a period's letters."""
    user = request.user
    _require(user, VIEW_PARTY_MEMBER)
    issue_form = None
    if user.has_perm(MANAGE_PARTY):
        today = timezone.localdate()
        ended = [p for y in (today.year, today.year - 1) for p in selectors.feedback_periods(y)
                 if p[1] <= today]  # fmt: skip
        issue_form = LetterIssueForm(
            request.POST or None,
            communities=selectors.communities_for(user=user, perm=MANAGE_PARTY),
            periods=sorted(ended, reverse=True),
        )
        if request.method == "POST" and issue_form.is_valid():
            start = dt.date.fromisoformat(issue_form.cleaned_data["period"])
            try:
                created = services.feedback_letters_issue(
                    actor=user, community=issue_form.cleaned_data["community"],
                    period_start=start, period_end=selectors.feedback_period(start)[1],
                )  # fmt: skip
            except ValidationError as exc:
                add_service_errors(issue_form, exc, {"period_start": "period",
                                                     "period_end": "period"})  # fmt: skip
            else:
                messages.success(request, _("%(count)s feedback letters issued.")
                                 % {"count": len(created)})  # fmt: skip
                return redirect(f"{reverse('party:feedback_register')}?period={start.isoformat()}")
    elif request.method == "POST":
        raise PermissionDenied(_("You may not do this here."))
    form, letters = _filtered_letters(request)
    page = keyset_page(letters, keys=("-period_start", "-id"), cursor=request.GET.get("after", ""),
                       size=PAGE_SIZE)  # fmt: skip
    return render(request, "party/reportin/letter_register.html", {
        "form": form, "issue_form": issue_form, "page": page,
        "export_query": _query_without_cursor(request),
        "may_record": user.has_perm(RECORD_PARTY), "today": timezone.localdate(),
    })  # fmt: skip


@never_cache
@login_required
def feedback_register_export(request):
    user = request.user
    _require(user, VIEW_PARTY_MEMBER)
    _form, letters = _filtered_letters(request)
    content = services.feedback_register_export(user=user, letters=letters)
    return xlsx_response(content, _("feedback letters %(day)s.xlsx")
                 % {"day": timezone.localdate().isoformat()})  # fmt: skip


@login_required
def feedback_letter(request, pk: int):
    """The printable letter (反馈函) to the employer's party organisation."""
    try:
        letter = selectors.feedback_letter_get_for(user=request.user, pk=pk)
    except FeedbackLetter.DoesNotExist:
        raise Http404 from None
    return render(request, "party/reportin/letter.html", {
        "letter": letter, "sent_form": SentForm(initial={"sent_on": timezone.localdate()}),
        "may_record": request.user.has_perm(RECORD_PARTY, letter),
        "months": party_config()["report_in"]["feedback_months"],
    })  # fmt: skip


@require_POST
@login_required
def feedback_letter_sent(request, pk: int):
    try:
        letter = selectors.feedback_letter_get_for(user=request.user, pk=pk)
    except FeedbackLetter.DoesNotExist:
        raise Http404 from None
    form = SentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the day the letter was sent."))
    else:
        try:
            services.feedback_letter_mark_sent(actor=request.user, letter=letter,
                                               on=form.cleaned_data["sent_on"])  # fmt: skip
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Letter %(number)s marked as sent.")
                             % {"number": letter.letter_number})  # fmt: skip
    return _back(request, reverse("party:feedback_letter", args=[letter.pk]))


urlpatterns = [
    path("reportin/self/", report_in_self, name="report_in_self"),
    path("reportin/", report_in_list, name="report_in_list"),
    path("reportin/export/", report_in_export, name="report_in_export"),
    path("reportin/new/", report_in_create, name="report_in_create"),
    path("reportin/<int:pk>/", report_in_detail, name="report_in_detail"),
    path("reportin/<int:pk>/end/", report_in_end, name="report_in_end"),
    path("reportin/<int:pk>/pledge/", report_in_pledge, name="report_in_pledge"),
    path("reportin/posts/", service_post_list, name="service_post_list"),
    path("reportin/posts/export/", service_post_export, name="service_post_export"),
    path("reportin/posts/new/", service_post_create, name="service_post_create"),
    path("reportin/posts/<int:pk>/close/", service_post_close, name="service_post_close"),
    path("reportin/posts/<int:pk>/claim/", service_post_claim, name="service_post_claim"),
    path("reportin/claims/<int:pk>/release/", post_claim_release, name="post_claim_release"),
    path("reportin/records/", service_record_list, name="service_record_list"),
    path("reportin/records/export/", service_record_export, name="service_record_export"),
    path("reportin/records/new/", service_record_create, name="service_record_create"),
    path("reportin/records/<int:pk>/confirm/", service_record_confirm,
         name="service_record_confirm"),
    path("reportin/records/<int:pk>/reject/", service_record_reject, name="service_record_reject"),
    path("reportin/letters/", feedback_register, name="feedback_register"),
    path("reportin/letters/export/", feedback_register_export, name="feedback_register_export"),
    path("reportin/letters/<int:pk>/", feedback_letter, name="feedback_letter"),
    path("reportin/letters/<int:pk>/sent/", feedback_letter_sent, name="feedback_letter_sent"),
]  # fmt: skip
