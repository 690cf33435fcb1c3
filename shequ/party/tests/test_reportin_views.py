"""Pages and API of the report-in loop (R-PM-2): self-service report-in with pledge, claim,
record, confirm, the printable letter, the register and its export, query counts."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
from django.urls import reverse
from rest_framework.authtoken.models import Token

from shequ.party.models import (
    FeedbackLetter,
    PostClaim,
    ReportIn,
    ServicePledge,
    ServiceRecord,
    ServiceRecordStatus,
)
from shequ.party.services.reportin import (
    feedback_letters_issue,
    post_claim,
    post_create,
    report_in_register,
    service_confirm,
    service_record,
)

from . import fixtures_reportin

frozen = fixtures_reportin.frozen
in_service = fixtures_reportin.in_service
loop = fixtures_reportin.loop


def _api(client, user):
    token = Token.objects.get_or_create(user=user)[0].key
    return {"HTTP_AUTHORIZATION": f"Token {token}"}


def test_self_service_report_in_with_pledge(client, loop):
    newcomer = in_service(loop.party, "C1G2", "周在职")
    from shequ.conftest import make_user

    user = make_user("zhou")
    user.person = newcomer.person
    user.save(update_fields=["person"])
    client.force_login(user)
    page = client.get(reverse("party:report_in_self"))
    assert page.status_code == 200 and "东一社区" in page.content.decode()
    response = client.post(
        reverse("party:report_in_self"), {"action": "report", "pledge": "我承诺参加社区服务"}
    )
    assert response.status_code == 302
    report_in = ReportIn.objects.get(member=newcomer)
    assert report_in.community == loop.t.c1 and report_in.channel == "self"
    assert ServicePledge.objects.get(report_in=report_in).text == "我承诺参加社区服务"
    # an empty pledge: nothing saved, the field says why
    other = in_service(loop.party, "C1G2", "吴在职", flat=1)
    user2 = make_user("wu")
    user2.person = other.person
    user2.save(update_fields=["person"])
    client.force_login(user2)
    response = client.post(reverse("party:report_in_self"), {"action": "report", "pledge": ""})
    assert response.status_code == 200
    assert "pledge" in response.context["report_form"].errors
    assert not ReportIn.objects.filter(member=other).exists()


def test_member_claims_records_and_worker_confirms_through_pages(client, loop):
    client.force_login(loop.user)
    page = client.get(reverse("party:report_in_self"))
    assert "平安巡逻岗" in page.content.decode()
    response = client.post(reverse("party:service_post_claim", args=[loop.post.pk]))
    assert response.status_code == 302
    claim = PostClaim.objects.get(report_in=loop.report_in)
    response = client.post(
        reverse("party:service_record_create"),
        {
            "activity": "夜间巡逻",
            "served_on": "2026-07-15",
            "hours": "2.5",
            "post": loop.post.pk,
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    record = ServiceRecord.objects.get(report_in=loop.report_in)
    # he cannot confirm his own
    response = client.post(reverse("party:service_record_confirm", args=[record.pk]), {"rating": 5})
    assert response.status_code in (403, 404)
    client.force_login(loop.worker)
    listing = client.get(reverse("party:service_record_list"))
    assert "夜间巡逻" in listing.content.decode()
    response = client.post(
        reverse("party:service_record_confirm", args=[record.pk]), {"rating": "4"}
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == ServiceRecordStatus.CONFIRMED and record.rating == 4
    client.force_login(loop.user)
    response = client.post(reverse("party:post_claim_release", args=[claim.pk]))
    claim.refresh_from_db()
    assert claim.released_on == dt.date(2026, 7, 15)


def test_worker_enters_a_report_in_and_a_full_post_is_refused(client, loop):
    member = in_service(loop.party, "C1G2", "郑在职")
    client.force_login(loop.worker)
    response = client.post(
        reverse("party:report_in_create"),
        {
            "member": member.pk,
            "community": loop.t.c1.pk,
            "on": "2026-07-01",
            "pledge": "",
        },
    )
    assert response.status_code == 302
    report_in = ReportIn.objects.get(member=member)
    assert report_in.channel == "worker" and report_in.recorded_by == loop.worker
    tiny = post_create(community=loop.t.c1, title="独岗", capacity=1, starts_on=dt.date(2026, 1, 1))
    post_claim(post=tiny, report_in=loop.report_in)
    response = client.post(
        reverse("party:service_post_claim", args=[tiny.pk]),
        {"report_in": report_in.pk},
        follow=True,
    )
    assert "1" in " ".join(str(m) for m in response.context["messages"])
    assert not PostClaim.objects.filter(post=tiny, report_in=report_in).exists()
    # a worker elsewhere cannot even see this report-in
    client.force_login(loop.outsider)
    assert client.get(reverse("party:report_in_detail", args=[report_in.pk])).status_code == 404


def test_letter_page_register_and_export(client, loop):
    for day, hours in ((dt.date(2026, 2, 1), "2.5"), (dt.date(2026, 3, 1), "3")):
        record = service_record(
            report_in=loop.report_in, activity="助老", served_on=day, hours=Decimal(hours)
        )
        service_confirm(record=record, rating=4)
    client.force_login(loop.secretary)
    response = client.post(
        reverse("party:feedback_register"), {"community": loop.t.c1.pk, "period": "2026-01-01"}
    )
    assert response.status_code == 302
    letter = FeedbackLetter.objects.get()
    page = client.get(reverse("party:feedback_letter", args=[letter.pk]))
    html = page.content.decode()
    assert "李在职" in html and "市卫健委机关党委" not in html  # employer's org, not his own
    assert "示范区人民医院党委" in html and "东一社区" in html
    assert '<td id="letter-hours">5.5</td>' in html
    assert '<td id="letter-activities">2</td>' in html
    assert "@media print" in html
    register = client.get(reverse("party:feedback_register") + "?period=2026-01-01")
    assert letter.letter_number in register.content.decode()
    export = client.get(reverse("party:feedback_register_export") + "?period=2026-01-01")
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == letter.letter_number and rows[1][7] == 5.5 and rows[1][8] == 2
    client.force_login(loop.worker)
    response = client.post(
        reverse("party:feedback_letter_sent", args=[letter.pk]), {"sent_on": "2026-07-15"}
    )
    letter.refresh_from_db()
    assert letter.sent_on == dt.date(2026, 7, 15)
    client.force_login(loop.outsider)
    assert client.get(reverse("party:feedback_letter", args=[letter.pk])).status_code == 404
    # the member reads his own letter
    client.force_login(loop.user)
    assert client.get(reverse("party:feedback_letter", args=[letter.pk])).status_code == 200


def test_list_pages_query_counts_do_not_grow(client, loop, django_assert_max_num_queries):
    def grow(n):
        for i in range(n):
            member = in_service(loop.party, "C1G2", f"批量{n}{i}", flat=i % 2)
            report_in = report_in_register(member=member, community=loop.t.c1)
            post_claim(post=loop.post, report_in=report_in) if i == 0 and n == 1 else None
            service_record(
                report_in=report_in,
                activity="巡逻",
                served_on=dt.date(2026, 7, 15),
                hours=Decimal("1"),
            )

    client.force_login(loop.secretary)
    urls = [
        reverse("party:report_in_list"),
        reverse("party:service_post_list"),
        reverse("party:service_record_list"),
        reverse("party:feedback_register"),
    ]
    grow(1)
    counts = {}
    for url in urls:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts[url] = len(ctx.captured_queries)
    grow(4)
    feedback_letters_issue(
        community=loop.t.c1, period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 6, 30)
    )
    for url in urls:
        with django_assert_max_num_queries(counts[url] + 1):  # +1: the letters' period choices
            assert client.get(url).status_code == 200


def test_api_posts_claim_my_records_and_letters(client, loop):
    headers = _api(client, loop.user)
    response = client.get("/api/v1/party/service-posts/", **headers)
    assert response.status_code == 200
    (row,) = response.json()["results"]
    assert row["title"] == "平安巡逻岗" and row["free"] == 3
    response = client.post(
        f"/api/v1/party/service-posts/{loop.post.pk}/claim/",
        {},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201
    response = client.post(
        "/api/v1/party/my-service-records/",
        {
            "activity": "巡逻",
            "served_on": "2026-07-15",
            "hours": "2.0",
            "post": loop.post.pk,
        },
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201, response.json()
    response = client.get("/api/v1/party/my-service-records/", **headers)
    assert [r["activity"] for r in response.json()["results"]] == ["巡逻"]
    assert response.json()["results"][0]["status"] == "recorded"
    # a second claim of the same post: 400 on post
    response = client.post(
        f"/api/v1/party/service-posts/{loop.post.pk}/claim/",
        {},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 400 and "post" in response.json()["error"]["fields"]
    assert client.get("/api/v1/party/feedback-letters/", **headers).status_code == 403
    feedback_letters_issue(
        community=loop.t.c1, period_start=dt.date(2026, 1, 1), period_end=dt.date(2026, 6, 30)
    )
    response = client.get(
        "/api/v1/party/feedback-letters/?period=2026-01-01", **_api(client, loop.worker)
    )
    (letter,) = response.json()["results"]
    assert letter["name"] == "李在职" and letter["hours"] == "0.0"


def test_pages_render_for_worker_secretary_and_team_leader(client, loop):
    from shequ.conftest import make_user
    from shequ.party.choices import TeamKind
    from shequ.party.services.orgs import team_create

    leader = in_service(loop.party, "C1G2", "队长")
    team = team_create(
        node=loop.t.c1, kind=TeamKind.VOLUNTEERS, name="志愿队", leader=leader.person
    )
    post = post_create(
        community=loop.t.c1, title="志愿岗", capacity=2, starts_on=dt.date(2026, 1, 1), team=team
    )
    post_claim(post=post, report_in=loop.report_in, on=dt.date(2026, 7, 1))
    record = service_record(
        report_in=loop.report_in,
        activity="义诊",
        served_on=dt.date(2026, 7, 2),
        hours=Decimal("3"),
        post=post,
    )
    client.force_login(loop.secretary)
    for url in (
        reverse("party:report_in_detail", args=[loop.report_in.pk]),
        reverse("party:service_post_create"),
        reverse("party:report_in_create"),
        reverse("party:service_record_create") + f"?report_in={loop.report_in.pk}",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
    assert (
        "义诊"
        in client.get(reverse("party:report_in_detail", args=[loop.report_in.pk])).content.decode()
    )
    # the team leader, without any staff role, confirms on his own page and on the list
    user = make_user("leader")
    user.person = leader.person
    user.save(update_fields=["person"])
    client.force_login(user)
    assert "义诊" in client.get(reverse("party:report_in_self")).content.decode()
    assert "义诊" in client.get(reverse("party:service_record_list")).content.decode()
    response = client.post(
        reverse("party:service_record_confirm", args=[record.pk]), {"rating": "5"}
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == ServiceRecordStatus.CONFIRMED and record.confirmed_by == user
    # once nothing awaits him, the list is not his to read
    assert client.get(reverse("party:service_record_list")).status_code == 403


def test_my_party_page_shows_the_report_in_section(client, loop):
    post_claim(post=loop.post, report_in=loop.report_in, on=dt.date(2026, 7, 1))
    record = service_record(
        report_in=loop.report_in, activity="巡逻", served_on=dt.date(2026, 7, 3), hours="2.5"
    )
    service_confirm(record=record)
    client.force_login(loop.user)
    html = client.get(reverse("party:mine")).content.decode()
    assert "平安巡逻岗" in html and "2.5" in html
