"""Bodies and who sits in them (R-DLB-1, R-ORG-7): the core the other parts of the work use —
a body's roll on a day (the eligibility snapshot of R-DLB-4), its quorum and convening share,
and whether it may decide a matter affecting all residents (R-DLB-3)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core.models import AuditAction, audit_record
from shequ.core.scope import subtree_q
from shequ.people.choices import PersonStatus, Relation
from shequ.people.models import HouseholdMember, Person
from shequ.territory.choices import NodeKind

from ..choices import AssemblyMode, BodyKind, SeatEnd, SeatPost, SeatSource
from ..config import deliberation_config, per_kind, share
from ..models import Body, BodyMember, Constituency


@transaction.atomic
def body_create(*, node, kind: str, name: str, actor=None, **fields) -> Body:
    body = Body(node=node, kind=kind, name=name, created_by=actor, **fields)
    if kind in deliberation_config()["meetings"]["proxy_bodies"] and "proxy_allowed" not in fields:
        body.proxy_allowed = True
    body.full_clean()
    body.save()
    return body


@transaction.atomic
def seat_add(
    *, body: Body, person: Person, started_on: dt.date | None = None,
    post: str = SeatPost.MEMBER, source: str = SeatSource.ELECTED, **fields,
) -> BodyMember:  # fmt: skip
    if BodyMember.objects.filter(body=body, person=person, ended_on__isnull=True).exists():
        raise ValidationError({"person": _("%(name)s already sits in %(body)s.")
                               % {"name": person.name, "body": body.name}})  # fmt: skip
    seat = BodyMember(body=body, person=person, post=post, source=source,
                      started_on=started_on or timezone.localdate(), **fields)  # fmt: skip
    seat.full_clean(validate_constraints=False)
    seat.save()
    return seat


def _adults(body: Body, on: dt.date):
    age = deliberation_config()["bodies"]["adult_age"]
    try:
        born_by = on.replace(year=on.year - age)
    except ValueError:  # 29 February
        born_by = on.replace(year=on.year - age, day=28)
    return Person.objects.filter(
        subtree_q("node__path", body.node.path), status=PersonStatus.RESIDENT,
        birth_date__lte=born_by,
    )  # fmt: skip


def body_roll(body: Body, on: dt.date | None = None) -> list[int]:
    """The persons (ids, sorted) entitled to sit and vote in ``body`` on ``on``: its open seats
    that day; for an assembly of all adults, every adult resident of its territory; for one of
    households, the head of each household there (R-DLB-1)."""
    on = on or timezone.localdate()
    if body.assembly_mode == AssemblyMode.ALL_ADULTS:
        return sorted(_adults(body, on).values_list("id", flat=True))
    if body.assembly_mode == AssemblyMode.HOUSEHOLDS:
        heads = HouseholdMember.objects.filter(
            subtree_q("household__node__path", body.node.path), relation=Relation.HEAD,
            started_on__lte=on, household__dissolved_on__isnull=True,
        ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=on))  # fmt: skip
        return sorted(set(heads.values_list("person_id", flat=True)))
    seats = BodyMember.objects.filter(body=body, started_on__lte=on).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=on)
    )
    return sorted(set(seats.values_list("person_id", flat=True)))


def body_quorum(body: Body) -> Fraction:
    """The share of the eligible who must be present: the body's own, else configured."""
    return share(body.quorum or per_kind("meetings", "quorum", body.kind))


def body_convene_ratio(body: Body) -> Fraction:
    return share(body.convene_ratio or deliberation_config()["bodies"]["convene_ratio"])


def may_decide_all_residents(body: Body) -> bool:
    """R-DLB-3: a matter affecting all residents goes to the assembly, not a smaller body."""
    return body.kind in deliberation_config()["bodies"]["all_residents_bodies"]


def all_residents_refusal(body: Body) -> ValidationError:
    """The message refusing a matter affecting all residents to ``body``."""
    allowed = "、".join(
        str(BodyKind(kind).label)
        for kind in deliberation_config()["bodies"]["all_residents_bodies"]
    )
    return ValidationError(
        _("A matter affecting all residents must be decided by %(allowed)s, not by %(body)s.")
        % {"allowed": allowed, "body": body.name},
        code="all_residents",
    )


# ----------------------------------------------------------------------------- editing a body
# The pages and the API write through the functions below; those above are the core the other
# parts of the work call.

BODY_FIELDS = ("name", "assembly_mode", "quorum", "convene_ratio", "proxy_allowed",
               "term_started_on", "term_ends_on")  # fmt: skip


def check_share(value: str, field: str) -> None:
    """A configured share typed by a user: a fraction above 0 and at most 1 ("2/3", "0.5")."""
    if not value:
        return
    try:
        fraction = share(value)
    except (ValueError, ZeroDivisionError):
        fraction = None
    if fraction is None or not 0 < fraction <= 1:
        raise ValidationError(
            {field: _("Give a share between 0 and 1, such as 2/3 or 1/5.")}, code="share"
        )


def _check_body(body: Body) -> None:
    errors = {}
    for field in ("quorum", "convene_ratio"):
        try:
            check_share(getattr(body, field), field)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if body.term_started_on and body.term_ends_on and body.term_ends_on < body.term_started_on:
        errors["term_ends_on"] = [_("The term cannot end before it starts.")]
    if body.assembly_mode != AssemblyMode.MEMBERS and body.kind != BodyKind.RESIDENTS_ASSEMBLY:
        errors["assembly_mode"] = [
            _("Only a residents' assembly seats all adults or one per household.")
        ]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def body_set_up(*, node, kind: str, name: str, actor=None, **fields) -> Body:
    """A new body at a community or a subdistrict (R-DLB-1), its numbers checked; the term
    runs the configured number of years from its start unless an end is given."""
    if node.kind not in (NodeKind.COMMUNITY, NodeKind.SUBDISTRICT):
        raise ValidationError({"node": _("A body belongs to a community or a subdistrict.")})
    started = fields.get("term_started_on")
    if started and not fields.get("term_ends_on"):
        fields["term_ends_on"] = term_end(started)
    _check_body(Body(node=node, kind=kind, name=name, **fields))
    return body_create(node=node, kind=kind, name=name, actor=actor, **fields)


def term_end(started_on: dt.date) -> dt.date:
    """The last day of a term started on ``started_on`` (``term_years`` configured)."""
    years = int(deliberation_config()["bodies"]["term_years"])
    try:
        after = started_on.replace(year=started_on.year + years)
    except ValueError:  # 29 February
        after = started_on.replace(year=started_on.year + years, day=28)
    return after - dt.timedelta(days=1)


@transaction.atomic
def body_update(*, body: Body, actor=None, **fields) -> Body:
    """Change a body's name, who sits in it, its numbers or its term."""
    body = Body.objects.select_for_update().get(pk=body.pk)
    if body.dissolved_on is not None:
        raise ValidationError(_("%(body)s is dissolved.") % {"body": body.name})
    unknown = set(fields) - set(BODY_FIELDS)
    if unknown:
        raise ValueError(f"not a field of a body: {sorted(unknown)}")
    for name, value in fields.items():
        setattr(body, name, value)
    _check_body(body)
    body.full_clean()
    body.save()
    return body


@transaction.atomic
def body_dissolve(*, body: Body, on: dt.date, actor=None) -> Body:
    """Dissolve a body: its open seats end that day (term ended)."""
    body = Body.objects.select_for_update().get(pk=body.pk)
    if body.dissolved_on is not None:
        raise ValidationError(_("%(body)s is dissolved.") % {"body": body.name})
    for seat in BodyMember.objects.filter(body=body, ended_on__isnull=True):
        if seat.started_on > on:
            raise ValidationError(
                {"dissolved_on": _("%(name)s took the seat after that day.")
                 % {"name": seat.person.name}}
            )  # fmt: skip
        seat.ended_on, seat.end_reason = on, SeatEnd.TERM
        seat.save(update_fields=["ended_on", "end_reason", "updated_at"])
    body.dissolved_on = on
    body.save(update_fields=["dissolved_on", "updated_at"])
    return body


# ----------------------------------------------------------------------------- seats


def seat_take(
    *, body: Body, person: Person, started_on: dt.date, post: str = SeatPost.MEMBER,
    source: str = SeatSource.ELECTED, constituency: Constituency | None = None,
    unit_name: str = "", note: str = "", replaces: BodyMember | None = None, actor=None,
) -> BodyMember:  # fmt: skip
    """Seat a person in a body (the pages' and the API's way in, around ``seat_add``): a
    resident of the body's territory — a unit's delegate names his unit instead —, in a
    constituency of the body; the one open seat per person and body is the database's."""
    errors = {}
    if body.dissolved_on is not None:
        raise ValidationError(_("%(body)s is dissolved.") % {"body": body.name})
    if body.assembly_mode != AssemblyMode.MEMBERS:
        raise ValidationError(
            _("%(body)s seats its members from the register of residents: nobody is seated "
              "in it one by one.") % {"body": body.name}
        )  # fmt: skip
    if source == SeatSource.UNIT:
        if not unit_name.strip():
            errors["unit_name"] = [_("Name the unit that delegates him.")]
    elif person.status != PersonStatus.RESIDENT or not person.node.path.startswith(body.node.path):
        errors["person"] = [
            _("%(name)s does not live in %(place)s.")
            % {"name": person.name, "place": body.node.name}
        ]
    if constituency is not None and constituency.body_id != body.pk:
        errors["constituency"] = [_("The constituency belongs to another body.")]
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            return seat_add(body=body, person=person, started_on=started_on, post=post,
                            source=source, constituency=constituency, unit_name=unit_name,
                            note=note, replaces=replaces)  # fmt: skip
    except IntegrityError:
        # Two clerks seating the same person at once: the constraint, not the check, decides.
        raise ValidationError({"person": _("%(name)s already sits in %(body)s.")
                               % {"name": person.name, "body": body.name}}) from None  # fmt: skip


def _open_seat(seat: BodyMember) -> BodyMember:
    seat = (
        BodyMember.objects.select_for_update(of=("self",))
        .select_related("body__node", "person")
        .get(pk=seat.pk)
    )
    if seat.ended_on is not None:
        raise ValidationError(_("The seat of %(name)s has already ended.")
                              % {"name": seat.person.name})  # fmt: skip
    return seat


def _check_end_day(seat: BodyMember, on: dt.date, field: str) -> None:
    if on < seat.started_on:
        raise ValidationError({field: _("The seat cannot end before it began (%(day)s).")
                               % {"day": seat.started_on.isoformat()}})  # fmt: skip


@transaction.atomic
def seat_end(*, seat: BodyMember, on: dt.date, reason: str, note: str = "",
             actor=None) -> BodyMember:  # fmt: skip
    """End a seat for a reason other than a recall (which needs its decision: seat_recall)."""
    if reason == SeatEnd.RECALLED:
        raise ValidationError({"reason": _("A recall is recorded with the decision behind it.")})
    if reason not in SeatEnd.values:
        raise ValidationError({"reason": _("Choose why the seat ends.")})
    seat = _open_seat(seat)
    _check_end_day(seat, on, "ended_on")
    seat.ended_on, seat.end_reason = on, reason
    seat.note = note or seat.note
    seat.save(update_fields=["ended_on", "end_reason", "note", "updated_at"])
    return seat


def motion_reference(motion) -> str:
    return f"{motion._meta.label_lower}:{motion.pk}"


def recall_motion(seat: BodyMember):
    """The motion a recall names, if it names one (and it still exists)."""
    from ..models import Motion

    prefix = f"{Motion._meta.label_lower}:"
    ref = seat.recall_reference
    if not ref.startswith(prefix) or not ref[len(prefix) :].isdigit():
        return None
    return Motion.objects.select_related("meeting__body").filter(pk=int(ref[len(prefix) :])).first()


@transaction.atomic
def seat_recall(
    *, seat: BodyMember, on: dt.date, motion=None, reference: str = "", note: str = "",
    actor=None,
) -> BodyMember:  # fmt: skip
    """Recall a member (R-DLB-6) with the decision behind it: a passed motion of a body at
    the seat's body's place or above it, or the reference of a decision recorded elsewhere
    (its number, the meeting's name) — one of the two is required. ``on`` is the day the
    decision took effect."""
    from ..models import MotionStatus

    seat = _open_seat(seat)
    _check_end_day(seat, on, "ended_on")
    if motion is not None:
        if motion.status != MotionStatus.PASSED:
            raise ValidationError({"motion": _("The motion recalling him has not passed.")})
        if not seat.body.node.path.startswith(motion.meeting.body.node.path):
            raise ValidationError(
                {"motion": _("The motion was decided by a body of another place.")}
            )
        decided = timezone.localdate(motion.closed_at) if motion.closed_at else None
        if decided is not None and on < decided:
            message = _("The recall cannot take effect before the vote (%(day)s).")
            raise ValidationError({"ended_on": message % {"day": decided.isoformat()}})
        reference = motion_reference(motion)
    reference = reference.strip()
    if not reference:
        raise ValidationError(
            {"reference": _("Give the decision that recalls him: its motion, or its reference.")}
        )
    seat.ended_on, seat.end_reason = on, SeatEnd.RECALLED
    seat.recall_reference = reference[:200]
    seat.note = note or seat.note
    seat.save(update_fields=["ended_on", "end_reason", "recall_reference", "note", "updated_at"])
    return seat


# A term that ran out is no vacancy to fill: the next election seats a new body.
VACANCY_REASONS = (SeatEnd.RECALLED, SeatEnd.RESIGNED, SeatEnd.MOVED_OUT, SeatEnd.DECEASED)


@transaction.atomic
def seat_by_elect(*, vacated: BodyMember, person: Person, started_on: dt.date,
                  post: str = "", note: str = "", actor=None) -> BodyMember:  # fmt: skip
    """Fill a vacated seat by a by-election (R-DLB-6): the new member takes the post and the
    constituency of the one he replaces; one by-election per vacated seat (a constraint)."""
    vacated = (
        BodyMember.objects.select_for_update(of=("self",))
        .select_related("body__node", "person")
        .get(pk=vacated.pk)
    )
    if vacated.ended_on is None:
        raise ValidationError(_("The seat of %(name)s is not vacant.")
                              % {"name": vacated.person.name})  # fmt: skip
    if vacated.end_reason not in VACANCY_REASONS:
        raise ValidationError(_("A seat whose term ended is filled at the next election, not "
                                "by a by-election."))  # fmt: skip
    if BodyMember.objects.filter(replaces=vacated).exists():
        raise ValidationError(_("The seat of %(name)s has already been filled.")
                              % {"name": vacated.person.name})  # fmt: skip
    if started_on < vacated.ended_on:
        raise ValidationError({"started_on": _("The by-election cannot seat him before the "
                                               "seat fell vacant (%(day)s).")
                               % {"day": vacated.ended_on.isoformat()}})  # fmt: skip
    try:
        with transaction.atomic():
            return seat_take(body=vacated.body, person=person, started_on=started_on,
                             post=post or vacated.post, source=SeatSource.BY_ELECTION,
                             constituency=vacated.constituency, note=note, replaces=vacated,
                             actor=actor)  # fmt: skip
    except IntegrityError:
        raise ValidationError(_("The seat of %(name)s has already been filled.")
                              % {"name": vacated.person.name}) from None  # fmt: skip


# ----------------------------------------------------------------------------- constituencies


def _check_covered(body: Body, nodes) -> None:
    if body.kind != BodyKind.REPRESENTATIVES_ASSEMBLY:
        raise ValidationError(_("Constituencies belong to a residents' representatives' assembly."))
    outside = [n.name for n in nodes if not n.path.startswith(body.node.path)]
    if outside:
        message = _("Outside %(place)s: %(names)s.")
        names = {"place": body.node.name, "names": "、".join(outside)}
        raise ValidationError({"nodes": message % names})


@transaction.atomic
def constituency_create(*, body: Body, name: str, nodes, actor=None) -> Constituency:
    """A constituency of a representatives' assembly covering buildings or flats (R-ORG-7)."""
    nodes = list(nodes)
    _check_covered(body, nodes)
    constituency = Constituency(body=body, name=name)
    constituency.full_clean()
    constituency.save()
    constituency.nodes.set(nodes)
    return constituency


@transaction.atomic
def constituency_update(*, constituency: Constituency, name: str, nodes,
                        actor=None) -> Constituency:  # fmt: skip
    nodes = list(nodes)
    _check_covered(constituency.body, nodes)
    constituency.name = name
    constituency.full_clean()
    constituency.save()
    constituency.nodes.set(nodes)
    audit_record(AuditAction.UPDATE, obj=constituency, actor=actor,
                 changes={"nodes": [n.pk for n in nodes]})  # fmt: skip
    return constituency
