"""Writes of the report-in loop of in-service members (R-PM-2; R-PM-5 service pledges, posts
and duties): report-in, pledge, posts and claims, service records and their confirmation, the
half-yearly feedback letters and their register's export."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.roles import MANAGE_PARTY, RECORD_PARTY
from shequ.core.models import AuditAction, audit_record
from shequ.core.xlsx import xlsx_book
from shequ.territory.choices import NodeKind
from shequ.territory.models import Node

from ..choices import MemberCategory, MemberState
from ..config import party_config
from ..models import (
    FeedbackGrade,
    FeedbackLetter,
    PartyMember,
    PostClaim,
    ReportIn,
    ReportInChannel,
    ServicePledge,
    ServicePost,
    ServiceRecord,
    ServiceRecordStatus,
)
from ..selectors.reportin import feedback_period, is_feedback_period, is_team_leader_of, tally
from . import check_perm


def _is_self(actor, member: PartyMember) -> bool:
    return bool(actor is not None and getattr(actor, "person_id", None) == member.person_id)


def _check_self_or(actor, perm: str, obj, member: PartyMember) -> None:
    """The member himself, or a worker holding ``perm`` over ``obj`` (actor None: the
    platform)."""
    if actor is None or _is_self(actor, member):
        return
    check_perm(actor, perm, obj)


def _today(on: dt.date | None) -> dt.date:
    return on or timezone.localdate()


def _lock_report_in(report_in: ReportIn) -> ReportIn:
    return (
        ReportIn.objects.select_for_update(of=("self",))
        .select_related("member", "community")
        .get(pk=report_in.pk)
    )


# ----------------------------------------------------------------------------- report-in


@transaction.atomic
def report_in_register(
    *,
    actor=None,
    member: PartyMember,
    community: Node,
    on: dt.date | None = None,
    channel: str = ReportInChannel.WORKER,
    pledge: str = "",
) -> ReportIn:
    """An in-service member reports to the community where he lives (R-PM-2): by himself
    on the self-service page, or entered by a worker of that community; with ``pledge``, he
    signs the year's service pledge at once (both or neither are saved)."""
    if channel == ReportInChannel.SELF:
        if actor is not None and not _is_self(actor, member):
            raise PermissionDenied(_("Only the member himself reports in on this page."))
    elif channel == ReportInChannel.WORKER:
        check_perm(actor, RECORD_PARTY, community)
    else:
        raise ValidationError({"channel": _("Say how the report-in was made.")})
    on = _today(on)
    errors: dict[str, str] = {}
    if member.state != MemberState.ACTIVE:
        errors["member"] = _("He is no longer in the register.")
    elif member.category != MemberCategory.IN_SERVICE:
        errors["member"] = _("Only in-service members report in to their community.")
    if community.kind != NodeKind.COMMUNITY:
        errors["community"] = _("Choose a community.")
    elif not member.person.node.path.startswith(community.path):
        # R-PM-2: the community where he lives (his current flat).
        errors["community"] = _("He reports to the community where he lives: %(name)s.") % {
            "name": _home_community_name(member)
        }
    if on > timezone.localdate():
        errors["on"] = _("The date cannot be in the future.")
    if ReportIn.objects.open().filter(member=member).exists():
        errors["member"] = _("%(name)s has already reported in.") % {"name": member.person.name}
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            report_in = ReportIn.objects.create(
                member=member,
                community=community,
                reported_on=on,
                channel=channel,
                recorded_by=actor,
            )
    except IntegrityError as exc:  # a second report-in raced ours
        raise ValidationError(
            {"member": _("%(name)s has already reported in.") % {"name": member.person.name}}
        ) from exc
    if (pledge or "").strip():
        pledge_sign(actor=actor, report_in=report_in, text=pledge, signed_on=on)
    return report_in


def _home_community_name(member: PartyMember) -> str:
    from .members import community_of

    home = community_of(member.person.node)
    return home.name if home is not None else "—"


def _release_claims(claims, on: dt.date) -> None:
    """Release the open ones of ``claims`` on ``on`` — one saved row each, so that the audit
    trail names every release; a claim made after a back-dated ``on`` ends the day it began."""
    for claim in claims.filter(released_on__isnull=True).select_for_update():
        claim.released_on = max(on, claim.claimed_on)
        claim.save(update_fields=["released_on", "updated_at"])


@transaction.atomic
def report_in_end(*, actor=None, report_in: ReportIn, on: dt.date | None = None) -> ReportIn:
    """The member moves away or stops serving here: the report-in ends and his claims are
    released the same day."""
    report_in = _lock_report_in(report_in)
    _check_self_or(actor, RECORD_PARTY, report_in, report_in.member)
    on = _today(on)
    if report_in.ended_on is not None:
        raise ValidationError({"report_in": _("This report-in has already ended.")})
    if on < report_in.reported_on:
        raise ValidationError({"on": _("It cannot end before the member reported in.")})
    _release_claims(PostClaim.objects.filter(report_in=report_in), on)
    report_in.ended_on = on
    report_in.save(update_fields=["ended_on", "updated_at"])
    return report_in


def pledge_sign(
    *,
    actor=None,
    report_in: ReportIn,
    text: str,
    signed_on: dt.date | None = None,
    year: int | None = None,
) -> ServicePledge:
    """He signs the service pledge (承诺书) for a year (R-PM-2, R-PM-5)."""
    _check_self_or(actor, RECORD_PARTY, report_in, report_in.member)
    signed_on = _today(signed_on)
    year = year or signed_on.year
    text = (text or "").strip()
    errors: dict[str, str] = {}
    if not text:
        errors["text"] = _("Write what he pledges to do.")
    if report_in.ended_on is not None:
        errors["report_in"] = _("This report-in has ended.")
    if signed_on > timezone.localdate():
        errors["signed_on"] = _("The date cannot be in the future.")
    if ServicePledge.objects.filter(report_in=report_in, year=year).exists():
        errors["year"] = _("He has already signed the pledge for %(year)s.") % {"year": year}
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            return ServicePledge.objects.create(
                report_in=report_in, year=year, text=text, signed_on=signed_on
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"year": _("He has already signed the pledge for %(year)s.") % {"year": year}}
        ) from exc


# ----------------------------------------------------------------------------- posts


def post_create(
    *,
    actor=None,
    community: Node,
    title: str,
    duties: str = "",
    capacity: int | None,
    starts_on: dt.date | None,
    ends_on: dt.date | None = None,
    team=None,
) -> ServicePost:
    """The community defines a service post (设岗定责) with its places and period."""
    check_perm(actor, MANAGE_PARTY, community)
    title = (title or "").strip()
    errors: dict[str, str] = {}
    if community.kind != NodeKind.COMMUNITY:
        errors["community"] = _("Choose a community.")
    if not title:
        errors["title"] = _("Name the post.")
    if capacity is None or capacity < 1:
        errors["capacity"] = _("A post has at least one place.")
    if starts_on is None:
        errors["starts_on"] = _("Give the first day of the post.")
    elif ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = _("The post cannot end before it starts.")
    if team is not None and not team.node.path.startswith(community.path):
        errors["team"] = _("Choose a team of this community.")
    if errors:
        raise ValidationError(errors)
    return ServicePost.objects.create(
        community=community,
        title=title[:100],
        duties=(duties or "").strip(),
        capacity=capacity,
        starts_on=starts_on,
        ends_on=ends_on,
        team=team,
    )


@transaction.atomic
def post_close(*, actor=None, post: ServicePost, on: dt.date | None = None) -> ServicePost:
    """Close a post: no new claims; the members holding it are released on ``on``."""
    post = ServicePost.objects.select_for_update().get(pk=post.pk)
    check_perm(actor, MANAGE_PARTY, post)
    on = _today(on)
    if not post.is_open:
        raise ValidationError({"post": _("This post is already closed.")})
    if on < post.starts_on:
        on = post.starts_on
    _release_claims(PostClaim.objects.filter(post=post), on)
    post.is_open = False
    fields = ["is_open", "updated_at"]
    if post.ends_on is None or post.ends_on > on:
        post.ends_on = on
        fields.append("ends_on")
    post.save(update_fields=fields)
    return post


@transaction.atomic
def post_claim(
    *, actor=None, post: ServicePost, report_in: ReportIn, on: dt.date | None = None
) -> PostClaim:
    """A member claims a post (认领). The post row is locked, then its open claims are
    counted: N members claiming the last places at once get exactly the places left, the
    others a clear refusal (R-PM-2 acceptance: capacity under concurrent claims)."""
    _check_self_or(actor, RECORD_PARTY, report_in, report_in.member)
    on = _today(on)
    post = ServicePost.objects.select_for_update().get(pk=post.pk)
    errors: dict[str, str] = {}
    if report_in.ended_on is not None:
        errors["report_in"] = _("This report-in has ended.")
    if post.community_id != report_in.community_id:
        errors["post"] = _("Claim a post of the community he reported to.")
    elif not post.is_open:
        errors["post"] = _("This post is closed.")
    elif on < post.starts_on or (post.ends_on is not None and on > post.ends_on):
        errors["post"] = _("This post is not open on %(day)s.") % {"day": on.isoformat()}
    if errors:
        raise ValidationError(errors)
    claims = PostClaim.objects.filter(post=post, released_on__isnull=True)
    if claims.filter(report_in=report_in).exists():
        raise ValidationError({"post": _("He already holds this post.")})
    if claims.count() >= post.capacity:
        raise ValidationError(
            {"post": _("This post is full (%(capacity)s people).") % {"capacity": post.capacity}}
        )
    return PostClaim.objects.create(post=post, report_in=report_in, claimed_on=on)


@transaction.atomic
def post_release(*, actor=None, claim: PostClaim, on: dt.date | None = None) -> PostClaim:
    """He gives the post up: the place is free again."""
    claim = (
        PostClaim.objects.select_for_update(of=("self",))
        .select_related("post", "report_in__member")
        .get(pk=claim.pk)
    )
    _check_self_or(actor, RECORD_PARTY, claim, claim.report_in.member)
    on = _today(on)
    if claim.released_on is not None:
        raise ValidationError({"claim": _("This post has already been given up.")})
    if on < claim.claimed_on:
        raise ValidationError({"on": _("It cannot be given up before it was claimed.")})
    claim.released_on = on
    claim.save(update_fields=["released_on", "updated_at"])
    return claim


# ----------------------------------------------------------------------------- records


def _hours(value) -> Decimal | None:
    try:
        hours = Decimal(str(value)) if value is not None else None
    except InvalidOperation:
        return None
    return hours


def service_record(
    *,
    actor=None,
    report_in: ReportIn,
    activity: str,
    served_on: dt.date | None,
    hours,
    post: ServicePost | None = None,
) -> ServiceRecord:
    """Record a piece of his service outside working hours, by the member himself or a
    worker; it counts once confirmed (R-PM-2)."""
    _check_self_or(actor, RECORD_PARTY, report_in, report_in.member)
    activity = (activity or "").strip()
    hours = _hours(hours)
    errors: dict[str, str] = {}
    if not activity:
        errors["activity"] = _("Say what he did.")
    if served_on is None:
        errors["served_on"] = _("Give the day of the service.")
    elif served_on > timezone.localdate():
        errors["served_on"] = _("The date cannot be in the future.")
    elif served_on < report_in.reported_on or (
        report_in.ended_on is not None and served_on > report_in.ended_on
    ):
        errors["served_on"] = _("The day must fall while he was reported in here.")
    if hours is None:
        errors["hours"] = _("Give the hours.")
    elif hours <= 0 or hours > 24:
        errors["hours"] = _("Hours of one day are more than 0 and at most 24.")
    elif hours != hours.quantize(Decimal("0.1")):
        errors["hours"] = _("Give the hours to one decimal place.")
    if post is not None and "served_on" not in errors:
        held = PostClaim.objects.filter(post=post, report_in=report_in, claimed_on__lte=served_on)
        if not held.filter(Q(released_on__isnull=True) | Q(released_on__gte=served_on)).exists():
            errors["post"] = _("He did not hold this post on that day.")
    if errors:
        raise ValidationError(errors)
    return ServiceRecord.objects.create(
        report_in=report_in,
        post=post,
        activity=activity[:200],
        served_on=served_on,
        hours=hours,
        recorded_by=actor,
    )


def _decide(*, actor, record: ServiceRecord, to: str, rating=None, note: str = ""):
    with transaction.atomic():
        record = (
            ServiceRecord.objects.select_for_update(of=("self",))
            .select_related("report_in__member", "report_in__community", "post__team")
            .get(pk=record.pk)
        )
        if actor is not None:
            if _is_self(actor, record.report_in.member):
                raise PermissionDenied(_("Nobody confirms his own service."))
            if not (is_team_leader_of(actor, record) or actor.has_perm(RECORD_PARTY, record)):
                raise PermissionDenied(_("You may not do this here."))
        if record.status != ServiceRecordStatus.RECORDED:
            raise ValidationError(
                {"status": _("This record is already %(status)s.")
                 % {"status": record.get_status_display()}}
            )  # fmt: skip
        scale = int(party_config()["report_in"]["rating_scale"])
        if rating is not None and not (1 <= int(rating) <= scale):
            raise ValidationError({"rating": _("Rate from 1 to %(scale)s.") % {"scale": scale}})
        if to == ServiceRecordStatus.REJECTED and not (note or "").strip():
            raise ValidationError({"note": _("Say why the record is rejected.")})
        record.status = to
        record.confirmed_by = actor
        record.confirmed_at = timezone.now()
        record.rating = int(rating) if rating is not None else None
        record.note = (note or "").strip()[:200]
        record.save(
            update_fields=["status", "confirmed_by", "confirmed_at", "rating", "note", "updated_at"]
        )
    return record


def service_confirm(*, actor=None, record: ServiceRecord, rating=None, note: str = ""):
    """A worker of the community or the leader of the post's team confirms the service,
    optionally rating it on the configured scale; only confirmed hours count."""
    return _decide(
        actor=actor, record=record, to=ServiceRecordStatus.CONFIRMED, rating=rating, note=note
    )


def service_reject(*, actor=None, record: ServiceRecord, note: str):
    """The service did not happen as recorded: rejected, with the reason."""
    return _decide(actor=actor, record=record, to=ServiceRecordStatus.REJECTED, note=note)


# ----------------------------------------------------------------------------- letters


def grade_for(*, hours: Decimal, rating: Decimal | None) -> str:
    """The letter's grade from the mean rating (config ``report_in``); hours below the
    configured minimum outweigh any rating."""
    config = party_config()["report_in"]
    minimum = Decimal(str(config["min_hours_per_period"]))
    if minimum > 0 and hours < minimum:
        return FeedbackGrade.SHORT_HOURS
    if rating is None:
        return FeedbackGrade.UNRATED
    if rating >= config["grade_excellent_min"]:
        return FeedbackGrade.EXCELLENT
    if rating >= config["grade_good_min"]:
        return FeedbackGrade.GOOD
    if rating >= config["grade_fair_min"]:
        return FeedbackGrade.FAIR
    return FeedbackGrade.POOR


def _letter_prefix(community: Node, period_start: dt.date) -> str:
    return f"FK-{community.code}-{period_start:%Y%m}-"


def feedback_letters_issue(
    *,
    actor=None,
    community: Node,
    period_start: dt.date,
    period_end: dt.date,
    on: dt.date | None = None,
) -> list[FeedbackLetter]:
    """One feedback letter per member reported in to ``community`` during the period, with
    his CONFIRMED service of the period only (R-PM-2: 每半年向所在单位党组织反馈). A letter
    once issued never changes: issuing the same period again only adds the letters of
    members who had none. Returns the letters created."""
    check_perm(actor, MANAGE_PARTY, community)
    on = _today(on)
    errors: dict[str, str] = {}
    if community.kind != NodeKind.COMMUNITY:
        errors["community"] = _("Choose a community.")
    if not is_feedback_period(period_start, period_end):
        errors["period_start"] = _(
            "Choose a feedback period (%(months)s months from %(start)s)."
        ) % {
            "months": party_config()["report_in"]["feedback_months"],
            "start": feedback_period(period_start or on)[0].isoformat(),
        }
    elif period_end > on:
        errors["period_end"] = _("Letters are issued once the period is over (%(end)s).") % {
            "end": period_end.isoformat()
        }
    if errors:
        raise ValidationError(errors)
    created: list[FeedbackLetter] = []
    with transaction.atomic():
        # One issuer per community at a time: numbering and "one letter per member" hold.
        Node.objects.select_for_update().filter(pk=community.pk).first()
        report_ins = (
            ReportIn.objects.filter(community=community, reported_on__lte=period_end)
            .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=period_start))
            .select_related("member")
            .order_by("member_id", "-reported_on", "-id")
        )
        latest: dict[int, ReportIn] = {}
        for report_in in report_ins:
            latest.setdefault(report_in.member_id, report_in)
        done = set(
            FeedbackLetter.objects.filter(
                member_id__in=latest, period_start=period_start
            ).values_list("member_id", flat=True)
        )
        prefix = _letter_prefix(community, period_start)
        taken = FeedbackLetter.objects.filter(letter_number__startswith=prefix).count()
        for member_id, report_in in sorted(latest.items()):
            if member_id in done:
                continue
            records = ServiceRecord.objects.filter(
                report_in__member_id=member_id,
                report_in__community=community,
                served_on__range=(period_start, period_end),
            )
            totals = tally(records)
            posts = _posts_held(member_id, community, period_start, period_end)
            member = report_in.member
            taken += 1
            created.append(
                FeedbackLetter.objects.create(
                    report_in=report_in,
                    member=member,
                    community=community,
                    period_start=period_start,
                    period_end=period_end,
                    employer=member.employer,
                    employer_party_org=member.employer_party_org or member.external_org,
                    hours=totals["hours"],
                    activities=totals["activities"],
                    posts="\n".join(posts),
                    rating=totals["rating"],
                    grade=grade_for(hours=totals["hours"], rating=totals["rating"]),
                    letter_number=f"{prefix}{taken:03d}",
                    issued_on=on,
                    issued_by=actor,
                )
            )
    return created


def _posts_held(member_id: int, community: Node, start: dt.date, end: dt.date) -> list[str]:
    """Titles of the posts he held at some time during the period, in claim order."""
    claims = (
        PostClaim.objects.filter(
            report_in__member_id=member_id, post__community=community, claimed_on__lte=end
        )
        .filter(Q(released_on__isnull=True) | Q(released_on__gte=start))
        .order_by("claimed_on", "id")
        .values_list("post__title", flat=True)
    )
    return list(dict.fromkeys(claims))


@transaction.atomic
def feedback_letter_mark_sent(
    *, actor=None, letter: FeedbackLetter, on: dt.date | None = None
) -> FeedbackLetter:
    """The letter went to the employer's party organisation: the register shows when."""
    letter = FeedbackLetter.objects.select_for_update().get(pk=letter.pk)
    check_perm(actor, RECORD_PARTY, letter)
    on = _today(on)
    if letter.sent_on is not None:
        raise ValidationError(
            {"sent_on": _("This letter was sent on %(day)s.") % {"day": letter.sent_on}}
        )
    if on < letter.issued_on:
        raise ValidationError({"sent_on": _("A letter cannot be sent before it is issued.")})
    if on > timezone.localdate():
        raise ValidationError({"sent_on": _("The date cannot be in the future.")})
    letter.sent_on, letter.sent_by = on, actor
    letter.save(update_fields=["sent_on", "sent_by", "updated_at"])
    return letter


# ----------------------------------------------------------------------------- exports


def report_in_export(*, user, report_ins) -> bytes:
    """The community's report-ins (as filtered on the list page) as an xlsx workbook."""
    columns = [
        (_("Name"), 12),
        (_("Community"), 14),
        (_("Employer"), 24),
        (_("Party organisation of the employer"), 24),
        (_("Organisation holding the membership"), 24),
        (_("Reported on"), 12),
        (_("Channel"), 12),
        (_("Posts held"), 8),
        (_("Ended on"), 12),
    ]
    out, book, sheet, fmt = xlsx_book((_("Report-ins")), columns)
    row = 0
    for row, r in enumerate(report_ins.order_by("-reported_on", "-id").iterator(chunk_size=500),
                            start=1):  # fmt: skip
        member = r.member
        sheet.write_string(row, 0, member.person.name)
        sheet.write_string(row, 1, r.community.name)
        sheet.write_string(row, 2, member.employer)
        sheet.write_string(row, 3, member.employer_party_org)
        sheet.write_string(row, 4, member.external_org or str(member.org or ""))
        sheet.write_datetime(row, 5, r.reported_on, fmt["day"])
        sheet.write_string(row, 6, str(r.get_channel_display()))
        sheet.write_number(row, 7, r.open_claims)
        if r.ended_on:
            sheet.write_datetime(row, 8, r.ended_on, fmt["day"])
    book.close()
    audit_record(AuditAction.EXPORT, actor=user, object_repr=str(_("Report-ins")), row_count=row)
    return out.getvalue()


def feedback_register_export(*, user, letters) -> bytes:
    """The register of feedback letters (as filtered) as an xlsx workbook."""
    columns = [
        (_("Letter number"), 22),
        (_("Name"), 12),
        (_("Community"), 14),
        (_("Employer"), 24),
        (_("Party organisation of the employer"), 24),
        (_("Period from"), 12),
        (_("Period until"), 12),
        (_("Hours"), 8),
        (_("Activities"), 8),
        (_("Posts"), 24),
        (_("Mean rating"), 8),
        (_("Grade"), 10),
        (_("Issued on"), 12),
        (_("Sent on"), 12),
    ]
    out, book, sheet, fmt = xlsx_book((_("Feedback letters")), columns)
    row = 0
    rows = letters.order_by("-period_start", "letter_number").iterator(chunk_size=500)
    for row, letter in enumerate(rows, start=1):
        sheet.write_string(row, 0, letter.letter_number)
        sheet.write_string(row, 1, letter.member.person.name)
        sheet.write_string(row, 2, letter.community.name)
        sheet.write_string(row, 3, letter.employer)
        sheet.write_string(row, 4, letter.employer_party_org)
        sheet.write_datetime(row, 5, letter.period_start, fmt["day"])
        sheet.write_datetime(row, 6, letter.period_end, fmt["day"])
        sheet.write_number(row, 7, float(letter.hours), fmt["hours"])
        sheet.write_number(row, 8, letter.activities)
        sheet.write_string(row, 9, "、".join(letter.post_list))
        if letter.rating is not None:
            sheet.write_number(row, 10, float(letter.rating), fmt["hours"])
        sheet.write_string(row, 11, str(letter.get_grade_display()))
        sheet.write_datetime(row, 12, letter.issued_on, fmt["day"])
        if letter.sent_on:
            sheet.write_datetime(row, 13, letter.sent_on, fmt["day"])
    book.close()
    audit_record(AuditAction.EXPORT, actor=user, object_repr=str(_("Feedback letters")),
                 row_count=row)  # fmt: skip
    return out.getvalue()


def post_export(*, user, posts) -> bytes:
    """The service posts (as filtered, ``taken`` annotated) as an xlsx workbook."""
    columns = [
        (_("Post"), 20),
        (_("Community"), 14),
        (_("Duties"), 40),
        (_("Places"), 8),
        (_("Taken"), 8),
        (_("Free places"), 8),
        (_("From"), 12),
        (_("Until"), 12),
        (_("Team"), 16),
        (_("Open"), 6),
    ]
    out, book, sheet, fmt = xlsx_book((_("Service posts")), columns)
    row = 0
    yes, no = _("Yes"), _("No")
    for row, post in enumerate(posts.order_by("community__path", "title", "id").iterator(
            chunk_size=500), start=1):  # fmt: skip
        sheet.write_string(row, 0, post.title)
        sheet.write_string(row, 1, post.community.name)
        sheet.write_string(row, 2, post.duties)
        sheet.write_number(row, 3, post.capacity)
        sheet.write_number(row, 4, post.taken)
        sheet.write_number(row, 5, max(post.capacity - post.taken, 0))
        sheet.write_datetime(row, 6, post.starts_on, fmt["day"])
        if post.ends_on:
            sheet.write_datetime(row, 7, post.ends_on, fmt["day"])
        sheet.write_string(row, 8, post.team.name if post.team_id else "")
        sheet.write_string(row, 9, yes if post.is_open else no)
    book.close()
    audit_record(AuditAction.EXPORT, actor=user, object_repr=str(_("Service posts")),
                 row_count=row)  # fmt: skip
    return out.getvalue()


def service_record_export(*, user, records) -> bytes:
    """Service records (as filtered) as an xlsx workbook."""
    columns = [
        (_("Name"), 12),
        (_("Community"), 14),
        (_("Date"), 12),
        (_("Activity"), 30),
        (_("Post"), 20),
        (_("Hours"), 8),
        (_("Status"), 12),
        (_("Rating"), 8),
        (_("Confirmed by"), 14),
        (_("Note"), 30),
    ]
    out, book, sheet, fmt = xlsx_book((_("Service records")), columns)
    row = 0
    rows = records.order_by("-served_on", "-id").iterator(chunk_size=500)
    for row, record in enumerate(rows, start=1):
        sheet.write_string(row, 0, record.report_in.member.person.name)
        sheet.write_string(row, 1, record.report_in.community.name)
        sheet.write_datetime(row, 2, record.served_on, fmt["day"])
        sheet.write_string(row, 3, record.activity)
        sheet.write_string(row, 4, record.post.title if record.post_id else "")
        sheet.write_number(row, 5, float(record.hours), fmt["hours"])
        sheet.write_string(row, 6, str(record.get_status_display()))
        if record.rating is not None:
            sheet.write_number(row, 7, record.rating)
        sheet.write_string(row, 8, record.confirmed_by.get_username() if record.confirmed_by_id
                           else "")  # fmt: skip
        sheet.write_string(row, 9, record.note)
    book.close()
    audit_record(AuditAction.EXPORT, actor=user, object_repr=str(_("Service records")),
                 row_count=row)  # fmt: skip
    return out.getvalue()
