"""The report-in loop's pages and API in the permission matrix (tests/matrix.py, R-PM-2).
Everything of the loop is kept at the community the member reported to."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from shequ.accounts.roles import MANAGE_PARTY, RECORD_PARTY, VIEW_PARTY, VIEW_PARTY_MEMBER
from shequ.party.choices import MemberCategory
from shequ.party.selectors.reportin import feedback_period
from shequ.party.services.reportin import (
    feedback_letters_issue,
    post_claim,
    post_create,
    report_in_register,
    service_confirm,
    service_record,
)

from .matrix import Endpoint


def build(place) -> dict:
    """The place's in-service member reported in since the last ended period, a post of the
    community (岗位<code>) he claims, a confirmed record (服务<code>), the period's letters;
    another in-service member not reported in yet (待报到<code>)."""
    start = feedback_period(feedback_period(timezone.localdate())[0] - dt.timedelta(days=1))[0]
    end = feedback_period(start)[1]
    report_in = report_in_register(member=place.in_service, community=place.community, on=start)
    post = post_create(
        community=place.community, title=f"岗位{place.code}", capacity=5, starts_on=start
    )
    post_claim(post=post, report_in=report_in, on=start)
    record = service_record(
        report_in=report_in,
        activity=f"服务{place.code}",
        post=post,
        served_on=start + dt.timedelta(days=10),
        hours=Decimal("2"),
    )
    service_confirm(record=record, rating=5)
    feedback_letters_issue(community=place.community, period_start=start, period_end=end)
    waiting = place.new_member(
        f"待报到{place.code}",
        category=MemberCategory.IN_SERVICE,
        org=None,
        external_org="某单位党委",
        employer="某单位",
    )
    letter = report_in.letters.get()
    return {
        "report_in": report_in,
        "post": post,
        "record": record,
        "letter": letter,
        "waiting": waiting,
    }


def _in_page(text):
    return lambda place, response: text(place) in response.content.decode()


def _in_xlsx(text):
    def shows(place, response) -> bool:
        import openpyxl

        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        return any(text(place) in row for row in sheet.iter_rows(values_only=True))

    return shows


def _in_results(key, text):
    return lambda place, response: any(
        row.get(key) == text(place) for row in response.json()["results"]
    )


def _name(place):
    return f"在职{place.code}"


def _community(place):
    return place.community


def _never(role, role_node, place) -> bool:
    return False


def _option(place) -> str:
    return f'<option value="{place.community.pk}">{place.community.name}</option>'


ENDPOINTS = [
    Endpoint("page report-ins", VIEW_PARTY_MEMBER, lambda p: reverse("party:report_in_list"),
             shows=_in_page(_name), where=_community),
    Endpoint("export report-ins", VIEW_PARTY_MEMBER, lambda p: reverse("party:report_in_export"),
             shows=_in_xlsx(_name), where=_community),
    Endpoint("page report-in", VIEW_PARTY_MEMBER,
             lambda p: reverse("party:report_in_detail", args=[p.objs["report_in"].pk]),
             where=_community),
    Endpoint("page enter a report-in", RECORD_PARTY, lambda p: reverse("party:report_in_create"),
             shows=_in_page(lambda p: f"待报到{p.code}"), where=_community),
    Endpoint("page record service for a member", RECORD_PARTY,
             lambda p: reverse("party:service_record_create")
             + f"?report_in={p.objs['report_in'].pk}", where=_community),
    Endpoint("page service posts", VIEW_PARTY, lambda p: reverse("party:service_post_list"),
             shows=_in_page(lambda p: f"岗位{p.code}"), where=_community),
    Endpoint("export service posts", VIEW_PARTY, lambda p: reverse("party:service_post_export"),
             shows=_in_xlsx(lambda p: f"岗位{p.code}"), where=_community),
    Endpoint("page define a post", MANAGE_PARTY, lambda p: reverse("party:service_post_create"),
             shows=_in_page(_option), where=_community),
    Endpoint("page service records", VIEW_PARTY_MEMBER,
             lambda p: reverse("party:service_record_list"),
             shows=_in_page(lambda p: f"服务{p.code}"), where=_community),
    Endpoint("export service records", VIEW_PARTY_MEMBER,
             lambda p: reverse("party:service_record_export"),
             shows=_in_xlsx(lambda p: f"服务{p.code}"), where=_community),
    Endpoint("page feedback register", VIEW_PARTY_MEMBER,
             lambda p: reverse("party:feedback_register"),
             shows=_in_page(lambda p: p.objs["letter"].letter_number), where=_community),
    Endpoint("export feedback register", VIEW_PARTY_MEMBER,
             lambda p: reverse("party:feedback_register_export"),
             shows=_in_xlsx(lambda p: p.objs["letter"].letter_number), where=_community),
    Endpoint("page feedback letter", VIEW_PARTY_MEMBER,
             lambda p: reverse("party:feedback_letter", args=[p.objs["letter"].pk]),
             where=_community),
    Endpoint("page my report-in", VIEW_PARTY_MEMBER, lambda p: reverse("party:report_in_self"),
             shows=_in_page(lambda p: f"岗位{p.code}"), expect=_never),
    Endpoint("api service posts", VIEW_PARTY, lambda p: "/api/v1/party/service-posts/",
             api=True, shows=_in_results("title", lambda p: f"岗位{p.code}"), where=_community),
    Endpoint("api feedback letters", VIEW_PARTY_MEMBER,
             lambda p: "/api/v1/party/feedback-letters/", api=True,
             shows=_in_results("name", _name), where=_community),
    Endpoint("api my service records", VIEW_PARTY_MEMBER,
             lambda p: "/api/v1/party/my-service-records/", api=True,
             shows=_in_results("activity", lambda p: f"服务{p.code}"), expect=_never),
]  # fmt: skip
