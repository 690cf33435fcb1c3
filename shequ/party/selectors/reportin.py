"""Reads of the report-in loop (R-PM-2): report-ins, posts with their free places, service
records, feedback letters, the feedback periods, the dashboard's coverage and the member's own
"my tasks" section."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Count, Exists, F, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.roles import RECORD_PARTY, VIEW_PARTY, VIEW_PARTY_MEMBER
from shequ.core.scope import scope_q

from ..choices import MemberCategory
from ..config import party_config
from ..models import (
    FeedbackLetter,
    PartyMember,
    PostClaim,
    ReportIn,
    ServicePost,
    ServiceRecord,
    ServiceRecordStatus,
)

# ----------------------------------------------------------------------------- periods


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def feedback_months() -> int:
    months = int(party_config()["report_in"]["feedback_months"])
    if months < 1 or 12 % months:
        raise ValueError("report_in.feedback_months must divide 12")
    return months


def feedback_period(day: dt.date) -> tuple[dt.date, dt.date]:
    """The feedback period (a half-year by default) that ``day`` falls in: first and last
    day. Periods start in January and follow each other (R-PM-2: 每半年反馈一次)."""
    months = feedback_months()
    start = dt.date(day.year, (day.month - 1) // months * months + 1, 1)
    return start, _add_months(start, months) - dt.timedelta(days=1)


def feedback_periods(year: int) -> list[tuple[dt.date, dt.date]]:
    months = feedback_months()
    return [feedback_period(dt.date(year, m, 1)) for m in range(1, 13, months)]


def is_feedback_period(start: dt.date | None, end: dt.date | None) -> bool:
    return start is not None and end is not None and feedback_period(start) == (start, end)


def period_label(start: dt.date, end: dt.date) -> str:
    return _("%(start)s to %(end)s") % {"start": start.isoformat(), "end": end.isoformat()}


# ----------------------------------------------------------------------------- report-ins


def report_in_list_for(*, user, q: str = "", state: str = "open", community=None):
    """Report-ins in the user's scope; ``state`` "open", "ended" or "" for all."""
    rows = ReportIn.objects.visible_to(user, VIEW_PARTY_MEMBER).select_related(
        "member__person", "community"
    )
    if state == "open":
        rows = rows.filter(ended_on__isnull=True)
    elif state == "ended":
        rows = rows.filter(ended_on__isnull=False)
    if community is not None:
        rows = rows.filter(community=community)
    if q:
        rows = rows.filter(
            Q(member__person__name__icontains=q)
            | Q(member__person__name_pinyin__istartswith=q.lower())
            | Q(member__employer__icontains=q)
            | Q(member__external_org__icontains=q)
        )
    return rows.annotate(
        open_claims=Count("claims", filter=Q(claims__released_on__isnull=True), distinct=True)
    )


def report_in_get_for(*, user, pk: int) -> ReportIn:
    """A report-in the user may read: in his scope, or his own."""
    report_in = ReportIn.objects.select_related("member__person", "community").get(pk=pk)
    # rules: in the user's scope (the community), or his own (is_own_member_record)
    if not user.has_perm(VIEW_PARTY_MEMBER, report_in):
        raise ReportIn.DoesNotExist
    return report_in


def _is_own(user, report_in: ReportIn) -> bool:
    person_id = getattr(user, "person_id", None)
    return bool(person_id) and report_in.member.person_id == person_id


def own_report_in(*, user) -> ReportIn | None:
    """The signed-in member's open report-in, if any."""
    if not getattr(user, "person_id", None):
        return None
    return (
        ReportIn.objects.open()
        .select_related("member__person", "community")
        .filter(member__person_id=user.person_id)
        .first()
    )


def communities_for(*, user, perm: str = RECORD_PARTY):
    from shequ.territory.choices import NodeKind
    from shequ.territory.models import Node

    return Node.objects.visible_to(user, perm).filter(kind=NodeKind.COMMUNITY, is_active=True)


# ----------------------------------------------------------------------------- posts


def with_taken(posts):
    """Each post with ``taken``: its open claims (one grouped subquery, no N+1)."""
    return posts.annotate(
        taken=Count("claims", filter=Q(claims__released_on__isnull=True), distinct=True)
    ).annotate(free=F("capacity") - F("taken"))


def post_list_for(*, user, q: str = "", state: str = "open", community=None):
    posts = ServicePost.objects.visible_to(user, VIEW_PARTY).select_related("community", "team")
    if state == "open":
        posts = posts.filter(is_open=True)
    elif state == "closed":
        posts = posts.filter(is_open=False)
    if community is not None:
        posts = posts.filter(community=community)
    if q:
        posts = posts.filter(Q(title__icontains=q) | Q(duties__icontains=q))
    return with_taken(posts)


def posts_for_report_in(report_in: ReportIn, *, on: dt.date | None = None):
    """The open posts of his community a member may claim, with places taken and whether
    he holds each (``mine``)."""
    on = on or timezone.localdate()
    posts = ServicePost.objects.filter(
        community_id=report_in.community_id, is_open=True, starts_on__lte=on
    ).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=on))
    return with_taken(posts).annotate(
        mine=Count(
            "claims",
            filter=Q(claims__released_on__isnull=True, claims__report_in=report_in),
            distinct=True,
        )
    )


def post_get_for(*, user, pk: int) -> ServicePost:
    return post_list_for(user=user, state="").get(pk=pk)


def open_claims_of(report_in: ReportIn):
    return (
        PostClaim.objects.filter(report_in=report_in, released_on__isnull=True)
        .select_related("post")
        .order_by("claimed_on", "id")
    )


def claim_get_for(*, user, pk: int) -> PostClaim:
    claim = PostClaim.objects.select_related("post", "report_in__member").get(pk=pk)
    if not (_is_own(user, claim.report_in) or user.has_perm(VIEW_PARTY_MEMBER, claim)):
        raise PostClaim.DoesNotExist
    return claim


# ----------------------------------------------------------------------------- records


def service_record_list_for(*, user, q: str = "", status: str = "", start=None, end=None,
                            community=None):  # fmt: skip
    records = ServiceRecord.objects.visible_to(user, VIEW_PARTY_MEMBER).select_related(
        "report_in__member__person", "report_in__community", "post", "confirmed_by"
    )
    if status:
        records = records.filter(status=status)
    if start:
        records = records.filter(served_on__gte=start)
    if end:
        records = records.filter(served_on__lte=end)
    if community is not None:
        records = records.filter(report_in__community=community)
    if q:
        records = records.filter(
            Q(report_in__member__person__name__icontains=q)
            | Q(report_in__member__person__name_pinyin__istartswith=q.lower())
            | Q(activity__icontains=q)
        )
    return records


def own_service_records(*, user):
    """The member's own records, in every community he reported to."""
    if not getattr(user, "person_id", None):
        return ServiceRecord.objects.none()
    return ServiceRecord.objects.filter(report_in__member__person_id=user.person_id).select_related(
        "post", "report_in__community"
    )


def service_record_get_for(*, user, pk: int) -> ServiceRecord:
    record = ServiceRecord.objects.select_related(
        "report_in__member__person", "report_in__community", "post__team"
    ).get(pk=pk)
    if not (
        _is_own(user, record.report_in)
        or user.has_perm(VIEW_PARTY_MEMBER, record)
        or is_team_leader_of(user, record)
    ):
        raise ServiceRecord.DoesNotExist
    return record


def is_team_leader_of(user, record: ServiceRecord) -> bool:
    """The leader of the team the record's post belongs to (R-PM-2: confirmed by a worker
    or the team leader)."""
    person_id = getattr(user, "person_id", None)
    post = record.post
    return bool(
        person_id and post is not None and post.team_id and post.team.leader_id == person_id
    )


def led_records(*, user):
    """Records awaiting confirmation on the posts of teams the user leads."""
    if not getattr(user, "person_id", None):
        return ServiceRecord.objects.none()
    return ServiceRecord.objects.filter(
        post__team__leader_id=user.person_id, status=ServiceRecordStatus.RECORDED
    ).select_related("report_in__member__person", "report_in__community", "post")


def tally(records) -> dict:
    """Confirmed hours, activities and mean rating of ``records`` (one aggregate query)."""
    confirmed = records.filter(status=ServiceRecordStatus.CONFIRMED)
    row = confirmed.aggregate(
        hours=Sum("hours"),
        activities=Count("id"),
        rating_sum=Sum("rating"),
        rated=Count("id", filter=Q(rating__isnull=False)),
    )
    mean = None
    if row["rated"]:
        mean = (Decimal(row["rating_sum"]) / row["rated"]).quantize(Decimal("0.1"))
    return {
        "hours": row["hours"] or Decimal("0.0"),
        "activities": row["activities"],
        "rating": mean,
    }


# ----------------------------------------------------------------------------- letters


def feedback_letter_list_for(*, user, period_start=None, q: str = "", sent: str = "",
                             community=None):  # fmt: skip
    letters = FeedbackLetter.objects.visible_to(user, VIEW_PARTY_MEMBER).select_related(
        "member__person", "community", "sent_by"
    )
    if period_start:
        letters = letters.filter(period_start=period_start)
    if sent == "yes":
        letters = letters.filter(sent_on__isnull=False)
    elif sent == "no":
        letters = letters.filter(sent_on__isnull=True)
    if community is not None:
        letters = letters.filter(community=community)
    if q:
        letters = letters.filter(
            Q(member__person__name__icontains=q)
            | Q(letter_number__icontains=q)
            | Q(employer_party_org__icontains=q)
            | Q(employer__icontains=q)
        )
    return letters


def feedback_letter_get_for(*, user, pk: int) -> FeedbackLetter:
    """A letter the user may read: in his scope, or about himself."""
    letter = FeedbackLetter.objects.select_related("member__person", "community").get(pk=pk)
    if not user.has_perm(VIEW_PARTY_MEMBER, letter):  # in scope, or his own (rules.py)
        raise FeedbackLetter.DoesNotExist
    return letter


def feedback_period_choices(*, user) -> list[tuple[dt.date, dt.date]]:
    """The periods of the letters the user sees, newest first, plus the last ended one."""
    today = timezone.localdate()
    current_start, _end = feedback_period(today)
    last = feedback_period(current_start - dt.timedelta(days=1))
    seen = set(
        FeedbackLetter.objects.visible_to(user, VIEW_PARTY_MEMBER)
        .values_list("period_start", "period_end")
        .distinct()
    )
    seen.add(last)
    return sorted(seen, reverse=True)


# ----------------------------------------------------------------------------- dashboard


def coverage_for(*, user) -> tuple[int, int]:
    """Home dashboard (R-PM-2): (in-service active members living in the user's scope who
    have an open report-in, all in-service active members living there). Two counts in one
    query; "living there" is the person's current flat."""
    members = PartyMember.objects.active().filter(
        scope_q(user, VIEW_PARTY, "person__node__path"), category=MemberCategory.IN_SERVICE
    )
    has_open = Exists(ReportIn.objects.filter(member=OuterRef("pk"), ended_on__isnull=True))
    row = members.annotate(has_open=has_open).aggregate(
        all=Count("id"), reported=Count("id", filter=Q(has_open=True))
    )
    return row["reported"], row["all"]


# ----------------------------------------------------------------------------- my tasks


def my_reportin_section(user, member) -> dict | None:
    """The member's own page (R-PM-2): his posts, hours this period, records pending."""
    if member is None:
        return None
    report_in = ReportIn.objects.open().select_related("community").filter(member=member).first()
    if report_in is None:
        if member.category != MemberCategory.IN_SERVICE:
            return None
        return {
            "title": _("Report-in to the community"),
            "template": "party/reportin/_my_section.html",
            "context": {"report_in": None},
        }
    start, end = feedback_period(timezone.localdate())
    records = ServiceRecord.objects.filter(report_in__member=member, served_on__range=(start, end))
    totals = tally(records)
    return {
        "title": _("Report-in to the community"),
        "template": "party/reportin/_my_section.html",
        "context": {
            "report_in": report_in,
            "claims": list(open_claims_of(report_in)),
            "hours": totals["hours"],
            "activities": totals["activities"],
            "pending": records.filter(status=ServiceRecordStatus.RECORDED).count(),
            "period_start": start,
            "period_end": end,
        },
    }


try:
    from shequ.party.selectors.mine import register_my_section
except ImportError:  # the member's own page is another area's; without it, no section
    register_my_section = None
if register_my_section is not None:
    register_my_section(my_reportin_section)
