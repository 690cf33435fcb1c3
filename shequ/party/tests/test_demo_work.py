"""The party work of the demo district (``party.demo_work``): after the tiny demo and its
party tree, every page of the first community's branch secretary has records — recruits at
every stage, report-ins and letters, dues, meetings, 四联四包 links, care visits, an
evaluation round and the teams' activities."""

import datetime as dt
from collections import Counter

import pytest
import time_machine
from django.utils import timezone

from shequ.demo.services import demo_district_load, demo_party_create
from shequ.party import demo_work
from shequ.party.demo_work import demo_party_work
from shequ.party.models import PartyOrg
from shequ.party.models.care import CareVisit, VisitStatus
from shequ.party.models.chain import ChainLink
from shequ.party.models.dues import DuesEntry, DuesStandard
from shequ.party.models.evaluation import EvaluationRound, RoundStatus
from shequ.party.models.meetings import Meeting, MeetingStatus
from shequ.party.models.recruitment import Recruit, RecruitStage
from shequ.party.models.reportin import FeedbackLetter, ReportIn, ServiceRecord

AS_OF = dt.date(2026, 10, 20)


@pytest.fixture
def work(db):
    result = demo_district_load(scale="tiny", seed=3, as_of=AS_OF)
    party = demo_party_create(district=result.district, seed=3, as_of=AS_OF)
    noon = dt.datetime.combine(AS_OF, dt.time(12), tzinfo=timezone.get_current_timezone())
    with time_machine.travel(noon, tick=False):
        counts = demo_party_work(district=result.district, as_of=AS_OF, seed=3)
    return party, counts


def test_every_page_of_the_first_branch_has_records(work):
    party, counts = work
    assert not demo_work.LAST_REFUSALS, demo_work.LAST_REFUSALS
    branch = party.first_branch
    stages = Counter(Recruit.objects.filter(org=branch).values_list("stage", flat=True))
    missing = set(RecruitStage.values) - set(stages)
    assert not missing, (stages, missing)
    assert stages[RecruitStage.APPLICANT] == 2 and stages[RecruitStage.FULL] == 2
    # report-in: pledges, posts with one full, service records of each status, letters
    assert ReportIn.objects.count() == counts["report_ins"] > 0
    assert counts["pledges"] > 0 and counts["posts"] == 3
    assert {p.capacity for p in _full_posts()} == {2}
    statuses = Counter(ServiceRecord.objects.values_list("status", flat=True))
    assert statuses["confirmed"] and statuses["recorded"] and statuses["rejected"], statuses
    assert FeedbackLetter.objects.count() == counts["letters"] > 0
    assert set(FeedbackLetter.objects.values_list("period_start", flat=True)) == {
        dt.date(2026, 1, 1)
    }
    # dues: standards, payments, and members in arrears
    assert DuesStandard.objects.count() == counts["dues_standards"] > 0
    assert DuesEntry.objects.count() == counts["dues_months_paid"] > 0
    assert counts["dues_in_arrears"] > 0
    # meetings: held ones with attendance, one cancelled, one branch behind its schedule
    meeting_status = Counter(Meeting.objects.values_list("status", flat=True))
    assert meeting_status[MeetingStatus.HELD] > 0 and meeting_status[MeetingStatus.CANCELLED] == 1
    assert counts["attendance"] > 0
    held = Counter(
        Meeting.objects.filter(
            status=MeetingStatus.HELD, org__kind__in=["branch", "general_branch"]
        ).values_list("org", flat=True)
    )
    assert len(held) > 1 and min(held.values()) == 1 < max(held.values())
    # 四联四包 and care: links, households answered for and visits open, overdue and done
    assert ChainLink.objects.count() == counts["chain_links"] + counts["chain_households"] > 0
    assert counts["chain_households"] > 0
    visits = CareVisit.objects.all()
    assert visits.count() == counts["care_flags"] == 5
    assert visits.filter(status=VisitStatus.DONE).count() == 1
    assert visits.filter(status=VisitStatus.OPEN, due_on__lt=AS_OF).exists()  # overdue
    assert visits.filter(status=VisitStatus.OPEN, due_on__gte=AS_OF).exists()
    assert counts["circumstances"] > 0
    # evaluation round of last year, published with ratings; team activities
    rnd = EvaluationRound.objects.get(org=branch)
    assert (rnd.year, rnd.status) == (2025, RoundStatus.PUBLISHED)
    assert counts["ratings"] > 0
    assert counts["team_activities"] >= 4 * 3 and counts["team_members"] > 0
    assert PartyOrg.objects.filter(pk=branch.pk).exists()


def _full_posts():
    from shequ.party.models.reportin import ServicePost

    return [p for p in ServicePost.objects.all() if p.claims.count() >= p.capacity]
