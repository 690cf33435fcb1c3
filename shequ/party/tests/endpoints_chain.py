"""The 四联四包 pages and API in the permission matrix (tests/matrix.py)."""

from __future__ import annotations

import datetime as dt
import io

from django.urls import reverse

from shequ.accounts.roles import MANAGE_PARTY, VIEW_PARTY
from shequ.party.models import ChainKind
from shequ.party.services.chain import chain_link_assign

from .matrix import Endpoint


def build(place) -> dict:
    """The place's member answers for the place's household (党员包户)."""
    link = chain_link_assign(
        kind=ChainKind.MEMBER_HOUSEHOLD,
        who=place.member,
        what=place.household,
        started_on=dt.date(2026, 1, 1),
    )
    return {"chain_link": link}


def _number(place):
    return f"PH{place.code}"


def _in_page(text):
    return lambda place, response: text(place) in response.content.decode()


def _grid_in_xlsx(place, response) -> bool:
    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return any(place.node.name in row for row in sheet.iter_rows(values_only=True))


ENDPOINTS = [
    Endpoint(
        "page chain links",
        VIEW_PARTY,
        lambda p: reverse("party:chain_link_list"),
        shows=_in_page(_number),
    ),
    Endpoint(
        "export chain", VIEW_PARTY, lambda p: reverse("party:chain_export"), shows=_grid_in_xlsx
    ),
    Endpoint(
        "page chain report",
        VIEW_PARTY,
        lambda p: reverse("party:chain_report"),
        shows=_in_page(lambda p: p.node.name),
    ),
    Endpoint(
        "page household chain",
        VIEW_PARTY,
        lambda p: reverse("party:household_chain", args=[p.household.pk]),
        shows=_in_page(lambda p: f"党员{p.code}"),
    ),
    Endpoint(
        "page assign for a household",
        MANAGE_PARTY,
        lambda p: reverse("party:chain_link_assign") + f"?household={p.household.pk}",
        shows=_in_page(lambda p: f'value="{_number(p)}"'),
    ),
    Endpoint(
        "api chain links",
        VIEW_PARTY,
        lambda p: "/api/v1/party/chain/links/",
        api=True,
        shows=lambda p, r: any(row["what"] == _number(p) for row in r.json()["results"]),
    ),
    Endpoint(
        "api household chain",
        VIEW_PARTY,
        lambda p: f"/api/v1/party/chain/households/{p.household.pk}/",
        api=True,
    ),
    Endpoint(
        "api chain report",
        VIEW_PARTY,
        lambda p: "/api/v1/party/chain/report/",
        api=True,
        shows=lambda p, r: any(row["grid_name"] == p.node.name for row in r.json()),
    ),
]
