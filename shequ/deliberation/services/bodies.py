"""Bodies and who sits in them (R-DLB-1, R-ORG-7): the core the other parts of the work use —
a body's roll on a day (the eligibility snapshot of R-DLB-4), its quorum and convening share,
and whether it may decide a matter affecting all residents (R-DLB-3)."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.core.scope import subtree_q
from shequ.people.choices import PersonStatus, Relation
from shequ.people.models import HouseholdMember, Person

from ..choices import AssemblyMode, BodyKind, SeatPost, SeatSource
from ..config import deliberation_config, per_kind, share
from ..models import Body, BodyMember


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
