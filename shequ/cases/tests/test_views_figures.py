"""The dashboard's medians and xlsx export, the public anonymised figures, and a resident's
own requests with their rating (R-CASE-4)."""

import datetime as dt
import io

import openpyxl
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from shequ.accounts.roles import Role
from shequ.cases import figures
from shequ.cases.choices import CaseStatus as S
from shequ.cases.choices import Channel, Rating
from shequ.cases.models import Case
from shequ.cases.services import case_submit, case_transition
from shequ.cases.views_figures import COLUMNS
from shequ.conftest import make_user
from shequ.core.models import AuditEvent

from .test_figures import MONDAY, cases  # noqa: F401 — the hand-built set of eight cases

PERIOD = {"start": "2026-11-01", "end": "2026-11-30"}
LATER = dt.datetime(2026, 11, 20, 10, 0, tzinfo=MONDAY.tzinfo)


def _filters(node):
    return figures.Filters(node=node, start=dt.date(2026, 11, 1), end=dt.date(2026, 11, 30))


def test_the_dashboard_shows_the_two_medians(client, cases, cast, territory):  # noqa: F811
    client.force_login(cast.subdistrict_admin)
    page = client.get(reverse("cases:dashboard"), {"node": territory.c1.pk, **PERIOD})
    html = page.content.decode()
    assert page.context["figures"]["median_contact_hours"] == pytest.approx(0.625)
    assert 'data-value="median_contact_hours">0.6<' in html
    assert 'data-value="median_resolve_hours">50.0<' in html
    (row,) = page.context["tables"]["community"]
    assert row["median_resolve_hours"] == pytest.approx(50.0)
    assert reverse("cases:figures_export") in html


def test_the_export_reads_back_as_the_dashboard_figures(client, cases, cast, territory):  # noqa: F811
    client.force_login(cast.subdistrict_admin)
    response = client.get(reverse("cases:figures_export"), {"node": territory.c1.pk, **PERIOD})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    headline, by_day, by_category, by_community, by_handler, definitions = book.worksheets
    f = _filters(territory.c1)
    expected = figures.figures_for(f)
    got = {key: headline.cell(row=5 + i, column=2).value for i, (key, _l, _c) in enumerate(COLUMNS)}
    for key, value in expected.items():
        assert got[key] == (pytest.approx(value) if value is not None else None), key

    def read(sheet):
        rows = list(sheet.iter_rows(min_row=2, values_only=True))
        return [{key: row[1 + i] for i, (key, _l, _c) in enumerate(COLUMNS)} for row in rows]

    for sheet, dimension in (
        (by_day, "day"),
        (by_category, "category"),
        (by_community, "community"),
        (by_handler, "handler"),
    ):
        want = figures.figures_by(f, dimension)
        rows = read(sheet)
        assert len(rows) == len(want), dimension
        for row, expected_row in zip(rows, want, strict=True):
            for key in ("received", "resolved", "rated", "response_rate", "median_contact_hours"):
                value = expected_row[key]
                assert row[key] == (pytest.approx(value) if value is not None else None)
    assert by_day.cell(row=2, column=1).value == "2026-11-02"
    assert by_community.cell(row=2, column=1).value == "东一社区"
    assert definitions.max_row >= 5
    assert AuditEvent.objects.filter(action="export", node_path=territory.c1.path).exists()


def test_the_export_needs_the_right_to_see_cases(client, cast):
    client.force_login(cast.resident)
    assert client.get(reverse("cases:figures_export")).status_code == 403


@pytest.fixture
def c2_cases(new_case, territory, cast):
    """Two cases in community C2, answered nowhere: a cell too small to publish."""
    with time_machine.travel(MONDAY, tick=False):
        for _ in range(2):
            new_case(node=territory.flats["C2G1"][0], actor=cast.subdistrict_admin)


@time_machine.travel(LATER, tick=False)
def test_the_public_page_needs_no_login_and_withholds_small_cells(client, cases, territory):  # noqa: F811
    page = client.get(reverse("cases:public"), {"node": territory.c1.pk})
    assert page.status_code == 200
    cells = page.context["headline"]
    # 8 received, 5 contacted, 4 answered and 4 rated: fewer than 5 is withheld
    assert cells["received"] == 8
    assert cells["response_rate"] == pytest.approx(4 / 8)
    assert cells["median_contact_hours"] == pytest.approx(0.625)
    assert cells["resolved"] is None
    assert cells["resolution_rate"] is None and cells["satisfaction_rate"] is None
    assert cells["median_resolve_hours"] is None
    html = page.content.decode()
    assert 'data-cell="received">8<' in html and 'data-cell="resolved">—<' in html


@time_machine.travel(LATER, tick=False)
def test_a_lone_withheld_community_takes_another_with_it(client, cases, c2_cases, territory):  # noqa: F811
    page = client.get(reverse("cases:public"), {"node": territory.sub1.pk})
    assert page.context["headline"]["received"] == 10
    (title, communities, _id), _categories = page.context["tables"]
    by_name = {row["name"]: row["cells"] for row in communities}
    # C2's 2 cases are withheld; C1's 8 would give them away (10 − 8): withheld too
    assert by_name["东二社区"]["received"] is None
    assert by_name["东一社区"]["received"] is None


@time_machine.travel(LATER, tick=False)
def test_the_public_page_reads_only_the_rollups_and_shows_nothing_personal(
    client,
    cases,  # noqa: F811
    territory,
    desk,
):
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("cases:public"), {"node": territory.sub1.pk})
    assert page.status_code == 200
    sql = " ".join(q["sql"] for q in queries.captured_queries)
    assert '"cases_case"' not in sql and '"cases_caseevent"' not in sql
    html = page.content.decode()
    case = Case.objects.first()
    for private in (
        case.requester_name_masked,
        case.requester_phone_masked,
        "赵大妈",
        "13800138000",
        case.number,
        case.description,
        "诉求1",
        desk.grid_worker.name,
    ):
        assert private not in html, private


@time_machine.travel(LATER, tick=False)
def test_the_public_page_leaves_out_cases_older_than_its_months(client, cases, territory, settings):  # noqa: F811
    settings.SHEQU_PUBLIC_FIGURES_MONTHS = 12
    assert (
        client.get(reverse("cases:public"), {"node": territory.c1.pk}).context["headline"][
            "received"
        ]
        == 8
    )
    with time_machine.travel(LATER + dt.timedelta(days=366), tick=False):
        page = client.get(reverse("cases:public"), {"node": territory.c1.pk})
    assert page.context["headline"]["received"] == 0


# ----------------------------------------------------------------------------- my requests


@pytest.fixture
def residents_cases(territory, cast, desk):
    """A resident's own request taken to its answer through every kind of note, and another
    resident's request."""
    him = make_user("resident_wang", Role.RESIDENT, territory.grids["C1G1"])
    other = make_user("resident_li", Role.RESIDENT, territory.grids["C1G1"])

    def report(user, text):
        return case_submit(
            actor=user, channel=Channel.WEB, title="", description=text,
            node=territory.flats["C1G1"][0],
        )  # fmt: skip

    mine = report(him, "楼道灯坏了")
    theirs = report(other, "垃圾没人清运")
    worker, secretary, handler = cast.community_worker, cast.community_secretary, cast.grid_worker
    mine = case_transition(case=mine, to=S.ACCEPTED, actor=worker, category=desk.lamps)
    mine = case_transition(case=mine, to=S.ASSIGNED, actor=worker, handler=desk.grid_worker)
    mine = case_transition(case=mine, to=S.IN_PROGRESS, actor=handler)
    mine = case_transition(
        case=mine, to=S.POSTPONED, actor=handler, note="等待灯具到货",
        approver=secretary, extension_days=2,
    )  # fmt: skip
    mine = case_transition(case=mine, to=S.IN_PROGRESS, actor=handler)
    mine = case_transition(
        case=mine, to=S.ACCEPTED, actor=handler, note="内部：网格员人手不足", approver=secretary
    )
    mine = case_transition(case=mine, to=S.ASSIGNED, actor=worker, handler=desk.grid_worker)
    mine = case_transition(case=mine, to=S.IN_PROGRESS, actor=handler)
    mine = case_transition(case=mine, to=S.REPLIED, actor=handler, reply="已更换楼道灯")
    return him, other, mine, theirs


def test_a_resident_sees_his_own_requests_with_their_public_steps(client, residents_cases):
    him, _other, mine, theirs = residents_cases
    client.force_login(him)
    page = client.get(reverse("cases:mine"))
    assert page.status_code == 200
    assert [c.pk for c in page.context["page"].rows] == [mine.pk]
    html = page.content.decode()
    assert mine.number in html and "楼道灯坏了" in html and "已更换楼道灯" in html
    assert theirs.number not in html and "垃圾没人清运" not in html
    assert "等待灯具到货" in html  # the postponement's reason is his to read
    assert "内部：网格员人手不足" not in html  # the send-back's is the staff's
    assert _no_staff_names(html)
    (case,) = page.context["page"].rows
    assert [e.verb for e in case.steps][:2] == ["submit", "accept"]
    assert case.rate_form is not None


def _no_staff_names(html: str) -> bool:
    return all(name not in html for name in ("community_worker", "grid_worker"))


def test_a_resident_rates_his_answered_request_and_the_figures_follow(
    client, residents_cases, territory
):
    him, _other, mine, _theirs = residents_cases
    today = timezone.localdate(mine.received_at)  # the rollup's day is the local one
    f = figures.Filters(node=territory.c1, start=today, end=today)
    before = figures.figures_for(f)
    client.force_login(him)
    prefix = f"rate-{mine.pk}"
    response = client.post(
        reverse("cases:mine_rate", args=[mine.pk]),
        {f"{prefix}-rating": Rating.SATISFIED, f"{prefix}-solved": "yes"},
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert (mine.status, mine.rating, mine.rating_source) == (
        S.RATED,
        Rating.SATISFIED,
        "requester",
    )
    after = figures.figures_for(f)
    assert (after["rated"], after["satisfied"], after["solved"]) == (
        before["rated"] + 1,
        before["satisfied"] + 1,
        before["solved"] + 1,
    )
    page = client.get(reverse("cases:mine"))
    assert page.context["page"].rows[0].rate_form is None


def test_a_rating_without_its_answers_is_refused_with_the_form(client, residents_cases):
    him, _other, mine, _theirs = residents_cases
    client.force_login(him)
    response = client.post(reverse("cases:mine_rate", args=[mine.pk]), {})
    assert response.status_code == 400
    assert response.context["page"].rows[0].rate_form.errors
    mine.refresh_from_db()
    assert mine.status == S.REPLIED


def test_nobody_rates_someone_elses_request(client, residents_cases):
    _him, other, mine, _theirs = residents_cases
    client.force_login(other)
    prefix = f"rate-{mine.pk}"
    response = client.post(
        reverse("cases:mine_rate", args=[mine.pk]),
        {f"{prefix}-rating": Rating.UNSATISFIED, f"{prefix}-solved": "no"},
    )
    assert response.status_code == 404
    mine.refresh_from_db()
    assert mine.status == S.REPLIED


def test_my_requests_need_a_login(client):
    response = client.get(reverse("cases:mine"))
    assert response.status_code == 302


def test_my_requests_page_reads_a_fixed_number_of_queries(client, residents_cases, territory):
    him, _other, _mine, _theirs = residents_cases
    client.force_login(him)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("cases:mine")).status_code == 200
        return len(captured.captured_queries)

    queries()  # the first request after the login writes the session (its idle expiry)
    one = queries()
    for text in ("电梯异响", "车棚漏雨"):
        case_submit(
            actor=him, channel=Channel.WEB, title="", description=text,
            node=territory.flats["C1G1"][0],
        )  # fmt: skip
    assert queries() == one
