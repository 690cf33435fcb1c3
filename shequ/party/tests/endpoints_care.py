"""The 四知四访 pages and API in the permission matrix (tests/matrix.py)."""

from __future__ import annotations

import datetime as dt
import io

from django.urls import reverse

from shequ.accounts.roles import MANAGE_PARTY, RECORD_PARTY, VIEW_CIRCUMSTANCES, VIEW_PARTY_MEMBER
from shequ.party.models import Aspect, CareTrigger
from shequ.party.services.care import care_flag_raise, circumstance_record

from .matrix import Endpoint


def build(place) -> dict:
    """The place's member is in hardship (a visit raised) and has a circumstance on file."""
    visit = care_flag_raise(
        member=place.member, trigger=CareTrigger.HARDSHIP, on=dt.date(2026, 3, 1)
    )
    circumstance_record(
        member=place.member,
        aspect=Aspect.DIFFICULTIES,
        text=f"知情{place.code}",
        recorded_on=dt.date(2026, 3, 1),
    )
    return {"care_visit": visit}


def _member_name(place):
    return f"党员{place.code}"


def _in_page(text):
    return lambda place, response: text(place) in response.content.decode()


def _in_xlsx(place, response) -> bool:
    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return any(_member_name(place) in row for row in sheet.iter_rows(values_only=True))


ENDPOINTS = [
    Endpoint(
        "page care visits",
        VIEW_PARTY_MEMBER,
        lambda p: reverse("party:care_visit_list"),
        shows=_in_page(_member_name),
    ),
    Endpoint(
        "export care visits",
        VIEW_PARTY_MEMBER,
        lambda p: reverse("party:care_visit_export"),
        shows=_in_xlsx,
    ),
    Endpoint(
        "page care visit",
        VIEW_PARTY_MEMBER,
        lambda p: reverse("party:care_visit_detail", args=[p.objs["care_visit"].pk]),
    ),
    Endpoint(
        "page member circumstances",
        VIEW_CIRCUMSTANCES,
        lambda p: reverse("party:member_circumstances", args=[p.member.pk]),
        shows=_in_page(lambda p: f"知情{p.code}"),
    ),
    Endpoint(
        "page raise a care occasion",
        RECORD_PARTY,
        lambda p: reverse("party:care_flag_raise", args=[p.member.pk]),
    ),
    Endpoint(
        "page member service cards",
        MANAGE_PARTY,
        lambda p: reverse("party:card_issue"),
        shows=_in_page(lambda p: f"M-{p.code}<"),
    ),
    Endpoint(
        "api care visits",
        VIEW_PARTY_MEMBER,
        lambda p: "/api/v1/party/care-visits/",
        api=True,
        shows=lambda p, r: any(
            row["member_name"] == _member_name(p) for row in r.json()["results"]
        ),
    ),
    Endpoint(
        "api care visit",
        VIEW_PARTY_MEMBER,
        lambda p: f"/api/v1/party/care-visits/{p.objs['care_visit'].pk}/",
        api=True,
    ),
    Endpoint(
        "api member circumstances",
        VIEW_CIRCUMSTANCES,
        lambda p: f"/api/v1/party/care-circumstances/?member={p.member.pk}",
        api=True,
        shows=lambda p, r: any(row["text"] == f"知情{p.code}" for row in r.json()),
    ),
]
