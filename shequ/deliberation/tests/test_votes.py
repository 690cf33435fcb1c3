"""Quorum, thresholds, one person one vote across online, paper and proxy entry (R-DLB-4
acceptance): the edges of two-thirds, ties, double entry refused with a clear message."""

from __future__ import annotations

from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from shequ.deliberation.models import MotionStatus, Publication, PublicationKind, Threshold
from shequ.deliberation.models import VoteMethod as M
from shequ.deliberation.models.votes import BallotCast, RollCallVote, SecretBallot, Tally
from shequ.deliberation.models.votes import VoteChannel as C
from shequ.deliberation.services import votes as svc
from shequ.deliberation.services.meetings import meeting_quorum, quorum_of

from .fixtures_meetings import at_notice, member_login, open_meeting, voting

__all__ = ["at_notice"]
pytestmark = pytest.mark.django_db


# ----------------------------------------------------------------------------- quorum


@pytest.mark.parametrize(
    ("roll", "counted", "met"),
    [(9, 6, True), (9, 5, False), (10, 7, True), (10, 6, False), (3, 2, True), (3, 1, False),
     (0, 0, False)],
)  # fmt: skip
def test_two_thirds_quorum_at_the_edge(roll, counted, met):
    quorum = quorum_of(roll=roll, present=counted, proxies=0, share=Fraction(2, 3))
    assert quorum.met is met
    if roll:
        assert quorum.needed == (6 if roll == 9 else 7 if roll == 10 else 2)


def test_proxies_count_towards_the_quorum():
    assert quorum_of(roll=9, present=5, proxies=1, share=Fraction(2, 3)).met
    assert not quorum_of(roll=9, present=4, proxies=1, share=Fraction(2, 3)).met


def test_council_with_exactly_two_thirds_present_is_quorate(at_notice, bodies):
    meeting = open_meeting(bodies.council, at_notice, present=6)  # 9 seats, quorum 2/3
    quorum = meeting_quorum(meeting)
    assert (quorum.roll, quorum.counted, quorum.needed, quorum.met) == (9, 6, 6, True)
    motion = voting(meeting)
    assert motion.status == MotionStatus.VOTING


def test_one_fewer_than_two_thirds_cannot_put_a_motion_to_the_vote(at_notice, bodies):
    meeting = open_meeting(bodies.council, at_notice, present=5)
    assert not meeting_quorum(meeting).met
    motion = svc.motion_create(meeting=meeting, title="动议")
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        svc.motion_open_vote(motion=motion)
    assert exc.value.message_dict["quorum"] == ["No quorum: 5 of 9 counted, 6 needed."]
    motion.refresh_from_db()
    assert motion.status == MotionStatus.DRAFT


# ----------------------------------------------------------------------------- thresholds


@pytest.mark.parametrize(
    ("threshold", "yes", "present", "eligible", "passed"),
    [
        (Threshold.MAJORITY_PRESENT, 3, 6, 9, False),  # a tie fails
        (Threshold.MAJORITY_PRESENT, 4, 6, 9, True),
        (Threshold.MAJORITY_PRESENT, 4, 7, 9, True),
        (Threshold.MAJORITY_PRESENT, 3, 7, 9, False),
        (Threshold.MAJORITY_MEMBERS, 5, 6, 10, False),  # half of all members is a tie
        (Threshold.MAJORITY_MEMBERS, 6, 6, 10, True),
        (Threshold.MAJORITY_MEMBERS, 5, 6, 9, True),
        (Threshold.TWO_THIRDS_PRESENT, 4, 6, 9, True),  # exactly two-thirds
        (Threshold.TWO_THIRDS_PRESENT, 3, 6, 9, False),
        (Threshold.TWO_THIRDS_PRESENT, 4, 7, 9, False),  # 4/7 < 2/3
        (Threshold.TWO_THIRDS_MEMBERS, 6, 6, 9, True),  # exactly two-thirds of members
        (Threshold.TWO_THIRDS_MEMBERS, 5, 6, 9, False),
        (Threshold.TWO_THIRDS_MEMBERS, 6, 7, 10, False),  # 6/10 < 2/3
        (Threshold.TWO_THIRDS_MEMBERS, 7, 7, 10, True),
        (Threshold.MAJORITY_PRESENT, 0, 0, 9, False),
    ],
)
def test_thresholds_at_the_edges(threshold, yes, present, eligible, passed):
    assert svc.threshold_met(threshold, yes=yes, present=present, eligible=eligible) is passed


def _vote_all(motion, people, choices, channel=C.PAPER):
    for person_id, choice in zip(people, choices, strict=False):
        svc.vote_cast(motion=motion, person=_person(person_id), choice=choice, channel=channel)


def _person(pk):
    from shequ.people.models import Person

    return Person.objects.get(pk=pk)


def test_two_thirds_of_all_members_exactly_passes_and_publishes_a_resolution(at_notice, bodies):
    meeting = open_meeting(bodies.council, at_notice, present=7)
    motion = voting(meeting, threshold=Threshold.TWO_THIRDS_MEMBERS)
    _vote_all(motion, meeting.people, ["yes"] * 6 + ["no"])
    tally = svc.vote_close(motion=motion)
    assert (tally.yes, tally.no, tally.abstain, tally.eligible, tally.present) == (6, 1, 0, 9, 7)
    assert tally.passed
    motion.refresh_from_db()
    assert motion.status == MotionStatus.PASSED
    publication = Publication.objects.get(kind=PublicationKind.RESOLUTION)
    assert publication.title == motion.title and publication.node == bodies.council.node
    assert motion.resolution.publication == publication


def test_a_tie_fails_a_majority_of_those_present(at_notice, bodies):
    meeting = open_meeting(bodies.council, at_notice, present=6)
    motion = voting(meeting, threshold=Threshold.MAJORITY_PRESENT)
    _vote_all(motion, meeting.people, ["yes"] * 3 + ["no"] * 3)
    tally = svc.vote_close(motion=motion)
    assert (tally.yes, tally.no, tally.passed) == (3, 3, False)
    motion.refresh_from_db()
    assert motion.status == MotionStatus.FAILED
    assert not Publication.objects.filter(kind=PublicationKind.RESOLUTION).exists()


def test_matter_affecting_all_residents_refused_by_the_council(at_notice, bodies):
    meeting = open_meeting(bodies.council, at_notice, present=6)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        svc.motion_create(meeting=meeting, title="小区停车收费", affects_all_residents=True)
    assert "affects_all_residents" in exc.value.message_dict
    assert "must be decided by Residents' assembly" in exc.value.messages[0]


# ----------------------------------------------------------------------------- one vote


@pytest.mark.parametrize("method", [M.ROLL_CALL, M.SECRET])
@pytest.mark.parametrize(
    ("first", "second"), [(C.ONLINE, C.PAPER), (C.PAPER, C.ONLINE), (C.PAPER, C.PAPER)]
)
def test_paper_and_online_double_entry_refused(at_notice, bodies, cast, method, first, second):
    meeting = open_meeting(bodies.council, at_notice, present=6)
    motion = voting(meeting, method=method)
    voter = bodies.people[0]
    member = member_login(voter)
    clerk = cast.community_worker
    actor = {C.ONLINE: member, C.PAPER: clerk}
    svc.vote_cast(motion=motion, person=voter, choice="yes", channel=first, actor=actor[first])
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        svc.vote_cast(motion=motion, person=voter, choice="no", channel=second,
                      actor=actor[second])  # fmt: skip
    assert exc.value.error_dict["person"][0].code == "already_voted"
    label = "Online" if first == C.ONLINE else "Paper, entered by staff"
    assert exc.value.messages == [f"{voter.name} has already voted on this motion ({label})."]
    if method == M.SECRET:
        assert BallotCast.objects.filter(motion=motion).count() == 1
        assert SecretBallot.objects.filter(motion=motion).count() == 1
        assert SecretBallot.objects.get(motion=motion).choice == "yes"
    else:
        assert RollCallVote.objects.get(motion=motion).choice == "yes"


@pytest.mark.parametrize("model", [RollCallVote, BallotCast])
def test_the_database_holds_one_vote_per_person(at_notice, bodies, model):
    meeting = open_meeting(bodies.council, at_notice, present=6)
    motion = voting(meeting, method=M.SECRET if model is BallotCast else M.ROLL_CALL)
    fields = {"motion": motion, "person": bodies.people[0], "channel": C.PAPER}
    if model is RollCallVote:
        fields.update(choice="yes", cast_at=motion.opened_at)
    model.objects.create(**fields)
    with pytest.raises(IntegrityError), transaction.atomic():
        model.objects.create(**fields)


def test_only_those_present_on_the_roll_vote(at_notice, bodies, cast):
    meeting = open_meeting(bodies.council, at_notice, present=6)
    motion = voting(meeting)
    absent = bodies.people[8]
    stranger = bodies.committee.seats.first().person
    with pytest.raises(ValidationError) as exc:
        svc.vote_cast(motion=motion, person=absent, choice="yes", channel=C.PAPER)
    assert exc.value.error_dict["person"][0].code == "not_present"
    with pytest.raises(ValidationError) as exc:
        svc.vote_cast(motion=motion, person=stranger, choice="yes", channel=C.PAPER)
    assert exc.value.error_dict["person"][0].code == "not_on_roll"
    # online only for oneself; paper only by staff
    member = member_login(bodies.people[1])
    with pytest.raises(PermissionDenied):
        svc.vote_cast(motion=motion, person=bodies.people[2], choice="yes", channel=C.ONLINE,
                      actor=member)  # fmt: skip
    with pytest.raises(PermissionDenied):
        svc.vote_cast(motion=motion, person=bodies.people[1], choice="yes", channel=C.PAPER,
                      actor=member)  # fmt: skip
    with pytest.raises(ValidationError) as exc:
        svc.vote_cast(motion=motion, person=bodies.people[1], choice="maybe", channel=C.ONLINE,
                      actor=member)  # fmt: skip
    assert "choice" in exc.value.message_dict


def test_a_closed_vote_takes_no_more_votes(at_notice, bodies):
    meeting = open_meeting(bodies.council, at_notice, present=6)
    motion = voting(meeting)
    svc.vote_close(motion=motion)
    with pytest.raises(ValidationError) as exc:
        svc.vote_cast(motion=motion, person=bodies.people[0], choice="yes", channel=C.PAPER)
    assert exc.value.error_dict["status"][0].code == "not_voting"
    assert Tally.objects.get(motion=motion).yes == 0


def test_proxy_holder_votes_for_the_absent_member(at_notice, bodies):
    reps = bodies.reps  # a representatives' assembly: proxies allowed (configured)
    assert reps.proxy_allowed
    meeting = open_meeting(reps, at_notice, present=3, proxies={3: 0})  # 6 seats, quorum 1/2
    quorum = meeting_quorum(meeting)
    assert (quorum.present, quorum.proxies, quorum.met) == (3, 1, True)
    motion = voting(meeting, method=M.SECRET)
    holder, principal = _person(meeting.people[0]), _person(meeting.people[3])
    holder_login = member_login(holder)
    with pytest.raises(ValidationError) as exc:  # the principal himself may not vote
        svc.vote_cast(motion=motion, person=principal, choice="yes", channel=C.ONLINE,
                      actor=member_login(principal))  # fmt: skip
    assert exc.value.error_dict["person"][0].code == "by_proxy"
    with pytest.raises(ValidationError) as exc:  # nor another member
        svc.vote_cast(motion=motion, person=principal, choice="yes", channel=C.PROXY,
                      actor=member_login(_person(meeting.people[1])))  # fmt: skip
    assert exc.value.error_dict["person"][0].code == "no_proxy"
    svc.vote_cast(motion=motion, person=principal, choice="yes", channel=C.PROXY,
                  actor=holder_login)  # fmt: skip
    svc.vote_cast(motion=motion, person=holder, choice="yes", channel=C.ONLINE, actor=holder_login)
    tally = svc.vote_close(motion=motion)
    assert (tally.yes, tally.present, tally.eligible, tally.passed) == (2, 4, 6, False)
