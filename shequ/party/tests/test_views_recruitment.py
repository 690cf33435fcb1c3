"""The recruitment pages and API (R-PM-3): the pipeline with counts, search, bounded queries and
export; the application form; a recruit's page showing what each next step lacks before anyone
tries; steps refused and taken through the page and the API; the yearly target report; the
"my tasks" section of sponsors."""

import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.authtoken.models import Token

from shequ.conftest import add_person
from shequ.party.models.recruitment import Recruit, RecruitStage
from shequ.party.selectors.recruitment import my_recruits
from shequ.party.services.recruitment import recruit_add_introducer

from .test_recruitment import applicant, ready_for_admission, to_activist

pytestmark = pytest.mark.django_db
S = RecruitStage


@pytest.fixture
def rc(party, territory):
    from types import SimpleNamespace

    ns = SimpleNamespace(party=party, territory=territory)
    ns.sponsors = [party.member("C1G1", party.b1, name=f"老党员{n}") for n in (1, 2, 3)]
    return ns


def _list_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_pipeline_lists_counts_searches_and_keeps_its_query_count(client, cast, rc):
    client.force_login(cast.community_secretary)
    url = reverse("party:recruit_list")
    applicant(rc)
    client.get(url)  # the session and the user's roles are read once
    few = _list_queries(client, url)
    for _ in range(4):
        to_activist(rc, applicant(rc))
    assert _list_queries(client, url) == few
    response = client.get(url)
    body = response.content.decode()
    assert 'data-stage="applicant">1<' in body and 'data-stage="activist">4<' in body
    target = Recruit.objects.filter(stage=S.ACTIVIST).first()
    response = client.get(url, {"q": target.person.name, "stage": "activist"})
    assert response.context["page"].rows == [target]
    assert client.get(url, {"stage": "candidate"}).context["page"].rows == []


def test_export_gives_the_filtered_pipeline(client, cast, rc):
    client.force_login(cast.community_secretary)
    first, second = applicant(rc), to_activist(rc, applicant(rc))
    response = client.get(reverse("party:recruit_export"), {"stage": "activist"})
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert [row[1] for row in rows[1:]] == [second.person.name]
    assert first.person.name not in {row[1] for row in rows}


def test_application_form_registers_a_resident_of_the_area(client, cast, rc, territory):
    client.force_login(cast.branch_secretary)
    person = add_person(territory.flats["C1G1"][1], "周新", birth=dt.date(2000, 2, 2))
    outsider = add_person(territory.flats["C3G1"][0], "吴远", birth=dt.date(2000, 2, 2))
    url = reverse("party:recruit_create")
    data = {"org": rc.party.b1.pk, "applied_on": "2026-03-01", "answerable_name": "赵书记",
            "answerable_is_me": "on"}  # fmt: skip
    response = client.post(url, {**data, "person": outsider.pk})
    assert response.status_code == 200 and "person" in response.context["form"].errors
    response = client.post(url, {**data, "person": str(person.pk)})
    recruit = Recruit.objects.get(person=person)
    assert response.status_code == 302
    assert (recruit.org, recruit.answerable, recruit.stage) == (
        rc.party.b1, cast.branch_secretary, S.APPLICANT
    )  # fmt: skip


def test_detail_shows_the_missing_preconditions_before_anyone_tries(client, cast, rc):
    recruit = applicant(rc, applied=dt.date(2026, 3, 1))
    client.force_login(cast.branch_secretary)
    body = client.get(reverse("party:recruit_detail", args=[recruit.pk])).content.decode()
    assert 'data-step="activist-activist"' in body
    assert 'data-key="talk"' in body and 'data-key="resolution"' in body
    assert 'data-record="talk"' in body
    # a reader without MANAGE_RECRUITMENT sees the record but no step
    client.force_login(cast.auditor)
    body = client.get(reverse("party:recruit_detail", args=[recruit.pk])).content.decode()
    assert "data-step=" not in body and recruit.person.name in body


def test_step_refused_on_the_page_names_the_preconditions_then_taken(client, cast, rc):
    recruit = applicant(rc, applied=dt.date(2026, 3, 1))
    client.force_login(cast.branch_secretary)
    step_url = reverse("party:recruit_step", args=[recruit.pk, "activist"])
    response = client.post(step_url, {"step-activist-on": "2026-04-15"})
    assert response.status_code == 400
    errors = response.context["steps"][0]["form"].non_field_errors()
    assert len(errors) == 2  # the talk and the committee's decision; 45 days ≥ 30
    record = reverse("party:recruit_record", args=[recruit.pk, "talk"])
    assert client.post(record, {"on": "2026-03-10"}).status_code == 302
    record = reverse("party:recruit_record", args=[recruit.pk, "resolution"])
    response = client.post(record, {"for_stage": "activist", "resolved_on": "2026-04-15"})
    assert response.status_code == 302
    response = client.post(step_url, {"step-activist-on": "2026-04-15"})
    assert response.status_code == 302
    recruit.refresh_from_db()
    assert (recruit.stage, recruit.activist_on) == (S.ACTIVIST, dt.date(2026, 4, 15))


def test_record_refused_by_the_service_shows_its_field(client, cast, rc):
    recruit = to_activist(rc, applicant(rc))
    client.force_login(cast.branch_secretary)
    url = reverse("party:recruit_record", args=[recruit.pk, "training"])
    response = client.post(url, {"hours": "0"})
    assert response.status_code == 400
    assert (
        "hours"
        in [i for i in response.context["records"] if i["what"] == "training"][0]["form"].errors
    )


def test_api_transition_answers_400_with_every_missing_precondition(client, cast, rc):
    recruit = ready_for_admission(rc, applicant(rc), skip=("training", "approval"))
    token = Token.objects.create(user=cast.branch_secretary).key
    headers = {"HTTP_AUTHORIZATION": f"Token {token}"}
    url = f"/api/v1/party/recruits/{recruit.pk}/transition/"
    response = client.post(url, {"to": "probationary", "on": "2023-05-20"},
                           content_type="application/json", **headers)  # fmt: skip
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"training", "approval"}
    assert "24" in fields["training"][0]
    detail = client.get(f"/api/v1/party/recruits/{recruit.pk}/", **headers).json()
    admit = [s for s in detail["next_steps"] if s["target"] == "probationary"][0]
    assert set(admit["missing"]) == {"training", "approval"}
    response = client.post(url, {"to": "withdrawn", "on": "2023-05-20", "note": "本人撤回"},
                           content_type="application/json", **headers)  # fmt: skip
    assert response.status_code == 200 and response.json()["stage"] == "withdrawn"
    grid = Token.objects.create(user=cast.grid_worker).key
    response = client.post(url, {"to": "applicant"}, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Token {grid}")  # fmt: skip
    assert response.status_code == 403


def test_targets_page_flags_communities_below_target(client, cast, rc):
    client.force_login(cast.subdistrict_admin)
    response = client.get(reverse("party:recruit_targets"), {"year": 2023})
    rows = {row.org.code: row for row in response.context["report"].rows}
    assert set(rows) == {"P-C1", "P-C2"} and all(row.below for row in rows.values())
    assert response.content.decode().count("table-warning") == 2


def test_my_tasks_lists_the_recruits_a_member_introduces(rc):
    recruit = ready_for_admission(rc, applicant(rc), skip=("introducers", "notice", "resolution"))
    recruit_add_introducer(recruit=recruit, member=rc.sponsors[2])
    from shequ.conftest import make_user

    user = make_user("rc-introducer")
    section = my_recruits(user, rc.sponsors[2])
    assert [r.pk for r in section["context"]["recruits"]] == [recruit.pk]
    # the first two sponsors were contacts of the recruit, so they see him as well
    assert my_recruits(user, rc.sponsors[0]) is not None
    assert my_recruits(make_user("rc-nobody"), rc.party.member("C2G1", rc.party.c2)) is None
