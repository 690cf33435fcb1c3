"""四知四访 (R-PM-6): each of the four occasions raises exactly one visit, routed along the
四联四包 chain; overdue visits climb the chain once per level (frozen time)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from shequ.core.models import Notification
from shequ.party.models import (
    Aspect,
    CareFlag,
    CareTrigger,
    CareVisit,
    ChainKind,
    MemberCircumstance,
    VisitStatus,
)
from shequ.party.selectors.care import (
    circumstance_current,
    circumstance_list_for,
    my_care_visits,
    overdue_visits_count_for,
)
from shequ.party.services.care import (
    care_escalate_due,
    care_flag_clear,
    care_flag_raise,
    care_visit_log,
    circumstance_record,
)
from shequ.party.services.chain import chain_link_assign
from shequ.people.services import household_add_member

from . import fixtures_chaincare

cc = fixtures_chaincare.cc

TZ = ZoneInfo("Asia/Shanghai")
D = dt.date(2026, 3, 2)


def on_day(day: dt.date, hour: int = 9):
    return time_machine.travel(
        dt.datetime(day.year, day.month, day.day, hour, tzinfo=TZ), tick=False
    )


@pytest.fixture
def in_household(cc):
    """m1 lives in the first grid's household, which m2 answers for (党员包户)."""
    household_add_member(household=cc.household, person=cc.m1.person, relation="child")
    return cc


DUE_DAYS = {"hardship": 7, "family_conflict": 3, "hospitalised": 3, "bereaved": 3}


@pytest.mark.parametrize("trigger", CareTrigger.values)
def test_each_trigger_raises_one_visit_to_the_branch_secretary_without_links(cc, trigger):
    with on_day(D):
        visit = care_flag_raise(member=cc.m1, trigger=trigger, on=D, note="邻居告知")
        again = care_flag_raise(member=cc.m1, trigger=trigger, on=D)
    assert again.pk == visit.pk
    assert CareFlag.objects.filter(member=cc.m1).count() == 1
    assert CareVisit.objects.filter(member=cc.m1).count() == 1
    assert visit.due_on == D + dt.timedelta(days=DUE_DAYS[trigger])
    assert (visit.assignee_name, visit.assignee_org, visit.assigned_via) == (
        "孙支部书记",
        cc.p.b1,
        None,
    )
    assert visit.assignee_user == cc.b1_secretary.user
    assert (
        Notification.objects.filter(user=cc.b1_secretary.user, object_id=str(visit.pk)).count() == 1
    )
    assert [e.verb for e in visit.events.all()] == ["raise"]


@pytest.mark.parametrize("trigger", CareTrigger.values)
def test_each_trigger_goes_to_the_member_answering_for_his_household(in_household, trigger):
    cc = in_household
    link = chain_link_assign(
        kind=ChainKind.MEMBER_HOUSEHOLD, who=cc.m2, what=cc.household, started_on=D
    )
    with on_day(D):
        visit = care_flag_raise(member=cc.m1, trigger=trigger, on=D)
        care_flag_raise(member=cc.m1, trigger=trigger, on=D)
    assert CareVisit.objects.count() == 1
    assert (visit.assignee_name, visit.assignee_person, visit.assigned_via) == (
        "郑党员",
        cc.m2.person,
        link,
    )


def test_the_branch_contact_comes_before_the_household_member(in_household):
    cc = in_household
    chain_link_assign(kind=ChainKind.MEMBER_HOUSEHOLD, who=cc.m2, what=cc.household, started_on=D)
    chain_link_assign(kind=ChainKind.MEMBER_SECRETARY, who=cc.c1_member, what=cc.p.b1, started_on=D)
    with on_day(D):
        visit = care_flag_raise(member=cc.m1, trigger=CareTrigger.HARDSHIP, on=D)
    assert visit.assignee_name == "钱党委委员"  # the committee member linking his branch
    contact = chain_link_assign(
        kind=ChainKind.BRANCH_MEMBER, who=cc.b1_member, what=cc.m1, started_on=D
    )
    with on_day(D):
        visit = care_flag_raise(member=cc.m1, trigger=CareTrigger.BEREAVED, on=D)
    assert (visit.assignee_name, visit.assigned_via) == ("李支部委员", contact)


def test_a_member_never_routes_his_own_visit_to_himself(in_household):
    cc = in_household
    chain_link_assign(kind=ChainKind.MEMBER_HOUSEHOLD, who=cc.m1, what=cc.household, started_on=D)
    with on_day(D):
        visit = care_flag_raise(member=cc.m1, trigger=CareTrigger.HOSPITALISED, on=D)
    assert visit.assignee_name == "孙支部书记"


def test_overdue_visit_climbs_the_chain_once_per_level(in_household):
    cc = in_household
    chain_link_assign(kind=ChainKind.MEMBER_HOUSEHOLD, who=cc.m2, what=cc.household, started_on=D)
    with on_day(D):
        visit = care_flag_raise(member=cc.m1, trigger=CareTrigger.HOSPITALISED, on=D)
    assert visit.due_on == dt.date(2026, 3, 5)
    expected = [
        (dt.date(2026, 3, 5), 0, 0, "郑党员"),  # due today: not late
        (dt.date(2026, 3, 6), 0, 0, "郑党员"),  # one day late (< escalate_every_days = 2)
        (dt.date(2026, 3, 7), 1, 1, "孙支部书记"),
        (dt.date(2026, 3, 7), 0, 1, "孙支部书记"),  # re-run the same day: nothing
        (dt.date(2026, 3, 8), 0, 1, "孙支部书记"),
        (dt.date(2026, 3, 9), 1, 2, "赵党委书记"),
        (dt.date(2026, 3, 11), 1, 3, "周工委书记"),
        (dt.date(2026, 3, 11), 0, 3, "周工委书记"),
        (dt.date(2026, 4, 30), 0, 3, "周工委书记"),  # the top: stays
    ]
    for day, risen, level, name in expected:
        with on_day(day):
            assert care_escalate_due() == risen, day
        visit.refresh_from_db()
        assert (visit.escalation_level, visit.assignee_name) == (level, name), day
    assert [e.data["level"] for e in visit.events.filter(verb="escalate")] == [1, 2, 3]
    for seat in (cc.b1_secretary, cc.c1_secretary, cc.wc_secretary):
        assert Notification.objects.filter(user=seat.user, object_id=str(visit.pk)).count() == 1
    with on_day(dt.date(2026, 4, 30)):
        # no staff role: a secretary counts the overdue visits addressed to him, no longer his
        assert overdue_visits_count_for(user=cc.b1_secretary.user) == 0
        assert overdue_visits_count_for(user=cc.wc_secretary.user) == 1


def test_a_missed_sweep_catches_up_one_level_at_a_time(cc, settings):
    settings.SHEQU_PARTY = {"care": {"escalate_every_days": 1, "due_days": {"bereaved": 1}}}
    with on_day(D):
        visit = care_flag_raise(member=cc.m1, trigger=CareTrigger.BEREAVED, on=D)
    with on_day(D + dt.timedelta(days=3)):  # due D+1, 2 days late: level 2
        assert care_escalate_due() == 2
    assert list(visit.events.filter(verb="escalate").values_list("data__level", flat=True)) == [
        1,
        2,
    ]


def test_logged_visit_stops_escalating_and_cannot_be_logged_twice(cc, cast):
    with on_day(D):
        visit = care_flag_raise(member=cc.m1, trigger=CareTrigger.HARDSHIP, on=D)
        with pytest.raises(PermissionDenied):  # a grid worker records no party work
            care_visit_log(actor=cast.grid_worker, visit=visit, visited_on=D, notes="x")
        with pytest.raises(ValidationError) as exc:
            care_visit_log(
                actor=cc.b1_secretary.user,
                visit=visit,
                visited_on=D - dt.timedelta(days=1),
                notes="",
            )
        assert {"visited_on", "notes"} <= set(exc.value.message_dict)
        assert my_care_visits(cc.b1_secretary.user, None)["context"]["visits"] == [visit]
        care_visit_log(actor=cc.b1_secretary.user, visit=visit, visited_on=D, notes="送去慰问金")
        assert my_care_visits(cc.b1_secretary.user, None) is None
        with pytest.raises(ValidationError) as exc:
            care_visit_log(actor=cc.b1_secretary.user, visit=visit, visited_on=D, notes="again")
        assert "status" in exc.value.message_dict
    with on_day(D + dt.timedelta(days=30)):
        assert care_escalate_due() == 0
    visit.refresh_from_db()
    assert (visit.status, visit.escalation_level) == (VisitStatus.DONE, 0)


def test_clearing_an_occasion_cancels_its_visit_and_allows_a_new_one(cc):
    with on_day(D):
        visit = care_flag_raise(member=cc.m1, trigger=CareTrigger.FAMILY_CONFLICT, on=D)
        care_flag_clear(flag=visit.flag, on=D)
        visit.refresh_from_db()
        assert visit.status == VisitStatus.CANCELLED
        second = care_flag_raise(member=cc.m1, trigger=CareTrigger.FAMILY_CONFLICT, on=D)
    assert second.pk != visit.pk and CareVisit.objects.count() == 2


def test_raising_needs_record_party_and_a_known_trigger(cc, cast):
    with pytest.raises(PermissionDenied):
        care_flag_raise(actor=cast.grid_worker, member=cc.m1, trigger=CareTrigger.HARDSHIP)
    with pytest.raises(ValidationError) as exc:
        care_flag_raise(member=cc.m1, trigger="lottery")
    assert "trigger" in exc.value.message_dict
    assert CareVisit.objects.count() == 0


def test_circumstances_keep_their_history_and_need_view_circumstances(cc, cast):
    secretary = cast.community_secretary
    circumstance_record(
        actor=secretary,
        member=cc.m1,
        aspect=Aspect.WORK,
        text="在超市上班",
        recorded_on=dt.date(2025, 1, 5),
    )
    circumstance_record(
        actor=secretary,
        member=cc.m1,
        aspect=Aspect.WORK,
        text="下岗待业",
        recorded_on=dt.date(2025, 6, 1),
    )
    assert MemberCircumstance.objects.filter(member=cc.m1).count() == 2
    assert circumstance_current(user=secretary, member=cc.m1)[Aspect.WORK].text == "下岗待业"
    assert len(circumstance_list_for(user=secretary, member=cc.m1)) == 2
    assert list(circumstance_list_for(user=cast.community_worker, member=cc.m1)) == []
    for actor in (cast.community_worker, cast.auditor):  # one cannot read, one cannot write
        with pytest.raises(PermissionDenied):
            circumstance_record(actor=actor, member=cc.m1, aspect=Aspect.FAMILY, text="x")
    with pytest.raises(ValidationError) as exc:
        circumstance_record(actor=secretary, member=cc.m1, aspect="mood", text=" ")
    assert {"aspect", "text"} <= set(exc.value.message_dict)


def test_service_cards_are_numbered_by_the_configured_format(cc, cast, settings):
    from shequ.party.services.care import card_issue_all

    settings.SHEQU_PARTY = {"care": {"card_number_format": "{org}/{year}/{seq:03d}"}}
    cc.m2.card_number = "P-C1G1/2026/001"  # already taken by hand: skipped, not reused
    cc.m2.save(update_fields=["card_number"])
    late = cc.p.member("C1G1", cc.p.b1, "冯党员", joined_on=dt.date(2015, 7, 1))
    assert card_issue_all(actor=cast.branch_secretary, org=cc.p.b1, on=D) == 2
    assert card_issue_all(actor=cast.branch_secretary, org=cc.p.b1, on=D) == 0  # all have one
    with pytest.raises(PermissionDenied):  # the second grid's branch is not his
        card_issue_all(actor=cast.branch_secretary, org=cc.p.b2, on=D)
    for member in (cc.m1, late, cc.m3):
        member.refresh_from_db()
    # seq starts after the 1 card already held: m1 joined first (2010) gets 002, then 003
    assert (cc.m1.card_number, late.card_number, cc.m3.card_number) == (
        "P-C1G1/2026/002",
        "P-C1G1/2026/003",
        None,
    )
    settings.SHEQU_PARTY = {"care": {"card_number_format": "{branch}-{seq}"}}
    with pytest.raises(ValidationError) as exc:
        card_issue_all(org=cc.p.b2)
    assert "card_number_format" in exc.value.message_dict


def test_the_periodic_sweep_takes_the_slots_local_day(cc):
    from shequ.party.tasks import care_visit_sweep

    with on_day(D):
        visit = care_flag_raise(member=cc.m1, trigger=CareTrigger.BEREAVED, on=D)  # due D+3
    # 23:30 UTC on D+4 is already D+5 in Shanghai: two days late, level 1
    assert care_visit_sweep.call(slot="2026-03-06T23:30:00+00:00") == {"escalated": 1}
    assert care_visit_sweep.call(slot="2026-03-06T23:30:00+00:00") == {"escalated": 0}
    visit.refresh_from_db()
    assert visit.escalation_level == 1


def test_a_member_held_elsewhere_is_visited_by_his_communitys_committee(cc):
    from shequ.party.choices import MemberCategory

    reporting = cc.p.member(
        "C1G1",
        None,
        "在职党员",
        category=MemberCategory.IN_SERVICE,
        external_org="示范区人民医院党委",
    )
    assert reporting.node == cc.t.c1  # managed at his community
    with on_day(D):
        visit = care_flag_raise(member=reporting, trigger=CareTrigger.HOSPITALISED, on=D)
    assert (visit.assignee_name, visit.assignee_org) == ("赵党委书记", cc.p.c1)
    with on_day(D + dt.timedelta(days=7)):  # due D+3, 4 days late: level 2 is the committee
        assert care_escalate_due() == 2
    visit.refresh_from_db()
    assert (visit.escalation_level, visit.assignee_name) == (2, "赵党委书记")
