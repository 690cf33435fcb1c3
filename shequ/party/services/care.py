"""Writes of 四知四访 (R-PM-6): recording what is known of a member, the occasions that call for
a visit (each raising one visit task routed along the 四联四包 chain), the visit's log, and the
escalation of overdue visits up the chain.

Due dates and escalation count calendar days, not working days: a death in the family or a
stay in hospital does not wait for Monday (the configured ``care`` numbers are days)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.accounts.models import User
from shequ.accounts.roles import MANAGE_PARTY, RECORD_PARTY, VIEW_CIRCUMSTANCES
from shequ.core.models import NotificationChannel
from shequ.core.notify import notify
from shequ.core.scope import ancestor_paths
from shequ.people.models import HouseholdMember

from ..choices import MemberState, OrgKind, SeatPost
from ..config import party_config
from ..models import (
    ESCALATION_MAX_LEVEL,
    Aspect,
    CareFlag,
    CareTrigger,
    CareVisit,
    CareVisitEvent,
    ChainKind,
    ChainLink,
    CommitteeSeat,
    MemberCircumstance,
    PartyMember,
    PartyOrg,
    VisitStatus,
)
from . import check_perm
from .chain import BRANCH_FORMS

# Who answers at each level of escalation (R-PM-6): 1 the branch secretary, 2 the community
# committee's secretary, 3 the working committee (its secretary) of the subdistrict.
TIER_BRANCH, TIER_COMMITTEE, TIER_WORKING = 1, 2, 3
TIER_FORMS = {
    TIER_COMMITTEE: {OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH},
    TIER_WORKING: {OrgKind.WORKING_COMMITTEE},
}


@dataclass
class Assignee:
    org: PartyOrg
    post: str
    person_id: int | None = None
    user: User | None = None
    name: str = ""
    link: ChainLink | None = None


def _user_of(person_id) -> User | None:
    if person_id is None:
        return None
    return User.objects.filter(person_id=person_id, is_active=True).order_by("id").first()


def _from_seat(seat: CommitteeSeat, post: str, link: ChainLink | None = None) -> Assignee:
    return Assignee(
        org=seat.org,
        post=post,
        person_id=seat.person_id,
        user=seat.user if seat.user_id else _user_of(seat.person_id),
        name=seat.name,
        link=link,
    )


def _home_org(member: PartyMember) -> PartyOrg | None:
    """The organisation here answering for ``member``: the one holding his membership, or,
    for a member whose membership is held elsewhere (an in-service member reporting in, R-PM-2),
    the nearest organisation covering the place he is managed at (his community's)."""
    if member.org_id is not None:
        return member.org
    return (
        PartyOrg.objects.current()
        .filter(node__path__in=ancestor_paths(member.node.path))
        .exclude(kind=OrgKind.GROUP)
        .order_by("-node__depth", "-depth")
        .first()
    )


def _tier_orgs(member: PartyMember) -> dict[int, PartyOrg]:
    """The organisation answering at each tier above ``member``: his branch, the committee
    over it (or holding him), the working committee over that."""
    home = _home_org(member)
    if home is None:
        return {}
    found: dict[int, PartyOrg] = {}
    if home.kind in BRANCH_FORMS:
        found[TIER_BRANCH] = home
    above = PartyOrg.objects.filter(path__in=ancestor_paths(home.path)).order_by("-depth")
    for org in above:  # deepest first: the nearest committee answers
        if TIER_BRANCH in found and org.pk == found[TIER_BRANCH].pk:
            continue
        for tier in (TIER_COMMITTEE, TIER_WORKING):
            if tier not in found and org.kind in TIER_FORMS[tier]:
                found[tier] = org
    return found


def _at_tier(member: PartyMember, tier: int) -> Assignee | None:
    """The secretary of the organisation at ``tier`` (or the next tier up where there is
    none); the organisation alone when its secretary's seat is empty."""
    orgs = _tier_orgs(member)
    for level in range(tier, TIER_WORKING + 1):
        org = orgs.get(level)
        if org is None:
            continue
        seat = (
            CommitteeSeat.objects.filter(org=org, post=SeatPost.SECRETARY, ended_on__isnull=True)
            .select_related("org", "user")
            .first()
        )
        if seat is not None:
            return _from_seat(seat, _("Secretary of %(org)s") % {"org": org.name})
        return Assignee(org=org, post=_("Secretary of %(org)s (vacant)") % {"org": org.name})
    return None


def care_route(*, member: PartyMember) -> tuple[Assignee, int]:
    """Who visits ``member`` (R-PM-6 routed along R-ORG-5) and at which level: the branch
    committee member who 联系 him, else the committee member who 联系 his branch, else the
    member who 包户 his own household (he knows the family), else his branch secretary,
    the community committee's secretary, the working committee."""
    links = ChainLink.objects.filter(ended_on__isnull=True).select_related(
        "who_seat__org", "who_seat__user", "who_member__org", "who_member__person"
    )
    link = links.filter(kind=ChainKind.BRANCH_MEMBER, what_member=member).first()
    if link is not None:
        return _from_seat(link.who_seat, str(ChainKind.BRANCH_MEMBER.label), link), 0
    if member.org_id is not None:
        link = links.filter(kind=ChainKind.MEMBER_SECRETARY, what_org_id=member.org_id).first()
        if link is not None:
            return _from_seat(link.who_seat, str(ChainKind.MEMBER_SECRETARY.label), link), 0
    household_ids = HouseholdMember.objects.filter(
        person_id=member.person_id, ended_on__isnull=True
    ).values("household_id")
    link = (
        links.filter(kind=ChainKind.MEMBER_HOUSEHOLD, what_household__in=household_ids)
        .exclude(who_member=member)
        .first()
    )
    if link is not None:
        carer = link.who_member
        return Assignee(
            org=carer.org or member.org,
            post=str(ChainKind.MEMBER_HOUSEHOLD.label),
            person_id=carer.person_id,
            user=_user_of(carer.person_id),
            name=carer.person.name,
            link=link,
        ), 0
    for tier in (TIER_BRANCH, TIER_COMMITTEE, TIER_WORKING):
        found = _at_tier(member, tier)
        if found is not None:
            return found, 0
    raise ValidationError(
        {"member": _("Nobody answers for this member: he belongs to no organisation here.")}
    )


def _event(visit, verb, source, target, *, actor=None, note="", data=None):
    return CareVisitEvent.objects.create(
        visit=visit,
        at=timezone.now(),
        verb=verb,
        from_status=source,
        to_status=target,
        actor=actor,
        actor_name=actor.get_username() if actor is not None else "",
        note=note,
        data=data or {},
    )


_SUBJECTS = {
    "raise": gettext_lazy("Care visit to make: %(member)s (%(trigger)s) by %(due)s"),
    "escalate": gettext_lazy("Overdue care visit passed to you: %(member)s (%(trigger)s)"),
}


def _tell(visit: CareVisit, verb: str, actor=None) -> None:
    user = visit.assignee_user
    if user is None or not user.is_active or user.pk == getattr(actor, "pk", None):
        return
    subject = str(_SUBJECTS[verb]) % {
        "member": visit.member.person.name,
        "trigger": visit.flag.get_trigger_display(),
        "due": visit.due_on.isoformat(),
    }
    notify(
        channel=NotificationChannel.IN_APP,
        user=user,
        subject=subject,
        obj=visit,
        url=reverse("party:care_visit_detail", args=[visit.pk]),
    )


def _assign(visit: CareVisit, who: Assignee) -> list[str]:
    visit.assignee_org = who.org
    visit.assignee_person_id = who.person_id
    visit.assignee_user = who.user
    visit.assignee_name = (who.name or "")[:60]
    visit.assignee_post = (who.post or "")[:80]
    visit.assigned_via = who.link
    return [
        "assignee_org",
        "assignee_person",
        "assignee_user",
        "assignee_name",
        "assignee_post",
        "assigned_via",
    ]


# ---------------------------------------------------------------------------- 四知


def circumstance_record(
    *, actor=None, member: PartyMember, aspect: str, text: str, recorded_on: dt.date | None = None
) -> MemberCircumstance:
    """Add what is now known of one aspect of a member (四知); earlier entries stay."""
    check_perm(actor, VIEW_CIRCUMSTANCES, member)
    check_perm(actor, RECORD_PARTY, member)
    errors = {}
    text = (text or "").strip()
    recorded_on = recorded_on or timezone.localdate()
    if aspect not in Aspect.values:
        errors["aspect"] = _("Choose what this is about: family, work, thinking or difficulties.")
    if not text:
        errors["text"] = _("Write down what is known.")
    if recorded_on > timezone.localdate():
        errors["recorded_on"] = _("This date is in the future.")
    if member.state != MemberState.ACTIVE:
        errors["member"] = _("He is no longer in the register.")
    if errors:
        raise ValidationError(errors)
    return MemberCircumstance.objects.create(
        member=member, aspect=aspect, text=text, recorded_on=recorded_on, recorded_by=actor
    )


# ---------------------------------------------------------------------------- 四访


def care_flag_raise(
    *, actor=None, member: PartyMember, trigger: str, on: dt.date | None = None, note: str = ""
) -> CareVisit:
    """Record that ``member`` is in hardship, in a family conflict, in hospital or bereaved
    (R-PM-6): exactly one visit task follows, routed along the chain and due
    ``care.due_days[trigger]`` days later. Recording the same occasion again while it is
    open changes nothing and returns the visit already raised."""
    check_perm(actor, RECORD_PARTY, member)
    today = timezone.localdate()
    on = on or today
    errors = {}
    if trigger not in CareTrigger.values:
        errors["trigger"] = _("Choose the occasion.")
    if on > today:
        errors["on"] = _("This date is in the future.")
    if member.state != MemberState.ACTIVE:
        errors["member"] = _("He is no longer in the register.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # Lock the member: two people recording the same news at once raise one task.
        member = (
            PartyMember.objects.select_for_update(of=("self",))
            .select_related("person", "org")
            .get(pk=member.pk)
        )
        existing = (
            CareVisit.objects.filter(
                flag__member=member, flag__trigger=trigger, flag__cleared_on__isnull=True
            )
            .select_related("flag")
            .first()
        )
        if existing is not None:
            return existing
        who, level = care_route(member=member)
        days = int(party_config()["care"]["due_days"][trigger])
        try:
            with transaction.atomic():
                flag = CareFlag.objects.create(
                    member=member,
                    trigger=trigger,
                    recorded_on=on,
                    note=(note or "").strip(),
                    raised_by=actor,
                )
        except IntegrityError:  # raised meanwhile by another request
            return CareVisit.objects.get(
                flag__member=member, flag__trigger=trigger, flag__cleared_on__isnull=True
            )
        visit = CareVisit(
            flag=flag, member=member, due_on=on + dt.timedelta(days=days), escalation_level=level
        )
        _assign(visit, who)
        visit.save()
        _event(
            visit,
            "raise",
            "",
            VisitStatus.OPEN,
            actor=actor,
            note=flag.note,
            data={"trigger": trigger, "assignee": visit.assignee_name, "post": visit.assignee_post},
        )
        _tell(visit, "raise", actor)
    return visit


def _may_log(actor, visit: CareVisit) -> bool:
    return actor is None or visit.is_assigned_to(actor) or actor.has_perm(RECORD_PARTY, visit)


def care_visit_log(
    *, actor=None, visit: CareVisit, visited_on: dt.date | None, notes: str
) -> CareVisit:
    """The visit was made (访): its day and what was found and done. The visitor himself or
    anyone recording party work in the member's area logs it."""
    with transaction.atomic():
        visit = (
            CareVisit.objects.select_for_update(of=("self",))
            .select_related("flag", "member__node")
            .get(pk=visit.pk)
        )
        if not _may_log(actor, visit):
            raise PermissionDenied(_("You may not do this here."))
        errors = {}
        notes = (notes or "").strip()
        if visit.status != VisitStatus.OPEN:
            errors["status"] = _("This visit is already %(status)s.") % {
                "status": visit.get_status_display()
            }
        if visited_on is None:
            errors["visited_on"] = _("Give the day of the visit.")
        elif visited_on > timezone.localdate():
            errors["visited_on"] = _("This date is in the future.")
        elif visited_on < visit.flag.recorded_on:
            errors["visited_on"] = _("The visit cannot come before the occasion was recorded.")
        if not notes:
            errors["notes"] = _("Write down what was found and done.")
        if errors:
            raise ValidationError(errors)
        visit.status, visit.visited_on, visit.notes = VisitStatus.DONE, visited_on, notes
        visit.save(update_fields=["status", "visited_on", "notes", "updated_at"])
        _event(
            visit,
            "visit",
            VisitStatus.OPEN,
            VisitStatus.DONE,
            actor=actor,
            note=notes,
            data={"visited_on": visited_on.isoformat()},
        )
    return visit


def care_flag_clear(
    *, actor=None, flag: CareFlag, on: dt.date | None = None, note: str = ""
) -> CareFlag:
    """The occasion is over (he left hospital, the conflict was settled): the flag closes,
    a visit still open is cancelled, and the same occasion may be recorded again later."""
    check_perm(actor, RECORD_PARTY, flag)
    on = on or timezone.localdate()
    with transaction.atomic():
        flag = CareFlag.objects.select_for_update().get(pk=flag.pk)
        if flag.cleared_on is not None:
            raise ValidationError({"cleared_on": _("This occasion is already cleared.")})
        if on < flag.recorded_on:
            raise ValidationError({"cleared_on": _("It cannot end before it was recorded.")})
        flag.cleared_on = on
        flag.save(update_fields=["cleared_on", "updated_at"])
        visit = CareVisit.objects.select_for_update().filter(flag=flag).first()
        if visit is not None and visit.status == VisitStatus.OPEN:
            visit.status = VisitStatus.CANCELLED
            visit.save(update_fields=["status", "updated_at"])
            _event(
                visit,
                "cancel",
                VisitStatus.OPEN,
                VisitStatus.CANCELLED,
                actor=actor,
                note=(note or "").strip(),
            )
    return flag


def _escalate_one(visit_id: int, today: dt.date, every: int) -> int:
    """Raise one visit to the level its overdue days call for, a level at a time (each
    level reached once, each with its event and its message); how many levels it rose."""
    with transaction.atomic():
        visit = (
            CareVisit.objects.select_for_update(of=("self",))
            .select_related("member__org", "member__person", "flag")
            .get(pk=visit_id)
        )
        if visit.status != VisitStatus.OPEN or visit.due_on >= today:
            return 0
        target = min(ESCALATION_MAX_LEVEL, (today - visit.due_on).days // every)
        risen = 0
        while visit.escalation_level < target:
            level = visit.escalation_level + 1
            who = _at_tier(visit.member, level)
            fields = ["escalation_level", "escalated_at", "updated_at"]
            previous = visit.assignee_name or str(visit.assignee_org)
            if who is not None:
                fields += _assign(visit, who)
            visit.escalation_level, visit.escalated_at = level, timezone.now()
            visit.save(update_fields=fields)
            _event(
                visit,
                "escalate",
                VisitStatus.OPEN,
                VisitStatus.OPEN,
                data={
                    "level": level,
                    "from": previous,
                    "to": visit.assignee_name,
                    "post": visit.assignee_post,
                    "day": today.isoformat(),
                },
            )
            _tell(visit, "escalate")
            risen += 1
        return risen


def care_escalate_due(*, today: dt.date | None = None) -> int:
    """Every ``care.escalate_every_days`` days a visit is overdue it climbs one level up the
    chain (R-PM-6): the branch secretary, the committee secretary, the working committee;
    each level once, so running it again the same day changes nothing. Returns the number
    of levels risen."""
    today = today or timezone.localdate()
    every = max(1, int(party_config()["care"]["escalate_every_days"]))
    due = CareVisit.objects.filter(
        status=VisitStatus.OPEN,
        due_on__lte=today - dt.timedelta(days=every),
        escalation_level__lt=ESCALATION_MAX_LEVEL,
    ).values_list("pk", flat=True)
    return sum(_escalate_one(pk, today, every) for pk in list(due))


# ----------------------------------------------------------------------------- export


def care_visit_export(*, user, visits, today: dt.date | None = None) -> bytes:
    """The visits (as filtered on the list) as an xlsx workbook; audit-logged."""
    from shequ.core.models import AuditAction, audit_record
    from shequ.core.xlsx import xlsx_book

    today = today or timezone.localdate()
    headings = [
        _("Number"),
        _("Member"),
        _("Organisation"),
        _("Occasion"),
        _("Recorded on"),
        _("Visitor"),
        _("Answering as"),
        _("Visit by"),
        _("Status"),
        _("Days overdue"),
        _("Escalation level"),
        _("Visited on"),
        _("What was found and done"),
    ]
    out, book, ws, fmt = xlsx_book(_("Care visits"), [(h, 14) for h in headings])
    day = fmt["day"]
    row = 0
    for row, visit in enumerate(visits.order_by("due_on", "id").iterator(chunk_size=500), 1):
        ws.write_number(row, 0, visit.pk)
        ws.write_string(row, 1, visit.member.person.name)
        ws.write_string(row, 2, visit.member.org.name if visit.member.org else "")
        ws.write_string(row, 3, str(visit.flag.get_trigger_display()))
        ws.write_datetime(row, 4, visit.flag.recorded_on, day)
        ws.write_string(row, 5, visit.assignee_name or str(visit.assignee_org))
        ws.write_string(row, 6, visit.assignee_post)
        ws.write_datetime(row, 7, visit.due_on, day)
        ws.write_string(row, 8, str(visit.get_status_display()))
        late = (today - visit.due_on).days if visit.status == VisitStatus.OPEN else 0
        ws.write_number(row, 9, max(0, late))
        ws.write_number(row, 10, visit.escalation_level)
        if visit.visited_on:
            ws.write_datetime(row, 11, visit.visited_on, day)
        ws.write_string(row, 12, visit.notes)
    book.close()
    audit_record(AuditAction.EXPORT, actor=user, object_repr=str(_("Care visits")), row_count=row)
    return out.getvalue()


# ------------------------------------------------------------------ member service card


def _card_number(fmt: str, *, org: PartyOrg, year: int, seq: int) -> str:
    try:
        return fmt.format(org=org.code, year=year, seq=seq)[:30]
    except (KeyError, IndexError, ValueError) as exc:
        raise ValidationError(
            {"card_number_format": _("The configured card number format is not valid.")}
        ) from exc


def card_issue_all(*, actor=None, org: PartyOrg, on: dt.date | None = None) -> int:
    """Give every active member held by ``org`` who has none a member service card (党员服务卡,
    R-PM-6), numbered by ``care.card_number_format``; how many cards were issued. The
    organisation's row is locked so two clerks issuing at once never hand out one number
    twice (and the card number is unique in the database)."""
    from .members import member_update

    check_perm(actor, MANAGE_PARTY, org)
    year = (on or timezone.localdate()).year
    fmt = str(party_config()["care"].get("card_number_format", "{org}-{year}-{seq:04d}"))
    issued = 0
    with transaction.atomic():
        org = PartyOrg.objects.select_for_update().get(pk=org.pk)
        waiting = list(
            PartyMember.objects.active()
            .filter(org=org, card_number__isnull=True)
            .select_related("node")
            .order_by("joined_on", "id")
        )
        seq = PartyMember.objects.filter(org=org, card_number__isnull=False).count()
        for member in waiting:
            while True:
                seq += 1
                number = _card_number(fmt, org=org, year=year, seq=seq)
                if not PartyMember.objects.filter(card_number=number).exists():
                    break
            member_update(actor=actor, member=member, card_number=number)
            issued += 1
    return issued
