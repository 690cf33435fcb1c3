"""Ballots (R-PB-1): eligibility by residence and age on the first day of voting, ballots
checked per type, one ballot per voter across online and paper entry, receipts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from shequ.pb.choices import Channel, Phase, VoteType
from shequ.pb.models import Ballot, BallotMark, PaperCode, Participation
from shequ.pb.services import ballots as services
from shequ.pb.services.rounds import vote_start

pytestmark = pytest.mark.django_db


def _code(error: ValidationError, field: str) -> str:
    return error.error_dict[field][0].code


def _ids(round, *indexes):
    return [round.test_projects[i].pk for i in indexes]


def test_an_online_ballot_is_kept_apart_from_its_voter_with_a_receipt(pb):
    round = pb.round_in(Phase.VOTE)
    voter = pb.resident("投票人")
    ballot, token = services.ballot_cast_online(round=round, user=voter, marks=_ids(round, 0, 2))
    participation = Participation.objects.get(round=round)
    assert participation.person == voter.person and participation.channel == Channel.ONLINE
    assert ballot.channel == Channel.ONLINE and token
    assert sorted(BallotMark.objects.filter(ballot=ballot).values_list("project_id", flat=True)) \
        == sorted(_ids(round, 0, 2))  # fmt: skip
    assert not hasattr(Ballot, "person") and not hasattr(Ballot, "participation")
    assert ballot.receipt_digest and token not in ballot.receipt_digest
    assert services.receipt_check(token) == round
    assert services.receipt_check(token.upper() + " ") == round
    assert services.receipt_check("0" * 24) is None


def test_a_second_online_ballot_is_refused(pb):
    round = pb.round_in(Phase.VOTE)
    voter = pb.resident()
    services.ballot_cast_online(round=round, user=voter, marks=_ids(round, 0))
    with pytest.raises(ValidationError) as exc:
        services.ballot_cast_online(round=round, user=voter, marks=_ids(round, 1))
    assert _code(exc.value, "person") == "already_voted"
    assert Ballot.objects.count() == 1


def test_paper_after_online_and_online_after_paper_are_refused(pb):
    round = pb.round_in(Phase.VOTE)
    online, paper = pb.resident("网投"), pb.resident("纸投")
    codes = {c.person_id: c.code for c in services.paper_codes_issue(round=round, actor=pb.worker)}
    assert online.person.pk in codes and paper.person.pk in codes
    services.ballot_cast_online(round=round, user=online, marks=_ids(round, 0))
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        services.paper_ballot_enter(round=round, code=codes[online.person.pk],
                                    marks=_ids(round, 1), actor=pb.worker)  # fmt: skip
    assert _code(exc.value, "person") == "already_voted"
    assert "already voted" in exc.value.message_dict["person"][0]
    assert "Online" in exc.value.message_dict["person"][0]
    assert not PaperCode.objects.get(person=online.person).entered_on

    ballot = services.paper_ballot_enter(round=round, code=codes[paper.person.pk].lower(),
                                         marks=_ids(round, 1), actor=pb.worker)  # fmt: skip
    assert ballot.channel == Channel.PAPER and not ballot.receipt_digest
    with pytest.raises(ValidationError) as exc:
        services.ballot_cast_online(round=round, user=paper, marks=_ids(round, 2))
    assert _code(exc.value, "person") == "already_voted"
    with pytest.raises(ValidationError) as exc:  # the same paper ballot entered twice
        services.paper_ballot_enter(round=round, code=codes[paper.person.pk],
                                    marks=_ids(round, 1), actor=pb.worker)  # fmt: skip
    assert _code(exc.value, "code") == "entered"
    assert Ballot.objects.count() == 2 and Participation.objects.count() == 2


def test_paper_entry_needs_a_known_code_and_a_recorder(pb):
    round = pb.round_in(Phase.VOTE)
    with pytest.raises(ValidationError) as exc:
        services.paper_ballot_enter(round=round, code="NOPE", marks=_ids(round, 0),
                                    actor=pb.worker)  # fmt: skip
    assert _code(exc.value, "code") == "unknown_code"
    with pytest.raises(PermissionDenied):
        services.paper_codes_issue(round=round, actor=pb.resident())


def test_paper_codes_go_to_eligible_voters_once(pb, settings):
    round = pb.round_in(Phase.VOTE)
    pb.resident("少年", birth=vote_start(round) - dt.timedelta(days=365 * 10))
    first = services.paper_codes_issue(round=round, actor=pb.worker)
    assert {len(c.code) for c in first} == {8}
    assert services.paper_codes_issue(round=round, actor=pb.worker) == []
    assert not PaperCode.objects.filter(person__name="少年").exists()


def test_eligibility_residence_status_and_age_on_the_first_day_of_voting(pb, settings):
    round = pb.round_in(Phase.VOTE)
    start = vote_start(round)
    just = pb.resident("刚满", birth=start.replace(year=start.year - 16))
    young = pb.resident("差一天", birth=start.replace(year=start.year - 16) + dt.timedelta(days=1))
    outside = pb.resident("外社区", grid="C2G1")
    services.ballot_cast_online(round=round, user=just, marks=_ids(round, 0))
    for user in (young, outside):
        with pytest.raises(ValidationError) as exc:
            services.ballot_cast_online(round=round, user=user, marks=_ids(round, 0))
        assert _code(exc.value, "person") == "not_eligible"
    settings.SHEQU_PB = {"voting": {"min_age": 15}}
    services.ballot_cast_online(round=round, user=young, marks=_ids(round, 0))
    moved = pb.resident("已迁出")
    moved.person.status = "moved_out"
    moved.person.save()
    with pytest.raises(ValidationError):
        services.ballot_cast_online(round=round, user=moved, marks=_ids(round, 0))


def test_voting_only_while_the_round_votes(pb):
    round = pb.round_in(Phase.SHORTLIST)
    with pytest.raises(ValidationError) as exc:
        services.ballot_cast_online(round=round, user=pb.resident(), marks=_ids(round, 0))
    assert _code(exc.value, "round") == "phase"


def test_approval_ballots_between_the_fewest_and_the_most(pb):
    round = pb.round_in(Phase.VOTE, min_length=2, max_length=2)
    for marks, code in ((_ids(round, 0), "too_few"), (_ids(round, 0, 1, 2), "too_many"),
                        ([], "empty"), ({_ids(round, 0)[0]: 2, _ids(round, 1)[0]: 1}, "points"),
                        ([10**9, _ids(round, 0)[0]], "not_on_ballot")):  # fmt: skip
        with pytest.raises(ValidationError) as exc:
            services.ballot_check(round, marks)
        assert _code(exc.value, "marks") == code
    assert len(services.ballot_check(round, _ids(round, 0, 1))) == 2


def test_only_shortlisted_projects_can_be_chosen(pb):
    round = pb.round_in(Phase.VOTE)
    round.test_projects[2].status = "feasible"
    round.test_projects[2].save()
    with pytest.raises(ValidationError) as exc:
        services.ballot_check(round, _ids(round, 2))
    assert _code(exc.value, "marks") == "not_on_ballot"


def test_cumulative_ballots_spread_at_most_the_points(pb, settings):
    round = pb.round_in(Phase.VOTE, vote_type=VoteType.CUMULATIVE)
    assert round.max_points == 10
    a, b, _c = _ids(round, 0, 1, 2)
    marks = services.ballot_check(round, {a: 7, b: 3})
    assert [(m.project.pk, m.points) for m in marks] == [(a, 7), (b, 3)]
    with pytest.raises(ValidationError) as exc:
        services.ballot_check(round, {a: 7, b: 4})
    assert _code(exc.value, "marks") == "over_points"
    ballot, _token = services.ballot_cast_online(round=round, user=pb.resident(),
                                                 marks={str(a): "6", str(b): "0"})  # fmt: skip
    assert list(ballot.marks.values_list("points", flat=True)) == [6]


def test_knapsack_ballots_stay_within_the_budget(pb):
    round = pb.round_in(Phase.VOTE, vote_type=VoteType.KNAPSACK, budget=Decimal("40000"))
    assert len(services.ballot_check(round, _ids(round, 0, 2))) == 2  # 10 000 + 30 000
    with pytest.raises(ValidationError) as exc:
        services.ballot_check(round, _ids(round, 1, 2))  # 50 000
    assert _code(exc.value, "marks") == "over_budget"
