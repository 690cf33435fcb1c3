"""Party work in the demo district, after ``demo_party_load``: the records a branch
secretary of the first community finds on every page — recruits at every stage of the
pipeline (R-PM-3), report-ins with pledges, posts, service records and feedback letters
(R-PM-2), dues standards and payments with some members in arrears (R-PM-5), 三会一课
meetings (R-PM-7), 四联四包 links (R-ORG-5), 四知四访 care flags and visits (R-PM-6), an
evaluation round (R-PM-4) and the teams' activities (R-PM-8).

Everything goes through the services (actor ``None``: the platform itself) with dates in the
past relative to ``as_of``, so that every precondition holds as it would have in real life.
A record a service refuses is skipped (and counted under ``skipped``) rather than failing the
load. The same seed gives the same records relative to the day they are generated for; the
services compare dates with ``timezone.localdate()``, so ``as_of`` must not lie after today."""

from __future__ import annotations

import datetime as dt
import logging
import random
from collections import Counter
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from shequ.people.choices import PoliticalStatus
from shequ.people.models import Household, Person
from shequ.territory.choices import NodeKind
from shequ.territory.models import Node

from .choices import MemberCategory, MembershipStage, MemberState, OrgKind, SeatPost, TeamKind
from .config import party_config
from .models import CommitteeSeat, PartyMember, PartyOrg, Team
from .models.care import Aspect, CareTrigger
from .models.chain import ChainKind
from .models.dues import DuesBasis
from .models.evaluation import Grade, RaterKind
from .models.meetings import AttendanceStatus, MeetingKind
from .models.recruitment import RecruitStage as S
from .selectors.reportin import feedback_period
from .services import care, chain, dues, engagement, evaluation, meetings, recruitment, reportin

log = logging.getLogger(__name__)
D = dt.timedelta
LAST_REFUSALS: list[str] = []
REFUSED = (ValidationError, PermissionDenied, IntegrityError)


class _Run:
    """The counts of one load and the savepoint around each record: a refusal rolls back
    that record only."""

    def __init__(self, seed: int, as_of: dt.date):
        self.rng = random.Random(f"party-work-{seed}")
        self.as_of = as_of
        self.counts: Counter[str] = Counter()
        self.refusals: list[str] = []

    def do(self, key: str | None, fn, /, **kwargs):
        try:
            with transaction.atomic():
                out = fn(**kwargs)
        except REFUSED as exc:
            self.counts["skipped"] += 1
            self.refusals.append(f"{fn.__name__}: {exc}")
            log.debug("demo party work: %s refused: %s", fn.__name__, exc)
            return None
        if key:
            self.counts[key] += 1
        return out


def _at(day: dt.date, hour: int = 19) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=timezone.get_current_timezone())


def _monday_after(day: dt.date) -> dt.date:
    return day + D(days=(7 - day.weekday()) % 7)


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


# ----------------------------------------------------------------------------- recruitment


def _recruits(run: _Run, branch: PartyOrg, sponsors: list[PartyMember]) -> None:
    """One recruit per stage (two applicants and activists), each walked along the legal
    path (R-PM-3) with dates counted back from ``as_of``."""
    A = run.as_of
    persons = list(
        Person.objects.filter(
            node__path__startswith=branch.node.path,
            status="resident",
            birth_date__lte=dt.date(A.year - 22, 1, 1),
            birth_date__gte=dt.date(A.year - 45, 1, 1),
        )
        .exclude(political_status__in=[PoliticalStatus.PARTY_MEMBER, PoliticalStatus.PROBATIONARY])
        .exclude(party_memberships__isnull=False)
        .order_by("id")[:40]
    )
    if len(sponsors) < 2 or not persons:
        return
    run.rng.shuffle(persons)
    contacts, introducers = sponsors[:2], sponsors[-2:]
    secretary = CommitteeSeat.objects.filter(org=branch, post=SeatPost.SECRETARY).first()
    answerable = secretary.name if secretary else "支部书记"
    parent = PartyOrg.objects.filter(path=branch.path[:-4]).first()
    approver = (parent or branch).name

    def apply(person, on):
        return run.do("recruits", recruitment.recruit_apply, person=person, org=branch,
                      applied_on=on, answerable_name=answerable)  # fmt: skip

    def activist(recruit, on):
        """``on``: the day of the committee decision, 40 days or more after applying."""
        run.do(None, recruitment.recruit_record_talk, recruit=recruit, on=on - D(days=25))
        run.do(None, recruitment.recruit_record_resolution, recruit=recruit,
               for_stage=S.ACTIVIST, resolved_on=on)  # fmt: skip
        out = run.do(None, recruitment.recruit_transition, recruit=recruit, to=S.ACTIVIST,
                     actor=None, on=on)  # fmt: skip
        run.do(None, recruitment.recruit_assign_contacts, recruit=recruit, members=contacts,
               on=on + D(days=3))  # fmt: skip
        return out

    def candidate(recruit, on):
        """``on``: 380 days or more after becoming an activist."""
        run.do(None, recruitment.recruit_record_training, recruit=recruit,
               hours=Decimal("12"), on=on - D(days=100), note="入党积极分子培训班")  # fmt: skip
        run.do(None, recruitment.recruit_record_resolution, recruit=recruit,
               for_stage=S.CANDIDATE, resolved_on=on, group_opinion="党小组同意")  # fmt: skip
        return run.do(None, recruitment.recruit_transition, recruit=recruit, to=S.CANDIDATE,
                      actor=None, on=on)  # fmt: skip

    def admit(recruit, on):
        """``on``: about 50 days after becoming a candidate; returns the meeting's day."""
        run.do(None, recruitment.recruit_record_review, recruit=recruit, on=on + D(days=10),
               conclusion="政治审查合格")  # fmt: skip
        run.do(None, recruitment.recruit_record_training, recruit=recruit,
               hours=Decimal("12"), on=on + D(days=12), note="发展对象培训班")  # fmt: skip
        for member in introducers:
            run.do(None, recruitment.recruit_add_introducer, recruit=recruit, member=member,
                   on=on + D(days=14))  # fmt: skip
        starts = _monday_after(on + D(days=16))
        notice = run.do(None, recruitment.recruit_open_notice, recruit=recruit,
                        for_stage=S.PROBATIONARY, starts_on=starts)  # fmt: skip
        meeting = (notice.ends_on if notice else starts + D(days=14)) + D(days=3)
        if notice is not None:
            run.do(None, recruitment.recruit_record_notice_outcome, notice=notice, upheld=False)
        resolution = run.do(None, recruitment.recruit_record_resolution, recruit=recruit,
                            for_stage=S.PROBATIONARY, resolved_on=meeting,
                            members_entitled=12, attending=10, votes_for=10,
                            text="同意接收为中共预备党员")  # fmt: skip
        if resolution is not None:
            run.do(
                None,
                recruitment.recruit_record_approval,
                resolution=resolution,
                approved_on=meeting + D(days=7),
                approved_by=approver,
            )
        run.do(None, recruitment.recruit_transition, recruit=recruit, to=S.PROBATIONARY,
               actor=None, on=meeting + D(days=7))  # fmt: skip
        return meeting

    def decided(recruit, stage, on, *, notice=True, against=0):
        if notice:
            run.do(None, recruitment.recruit_open_notice, recruit=recruit, for_stage=stage,
                   starts_on=_monday_after(on - D(days=21)))  # fmt: skip
        resolution = run.do(None, recruitment.recruit_record_resolution, recruit=recruit,
                            for_stage=stage, resolved_on=on, members_entitled=12,
                            attending=11, votes_for=11 - against,
                            votes_against=against)  # fmt: skip
        if resolution is not None:
            run.do(None, recruitment.recruit_record_approval, resolution=resolution,
                   approved_on=on, approved_by=approver)  # fmt: skip

    # (stage, days since applying) — the older recruits went further.
    plan = [
        (S.APPLICANT, 20), (S.APPLICANT, 75), (S.ACTIVIST, 200), (S.ACTIVIST, 330),
        (S.WITHDRAWN, 300), (S.CANDIDATE, 500), (S.PROBATIONARY, 620),
        (S.EXTENDED, 1010), (S.CANCELLED, 960), (S.FULL, 1100), (S.FULL, 1300),
    ]  # fmt: skip
    for (stage, age), person in zip(plan, persons, strict=False):
        applied = A - D(days=age)
        recruit = apply(person, applied)
        if recruit is None or stage == S.APPLICANT:
            continue
        became_activist = applied + D(days=45)
        if activist(recruit, became_activist) is None:
            continue
        if stage == S.WITHDRAWN:
            run.do(None, recruitment.recruit_transition, recruit=recruit, to=S.WITHDRAWN,
                   actor=None, on=A - D(days=60), note="本人因工作调动撤回入党申请")  # fmt: skip
            continue
        if stage == S.ACTIVIST:
            continue
        if candidate(recruit, became_activist + D(days=380)) is None:
            continue
        if stage == S.CANDIDATE:
            continue
        admitted = admit(recruit, became_activist + D(days=380))
        recruit.refresh_from_db()
        if recruit.stage != S.PROBATIONARY or stage == S.PROBATIONARY:
            continue
        probation_end = admitted + D(days=365)
        if stage == S.FULL:
            decided(recruit, S.FULL, probation_end)
            run.do(None, recruitment.recruit_transition, recruit=recruit, to=S.FULL,
                   actor=None, on=probation_end)  # fmt: skip
        elif stage == S.EXTENDED:
            decided(recruit, S.EXTENDED, probation_end + D(days=5), notice=False, against=3)
            run.do(None, recruitment.recruit_transition, recruit=recruit, to=S.EXTENDED,
                   actor=None, on=probation_end + D(days=5),
                   extended_until=probation_end + D(days=270))  # fmt: skip
        elif stage == S.CANCELLED:
            decided(recruit, S.CANCELLED, admitted + D(days=200), notice=False)
            run.do(None, recruitment.recruit_transition, recruit=recruit, to=S.CANCELLED,
                   actor=None, on=admitted + D(days=200),
                   note="预备期内不履行党员义务，经教育仍无转变")  # fmt: skip


# ----------------------------------------------------------------------------- report-in

POSTS = (
    ("平安巡逻岗", "周末晚间在小区巡逻，协助物业排查安全隐患", 2),
    ("政策宣传岗", "在小区宣传栏和楼道张贴、讲解惠民政策", 6),
    ("环境整治岗", "每月参加一次楼道、绿地环境整治", 6),
)
ACTIVITIES = ("小区夜间巡逻", "垃圾分类督导", "为独居老人代购生活用品", "楼道杂物清理",
              "政策宣传进楼栋", "疫苗接种现场引导", "文明养犬劝导")  # fmt: skip


def _report_ins(run: _Run, community: Node, members: list[PartyMember]) -> None:
    A = run.as_of
    current_start, _end = feedback_period(A)
    last_start, last_end = feedback_period(current_start - D(days=1))
    posts = [
        run.do(
            "posts",
            reportin.post_create,
            community=community,
            title=title,
            duties=duties,
            capacity=capacity,
            starts_on=last_start,
        )  # fmt: skip
        for title, duties, capacity in POSTS
    ]
    report_ins = []
    for index, member in enumerate(members[:10]):
        on = last_start - D(days=30 + 11 * index)
        report_in = run.do("report_ins", reportin.report_in_register, member=member,
                           community=community, on=on,
                           pledge=f"每季度参加社区志愿服务不少于{2 + index % 3}次")  # fmt: skip
        if report_in is None:
            continue
        report_ins.append(report_in)
        run.do("pledges", reportin.pledge_sign, report_in=report_in, signed_on=current_start,
               year=current_start.year, text="亮身份、作表率，认领岗位，服务居民")  # fmt: skip
    for index, report_in in enumerate(report_ins):
        post = posts[0] if index < 2 else posts[1 + index % 2]  # the first post is full
        if post is not None:
            run.do("claims", reportin.post_claim, post=post, report_in=report_in,
                   on=last_start + D(days=5))  # fmt: skip
        days = [last_start + D(days=run.rng.randint(10, 170)) for _ in range(3)]
        days += [current_start + D(days=run.rng.randint(1, max(1, (A - current_start).days)))
                 for _ in range(2)]  # fmt: skip
        for n, served in enumerate(sorted(d for d in days if d <= A)):
            record = run.do("service_records", reportin.service_record, report_in=report_in,
                            activity=run.rng.choice(ACTIVITIES), served_on=served,
                            hours=Decimal(run.rng.choice(("1.5", "2.0", "3.0", "4.0"))),
                            post=post if n == 0 else None)  # fmt: skip
            if record is None:
                continue
            if served >= current_start and n % 2:
                continue  # still awaiting confirmation
            if (index + n) % 7 == 3:
                run.do("service_rejected", reportin.service_reject, record=record,
                       note="当日未到岗，记录有误")  # fmt: skip
            else:
                run.do("service_confirmed", reportin.service_confirm, record=record,
                       rating=run.rng.choice((3, 4, 4, 5, 5)))  # fmt: skip
    letters = run.do(None, reportin.feedback_letters_issue, community=community,
                     period_start=last_start, period_end=last_end, on=A)  # fmt: skip
    run.counts["letters"] += len(letters or [])


# ----------------------------------------------------------------------------- dues


def _dues(run: _Run, branches: list[PartyOrg]) -> None:
    """A standard from a year ago for the members of the first branches; most paid up to
    this month, every fifth member stopped paying four months ago (in arrears)."""
    this_month = _month_start(run.as_of)
    first = _add_months(this_month, -12)
    members = PartyMember.objects.filter(org__in=branches, state=MemberState.ACTIVE).order_by("id")
    for index, member in enumerate(members):
        basis, income = DuesBasis.FLAT, None
        if member.category == MemberCategory.IN_SERVICE:
            basis, income = DuesBasis.IN_SERVICE, Decimal(run.rng.randrange(3000, 15000, 100))
        elif member.category == MemberCategory.RETIRED:
            basis, income = DuesBasis.RETIRED, Decimal(run.rng.randrange(2500, 7000, 100))
        start = max(first, _month_start(member.joined_on))
        standard = run.do("dues_standards", dues.dues_standard_set, member=member,
                          from_month=start, basis=basis, income=income)  # fmt: skip
        if standard is None:
            continue
        last = _add_months(this_month, -4) if index % 5 == 4 else this_month
        months, month = [], start
        while month <= last:
            months.append(month)
            month = _add_months(month, 1)
        # paid in quarters, as members usually do
        for chunk in range(0, len(months), 3):
            paid = months[chunk : chunk + 3]
            entries = run.do(None, dues.dues_pay, member=member, months=paid,
                             amount=standard.monthly_amount * len(paid))  # fmt: skip
            run.counts["dues_months_paid"] += len(entries or [])
        if index % 5 == 4:
            run.counts["dues_in_arrears"] += 1


# ----------------------------------------------------------------------------- meetings

# kind → every how many months in the demo (三会一课: 支委会 and 党小组会 monthly, 党员大会
# and 党课 quarterly, 主题党日 monthly, 组织生活会 once a year).
MEETING_PLAN = (
    (MeetingKind.BRANCH_COMMITTEE, "支委会：研究本月工作", 1),
    (MeetingKind.THEME_DAY, "主题党日：进楼栋、访民情", 1),
    (MeetingKind.BRANCH_ASSEMBLY, "支部党员大会：通报季度工作", 3),
    (MeetingKind.PARTY_LECTURE, "党课：学习党章 践行宗旨", 3),
    (MeetingKind.ORGANISATIONAL_LIFE, "组织生活会：对照检查", 4),
    (MeetingKind.DEMOCRATIC_EVALUATION, "民主评议党员大会", 4),
)


def _meetings(run: _Run, branches: list[PartyOrg]) -> None:
    """Four months of meetings for the branches of the first community; the last branch
    held only one (behind its schedule); one theme party day was cancelled."""
    A = run.as_of
    months = [_add_months(_month_start(A), -n) for n in range(4, 0, -1)]
    behind = branches[-1] if len(branches) > 1 else None
    cancelled = False
    for branch in branches:
        groups = list(PartyOrg.objects.filter(path__startswith=branch.path, kind=OrgKind.GROUP))
        plan = [(branch, k, t, every) for k, t, every in MEETING_PLAN]
        plan += [(g, MeetingKind.GROUP_MEETING, f"{g.name}学习会", 1) for g in groups[:2]]
        for m_index, month in enumerate(months):
            for org, kind, title, every in plan:
                if (m_index + 1) % every:
                    continue
                if branch is behind and (m_index or kind != MeetingKind.BRANCH_COMMITTEE):
                    continue
                day = month + D(days=run.rng.randint(4, 24))
                lecturer = "社区党委书记" if kind == MeetingKind.PARTY_LECTURE else ""
                meeting = run.do(None, meetings.meeting_schedule, org=org, kind=kind,
                                 title=title, scheduled_at=_at(day), place="社区党群服务中心",
                                 lecturer=lecturer)  # fmt: skip
                if meeting is None:
                    continue
                run.counts["meetings"] += 1
                if not cancelled and kind == MeetingKind.THEME_DAY:
                    cancelled = True
                    run.do("meetings_cancelled", meetings.meeting_cancel, meeting=meeting,
                           reason="遇台风预警，改期举行")  # fmt: skip
                    continue
                minutes = f"{title}。到会党员发言讨论，形成一致意见。"
                held = run.do("meetings_held", meetings.meeting_hold, meeting=meeting,
                              held_at=_at(day), minutes=minutes)  # fmt: skip
                if held is None:
                    continue
                roll = list(meetings.eligible_members(held).values_list("pk", flat=True))
                statuses = {
                    pk: AttendanceStatus.ABSENT if run.rng.random() < 0.15
                    else AttendanceStatus.PRESENT
                    for pk in roll
                }  # fmt: skip
                if statuses:
                    run.do(None, meetings.meeting_attendance_record, meeting=held,
                           statuses=statuses)  # fmt: skip
                    run.counts["attendance"] += len(statuses)


# ----------------------------------------------------------------------------- chain, care


def _chain(run: _Run, top: PartyOrg, branches: list[PartyOrg], branch: PartyOrg,
           members: list[PartyMember]) -> None:  # fmt: skip
    start = run.as_of - D(days=200)
    committee = top.kind != OrgKind.BRANCH  # a community that is one branch links nothing
    for b in branches if committee else []:
        run.do("chain_links", chain.chain_link_assign, kind=ChainKind.COMMITTEE_BRANCH,
               who=top, what=b, started_on=start)  # fmt: skip
    seats = list(CommitteeSeat.objects.filter(org=branch, person__isnull=False).order_by("id"))
    secretary = next((s for s in seats if s.post == SeatPost.SECRETARY), None)
    if secretary is not None:
        run.do("chain_links", chain.chain_link_assign, kind=ChainKind.BRANCH_SECRETARY_AREA,
               who=secretary, what=branch.node, started_on=start)  # fmt: skip
        for member in members[:6]:
            run.do("chain_links", chain.chain_link_assign, kind=ChainKind.BRANCH_MEMBER,
                   who=secretary, what=member, started_on=start)  # fmt: skip
    top_seats = list(CommitteeSeat.objects.filter(org=top, person__isnull=False).order_by("id"))
    for seat in top_seats[1:2] if committee else []:
        run.do("chain_links", chain.chain_link_assign, kind=ChainKind.MEMBER_SECRETARY,
               who=seat, what=branch, started_on=start)  # fmt: skip
    buildings = list(Node.objects.subtree(branch.node).filter(kind=NodeKind.BUILDING)
                     .order_by("path")[:3])  # fmt: skip
    for seat, building in zip(seats, buildings, strict=False):
        run.do("chain_links", chain.chain_link_assign,
               kind=ChainKind.COMMITTEE_MEMBER_BUILDING, who=seat, what=building,
               started_on=start)  # fmt: skip
    # About two thirds of the branch's households have a member answering for them.
    households = list(
        Household.objects.filter(
            node__path__startswith=branch.node.path, dissolved_on__isnull=True
        ).order_by("id")
    )
    givers = members[:8]
    if not givers:
        return
    per_member = 6
    for index, household in enumerate(households[: len(givers) * per_member]):
        if index % 3 == 2:
            continue  # left unassigned: the 四联四包 report shows the gap
        run.do("chain_households", chain.chain_link_assign, kind=ChainKind.MEMBER_HOUSEHOLD,
               who=givers[index % len(givers)], what=household, started_on=start)  # fmt: skip


def _care(run: _Run, members: list[PartyMember]) -> None:
    A = run.as_of
    texts = {
        Aspect.FAMILY: "与老伴同住，子女在外地工作",
        Aspect.WORK: "已退休，每周参加社区志愿服务",
        Aspect.THINKING: "关心小区加装电梯进展，思想稳定",
        Aspect.DIFFICULTIES: "腿脚不便，上下楼困难",
    }
    for member in members[:5]:
        for aspect, text in texts.items():
            run.do("circumstances", care.circumstance_record, member=member, aspect=aspect,
                   text=text, recorded_on=A - D(days=run.rng.randint(20, 120)))  # fmt: skip
    # (trigger, days ago raised, visited days later) — overdue, open, done, open
    plan = [
        (CareTrigger.HARDSHIP, 15, None, "家中老人长期卧病，收入微薄"),
        (CareTrigger.FAMILY_CONFLICT, 1, None, "与子女因赡养问题发生争执"),
        (CareTrigger.HOSPITALISED, 12, 2, "突发心脏不适住院治疗"),
        (CareTrigger.BEREAVED, 2, None, "老伴病故"),
        (CareTrigger.HOSPITALISED, 20, None, "骨折住院"),
    ]
    for index, (trigger, ago, visited, note) in enumerate(plan if members else []):
        member = members[(5 + index) % len(members)]
        visit = run.do("care_flags", care.care_flag_raise, member=member, trigger=trigger,
                       on=A - D(days=ago), note=note)  # fmt: skip
        if visit is not None and visited is not None:
            run.do("care_visits_done", care.care_visit_log, visit=visit,
                   visited_on=A - D(days=ago - visited),
                   notes="上门看望，送去慰问品，了解治疗情况")  # fmt: skip


# ----------------------------------------------------------------------------- evaluation


def _evaluation(run: _Run, branch: PartyOrg, members: list[PartyMember]) -> None:
    """Last year's round of the first branch: opened, a few ratings, closed, the unrated
    members graded by the branch, published."""
    A = run.as_of
    rnd = run.do("evaluation_rounds", evaluation.round_open, org=branch, year=A.year - 1,
                 opens_on=A - D(days=20), closes_on=A)  # fmt: skip
    if rnd is None:
        return
    run.do(None, evaluation.democratic_evaluation_record, org=branch, held_on=A - D(days=18),
           participants=len(members), summary="对照党员标准逐一评议", round=rnd)  # fmt: skip
    User = get_user_model()
    raters = []
    for member in members[:3]:
        user, _created = User.objects.get_or_create(
            username=f"demo-rater-{member.pk}",
            defaults={"person": member.person, "first_name": member.person.name},
        )
        if _created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        if run.do(None, evaluation.round_rater_register, round=rnd, user=user,
                  kind=RaterKind.MEMBER):  # fmt: skip
            raters.append(user)
    criteria = list(party_config()["evaluation"]["criteria"])
    for rater in raters:
        for member in members[:8]:
            if member.person_id == rater.person_id:
                continue
            scores = {c: run.rng.choice((3, 4, 4, 5, 5)) for c in criteria}
            run.do("ratings", evaluation.rating_submit, actor=rater, round=rnd, member=member,
                   scores=scores)  # fmt: skip
    rnd = run.do(None, evaluation.round_close, round=rnd) or rnd
    for outcome in rnd.outcomes.filter(grade=""):
        run.do(None, evaluation.outcome_adjust, outcome=outcome, grade=Grade.COMPETENT,
               reason="未收到测评票，支委会依平时表现评定")  # fmt: skip
    if run.do(None, evaluation.round_publish, round=rnd, published_on=A):
        run.counts["evaluation_published"] += 1


# ----------------------------------------------------------------------------- engagement

ACTIVITY_PLAN = {
    TeamKind.RETIREES: ("patrol", "“余热”服务队治安巡逻"),
    TeamKind.VOLUNTEERS: ("volunteer_service", "在职党员周末志愿服务"),
    TeamKind.DOUBLE_LEAD: ("reemployment_help", "“双带”帮扶：就业岗位推介"),
    TeamKind.CULTURE: ("other", "合唱队排练与社区演出"),
}


def _engagement(run: _Run, community: Node, members: list[PartyMember]) -> None:
    A = run.as_of
    by_category = {
        TeamKind.RETIREES: [m for m in members if m.category == MemberCategory.RETIRED],
        TeamKind.VOLUNTEERS: [m for m in members if m.category == MemberCategory.IN_SERVICE],
    }
    for team in Team.objects.filter(node=community).order_by("id"):
        kind, title = ACTIVITY_PLAN.get(team.kind, ("other", team.name))
        pool = by_category.get(team.kind) or members
        joined = []
        for member in pool[:6]:
            if run.do("team_members", engagement.team_membership_add, team=team, member=member,
                      joined_on=A - D(days=300)):  # fmt: skip
                joined.append(member)
        for n in range(3):
            who = joined[n % 2 :: 2] if joined else []
            run.do("team_activities", engagement.team_activity_record, team=team,
                   held_on=A - D(days=20 + 35 * n), title=title, kind=kind, participants=who,
                   person_times=max(len(who), 1) + 5, beneficiaries=10 + 4 * n,
                   results="服务居民，反响良好")  # fmt: skip


# ----------------------------------------------------------------------------- entry


def demo_party_work(*, district: Node, as_of: dt.date, seed: int) -> dict[str, int]:
    """The party work of the demo district's first community (see the module docstring);
    returns the number of records made by kind, ``skipped`` for the refused ones."""
    run = _Run(seed, as_of)
    community = (
        Node.objects.subtree(district).filter(kind=NodeKind.COMMUNITY).order_by("path").first()
    )
    top = PartyOrg.objects.filter(node=community).exclude(kind=OrgKind.GROUP).first()
    if community is None or top is None:
        return {}
    branches = list(
        PartyOrg.objects.filter(path__startswith=top.path, kind=OrgKind.BRANCH)
        .exclude(pk=top.pk)
        .order_by("path")
    ) or [top]
    branch = branches[0]
    active = PartyMember.objects.filter(state=MemberState.ACTIVE).select_related("person", "node")
    branch_members = list(active.filter(org=branch).order_by("id"))
    full = [m for m in branch_members if m.stage == MembershipStage.FULL]
    community_members = list(active.filter(node__path__startswith=community.path).order_by("id"))
    in_service = [
        m for m in community_members
        if m.category == MemberCategory.IN_SERVICE
        and m.person.node.path.startswith(community.path)
    ]  # fmt: skip
    _recruits(run, branch, full)
    _report_ins(run, community, in_service)
    _dues(run, branches[:3])
    # The tiny demo's first community is one branch: the next organisations of the district
    # hold meetings too, so that one of them can be behind its schedule.
    holders = branches
    if len(holders) < 2:
        holders = holders + list(
            PartyOrg.objects.filter(kind__in=[OrgKind.BRANCH, OrgKind.GENERAL_BRANCH],
                                    node__path__startswith=district.path)
            .exclude(pk__in=[b.pk for b in branches]).order_by("path")[:2]
        )  # fmt: skip
    _meetings(run, holders)
    _chain(run, top, branches, branch, branch_members)
    _care(run, branch_members)
    _evaluation(run, branch, branch_members)
    _engagement(run, community, community_members)
    from .models.recruitment import Recruit

    for stage, n in Counter(
        Recruit.objects.filter(org=branch).values_list("stage", flat=True)
    ).items():
        run.counts[f"recruits_{stage}"] = n
    LAST_REFUSALS[:] = run.refusals  # what was skipped and why, for diagnostics
    return dict(run.counts)
