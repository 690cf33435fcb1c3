"""The recruitment pipeline as a transition table (发展党员工作细则, R-PM-3) and ``missing``: every
precondition of a step that a recruit does not meet yet, each named with its numbers.

applicant → activist → development candidate → probationary → full member; a probation may be
extended once (→ extended → full) or cancelled; the earlier stages may be withdrawn. Decided
here: central training (集中培训, ``training_min_hours``) is required before admission as a
probationary member, counting every hour recorded while activist or candidate; the member's
full date is the day his probation ends (预备期满之日, 细则 art. 35), not the meeting's date.
``services.recruitment.recruit_transition`` is the one writer of ``Recruit.stage``."""

from __future__ import annotations

import datetime as dt

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.accounts.roles import MANAGE_RECRUITMENT
from shequ.core.workdays import Calendar
from shequ.core.workflow import Transition, TransitionTable
from shequ.core.workflow import edge as _t

from .choices import MembershipStage, MemberState
from .config import party_config
from .models.recruitment import (
    NoticeOutcome,
    Recruit,
    RecruitResolution,
    ResolutionBody,
    SponsorRole,
)
from .models.recruitment import RecruitStage as S

# What a step needs (the keys of ``missing``'s answer name the same things):
TALK = "talk"  # a talk with the applicant (within a month of the application)
INTERVAL = "interval"  # the configured minimum time in the present stage
DECISION = "resolution"  # the branch's decision for this step (committee or general meeting)
GROUP_OPINION = "group_opinion"  # the party group's opinion on a development candidate
CONTACTS = "contacts"  # two contacts (培养联系人) who are full members
REVIEW = "political_review"  # political review (政治审查) done
TRAINING = "training"  # central training hours
INTRODUCERS = "introducers"  # two introducers who are full members
NOTICE = "notice"  # a public notice of N working days ended without objection
APPROVAL = "approval"  # the higher committee approved the branch's resolution
NOT_MEMBER = "member"  # not already in the member register
EXTENSION = "extended_until"  # the end of the extended probation, within the limits
REASON = "note"  # a reason

TRANSITION_LIST: tuple[Transition, ...] = (
    _t("activist", S.APPLICANT, S.ACTIVIST, MANAGE_RECRUITMENT, gettext_lazy("Make activist"),
       TALK, INTERVAL, DECISION),
    _t("candidate", S.ACTIVIST, S.CANDIDATE, MANAGE_RECRUITMENT,
       gettext_lazy("Make development candidate"), CONTACTS, INTERVAL, DECISION, GROUP_OPINION),
    _t("admit", S.CANDIDATE, S.PROBATIONARY, MANAGE_RECRUITMENT,
       gettext_lazy("Admit as probationary member"), REVIEW, TRAINING, INTRODUCERS, NOTICE,
       DECISION, APPROVAL, NOT_MEMBER),
    _t("confirm", S.PROBATIONARY, S.FULL, MANAGE_RECRUITMENT,
       gettext_lazy("Confirm as full member"), INTERVAL, NOTICE, DECISION, APPROVAL),
    _t("confirm", S.EXTENDED, S.FULL, MANAGE_RECRUITMENT,
       gettext_lazy("Confirm as full member"), INTERVAL, NOTICE, DECISION, APPROVAL),
    _t("extend", S.PROBATIONARY, S.EXTENDED, MANAGE_RECRUITMENT,
       gettext_lazy("Extend the probation"), INTERVAL, DECISION, APPROVAL, EXTENSION),
    _t("cancel", S.PROBATIONARY, S.CANCELLED, MANAGE_RECRUITMENT,
       gettext_lazy("Cancel the probationary membership"), DECISION, APPROVAL, REASON),
    _t("cancel", S.EXTENDED, S.CANCELLED, MANAGE_RECRUITMENT,
       gettext_lazy("Cancel the probationary membership"), DECISION, APPROVAL, REASON),
    _t("withdraw", S.APPLICANT, S.WITHDRAWN, MANAGE_RECRUITMENT,
       gettext_lazy("Withdraw or terminate"), REASON),
    _t("withdraw", S.ACTIVIST, S.WITHDRAWN, MANAGE_RECRUITMENT,
       gettext_lazy("Withdraw or terminate"), REASON),
    _t("withdraw", S.CANDIDATE, S.WITHDRAWN, MANAGE_RECRUITMENT,
       gettext_lazy("Withdraw or terminate"), REASON),
)  # fmt: skip

_TABLE = TransitionTable(TRANSITION_LIST)
TRANSITIONS = _TABLE.targets
transition_for = _TABLE.get
transitions_from = _TABLE.leaving

# Which body decides each step: the committee chooses activists and candidates, the general
# meeting votes on admission, confirmation, extension and cancellation (细则 art. 9, 13, 25, 32).
DECIDING_BODY = {
    S.ACTIVIST: ResolutionBody.COMMITTEE,
    S.CANDIDATE: ResolutionBody.COMMITTEE,
    S.PROBATIONARY: ResolutionBody.GENERAL_MEETING,
    S.FULL: ResolutionBody.GENERAL_MEETING,
    S.EXTENDED: ResolutionBody.GENERAL_MEETING,
    S.CANCELLED: ResolutionBody.GENERAL_MEETING,
}
# Stages a public notice precedes (公示: before admission and before confirmation).
NOTICE_STAGES = (S.PROBATIONARY, S.FULL)

VERB_LABELS = {
    "apply": gettext_lazy("Application received"),
    "talk": gettext_lazy("Talk held"),
    "contacts": gettext_lazy("Contacts assigned"),
    "training": gettext_lazy("Training recorded"),
    "review": gettext_lazy("Political review recorded"),
    "introducer": gettext_lazy("Introducer added"),
    "notice": gettext_lazy("Public notice opened"),
    "notice_outcome": gettext_lazy("Outcome of the public notice"),
    "resolution": gettext_lazy("Branch decision recorded"),
    "approval": gettext_lazy("Approval of the higher committee"),
    "answerable": gettext_lazy("Person answerable changed"),
    **{t.verb: t.label for t in TRANSITION_LIST},
}


def _day(value: dt.date) -> str:
    return formats.date_format(value, "Y-m-d")


def notice_end(starts_on: dt.date, workdays: int, calendar: Calendar | None = None) -> dt.date:
    """The last day of a notice of ``workdays`` working days from ``starts_on``: the start
    counts as the first day when it is a working day; holidays and weekends do not count,
    make-up working days (调休) do."""
    calendar = calendar or Calendar.load()
    first = calendar.next_workday(starts_on)
    if workdays <= 1:
        return first
    moment = dt.datetime.combine(first, dt.time(12))
    from django.utils import timezone

    return timezone.localtime(
        calendar.add_work_days(timezone.make_aware(moment), workdays - 1)
    ).date()


def probation_ends(recruit: Recruit) -> dt.date | None:
    """The day the probation is over: a year (``probation_days``) after admission, or the end
    of the extension."""
    if recruit.extended_until is not None:
        return recruit.extended_until
    if recruit.probationary_on is None:
        return None
    return recruit.probationary_on + dt.timedelta(
        days=party_config()["recruitment"]["probation_days"]
    )


def latest_resolution(recruit: Recruit, stage: str) -> RecruitResolution | None:
    rows = [r for r in recruit.resolutions.all() if r.for_stage == stage]
    return max(rows, key=lambda r: (r.resolved_on, r.pk)) if rows else None


def latest_notice(recruit: Recruit, stage: str):
    rows = [n for n in recruit.notices.all() if n.for_stage == stage]
    return max(rows, key=lambda n: (n.starts_on, n.pk)) if rows else None


def _sponsors(recruit: Recruit, role: str) -> tuple[int, list[str]]:
    """How many sponsors of ``role`` are active full members, and the names of those who
    are not (any more)."""
    good, bad = 0, []
    for sponsor in recruit.sponsors.all():
        if sponsor.role != role:
            continue
        member = sponsor.member
        if member.state == MemberState.ACTIVE and member.stage == MembershipStage.FULL:
            good += 1
        else:
            bad.append(str(member.person))
    return good, bad


def _interval(step: Transition, recruit: Recruit, today: dt.date) -> str | None:
    cfg = party_config()["recruitment"]
    if step.target == S.ACTIVIST:
        days, need = (today - recruit.applied_on).days, cfg["application_to_activist_days"]
        if days < need:
            return _("The application was made %(days)s days ago; %(need)s days are required.") % {
                "days": days, "need": need}  # fmt: skip
    elif step.target == S.CANDIDATE:
        days, need = (today - recruit.activist_on).days, cfg["activist_min_days"]
        if days < need:
            return _("Activist for %(days)s days; %(need)s days are required.") % {
                "days": days, "need": need}  # fmt: skip
    elif step.verb in ("confirm", "extend"):
        ends = probation_ends(recruit)
        if recruit.stage == S.EXTENDED:
            if today < ends:
                return _("The extended probation ends on %(day)s.") % {"day": _day(ends)}
        else:
            days, need = (today - recruit.probationary_on).days, cfg["probation_days"]
            if days < need:
                return _("Probationary for %(days)s days; %(need)s days are required.") % {
                    "days": days, "need": need}  # fmt: skip
    return None


def stage_started(recruit: Recruit) -> dt.date:
    """The day the recruit entered his present stage."""
    return {
        S.APPLICANT: recruit.applied_on,
        S.ACTIVIST: recruit.activist_on,
        S.CANDIDATE: recruit.candidate_on,
        S.PROBATIONARY: recruit.probationary_on,
        S.EXTENDED: recruit.probationary_on,
    }.get(recruit.stage) or recruit.applied_on


def _decision(step: Transition, recruit: Recruit, today: dt.date) -> tuple[str | None, object]:
    resolution = latest_resolution(recruit, step.target)
    body = DECIDING_BODY[step.target]
    # a decision taken before the recruit reached his present stage cannot be for this step
    if resolution is not None and resolution.resolved_on < stage_started(recruit):
        resolution = None
    if resolution is None or resolution.resolved_on > today:
        if body == ResolutionBody.COMMITTEE:
            return _("No decision of the branch committee is recorded."), None
        return _("No resolution of the branch general meeting is recorded."), None
    if body == ResolutionBody.GENERAL_MEETING:
        entitled = resolution.members_entitled
        if resolution.attending * 2 <= entitled:
            return _("%(attending)s members with a vote attended, not more than half of the "
                     "%(entitled)s entitled: the meeting could not decide.") % {
                "attending": resolution.attending, "entitled": entitled}, resolution  # fmt: skip
        if resolution.votes_for * 2 <= entitled:
            return _("%(votes)s votes for, not more than half of the %(entitled)s full members "
                     "entitled to vote.") % {
                "votes": resolution.votes_for, "entitled": entitled}, resolution  # fmt: skip
    if step.target in NOTICE_STAGES:
        notice = latest_notice(recruit, step.target)
        if notice is not None and resolution.resolved_on <= notice.ends_on:
            return _("The general meeting (%(meeting)s) must be held after the public notice "
                     "ends (%(ends)s).") % {"meeting": _day(resolution.resolved_on),
                                             "ends": _day(notice.ends_on)}, resolution  # fmt: skip
    return None, resolution


def _notice(step: Transition, recruit: Recruit, today: dt.date) -> str | None:
    notice = latest_notice(recruit, step.target)
    workdays = party_config()["recruitment"]["notice_workdays"]
    if notice is None:
        return _("No public notice yet (%(workdays)s working days are required).") % {
            "workdays": workdays}  # fmt: skip
    if notice.outcome == NoticeOutcome.OBJECTION:
        return _("The public notice drew an objection (%(objections)s): look into it and "
                 "give notice again.") % {"objections": notice.objections}  # fmt: skip
    if today <= notice.ends_on:
        return _("The public notice is still running: it ends on %(day)s (%(workdays)s working "
                 "days).") % {"day": _day(notice.ends_on), "workdays": notice.workdays}  # fmt: skip
    if notice.workdays < workdays:
        return _("The public notice ran %(given)s working days; %(workdays)s are required.") % {
            "given": notice.workdays, "workdays": workdays}  # fmt: skip
    return None


def missing(
    step: Transition,
    recruit: Recruit,
    today: dt.date,
    *,
    note: str = "",
    extended_until: dt.date | None = None,
    is_member: bool | None = None,
) -> dict[str, str]:
    """Every precondition of ``step`` that ``recruit`` does not meet on ``today``, as
    {key: message naming it with the numbers}; empty when the step may be taken. Reads the
    recruit's sponsors, notices and resolutions (prefetch them for a page of steps).
    Permissions are the service's to check."""
    cfg = party_config()["recruitment"]
    needs = step.needs
    out: dict[str, str] = {}
    if TALK in needs and recruit.talked_on is None:
        out[TALK] = _("No talk with the applicant is recorded.")
    if INTERVAL in needs:
        message = _interval(step, recruit, today)
        if message:
            out[INTERVAL] = message
    if CONTACTS in needs:
        good, bad = _sponsors(recruit, SponsorRole.CONTACT)
        need = cfg["contacts"]
        if good < need:
            out[CONTACTS] = _("%(short)s contact(s) missing (%(need)s full members are "
                              "required).") % {"short": need - good, "need": need}  # fmt: skip
            if bad:
                out[CONTACTS] += " " + _("Not full members in the register: %(names)s.") % {
                    "names": "、".join(bad)}  # fmt: skip
    if REVIEW in needs and recruit.political_review_done_on is None:
        out[REVIEW] = _("The political review is not recorded as done.")
    if TRAINING in needs and recruit.training_hours < cfg["training_min_hours"]:
        out[TRAINING] = _("Central training %(hours)s hours; %(need)s hours are required.") % {
            "hours": f"{recruit.training_hours.normalize():f}",
            "need": cfg["training_min_hours"],
        }
    if INTRODUCERS in needs:
        good, bad = _sponsors(recruit, SponsorRole.INTRODUCER)
        need = cfg["introducers"]
        if good < need:
            out[INTRODUCERS] = _("%(short)s introducer(s) missing (%(need)s full members are "
                                 "required).") % {"short": need - good, "need": need}  # fmt: skip
            if bad:
                out[INTRODUCERS] += " " + _("Not full members in the register: %(names)s.") % {
                    "names": "、".join(bad)}  # fmt: skip
    if NOTICE in needs:
        message = _notice(step, recruit, today)
        if message:
            out[NOTICE] = message
    resolution = None
    if DECISION in needs:
        message, resolution = _decision(step, recruit, today)
        if message:
            out[DECISION] = message
    if GROUP_OPINION in needs and (resolution is None or not resolution.group_opinion.strip()):
        out[GROUP_OPINION] = _("The opinion of the party group is not recorded.")
    if APPROVAL in needs and (
        resolution is None or resolution.approved_on is None or resolution.approved_on > today
    ):
        out[APPROVAL] = _("The higher committee has not approved the resolution yet.")
    if NOT_MEMBER in needs and is_member:
        out[NOT_MEMBER] = _("%(name)s is already in the member register.") % {
            "name": recruit.person.name}  # fmt: skip
    if EXTENSION in needs:
        message = _extension(recruit, extended_until)
        if message:
            out[EXTENSION] = message
    if REASON in needs and not (note or "").strip():
        out[REASON] = _("Give the reason.")
    return out


def _extension(recruit: Recruit, until: dt.date | None) -> str | None:
    cfg = party_config()["recruitment"]
    if until is None:
        return _("Give the day the extended probation ends.")
    ends = probation_ends(recruit)
    days = (until - ends).days
    if days < cfg["extension_min_days"] or days > cfg["extension_max_days"]:
        return _("An extension of %(days)s days: it must be between %(least)s and %(most)s "
                 "days after the probation ends (%(ends)s).") % {
            "days": days, "least": cfg["extension_min_days"], "most": cfg["extension_max_days"],
            "ends": _day(ends)}  # fmt: skip
    return None
