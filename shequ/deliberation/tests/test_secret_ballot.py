"""Secret ballots cannot be joined to their voters, and the published tally is reproducible
(R-DLB-4 acceptance): the models share nothing but the motion, carry no time and no sequence;
the published ballot-set hash and a recount reproduce the tally; tampering with one stored
ballot makes the recount differ; a voter finds his ballot with his receipt."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection, models

from shequ.core.models import AuditEvent
from shequ.core.receipts import ballot_set_hash, receipt_digest
from shequ.deliberation.models import Motion, VoteMethod
from shequ.deliberation.models.votes import BallotCast, SecretBallot
from shequ.deliberation.models.votes import VoteChannel as C
from shequ.deliberation.services import votes as svc

from .fixtures_meetings import at_notice, member_login, open_meeting, voting

__all__ = ["at_notice"]


def _fields(model) -> dict[str, models.Field]:
    return {f.name: f for f in model._meta.get_fields()}


def test_ballot_and_voter_share_nothing_but_the_motion():
    ballot, cast = _fields(SecretBallot), _fields(BallotCast)
    # the only relation of a ballot is its motion; nothing points at a ballot
    relations = {n for n, f in ballot.items() if f.is_relation}
    assert relations == {"motion"}
    assert ballot["motion"].related_model is Motion
    assert not any(f.is_relation and f.related_model is SecretBallot for f in cast.values())
    assert not any(f.is_relation and f.related_model is BallotCast for f in ballot.values())
    # no field in common but the motion (the primary keys are of different kinds: a random
    # UUID against the voter row's integer, so they cannot be matched either)
    columns = {f.column for f in SecretBallot._meta.concrete_fields}
    cast_columns = {f.column for f in BallotCast._meta.concrete_fields}
    assert columns & cast_columns == {"motion_id", "id"}
    assert isinstance(SecretBallot._meta.pk, models.UUIDField)
    assert SecretBallot._meta.pk.default is uuid.uuid4
    assert not isinstance(BallotCast._meta.pk, models.UUIDField)
    assert set(columns) == {"id", "motion_id", "choice", "receipt_digest"}
    # no time and no sequence on a ballot: no date, time or auto field, not ordered by key
    assert not any(
        isinstance(f, (models.DateField, models.TimeField, models.AutoField, models.BigAutoField))
        for f in SecretBallot._meta.concrete_fields
    )  # fmt: skip
    assert SecretBallot._meta.ordering == ["receipt_digest"]
    # never audited field by field (an audit row carries the actor and the time)
    from shequ.core.models import AuditedModel

    assert not issubclass(SecretBallot, AuditedModel)
    assert not issubclass(BallotCast, AuditedModel)


CHOICES = ["yes", "yes", "no", "yes", "abstain", "yes", "no"]


@pytest.fixture
def closed_secret_vote(at_notice, db, bodies):
    meeting = open_meeting(bodies.council, at_notice, present=7)
    motion = voting(meeting, method=VoteMethod.SECRET)
    receipts = {}
    for person, choice in zip(bodies.people, CHOICES, strict=False):
        cast = svc.vote_cast(motion=motion, person=person, choice=choice, channel=C.ONLINE,
                             actor=member_login(person))  # fmt: skip
        receipts[person.pk] = (cast.token, choice)
    tally = svc.vote_close(motion=motion)
    motion.refresh_from_db()
    return motion, tally, receipts


def test_published_hash_and_recount_reproduce_the_tally(closed_secret_vote):
    motion, tally, _receipts = closed_secret_vote
    assert (tally.yes, tally.no, tally.abstain, tally.present, tally.eligible) == (4, 2, 1, 7, 9)
    assert tally.passed  # 4 of 7 present: more than half
    published = svc.published_ballots(motion)
    assert len(published) == 7 and published == sorted(published)
    assert ballot_set_hash(f"{d}:{c}" for d, c in published) == tally.ballot_hash
    result = svc.recount(motion)
    assert result.matches
    assert result.count.ballot_hash == tally.ballot_hash
    # nothing in the audit trail names a ballot, a choice or a cast
    labels = {"deliberation.secretballot", "deliberation.ballotcast"}
    assert not AuditEvent.objects.filter(object_type__in=labels).exists()
    assert not any("choice" in (e.changes or {}) for e in AuditEvent.objects.all())


def test_tampering_with_one_stored_ballot_makes_the_recount_differ(closed_secret_vote):
    motion, tally, _receipts = closed_secret_vote
    ballot = SecretBallot.objects.filter(motion=motion, choice="no").first()
    SecretBallot.objects.filter(pk=ballot.pk).update(choice="yes")
    result = svc.recount(motion)
    assert not result.matches
    assert (result.count.yes, result.count.no) == (5, 1)
    assert result.count.ballot_hash != tally.ballot_hash


def test_removing_a_ballot_also_shows_in_the_recount(closed_secret_vote):
    motion, tally, _receipts = closed_secret_vote
    SecretBallot.objects.filter(motion=motion).order_by("receipt_digest").first().delete()
    assert not svc.recount(motion).matches


def test_each_voter_finds_his_ballot_with_his_receipt(closed_secret_vote):
    motion, _tally, receipts = closed_secret_vote
    digests = dict(svc.published_ballots(motion))
    for token, choice in receipts.values():
        assert svc.receipt_check(motion, token) == choice
        assert digests[receipt_digest(token)] == choice
    assert svc.receipt_check(motion, "0" * 24) is None


def test_stored_order_of_ballots_follows_the_digests_not_the_voters(closed_secret_vote):
    motion, _tally, _receipts = closed_secret_vote
    with connection.cursor() as cursor:  # no ORDER BY: the order rows lie in the table
        cursor.execute(
            "SELECT receipt_digest FROM deliberation_secretballot WHERE motion_id = %s",
            [motion.pk],
        )
        stored = [row[0] for row in cursor.fetchall()]
    assert stored == sorted(stored)
