"""The report-in loop of in-service members (R-PM-2): report-in, pledge, posts and their
capacity, service records and their confirmation, the half-yearly feedback letter."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from shequ.party.choices import MemberCategory, TeamKind
from shequ.party.models import (
    FeedbackGrade,
    FeedbackLetter,
    PostClaim,
    ReportInChannel,
    ServiceRecord,
    ServiceRecordStatus,
)
from shequ.party.selectors.reportin import (
    coverage_for,
    feedback_period,
    feedback_periods,
    my_reportin_section,
)
from shequ.party.services.orgs import team_create
from shequ.party.services.reportin import (
    feedback_letter_mark_sent,
    feedback_letters_issue,
    pledge_sign,
    post_claim,
    post_close,
    post_create,
    post_release,
    report_in_end,
    report_in_register,
    service_confirm,
    service_record,
    service_reject,
)

from . import fixtures_reportin

frozen = fixtures_reportin.frozen
in_service = fixtures_reportin.in_service
loop = fixtures_reportin.loop

H1 = (dt.date(2026, 1, 1), dt.date(2026, 6, 30))


def _record(loop, day, hours, activity="巡逻", post=None, actor=None):
    return service_record(
        actor=actor or loop.user,
        report_in=loop.report_in,
        activity=activity,
        served_on=day,
        hours=Decimal(hours),
        post=post,
    )


def test_whole_loop_letter_counts_confirmed_hours_of_the_period_only(loop):
    """Acceptance: pledge → claim → hours confirmed → the letter holds the right totals."""
    pledge = pledge_sign(
        actor=loop.user,
        report_in=loop.report_in,
        text="我承诺每月参加服务",
        signed_on=dt.date(2026, 1, 6),
    )
    assert pledge.year == 2026
    claim = post_claim(
        actor=loop.user, post=loop.post, report_in=loop.report_in, on=dt.date(2026, 1, 6)
    )
    second = post_create(
        actor=loop.secretary,
        community=loop.t.c1,
        title="文明劝导岗",
        capacity=2,
        starts_on=dt.date(2026, 1, 1),
    )
    post_claim(actor=loop.worker, post=second, report_in=loop.report_in, on=dt.date(2026, 2, 1))
    a = _record(loop, dt.date(2026, 2, 7), "2.5", post=loop.post)
    b = _record(loop, dt.date(2026, 3, 14), "3", post=second)
    c = _record(loop, dt.date(2026, 6, 30), "1.5", actor=loop.worker)
    rejected = _record(loop, dt.date(2026, 4, 4), "4")
    in_h2 = _record(loop, dt.date(2026, 7, 1), "2")
    pending = _record(loop, dt.date(2026, 5, 2), "6")  # never confirmed: does not count
    service_confirm(actor=loop.worker, record=a, rating=5)
    service_confirm(actor=loop.worker, record=b, rating=4)
    service_confirm(actor=loop.secretary, record=c)
    service_reject(actor=loop.worker, record=rejected, note="当天未到岗")
    service_confirm(actor=loop.worker, record=in_h2, rating=1)
    assert pending.status == ServiceRecordStatus.RECORDED
    post_release(actor=loop.user, claim=claim, on=dt.date(2026, 5, 31))

    letters = feedback_letters_issue(
        actor=loop.secretary, community=loop.t.c1, period_start=H1[0], period_end=H1[1]
    )
    assert len(letters) == 1
    letter = letters[0]
    assert letter.hours == Decimal("7.0")  # 2.5 + 3 + 1.5
    assert letter.activities == 3
    assert letter.post_list == ["平安巡逻岗", "文明劝导岗"]
    assert letter.rating == Decimal("4.5")  # (5 + 4) / 2; c was not rated
    assert letter.grade == FeedbackGrade.EXCELLENT
    assert letter.employer == "示范区人民医院"
    assert letter.employer_party_org == "示范区人民医院党委"
    assert letter.letter_number == "FK-C1-202601-001"
    assert letter.issued_on == dt.date(2026, 7, 15)


def test_reissuing_a_period_changes_nothing_and_adds_only_missing_letters(loop):
    a = _record(loop, dt.date(2026, 2, 7), "2.5")
    service_confirm(actor=loop.worker, record=a, rating=3)
    first = feedback_letters_issue(
        actor=loop.secretary, community=loop.t.c1, period_start=H1[0], period_end=H1[1]
    )
    assert first[0].grade == FeedbackGrade.FAIR  # 3.0: ≥ 2.5, < 3.5
    late = _record(loop, dt.date(2026, 3, 1), "4")
    service_confirm(actor=loop.worker, record=late)  # confirmed after the letter was issued
    other = in_service(loop.party, "C1G2", "赵在职")
    report_in_register(
        actor=loop.worker,
        member=other,
        community=loop.t.c1,
        on=dt.date(2026, 6, 1),
        channel=ReportInChannel.WORKER,
    )
    again = feedback_letters_issue(
        actor=loop.secretary, community=loop.t.c1, period_start=H1[0], period_end=H1[1]
    )
    assert [letter.member for letter in again] == [other]
    assert again[0].hours == Decimal("0.0") and again[0].grade == FeedbackGrade.UNRATED
    assert again[0].letter_number == "FK-C1-202601-002"
    first[0].refresh_from_db()
    assert first[0].hours == Decimal("2.5")
    assert (
        feedback_letters_issue(
            actor=loop.secretary, community=loop.t.c1, period_start=H1[0], period_end=H1[1]
        )
        == []
    )
    assert FeedbackLetter.objects.count() == 2


def test_letter_periods_follow_the_configuration(loop, settings):
    assert feedback_period(dt.date(2026, 8, 3)) == (dt.date(2026, 7, 1), dt.date(2026, 12, 31))
    assert feedback_periods(2026) == [H1, (dt.date(2026, 7, 1), dt.date(2026, 12, 31))]
    with pytest.raises(ValidationError) as exc:  # not a half-year
        feedback_letters_issue(
            actor=loop.secretary,
            community=loop.t.c1,
            period_start=dt.date(2026, 2, 1),
            period_end=H1[1],
        )
    assert "period_start" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:  # the second half is not over
        feedback_letters_issue(
            actor=loop.secretary,
            community=loop.t.c1,
            period_start=dt.date(2026, 7, 1),
            period_end=dt.date(2026, 12, 31),
        )
    assert "period_end" in exc.value.message_dict
    settings.SHEQU_PARTY = {"report_in": {"feedback_months": 3, "min_hours_per_period": 5}}
    assert feedback_period(dt.date(2026, 5, 9)) == (dt.date(2026, 4, 1), dt.date(2026, 6, 30))
    record = _record(loop, dt.date(2026, 5, 9), "4.5")
    service_confirm(actor=loop.worker, record=record, rating=5)
    (letter,) = feedback_letters_issue(
        actor=loop.secretary,
        community=loop.t.c1,
        period_start=dt.date(2026, 4, 1),
        period_end=H1[1],
    )
    assert letter.hours == Decimal("4.5")
    assert letter.grade == FeedbackGrade.SHORT_HOURS  # 4.5 h < 5 h required


def test_letter_mark_sent_once_and_not_before_issue(loop):
    (letter,) = feedback_letters_issue(
        actor=loop.secretary, community=loop.t.c1, period_start=H1[0], period_end=H1[1]
    )
    with pytest.raises(ValidationError) as exc:
        feedback_letter_mark_sent(actor=loop.worker, letter=letter, on=dt.date(2026, 7, 1))
    assert "sent_on" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        feedback_letter_mark_sent(actor=loop.outsider, letter=letter)
    feedback_letter_mark_sent(actor=loop.worker, letter=letter)
    letter.refresh_from_db()
    assert letter.sent_on == dt.date(2026, 7, 15) and letter.sent_by == loop.worker
    with pytest.raises(ValidationError):
        feedback_letter_mark_sent(actor=loop.worker, letter=letter)
    with pytest.raises(PermissionDenied):  # a worker records, the secretary issues
        feedback_letters_issue(
            actor=loop.worker, community=loop.t.c1, period_start=H1[0], period_end=H1[1]
        )


def test_report_in_rules(loop):
    t = loop.t
    with pytest.raises(ValidationError) as exc:  # already reported in
        report_in_register(
            actor=loop.worker, member=loop.member, community=t.c1, channel=ReportInChannel.WORKER
        )
    assert "member" in exc.value.message_dict
    other = in_service(loop.party, "C1G2", "钱在职")
    with pytest.raises(ValidationError) as exc:  # he lives in 东一社区, not 东二社区
        report_in_register(actor=None, member=other, community=t.c2)
    assert "community" in exc.value.message_dict
    with pytest.raises(PermissionDenied):  # another member cannot report him in
        report_in_register(
            actor=loop.user, member=other, community=t.c1, channel=ReportInChannel.SELF
        )
    with pytest.raises(PermissionDenied):  # a worker of 西一社区 cannot enter him here
        report_in_register(actor=loop.outsider, member=other, community=t.c1)
    retired = loop.party.member("C1G1", loop.party.b1, "孙退休", category=MemberCategory.RETIRED)
    with pytest.raises(ValidationError) as exc:
        report_in_register(actor=loop.worker, member=retired, community=t.c1)
    assert "member" in exc.value.message_dict
    # the DB holds the rule too
    with pytest.raises(IntegrityError), transaction.atomic():
        type(loop.report_in).objects.create(
            member=loop.member, community=t.c1, reported_on=dt.date(2026, 7, 1), channel="worker"
        )


def test_pledge_once_a_year(loop):
    pledge_sign(
        actor=loop.worker, report_in=loop.report_in, text="承诺", signed_on=dt.date(2026, 1, 6)
    )
    with pytest.raises(ValidationError) as exc:
        pledge_sign(actor=loop.user, report_in=loop.report_in, text="再次承诺")
    assert "year" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        pledge_sign(actor=loop.user, report_in=loop.report_in, text="  ", year=2027)
    assert "text" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        pledge_sign(actor=loop.outsider, report_in=loop.report_in, text="x", year=2027)


def test_capacity_is_enforced_and_released_places_free_up(loop):
    others = [
        in_service(loop.party, "C1G1", f"在职{i}", flat=1)
        if i == 0
        else in_service(loop.party, "C1G2", f"在职{i}", flat=i - 1)
        for i in range(3)
    ]
    report_ins = [
        report_in_register(actor=loop.worker, member=m, community=loop.t.c1) for m in others
    ]
    small = post_create(
        actor=loop.secretary,
        community=loop.t.c1,
        title="楼道清洁岗",
        capacity=2,
        starts_on=dt.date(2026, 1, 1),
    )
    first = post_claim(actor=loop.worker, post=small, report_in=report_ins[0])
    post_claim(actor=loop.worker, post=small, report_in=report_ins[1])
    with pytest.raises(ValidationError) as exc:
        post_claim(actor=loop.worker, post=small, report_in=report_ins[2])
    assert "post" in exc.value.message_dict
    assert "2" in exc.value.message_dict["post"][0]
    with pytest.raises(ValidationError):  # he already holds it
        post_claim(actor=loop.worker, post=small, report_in=report_ins[1])
    post_release(actor=loop.worker, claim=first)
    post_claim(actor=loop.worker, post=small, report_in=report_ins[2])
    assert PostClaim.objects.filter(post=small, released_on__isnull=True).count() == 2
    post_close(actor=loop.secretary, post=small)
    assert PostClaim.objects.filter(post=small, released_on__isnull=True).count() == 0
    with pytest.raises(ValidationError):
        post_claim(actor=loop.user, post=small, report_in=loop.report_in)
    with pytest.raises(ValidationError) as exc:
        post_create(
            actor=loop.secretary,
            community=loop.t.c1,
            title="x",
            capacity=0,
            starts_on=dt.date(2026, 1, 1),
        )
    assert "capacity" in exc.value.message_dict
    with pytest.raises(PermissionDenied):  # a worker records; posts are the secretary's
        post_create(
            actor=loop.worker,
            community=loop.t.c1,
            title="x",
            capacity=1,
            starts_on=dt.date(2026, 1, 1),
        )


def test_post_of_another_community_cannot_be_claimed(loop):
    there = post_create(
        actor=None, community=loop.t.c3, title="西一岗", capacity=5, starts_on=dt.date(2026, 1, 1)
    )
    with pytest.raises(ValidationError) as exc:
        post_claim(actor=loop.user, post=there, report_in=loop.report_in)
    assert "post" in exc.value.message_dict


def test_service_record_checks(loop):
    with pytest.raises(ValidationError) as exc:
        _record(loop, dt.date(2026, 7, 20), "2")  # future
    assert "served_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        _record(loop, dt.date(2026, 1, 2), "2")  # before he reported in
    assert "served_on" in exc.value.message_dict
    for bad in ("0", "25", "1.25"):
        with pytest.raises(ValidationError) as exc:
            _record(loop, dt.date(2026, 2, 2), bad)
        assert "hours" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:  # a post he never claimed
        _record(loop, dt.date(2026, 2, 2), "2", post=loop.post)
    assert "post" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        _record(loop, dt.date(2026, 2, 2), "2", actor=loop.outsider)


def test_confirmation_by_worker_or_team_leader_never_by_himself(loop):
    t = loop.t
    leader = in_service(loop.party, "C1G2", "队长")
    team = team_create(
        node=t.c1, kind=TeamKind.VOLUNTEERS, name="在职党员志愿队", leader=leader.person
    )
    from shequ.conftest import make_user

    leader_user = make_user("leader")
    leader_user.person = leader.person
    leader_user.save(update_fields=["person"])
    post = post_create(
        actor=loop.secretary,
        community=t.c1,
        title="志愿服务岗",
        capacity=4,
        starts_on=dt.date(2026, 1, 1),
        team=team,
    )
    post_claim(actor=loop.user, post=post, report_in=loop.report_in, on=dt.date(2026, 2, 1))
    on_post = _record(loop, dt.date(2026, 2, 8), "2", post=post)
    off_post = _record(loop, dt.date(2026, 2, 9), "2")
    with pytest.raises(PermissionDenied):
        service_confirm(actor=loop.user, record=on_post)  # his own
    with pytest.raises(PermissionDenied):
        service_confirm(actor=leader_user, record=off_post)  # not on his team's post
    with pytest.raises(ValidationError) as exc:
        service_confirm(actor=leader_user, record=on_post, rating=6)
    assert "rating" in exc.value.message_dict
    service_confirm(actor=leader_user, record=on_post, rating=4)
    with pytest.raises(ValidationError) as exc:
        service_confirm(actor=loop.worker, record=on_post)
    assert "status" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        service_reject(actor=loop.worker, record=off_post, note="")
    assert "note" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        service_reject(actor=loop.outsider, record=off_post, note="没有")
    assert ServiceRecord.objects.get(pk=on_post.pk).confirmed_by == leader_user


def test_ending_a_report_in_releases_his_posts(loop):
    claim = post_claim(
        actor=loop.user, post=loop.post, report_in=loop.report_in, on=dt.date(2026, 7, 1)
    )
    report_in_end(actor=loop.worker, report_in=loop.report_in, on=dt.date(2026, 7, 10))
    claim.refresh_from_db()
    assert claim.released_on == dt.date(2026, 7, 10)
    # he may report in again (to the same community), the old report-in stays closed
    again = report_in_register(
        actor=loop.user, member=loop.member, community=loop.t.c1, channel=ReportInChannel.SELF
    )
    assert again.pk != loop.report_in.pk


def test_coverage_counts_in_service_residents_of_the_scope(loop, cast):
    in_service(loop.party, "C1G2", "未报到")
    there = in_service(loop.party, "C3G1", "西一在职")
    report_in_register(actor=None, member=there, community=loop.t.c3)
    loop.party.member("C1G1", loop.party.b1, "直管", category=MemberCategory.DIRECT)
    assert coverage_for(user=loop.secretary) == (1, 2)
    assert coverage_for(user=cast.district_admin) == (2, 3)
    assert coverage_for(user=loop.outsider) == (1, 1)  # 西一社区 only
    assert coverage_for(user=loop.user) == (0, 0)


def test_my_section_shows_posts_hours_and_pending(loop):
    post_claim(actor=loop.user, post=loop.post, report_in=loop.report_in)
    done = _record(loop, dt.date(2026, 7, 5), "2.5")
    _record(loop, dt.date(2026, 7, 6), "1")
    _record(loop, dt.date(2026, 6, 6), "3")  # the previous period
    service_confirm(actor=loop.worker, record=done)
    section = my_reportin_section(loop.user, loop.member)
    ctx = section["context"]
    assert [c.post.title for c in ctx["claims"]] == ["平安巡逻岗"]
    assert ctx["hours"] == Decimal("2.5") and ctx["activities"] == 1
    assert ctx["pending"] == 1
    direct = loop.party.member("C1G1", loop.party.b1, "直管", category=MemberCategory.DIRECT)
    assert my_reportin_section(None, direct) is None
