"""Writes of the recruitment pipeline (发展党员, R-PM-3): the application, what each step
requires (talk, contacts, training, political review, introducers, public notice, branch
decisions and their approval), the one transition service and the pipeline's export."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.roles import MANAGE_RECRUITMENT
from shequ.core.models import AuditAction, audit_record
from shequ.core.xlsx import xlsx_book
from shequ.people.choices import PoliticalStatus

from .. import workflow_recruitment as wf
from ..choices import MemberCategory, MembershipStage, MemberState, OrgKind
from ..config import party_config
from ..models import PartyMember, PartyOrg
from ..models.recruitment import (
    OPEN_STAGES,
    NoticeOutcome,
    Recruit,
    RecruitEvent,
    RecruitIntroducer,
    RecruitNotice,
    RecruitResolution,
    RecruitStage,
    SponsorRole,
)
from . import check_perm
from .members import member_register, political_status_follow

# Organisations a person applies to: a branch, or a general branch or committee that takes
# applications directly (细则 art. 6).
RECRUITING_KINDS = (OrgKind.BRANCH, OrgKind.GENERAL_BRANCH, OrgKind.COMMITTEE)


def _event(recruit, verb, *, actor, source="", target="", note="", data=None):
    return RecruitEvent.objects.create(
        recruit=recruit,
        at=timezone.now(),
        verb=verb,
        from_status=source,
        to_status=target,
        actor=actor,
        actor_name=actor.get_username() if actor is not None else "",
        note=(note or "").strip(),
        data=data or {},
    )


def _today(on: dt.date | None) -> dt.date:
    return on or timezone.localdate()


def _not_future(on: dt.date, field: str = "on") -> None:
    if on > timezone.localdate():
        raise ValidationError({field: _("This date lies in the future.")})


def _locked(recruit: Recruit) -> Recruit:
    return (
        Recruit.objects.select_for_update(of=("self",))
        .select_related("org__node", "person")
        .get(pk=recruit.pk)
    )


def _require_stage(recruit: Recruit, stages, field: str = "stage") -> None:
    if recruit.stage not in stages:
        raise ValidationError(
            {field: _("Not possible while the recruit is %(stage)s.")
                    % {"stage": recruit.get_stage_display()}}
        )  # fmt: skip


def _age(birth: dt.date, on: dt.date) -> int:
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


@transaction.atomic
def recruit_apply(
    *,
    actor=None,
    person,
    org: PartyOrg,
    applied_on: dt.date,
    answerable_name: str = "",
    answerable=None,
    note: str = "",
) -> Recruit:
    """Register an application to join the party (入党申请书) with the branch and the person
    answerable for the recruit (责任人: a name, and his login if he has one)."""
    check_perm(actor, MANAGE_RECRUITMENT, org)
    cfg = party_config()["recruitment"]
    errors: dict[str, str] = {}
    answerable_name = (answerable_name or "").strip() or (
        (answerable.get_full_name() or answerable.get_username()) if answerable else ""
    )
    if not answerable_name:
        errors["answerable_name"] = _("Name the person answerable for this recruit.")
    if org.kind not in RECRUITING_KINDS or org.dissolved_on is not None:
        errors["org"] = _("Choose a branch, general branch or committee in being.")
    if applied_on is None:
        errors["applied_on"] = _("Give the date of the application.")
    elif applied_on > timezone.localdate():
        errors["applied_on"] = _("This date lies in the future.")
    elif person.birth_date is None:
        errors["person"] = _("The birth date of %(name)s is not known.") % {"name": person.name}
    elif _age(person.birth_date, applied_on) < cfg["min_age"]:
        errors["person"] = _("%(name)s was %(age)s years old when applying; the minimum age is "
                             "%(min)s.") % {"name": person.name,
                                             "age": _age(person.birth_date, applied_on),
                                             "min": cfg["min_age"]}  # fmt: skip
    if PartyMember.objects.active().filter(person=person).exists():
        errors["person"] = _("%(name)s is already in the member register.") % {
            "name": person.name}  # fmt: skip
    elif Recruit.objects.filter(person=person, stage__in=OPEN_STAGES).exists():
        errors["person"] = _("%(name)s already has an application in progress.") % {
            "name": person.name}  # fmt: skip
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            recruit = Recruit.objects.create(
                person=person,
                org=org,
                applied_on=applied_on,
                answerable=answerable,
                answerable_name=answerable_name[:60],
            )
    except IntegrityError as exc:  # a concurrent application of the same person
        raise ValidationError({"person": _("%(name)s already has an application in progress.")
                               % {"name": person.name}}) from exc  # fmt: skip
    _event(recruit, "apply", actor=actor, target=RecruitStage.APPLICANT, note=note,
           data={"applied_on": applied_on.isoformat()})  # fmt: skip
    return recruit


@transaction.atomic
def recruit_set_answerable(*, actor=None, recruit: Recruit, name: str, user=None) -> Recruit:
    """Name another person answerable for the recruit (责任人)."""
    check_perm(actor, MANAGE_RECRUITMENT, recruit)
    recruit = _locked(recruit)
    name = (name or "").strip() or ((user.get_full_name() or user.get_username()) if user else "")
    if not name:
        raise ValidationError({"answerable_name": _("Name the person answerable for this "
                                                    "recruit.")})  # fmt: skip
    recruit.answerable, recruit.answerable_name = user, name[:60]
    recruit.save(update_fields=["answerable", "answerable_name", "updated_at"])
    _event(recruit, "answerable", actor=actor, data={"name": recruit.answerable_name})
    return recruit


@transaction.atomic
def recruit_record_talk(*, actor=None, recruit: Recruit, on: dt.date, note: str = "") -> Recruit:
    """The branch sent someone to talk with the applicant (细则 art. 7: within a month)."""
    check_perm(actor, MANAGE_RECRUITMENT, recruit)
    recruit = _locked(recruit)
    _require_stage(recruit, (RecruitStage.APPLICANT,))
    if on is None or on < recruit.applied_on:
        raise ValidationError({"on": _("The talk cannot come before the application (%(day)s).")
                               % {"day": recruit.applied_on.isoformat()}})  # fmt: skip
    _not_future(on)
    recruit.talked_on = on
    recruit.save(update_fields=["talked_on", "updated_at"])
    _event(recruit, "talk", actor=actor, note=note, data={"on": on.isoformat()})
    return recruit


def _check_sponsor(recruit: Recruit, member: PartyMember) -> None:
    if member.person_id == recruit.person_id:
        raise ValidationError({"member": _("A recruit cannot sponsor himself.")})
    if member.state != MemberState.ACTIVE or member.stage != MembershipStage.FULL:
        raise ValidationError({"member": _("%(name)s is not a full member in the register: only "
                                           "full members may sponsor a recruit.")
                               % {"name": member.person.name}})  # fmt: skip


def _add_sponsor(recruit, member, role, on, actor) -> RecruitIntroducer:
    _check_sponsor(recruit, member)
    if recruit.sponsors.filter(member=member, role=role).exists():
        raise ValidationError({"member": _("%(name)s is already named.")
                               % {"name": member.person.name}})  # fmt: skip
    sponsor = RecruitIntroducer.objects.create(
        recruit=recruit, member=member, role=role, assigned_on=on
    )
    _event(recruit, "contacts" if role == SponsorRole.CONTACT else "introducer", actor=actor,
           data={"member": member.pk, "name": member.person.name})  # fmt: skip
    return sponsor


@transaction.atomic
def recruit_assign_contacts(
    *, actor=None, recruit: Recruit, members, on: dt.date | None = None
) -> list[RecruitIntroducer]:
    """Assign contacts (培养联系人) to an activist: full members who train and watch him."""
    check_perm(actor, MANAGE_RECRUITMENT, recruit)
    recruit = _locked(recruit)
    _require_stage(recruit, (RecruitStage.ACTIVIST, RecruitStage.CANDIDATE))
    members = list(dict.fromkeys(members))
    if not members:
        raise ValidationError({"member": _("Choose the contacts.")})
    on = _today(on)
    return [_add_sponsor(recruit, m, SponsorRole.CONTACT, on, actor) for m in members]


@transaction.atomic
def recruit_add_introducer(
    *, actor=None, recruit: Recruit, member: PartyMember, on: dt.date | None = None
) -> RecruitIntroducer:
    """Name an introducer (入党介绍人) of a development candidate: a full member."""
    check_perm(actor, MANAGE_RECRUITMENT, recruit)
    recruit = _locked(recruit)
    _require_stage(recruit, (RecruitStage.CANDIDATE,))
    return _add_sponsor(recruit, member, SponsorRole.INTRODUCER, _today(on), actor)


@transaction.atomic
def recruit_record_training(
    *, actor=None, recruit: Recruit, hours: Decimal, on: dt.date | None = None, note: str = ""
) -> Recruit:
    """Add hours of central training (集中培训) an activist or candidate attended."""
    check_perm(actor, MANAGE_RECRUITMENT, recruit)
    recruit = _locked(recruit)
    _require_stage(recruit, (RecruitStage.ACTIVIST, RecruitStage.CANDIDATE))
    if hours is None or hours <= 0:
        raise ValidationError({"hours": _("Give the hours attended (more than 0).")})
    if hours > Decimal("500"):
        raise ValidationError({"hours": _("More than 500 hours at once: check the figure.")})
    on = _today(on)
    _not_future(on)
    recruit.training_hours += Decimal(hours)
    recruit.save(update_fields=["training_hours", "updated_at"])
    _event(recruit, "training", actor=actor, note=note,
           data={"hours": str(hours), "on": on.isoformat(),
                 "total": str(recruit.training_hours)})  # fmt: skip
    return recruit


@transaction.atomic
def recruit_record_review(*, actor=None, recruit: Recruit, on: dt.date, conclusion: str) -> Recruit:
    """The political review (政治审查) of a development candidate is done, with its
    conclusion."""
    check_perm(actor, MANAGE_RECRUITMENT, recruit)
    recruit = _locked(recruit)
    _require_stage(recruit, (RecruitStage.CANDIDATE,))
    errors = {}
    if on is None:
        errors["on"] = _("Give the date the review was concluded.")
    elif on > timezone.localdate():
        errors["on"] = _("This date lies in the future.")
    if not (conclusion or "").strip():
        errors["conclusion"] = _("Give the conclusion of the review.")
    if errors:
        raise ValidationError(errors)
    recruit.political_review_done_on, recruit.political_review_note = on, conclusion.strip()
    recruit.save(update_fields=["political_review_done_on", "political_review_note",
                                "updated_at"])  # fmt: skip
    _event(recruit, "review", actor=actor, note=conclusion, data={"on": on.isoformat()})
    return recruit


# The stage a recruit must be in for a notice before ``for_stage``.
_NOTICE_FROM = {
    RecruitStage.PROBATIONARY: (RecruitStage.CANDIDATE,),
    RecruitStage.FULL: (RecruitStage.PROBATIONARY, RecruitStage.EXTENDED),
}


@transaction.atomic
def recruit_open_notice(
    *, actor=None, recruit: Recruit, for_stage: str, starts_on: dt.date
) -> RecruitNotice:
    """Put up a public notice (公示) before admission or confirmation; it ends after the
    configured number of working days. A new notice replaces a running one."""
    check_perm(actor, MANAGE_RECRUITMENT, recruit)
    recruit = _locked(recruit)
    if for_stage not in _NOTICE_FROM:
        raise ValidationError({"for_stage": _("A public notice precedes admission or "
                                              "confirmation only.")})  # fmt: skip
    _require_stage(recruit, _NOTICE_FROM[for_stage], field="for_stage")
    if starts_on is None:
        raise ValidationError({"starts_on": _("Give the first day of the notice.")})
    workdays = party_config()["recruitment"]["notice_workdays"]
    # a running notice for the same step is superseded (its outcome stays on record)
    for old in recruit.notices.filter(for_stage=for_stage, outcome=NoticeOutcome.OPEN):
        old.outcome, old.objections = NoticeOutcome.OBJECTION, _("Superseded by a new notice.")
        old.save(update_fields=["outcome", "objections", "updated_at"])
    notice = RecruitNotice.objects.create(
        recruit=recruit,
        for_stage=for_stage,
        starts_on=starts_on,
        ends_on=wf.notice_end(starts_on, workdays),
        workdays=workdays,
    )
    _event(recruit, "notice", actor=actor,
           data={"for": for_stage, "from": starts_on.isoformat(),
                 "until": notice.ends_on.isoformat(), "workdays": workdays})  # fmt: skip
    return notice


@transaction.atomic
def recruit_record_notice_outcome(
    *, actor=None, notice: RecruitNotice, upheld: bool, objections: str = ""
) -> RecruitNotice:
    """Record what the notice brought: objections found to hold (the step is blocked until a
    new notice), or objections looked into and dismissed / none at all."""
    check_perm(actor, MANAGE_RECRUITMENT, notice.recruit)
    _locked(notice.recruit)
    notice = RecruitNotice.objects.select_for_update().get(pk=notice.pk)
    objections = (objections or "").strip()
    if upheld and not objections:
        raise ValidationError({"objections": _("State the objections.")})
    if not upheld and timezone.localdate() <= notice.ends_on:
        raise ValidationError({"objections": _("The notice runs until %(day)s: only an upheld "
                                               "objection may be recorded before it ends.")
                               % {"day": notice.ends_on.isoformat()}})  # fmt: skip
    notice.outcome = NoticeOutcome.OBJECTION if upheld else NoticeOutcome.CLEAR
    notice.objections = objections
    notice.save(update_fields=["outcome", "objections", "updated_at"])
    _event(notice.recruit, "notice_outcome", actor=actor, note=objections,
           data={"notice": notice.pk, "outcome": notice.outcome})  # fmt: skip
    return notice


@transaction.atomic
def recruit_record_resolution(
    *,
    actor=None,
    recruit: Recruit,
    for_stage: str,
    resolved_on: dt.date,
    members_entitled: int = 0,
    attending: int = 0,
    votes_for: int = 0,
    votes_against: int = 0,
    text: str = "",
    group_opinion: str = "",
    approved_on: dt.date | None = None,
    approved_by: str = "",
) -> RecruitResolution:
    """Record the branch's decision on the recruit's next step: of its committee (activist,
    development candidate) or its general meeting with the vote (admission, confirmation,
    extension, cancellation); the higher committee's approval may follow later."""
    check_perm(actor, MANAGE_RECRUITMENT, recruit)
    recruit = _locked(recruit)
    errors: dict[str, str] = {}
    step = wf.transition_for(recruit.stage, for_stage)
    if step is None or for_stage not in wf.DECIDING_BODY:
        raise ValidationError({"for_stage": _("Not a step the branch decides from here.")})
    body = wf.DECIDING_BODY[for_stage]
    if resolved_on is None:
        errors["resolved_on"] = _("Give the date of the decision.")
    elif resolved_on > timezone.localdate():
        errors["resolved_on"] = _("This date lies in the future.")
    numbers = {"members_entitled": members_entitled, "attending": attending,
               "votes_for": votes_for, "votes_against": votes_against}  # fmt: skip
    if any(v is None or v < 0 for v in numbers.values()):
        errors["votes_for"] = _("Numbers cannot be negative.")
    elif body == "general_meeting":
        if members_entitled <= 0:
            errors["members_entitled"] = _("Give the number of full members entitled to vote.")
        elif attending > members_entitled:
            errors["attending"] = _("More attending than entitled to vote.")
        if votes_for + votes_against > attending:
            errors["votes_for"] = _("More votes than members attending.")
    if approved_on is not None and resolved_on is not None and approved_on < resolved_on:
        errors["approved_on"] = _("The approval cannot come before the decision.")
    if errors:
        raise ValidationError(errors)
    if body != "general_meeting":
        numbers = dict.fromkeys(numbers, 0)
    resolution = RecruitResolution.objects.create(
        recruit=recruit,
        for_stage=for_stage,
        body=body,
        resolved_on=resolved_on,
        text=(text or "").strip(),
        group_opinion=(group_opinion or "").strip(),
        approved_on=approved_on,
        approved_by=(approved_by or "").strip()[:120],
        **numbers,
    )
    _event(recruit, "resolution", actor=actor, note=text,
           data={"for": for_stage, "on": resolved_on.isoformat(), **numbers})  # fmt: skip
    return resolution


@transaction.atomic
def recruit_record_approval(
    *, actor=None, resolution: RecruitResolution, approved_on: dt.date, approved_by: str = ""
) -> RecruitResolution:
    """The higher committee approved the branch's resolution (上级党委审批)."""
    check_perm(actor, MANAGE_RECRUITMENT, resolution.recruit)
    _locked(resolution.recruit)
    if approved_on is None:
        raise ValidationError({"approved_on": _("Give the date of the approval.")})
    _not_future(approved_on, "approved_on")
    if approved_on < resolution.resolved_on:
        raise ValidationError({"approved_on": _("The approval cannot come before the "
                                                "decision.")})  # fmt: skip
    resolution.approved_on = approved_on
    resolution.approved_by = (approved_by or "").strip()[:120]
    resolution.save(update_fields=["approved_on", "approved_by", "updated_at"])
    _event(resolution.recruit, "approval", actor=actor,
           data={"resolution": resolution.pk, "on": approved_on.isoformat()})  # fmt: skip
    return resolution


def recruit_transition(
    *,
    recruit: Recruit,
    to: str,
    actor,
    on: dt.date | None = None,
    note: str = "",
    extended_until: dt.date | None = None,
    category: str = MemberCategory.DIRECT,
) -> Recruit:
    """Move a recruit one step along the table: lock the row, check the step, the permission
    (MANAGE_RECRUITMENT over the branch) and every precondition (``missing``: refused with all
    of them), then apply it and log it. Admission registers the probationary member (joined
    on the general meeting's date); confirmation makes him a full member from the day his
    probation ended; cancellation takes him off the register. Nothing else assigns
    ``Recruit.stage``."""
    with transaction.atomic():
        recruit = _locked(recruit)
        source = recruit.stage
        step = wf.transition_for(source, to)
        if step is None:
            raise ValidationError(
                {"stage": _("A recruit who is %(source)s cannot become %(target)s.") % {
                    "source": recruit.get_stage_display(),
                    "target": RecruitStage(to).label if to in RecruitStage.values else to}}
            )  # fmt: skip
        check_perm(actor, step.perm, recruit)
        on = _today(on)
        _not_future(on)
        is_member = PartyMember.objects.active().filter(person_id=recruit.person_id).exists()
        errors = wf.missing(step, recruit, on, note=note, extended_until=extended_until,
                            is_member=is_member)  # fmt: skip
        if errors:
            raise ValidationError(errors)
        note = (note or "").strip()
        fields = ["stage", "updated_at"]
        data: dict = {}
        if step.verb == "activist":
            recruit.activist_on = on
            fields.append("activist_on")
        elif step.verb == "candidate":
            recruit.candidate_on = on
            fields.append("candidate_on")
        elif step.verb == "admit":
            # joined the party on the day of the general meeting's resolution (细则 art. 28)
            resolution = wf.latest_resolution(recruit, step.target)
            joined = resolution.resolved_on
            recruit.member = member_register(
                actor=actor, person=recruit.person, org=recruit.org, category=category,
                stage=MembershipStage.PROBATIONARY, joined_on=joined,
            )  # fmt: skip
            recruit.probationary_on = joined
            fields += ["member", "probationary_on"]
            data = {"member": recruit.member.pk, "joined_on": joined.isoformat()}
        elif step.verb == "confirm":
            full_on = wf.probation_ends(recruit)
            member = PartyMember.objects.select_for_update().get(pk=recruit.member_id)
            member.stage, member.full_on = MembershipStage.FULL, full_on
            member.save(update_fields=["stage", "full_on", "updated_at"])
            political_status_follow(recruit.person, PoliticalStatus.PARTY_MEMBER)
            recruit.full_on = full_on
            fields.append("full_on")
            data = {"full_on": full_on.isoformat()}
        elif step.verb == "extend":
            recruit.extended_until = extended_until
            fields.append("extended_until")
            data = {"extended_until": extended_until.isoformat()}
        elif step.verb == "cancel":
            member = PartyMember.objects.select_for_update().get(pk=recruit.member_id)
            member.state, member.left_on = MemberState.LEFT, on
            member.save(update_fields=["state", "left_on", "updated_at"])
            political_status_follow(recruit.person, PoliticalStatus.MASSES)
        if step.target in (RecruitStage.CANCELLED, RecruitStage.WITHDRAWN):
            recruit.closed_on, recruit.close_reason = on, note
            fields += ["closed_on", "close_reason"]
        recruit.stage = step.target
        recruit.save(update_fields=fields)
        _event(recruit, step.verb, actor=actor, source=source, target=step.target, note=note,
               data={"on": on.isoformat(), **data})  # fmt: skip
    return recruit


# ----------------------------------------------------------------------------- export


def recruit_export(*, user, recruits) -> bytes:
    """The pipeline as an xlsx workbook, one row per recruit (``recruits`` comes from the
    list selector, already scoped and filtered); the export is audit-logged."""
    columns = [
        (_("Number"), 8), (_("Name"), 12), (_("Branch"), 22), (_("Stage"), 14),
        (_("Applied"), 12), (_("Activist since"), 12), (_("Development candidate since"), 12),
        (_("Probationary member since"), 12), (_("Probation extended until"), 12),
        (_("Full member since"), 12), (_("Central training (hours)"), 10),
        (_("Political review done"), 12), (_("Person answerable"), 12), (_("Closed"), 12),
        (_("Reason for closing"), 30),
    ]  # fmt: skip
    out, book, sheet, fmt = xlsx_book(_("Recruits"), columns)
    day = fmt["day"]
    row = 0
    rows = recruits.select_related("person", "org").order_by("org__path", "applied_on", "id")
    dates = {4: "applied_on", 5: "activist_on", 6: "candidate_on", 7: "probationary_on",
             8: "extended_until", 9: "full_on", 11: "political_review_done_on",
             13: "closed_on"}  # fmt: skip
    for row, recruit in enumerate(rows.iterator(chunk_size=500), start=1):
        sheet.write_number(row, 0, recruit.pk)
        sheet.write_string(row, 1, recruit.person.name)
        sheet.write_string(row, 2, recruit.org.name)
        sheet.write_string(row, 3, str(recruit.get_stage_display()))
        for col, name in dates.items():
            value = getattr(recruit, name)
            if value:
                sheet.write_datetime(row, col, value, day)
        sheet.write_number(row, 10, float(recruit.training_hours))
        sheet.write_string(row, 12, recruit.answerable_name)
        sheet.write_string(row, 14, recruit.close_reason)
    book.close()
    audit_record(AuditAction.EXPORT, actor=user, object_repr=str(_("Recruits")), row_count=row)
    return out.getvalue()
