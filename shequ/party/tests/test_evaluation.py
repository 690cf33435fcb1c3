"""The annual evaluation (R-PM-4): cut-offs at their exact edges, the cap on excellent grades
with ties, who may rate, one rating per rater, reports, adjustments, publishing, the board."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from shequ.accounts.roles import Role
from shequ.conftest import make_user
from shequ.party.models import (
    DutyReport,
    EvaluationRound,
    Grade,
    Outcome,
    RaterKind,
    Rating,
    RoundStatus,
)
from shequ.party.selectors.evaluation import board_for, board_visible_to, round_members
from shequ.party.services import evaluation as ev

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 10)
CRITERIA = ["political_stance", "duty_performance", "service_to_residents", "conduct"]


def all_(n):
    return dict.fromkeys(CRITERIA, n)


def member_user(member, username):
    user = make_user(username, Role.PARTY_MEMBER, member.node)
    user.person = member.person
    user.save(update_fields=["person"])
    return user


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(dt.datetime(2026, 12, 10, 10, 0), tick=False):
        yield


@pytest.fixture
def rnd(party):
    return ev.round_open(
        org=party.b1, year=2026, opens_on=dt.date(2026, 12, 1), closes_on=dt.date(2026, 12, 31)
    )


def rater(rnd, username, member=None, kind=RaterKind.MEMBER, node=None):
    if member is not None:
        user = member_user(member, username)
    else:
        user = make_user(username, Role.RESIDENT, node)
    ev.round_rater_register(round=rnd, user=user, kind=kind)
    return user


# — pure rules —


@pytest.mark.parametrize(
    ("mean", "grade"),
    [
        ("4.50", Grade.EXCELLENT),
        ("4.49", Grade.COMPETENT),
        ("3.50", Grade.COMPETENT),
        ("3.49", Grade.BASICALLY_COMPETENT),
        ("2.50", Grade.BASICALLY_COMPETENT),
        ("2.49", Grade.NOT_COMPETENT),
    ],
)
def test_grade_cut_offs_are_inclusive_minimums(mean, grade):
    assert ev.grade_for(Decimal(mean)) == grade


def test_mean_is_quantized_half_up_before_the_cut_off():
    # 9 criteria scores summing to 40.455…: use 200 scores → 899/200 = 4.495 → 4.50
    ratings = [{"a": 5}] * 99 + [{"a": 4}] * 101  # (495 + 404) / 200 = 4.495
    assert ev.mean_of(ratings) == Decimal("4.50")
    assert ev.grade_for(ev.mean_of(ratings)) == Grade.EXCELLENT
    ratings = [{"a": 5}] * 98 + [{"a": 4}] * 102  # 4.49
    assert ev.mean_of(ratings) == Decimal("4.49")
    assert ev.grade_for(ev.mean_of(ratings)) == Grade.COMPETENT


def test_cap_is_the_share_rounded_down():
    assert ev.excellent_cap(10) == 3
    assert ev.excellent_cap(9) == 2  # 2.7 → 2
    assert ev.excellent_cap(3) == 0


def test_cap_keeps_the_highest_and_drops_a_tie_straddling_the_boundary():
    means = {"a": Decimal("4.9"), "b": Decimal("4.8"), "c": Decimal("4.7"),
             "d": Decimal("4.7"), "e": Decimal("4.6")}  # fmt: skip
    assert ev.apply_excellent_cap(means, 3) == {"a", "b"}
    assert ev.apply_excellent_cap(means, 4) == {"a", "b", "c", "d"}
    assert ev.apply_excellent_cap(means, 5) == set(means)


# — raters and ratings —


def test_self_rating_is_refused_by_service_and_database(party, rnd):
    m1 = party.member("C1G1", party.b1, "甲")
    user = rater(rnd, "jia", member=m1)
    with pytest.raises(ValidationError) as exc:
        ev.rating_submit(actor=user, round=rnd, member=m1, scores=all_(5))
    assert "member" in exc.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(
            round=rnd, member=m1, rater=user, rater_kind=RaterKind.MEMBER, rater_member=m1,
            scores=all_(5), submitted_at=dt.datetime(2026, 12, 10, tzinfo=dt.UTC),
        )  # fmt: skip


def test_unregistered_rater_is_refused(party, rnd):
    m1 = party.member("C1G1", party.b1, "甲")
    m2 = party.member("C1G1", party.b1, "乙")
    user = member_user(m2, "yi")
    with pytest.raises(PermissionDenied):
        ev.rating_submit(actor=user, round=rnd, member=m1, scores=all_(4))
    assert not Rating.objects.exists()


def test_double_rating_is_refused_and_the_constraint_holds(party, rnd):
    m1 = party.member("C1G1", party.b1, "甲")
    m2 = party.member("C1G1", party.b1, "乙")
    user = rater(rnd, "yi", member=m2)
    first = ev.rating_submit(actor=user, round=rnd, member=m1, scores=all_(4))
    with pytest.raises(ValidationError) as exc:
        ev.rating_submit(actor=user, round=rnd, member=m1, scores=all_(5))
    assert "member" in exc.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(round=rnd, member=m1, rater=user, rater_kind=RaterKind.MEMBER,
                              scores=all_(5), submitted_at=first.submitted_at)  # fmt: skip
    assert Rating.objects.get().scores == all_(4)


def test_scores_must_cover_every_criterion_from_1_to_5(party, rnd):
    m1 = party.member("C1G1", party.b1, "甲")
    m2 = party.member("C1G1", party.b1, "乙")
    user = rater(rnd, "yi", member=m2)
    for scores in ({**all_(4), "conduct": 6}, {**all_(4), "conduct": 0},
                   {k: 4 for k in CRITERIA[:3]}, {**all_(4), "extra": 3}):  # fmt: skip
        with pytest.raises(ValidationError) as exc:
            ev.rating_submit(actor=user, round=rnd, member=m1, scores=scores)
        assert "scores" in exc.value.message_dict


def test_member_rater_must_belong_to_the_organisation(party, rnd):
    outsider = party.member("C1G2", party.b2, "丙")  # the other branch
    user = member_user(outsider, "bing")
    with pytest.raises(ValidationError) as exc:
        ev.round_rater_register(round=rnd, user=user, kind=RaterKind.MEMBER)
    assert "user" in exc.value.message_dict


def test_representative_must_hold_a_role_in_the_community(party, rnd, territory):
    inside = make_user("rep1", Role.RESIDENT, territory.grids["C1G2"])
    ev.round_rater_register(round=rnd, user=inside, kind=RaterKind.RESIDENT_REPRESENTATIVE)
    outside = make_user("rep2", Role.RESIDENT, territory.grids["C2G1"])
    with pytest.raises(ValidationError) as exc:
        ev.round_rater_register(round=rnd, user=outside, kind=RaterKind.RESIDENT_REPRESENTATIVE)
    assert "user" in exc.value.message_dict


def test_rating_outside_the_round_span_is_refused(party, rnd):
    m1 = party.member("C1G1", party.b1, "甲")
    m2 = party.member("C1G1", party.b1, "乙")
    user = rater(rnd, "yi", member=m2)
    with time_machine.travel(dt.datetime(2027, 1, 2, 10, 0), tick=False):
        with pytest.raises(ValidationError) as exc:
            ev.rating_submit(actor=user, round=rnd, member=m1, scores=all_(4))
    assert "round" in exc.value.message_dict


# — reports —


def test_member_submits_and_rewrites_his_report_a_stranger_may_not(party, rnd, cast):
    m1 = party.member("C1G1", party.b1, "甲")
    user = member_user(m1, "jia")
    ev.duty_report_submit(actor=user, round=rnd, member=m1, text="一年来……")
    ev.duty_report_submit(actor=user, round=rnd, member=m1, text="修改后的述职")
    assert DutyReport.objects.get().text == "修改后的述职"
    # a worker of the community enters one on his behalf
    ev.duty_report_submit(actor=cast.community_worker, round=rnd, member=m1, text="代录")
    assert DutyReport.objects.get().submitted_by == cast.community_worker
    with pytest.raises(PermissionDenied):
        ev.duty_report_submit(actor=cast.resident, round=rnd, member=m1, text="x")


# — closing, the cap, adjusting, publishing —


def _round_of(party, rnd, means_by_name):
    """Members rated so that each reaches the given total over one rating of 4 criteria."""
    members = {}
    for name in means_by_name:
        members[name] = party.member("C1G1", party.b1, name)
    rep = rater(rnd, "rep", kind=RaterKind.RESIDENT_REPRESENTATIVE, node=party.b1.node)
    for name, scores in means_by_name.items():
        if scores is not None:
            ev.rating_submit(actor=rep, round=rnd, member=members[name], scores=scores)
    return members


def test_close_computes_means_and_grades_by_hand(party, rnd):
    # 10 members, cap 30 % → 3. Means (sum of 4 scores / 4): A 20 → 5.00, B 18 → 4.50,
    # C 16 → 4.00, D 18 → 4.50, E 17 → 4.25, F 15 → 3.75, G 13 → 3.25, H 10 → 2.50,
    # I 9 → 2.25, J 4 → 1.00. Three reach excellent: within the cap, all keep it.
    sheet = {
        "A": all_(5), "B": {**all_(5), "conduct": 4, "political_stance": 4},
        "C": {**all_(5), "conduct": 3, "political_stance": 4, "duty_performance": 4},
        "D": {"political_stance": 5, "duty_performance": 5, "service_to_residents": 4,
              "conduct": 4},
        "E": {**all_(4), "conduct": 5}, "F": {**all_(3), "conduct": 5, "political_stance": 3,
                                               "duty_performance": 4},
        "G": {**all_(3), "conduct": 4}, "H": {**all_(2), "conduct": 3, "political_stance": 3},
        "I": {**all_(2), "conduct": 3}, "J": all_(1),
    }  # fmt: skip
    _round_of(party, rnd, sheet)
    ev.round_close(round=rnd)
    got = {o.member.person.name: (o.mean, o.computed_grade, o.capped)
           for o in Outcome.objects.select_related("member__person")}  # fmt: skip
    assert got == {
        "A": (Decimal("5.00"), Grade.EXCELLENT, False),
        "B": (Decimal("4.50"), Grade.EXCELLENT, False),
        "C": (Decimal("4.00"), Grade.COMPETENT, False),
        "D": (Decimal("4.50"), Grade.EXCELLENT, False),
        "E": (Decimal("4.25"), Grade.COMPETENT, False),
        "F": (Decimal("3.75"), Grade.COMPETENT, False),
        "G": (Decimal("3.25"), Grade.BASICALLY_COMPETENT, False),
        "H": (Decimal("2.50"), Grade.BASICALLY_COMPETENT, False),
        "I": (Decimal("2.25"), Grade.NOT_COMPETENT, False),
        "J": (Decimal("1.00"), Grade.NOT_COMPETENT, False),
    }


def test_cap_lowers_the_tied_members_straddling_it(party, rnd):
    # 10 members, cap 3; four reach excellent: 5.00, 4.75, 4.50, 4.50 → the two at 4.50
    # straddle places 3–4 and both become competent.
    four = {"political_stance": 5, "duty_performance": 5, "service_to_residents": 4,
            "conduct": 4}  # 4.50  # fmt: skip
    sheet = {"A": all_(5), "B": {**all_(5), "conduct": 4}, "C": four, "D": four}
    sheet.update({name: all_(3) for name in "EFGHIJ"})
    _round_of(party, rnd, sheet)
    ev.round_close(round=rnd)
    got = {o.member.person.name: (o.mean, o.computed_grade, o.capped)
           for o in Outcome.objects.select_related("member__person")}  # fmt: skip
    assert got["A"] == (Decimal("5.00"), Grade.EXCELLENT, False)
    assert got["B"] == (Decimal("4.75"), Grade.EXCELLENT, False)
    assert got["C"] == (Decimal("4.50"), Grade.COMPETENT, True)
    assert got["D"] == (Decimal("4.50"), Grade.COMPETENT, True)
    assert got["E"] == (Decimal("3.00"), Grade.BASICALLY_COMPETENT, False)
    # the branch may raise one of the tied pair (room for one under the cap of 3), with a
    # reason; a second is refused
    c = Outcome.objects.get(member__person__name="C")
    with pytest.raises(ValidationError) as exc:
        ev.outcome_adjust(outcome=c, grade=Grade.EXCELLENT, reason="")
    assert "reason" in exc.value.message_dict
    ev.outcome_adjust(outcome=c, grade=Grade.EXCELLENT, reason="支部大会讨论决定")
    c.refresh_from_db()
    assert (c.computed_grade, c.grade) == (Grade.COMPETENT, Grade.EXCELLENT)
    d = Outcome.objects.get(member__person__name="D")
    with pytest.raises(ValidationError) as exc:
        ev.outcome_adjust(outcome=d, grade=Grade.EXCELLENT, reason="同样优秀")
    assert "grade" in exc.value.message_dict


def test_publish_needs_every_grade_then_posts_for_the_configured_days(party, rnd):
    members = _round_of(party, rnd, {"甲": all_(4), "乙": None})
    ev.round_close(round=rnd)
    with pytest.raises(ValidationError) as exc:
        ev.round_publish(round=rnd)
    assert "grade" in exc.value.message_dict
    unrated = Outcome.objects.get(member=members["乙"])
    assert (unrated.mean, unrated.ratings_count, unrated.grade) == (None, 0, "")
    ev.outcome_adjust(outcome=unrated, grade=Grade.COMPETENT, reason="未收到测评票，支部评定")
    ev.round_publish(round=rnd)
    rnd.refresh_from_db()
    assert rnd.status == RoundStatus.PUBLISHED
    assert (rnd.published_on, rnd.board_until) == (TODAY, dt.date(2026, 12, 17))
    with pytest.raises(ValidationError):
        ev.round_close(round=rnd)  # a forbidden edge


def test_forbidden_edge_open_to_published(party, rnd):
    with pytest.raises(ValidationError) as exc:
        ev.round_publish(round=rnd)
    assert "status" in exc.value.message_dict
    assert EvaluationRound.objects.get().status == RoundStatus.OPEN


def test_one_round_per_org_and_year(party, rnd):
    with pytest.raises(ValidationError) as exc:
        ev.round_open(org=party.b1, year=2026, opens_on=TODAY, closes_on=TODAY)
    assert "year" in exc.value.message_dict


def test_round_members_are_the_subtree_active_members(party, rnd):
    m1 = party.member("C1G1", party.b1, "甲")
    party.member("C1G2", party.b2, "乙")
    assert list(round_members(rnd)) == [m1]


# — the board —


def _published(party, rnd):
    _round_of(party, rnd, {"甲": all_(5), "乙": all_(3)})
    ev.round_close(round=rnd)
    ev.round_publish(round=rnd)


def test_board_shows_grades_to_the_community_not_to_outsiders(party, rnd, territory, cast):
    _published(party, rnd)
    resident = make_user("r-c1", Role.RESIDENT, territory.grids["C1G2"])
    outsider = make_user("r-c3", Role.RESIDENT, territory.grids["C3G1"])
    board = board_for(user=resident, community=territory.c1)
    assert [(o.member.person.name, o.grade) for o in board[0]["outcomes"]] == [
        ("甲", Grade.COMPETENT),  # 5.00 would be excellent, but the cap of 2 members is 0
        ("乙", Grade.BASICALLY_COMPETENT),
    ]
    assert not board_visible_to(user=outsider, community=territory.c1)
    assert not board_visible_to(user=cast.unit_contact, community=territory.c1)
    assert board_visible_to(user=cast.auditor, community=territory.c1)
    # after the posting period the residents no longer see it, staff still do
    with time_machine.travel(dt.datetime(2026, 12, 18, 10, 0), tick=False):
        assert board_for(user=resident, community=territory.c1) == []
        assert len(board_for(user=cast.community_secretary, community=territory.c1)) == 1


def test_board_page_never_shows_a_raters_scores(client, party, rnd, territory):
    _published(party, rnd)
    resident = make_user("r-c1", Role.RESIDENT, territory.grids["C1G1"])
    client.force_login(resident)
    response = client.get(reverse("party:evaluation_board", args=[territory.c1.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "甲" in body and "5.00" not in body and "3.00" not in body
    outsider = make_user("r-c3", Role.RESIDENT, territory.grids["C3G1"])
    client.force_login(outsider)
    response = client.get(reverse("party:evaluation_board", args=[territory.c1.pk]))
    assert response.status_code == 404


def test_democratic_evaluation_record(party, cast):
    with pytest.raises(ValidationError) as exc:
        ev.democratic_evaluation_record(org=party.b1, held_on=dt.date(2026, 12, 20),
                                        participants=0, summary="")  # fmt: skip
    assert {"held_on", "participants", "summary"} <= set(exc.value.message_dict)
    record = ev.democratic_evaluation_record(
        actor=cast.branch_secretary, org=party.b1, held_on=dt.date(2026, 12, 5),
        participants=12, summary="评议党员12名",
    )  # fmt: skip
    assert record.recorded_by == cast.branch_secretary
    with pytest.raises(PermissionDenied):
        ev.democratic_evaluation_record(actor=cast.branch_secretary, org=party.b2,
                                        held_on=dt.date(2026, 12, 5), participants=3,
                                        summary="x")  # fmt: skip
