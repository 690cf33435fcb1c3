"""Convening petitions (R-DLB-3): signatures of persons on the roll counted exactly against
the convening share (exactly one-fifth suffices), one signature per person, the body flagged
"must be convened" until a meeting scheduled after the share was reached answers it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from shequ.conftest import add_person
from shequ.core.testing import race
from shequ.deliberation.config import share
from shequ.deliberation.models import (
    Body,
    Meeting,
    MeetingStatus,
    PetitionSignature,
    SignatureChannel,
)
from shequ.deliberation.selectors import bodies as body_selectors
from shequ.deliberation.selectors import petitions as selectors
from shequ.deliberation.services import bodies as body_services
from shequ.deliberation.services import petitions as services
from shequ.people.models import Person

pytestmark = pytest.mark.django_db


def _flagged(user) -> set[str]:
    return {b.name for b in body_selectors.body_list_for(user=user, flag="convene")}


def test_signatures_needed_is_an_exact_ceiling():
    one_fifth = share("1/5")
    assert services.signatures_needed(one_fifth, 50) == 10
    assert services.signatures_needed(one_fifth, 51) == 11
    assert services.share_reached(10, one_fifth, 50)
    assert not services.share_reached(10, one_fifth, 51)
    assert not services.share_reached(0, one_fifth, 0)


def test_exactly_one_fifth_of_the_members_flags_the_body(bodies, cast):
    # the representatives' assembly has 6 members: 2 signatures (≥ 6/5) are needed
    body = Body.objects.get(pk=bodies.reps.pk)
    body.convene_ratio = "1/3"  # 6 × 1/3 = 2 exactly
    body.save()
    petition = services.petition_open(body=body, title="请求召开代表会议讨论加装电梯")
    members = [s.person for s in body.seats.order_by("id")]
    services.petition_sign(petition=petition, person=members[0])
    facts = selectors.petition_facts(petition)
    assert (facts["signed"], facts["roll"], facts["needed"], facts["state"]) == (1, 6, 2, "open")
    assert body.name not in _flagged(cast.community_secretary)
    services.petition_sign(petition=petition, person=members[1])
    petition.refresh_from_db()
    assert petition.reached_at is not None
    assert selectors.petition_facts(petition)["state"] == "reached"
    assert body.name in _flagged(cast.community_secretary)
    assert body_selectors.body_get_for(user=cast.community_secretary, pk=body.pk).must_convene


def test_a_signer_must_be_on_the_roll_and_sign_once(bodies, territory):
    petition = services.petition_open(body=bodies.council, title="请求召开议事会")
    outsider = add_person(territory.flats["C1G1"][0], "非议事员")
    with pytest.raises(ValidationError) as exc:
        services.petition_sign(petition=petition, person=outsider)
    assert exc.value.error_dict["person"][0].code == "not_on_roll"
    services.petition_sign(petition=petition, person=bodies.people[0])
    with pytest.raises(ValidationError) as exc:
        services.petition_sign(petition=petition, person=bodies.people[0],
                               channel=SignatureChannel.PAPER)  # fmt: skip
    assert exc.value.error_dict["person"][0].code == "signed"
    with pytest.raises(IntegrityError), transaction.atomic():
        PetitionSignature.objects.create(petition=petition, person=bodies.people[0],
                                         signed_at=timezone.now(), channel="paper")  # fmt: skip


def test_an_assembly_of_all_adults_counts_its_residents(bodies, territory):
    # the roll of the assembly: every adult resident of c1 (the 20 seated persons live there)
    roll = body_services.body_roll(bodies.assembly)
    petition = services.petition_open(body=bodies.assembly, title="请求召开居民会议")
    child = add_person(territory.flats["C1G1"][0], "小孩", birth=dt.date(2015, 1, 1))
    with pytest.raises(ValidationError):
        services.petition_sign(petition=petition, person=child)
    needed = services.signatures_needed(share("1/5"), len(roll))
    for person in Person.objects.filter(pk__in=roll[:needed]):
        services.petition_sign(petition=petition, person=person)
    petition.refresh_from_db()
    assert petition.reached_at is not None and needed == -(-len(roll) // 5)


def test_a_meeting_scheduled_after_the_share_clears_the_flag(bodies, cast):
    body = Body.objects.get(pk=bodies.council.pk)
    earlier = Meeting.objects.create(body=body, title="早已安排的会议",
                                     starts_at=timezone.now() + dt.timedelta(days=20))  # fmt: skip
    petition = services.petition_open(body=body, title="请求召开议事会")
    for person in bodies.people[:2]:  # 9 members: 2 ≥ 9/5
        services.petition_sign(petition=petition, person=person)
    assert body.name in _flagged(cast.community_secretary)  # planned before: no answer
    assert services.petitions_settle(body=body) == 0 and earlier.petitions.count() == 0
    meeting = Meeting.objects.create(body=body, title="应联名要求召开",
                                     starts_at=timezone.now() + dt.timedelta(days=7))  # fmt: skip
    assert body.name not in _flagged(cast.community_secretary)
    assert services.petitions_settle(body=body) == 1
    petition.refresh_from_db()
    assert petition.meeting == meeting and selectors.petition_state(petition) == "answered"
    meeting.status = MeetingStatus.CANCELLED
    meeting.save()
    assert body.name in _flagged(cast.community_secretary)  # cancelled: convene it again


def test_a_petition_is_withdrawn_only_before_its_share(bodies):
    petition = services.petition_open(body=bodies.council, title="请求召开议事会")
    services.petition_withdraw(petition=petition)
    with pytest.raises(ValidationError):
        services.petition_sign(petition=petition, person=bodies.people[0])
    other = services.petition_open(body=bodies.council, title="再次请求")
    for person in bodies.people[:2]:
        services.petition_sign(petition=other, person=person)
    with pytest.raises(ValidationError):
        services.petition_withdraw(petition=other)


def test_no_petition_to_a_dissolved_body(bodies):
    body_services.body_dissolve(body=bodies.council, on=timezone.localdate())
    body = Body.objects.get(pk=bodies.council.pk)
    with pytest.raises(ValidationError) as exc:
        services.petition_open(body=body, title="请求")
    assert "body" in exc.value.message_dict


def test_petitions_are_public_where_the_user_stands(bodies, cast):
    petition = services.petition_open(body=bodies.council, title="请求召开议事会")
    assert petition in selectors.petition_list_for(user=cast.resident)  # C1G1 under c1
    assert selectors.may_see_signers(cast.community_worker, petition)
    assert not selectors.may_see_signers(cast.resident, petition)


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_concurrent_signatures_count_once_and_reach_the_share_once(territory):
    from shequ.deliberation.choices import BodyKind
    from shequ.deliberation.tests.conftest import SEATED_ON

    body = body_services.body_create(node=territory.c1, kind=BodyKind.COUNCIL, name="议事会",
                                     convene_ratio="1/2")  # fmt: skip
    people = [add_person(territory.flats["C1G1"][0], f"议事员{i}") for i in range(4)]
    for person in people:
        body_services.seat_add(body=body, person=person, started_on=SEATED_ON)
    petition = services.petition_open(body=body, title="请求召开")
    same = [lambda: services.petition_sign(petition=petition, person=people[0])] * 20
    outcomes = race(*same, lambda: services.petition_sign(petition=petition, person=people[1]))
    errors = [e for _r, e in outcomes if e is not None]
    assert all(isinstance(e, ValidationError) for e in errors), errors
    assert len(errors) == 19
    assert PetitionSignature.objects.filter(petition=petition).count() == 2
    petition.refresh_from_db()
    assert petition.reached_at is not None  # 2 of 4 is one half
