"""The admission pages: registering a request, deciding it, the community's items in force,
the workload report's figures against hand-computed ones, and the register's xlsx export."""

import datetime as dt
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from shequ.accounts.roles import VIEW_ITEM
from shequ.admission.choices import WorkItemStatus as S
from shequ.admission.models import WorkItem
from shequ.admission.selectors import workload_report
from shequ.admission.services import work_item_transition
from shequ.core.models import AuditAction, AuditEvent
from shequ.core.scope import scope_paths

from .conftest import MID_MARCH

SHANGHAI = ZoneInfo("Asia/Shanghai")


def _approve(item, actor, **kwargs):
    return work_item_transition(item=item, to=S.APPROVED, actor=actor, today=MID_MARCH, **kwargs)


@pytest.mark.django_db
def test_registering_a_request_for_every_community_of_the_subdistrict(
    client, cast, territory, office
):
    client.force_login(cast.subdistrict_admin)
    response = client.post(
        reverse("admission:create"),
        {
            "title": "居民医保参保动员",
            "description": "入户宣传并统计未参保人员",
            "department_handler": office.pk,
            "department": "",
            "legal_basis": "",
            "decider": territory.sub1.pk,
            "scope": "all",
            "hours_per_month": "6",
            "funding": "2000",
            "funding_source": "区医保局",
            "start_date": "2026-01-01",
            "end_date": "2026-06-30",
        },
    )
    item = WorkItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admission:detail", args=[item.pk])
    assert item.department == "区民政局"  # taken from the department chosen
    assert item.status == S.REQUESTED
    assert set(item.communities.all()) == {territory.c1, territory.c2}
    assert item.events.get().verb == "request"


@pytest.mark.django_db
def test_approving_on_the_page_without_funding_shows_the_error_beside_the_field(
    client, cast, new_item
):
    item = new_item(funding=Decimal(0))
    client.force_login(cast.subdistrict_admin)
    url = reverse("admission:step", args=[item.pk, S.APPROVED])
    data = {
        "approve-approved-funding": "0",
        "approve-approved-start_date": "2026-01-01",
        "approve-approved-end_date": "2026-12-31",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert 'id="id_approve-approved-funding_error"' in response.content.decode()
    item.refresh_from_db()
    assert item.status == S.REQUESTED

    data["approve-approved-funding"] = "1800"
    response = client.post(url, data)
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.status, item.funding) == (S.APPROVED, Decimal("1800"))


@pytest.mark.django_db
def test_refusing_on_the_page_needs_a_reason(client, cast, new_item):
    item = new_item()
    client.force_login(cast.subdistrict_admin)
    url = reverse("admission:step", args=[item.pk, S.REFUSED])
    assert client.post(url, {"refuse-refused-note": ""}).status_code == 400
    assert client.post(url, {"refuse-refused-note": "属于部门自身职责"}).status_code == 302
    item.refresh_from_db()
    assert (item.status, item.decision_note) == (S.REFUSED, "属于部门自身职责")


@pytest.mark.django_db
def test_the_community_sees_only_approved_items_in_force_today(client, cast, territory, new_item):
    admin = cast.subdistrict_admin
    _approve(new_item(title="在办甲"), admin)
    _approve(new_item(title="在办乙", scope="chosen", communities=[territory.c1]), admin)
    new_item(title="待审")
    refused = new_item(title="已拒")
    work_item_transition(item=refused, to=S.REFUSED, actor=admin, note="否")
    _approve(new_item(title="四月起", start_date=dt.date(2026, 4, 1)), admin)
    ended = _approve(new_item(title="已到期", end_date=dt.date(2026, 2, 28)), admin)
    work_item_transition(item=ended, to=S.EXPIRED, actor=None, today=MID_MARCH)
    _approve(new_item(title="仅东二", scope="chosen", communities=[territory.c2]), admin)
    stopped = _approve(new_item(title="已撤回"), admin)
    work_item_transition(item=stopped, to=S.WITHDRAWN, actor=admin, note="停止",
                         today=dt.date(2026, 3, 1))  # fmt: skip
    _approve(new_item(title="西街道", actor=cast.sub2_admin, decider=territory.sub2),
             cast.sub2_admin)  # fmt: skip

    client.force_login(cast.community_secretary)
    with time_machine.travel(dt.datetime(2026, 3, 15, 10, 0, tzinfo=SHANGHAI), tick=False):
        response = client.get(reverse("admission:in_force"))
    assert response.status_code == 200
    shown = {item.title for item in response.context["items"]}
    assert shown == {"在办甲", "在办乙"}


def _workload_items(cast, territory, new_item):
    """The items of the hand-computed report below (first quarter of 2026, 90 days)."""
    admin = cast.subdistrict_admin
    # A: C1 and C2, all 2026 (365 days), 3650 yuan → 90 days of it: 900.00 each
    _approve(new_item(title="A", hours_per_month=Decimal(8), funding=Decimal(3650)), admin)
    # B: C1, 1 March – 9 April (40 days), 1000 yuan → 31 days of it: 775.00
    b = new_item(title="B", scope="chosen", communities=[territory.c1],
                 hours_per_month=Decimal("4.5"), funding=Decimal(1000),
                 start_date=dt.date(2026, 3, 1), end_date=dt.date(2026, 4, 9))  # fmt: skip
    _approve(b, admin)
    # C: C2, a statutory duty without funding, July 2025 – June 2026
    c = new_item(title="C", scope="chosen", communities=[territory.c2],
                 hours_per_month=Decimal(2), funding=Decimal(0), is_statutory=True,
                 legal_basis="《城市居民委员会组织法》第三条",
                 start_date=dt.date(2025, 7, 1), end_date=dt.date(2026, 6, 30))  # fmt: skip
    _approve(c, admin)
    # D: C1 and C2, all 2026, 1200 yuan, ended early on 1 February → in force 31 days of the
    # quarter: 1200 × 31 ÷ 365 = 101.917… each
    d = _approve(new_item(title="D", hours_per_month=Decimal(10), funding=Decimal(1200)), admin)
    work_item_transition(item=d, to=S.WITHDRAWN, actor=admin, note="部门收回",
                         today=dt.date(2026, 2, 1))  # fmt: skip
    # not counted: a request, a refusal, an item starting after the quarter
    new_item(title="E")
    refused = new_item(title="F")
    work_item_transition(item=refused, to=S.REFUSED, actor=admin, note="否")
    _approve(new_item(title="G", start_date=dt.date(2026, 4, 1)), admin)
    # the other subdistrict's community C3: 500 yuan for 2026 → 90 days: 123.287… → 123.29
    h = new_item(title="H", actor=cast.sub2_admin, decider=territory.sub2,
                 hours_per_month=Decimal(3), funding=Decimal(500))  # fmt: skip
    _approve(h, cast.sub2_admin)


Q1 = (dt.date(2026, 1, 1), dt.date(2026, 3, 31))


@pytest.mark.django_db
def test_the_workload_report_equals_the_hand_computed_figures(cast, territory, new_item):
    _workload_items(cast, territory, new_item)
    user = cast.district_admin
    scope_paths(user, VIEW_ITEM)  # the user's roles, read once per request anyway
    with CaptureQueriesContext(connection) as queries:
        report = workload_report(user=user, area=territory.district, start=Q1[0], end=Q1[1])
    assert len(queries) == 1  # one grouped query, whatever the number of communities

    rows = {r.community.code: (r.items, r.hours, r.funding) for r in report.rows}
    assert rows == {
        "C1": (3, Decimal("22.50"), Decimal("1776.92")),  # A, B, D: 900 + 775 + 101.92
        "C2": (3, Decimal("20.00"), Decimal("1001.92")),  # A, C, D: 900 + 0 + 101.92
        "C3": (1, Decimal("3.00"), Decimal("123.29")),  # H
    }
    assert (report.items, report.hours, report.funding) == (
        7, Decimal("45.50"), Decimal("2902.13"),
    )  # fmt: skip


@pytest.mark.django_db
def test_the_workload_page_of_a_subdistrict_and_of_a_community(client, cast, territory, new_item):
    _workload_items(cast, territory, new_item)
    period = {"start": "2026-01-01", "end": "2026-03-31"}

    client.force_login(cast.subdistrict_admin)
    report = client.get(reverse("admission:workload"), period).context["report"]
    assert report.area == territory.sub1
    assert [(r.community.code, r.items) for r in report.rows] == [("C1", 3), ("C2", 3)]
    assert (report.items, report.hours, report.funding) == (6, Decimal("42.50"), Decimal("2778.84"))

    client.force_login(cast.community_secretary)
    report = client.get(reverse("admission:workload"), period).context["report"]
    assert [(r.community.code, r.items, r.funding) for r in report.rows] == [
        ("C1", 3, Decimal("1776.92"))
    ]
    # another subdistrict's area is not offered: the report falls back to his own
    response = client.get(reverse("admission:workload"), {**period, "area": territory.sub2.pk})
    assert response.context["report"].area == territory.c1


@pytest.mark.django_db
def test_the_register_exports_its_filtered_rows_to_xlsx(client, cast, territory, new_item):
    admin = cast.subdistrict_admin
    _approve(new_item(title="甲事项", funding=Decimal("3650.50")), admin)
    _approve(new_item(title="乙事项", department="区住建委"), admin)
    new_item(title="丙事项")  # requested: filtered out below
    new_item(title="西街道事项", actor=cast.sub2_admin, decider=territory.sub2)  # not his

    client.force_login(admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the headings in English
    response = client.get(reverse("admission:export"), {"status": "approved"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Number", "Work item", "Requesting department")
    by_title = {row[1]: row for row in rows[1:]}
    assert set(by_title) == {"甲事项", "乙事项"}
    assert by_title["甲事项"][7] == 2  # communities
    assert by_title["甲事项"][9] == 3650.5  # funding per community
    assert by_title["乙事项"][2] == "区住建委"
    audit = AuditEvent.objects.get(action=AuditAction.EXPORT, actor_id=admin.pk)
    assert audit.row_count == 2


@pytest.mark.django_db
def test_the_register_is_searchable_and_filterable(client, cast, new_item):
    admin = cast.subdistrict_admin
    _approve(new_item(title="高龄津贴核查", department="区民政局"), admin)
    new_item(title="燃气安全宣传", department="区应急局")
    new_item(title="征兵宣传", department="区武装部", start_date=dt.date(2026, 9, 1))
    client.force_login(admin)

    def titles(**params):
        response = client.get(reverse("admission:list"), params)
        assert response.status_code == 200
        return {item.title for item in response.context["page"]}

    assert titles(q="宣传") == {"燃气安全宣传", "征兵宣传"}
    assert titles(status="approved") == {"高龄津贴核查"}
    assert titles(department="应急") == {"燃气安全宣传"}
    assert titles(start="2026-01-01", end="2026-06-30") == {"高龄津贴核查", "燃气安全宣传"}


@pytest.mark.django_db
def test_the_register_page_takes_the_same_queries_for_one_item_or_many(client, cast, new_item):
    new_item()
    client.force_login(cast.subdistrict_admin)
    url = reverse("admission:list")
    client.get(url)  # session and caches warm
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(5):
        new_item(title=f"事项{n}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["page"]) == 6
    assert len(many) == len(one)
