"""Allocation results in the pb permission matrix (party/tests/matrix.py): at each place's
community a published round (results public at, below and above it) and one still being
allocated (results for staff over it: VIEW_PB)."""

from __future__ import annotations

import io

from django.urls import reverse

from shequ.accounts.roles import VIEW_PB, VIEW_PUBLIC
from shequ.party.tests.matrix import Endpoint
from shequ.pb.choices import Phase, Rule
from shequ.pb.services.allocation import round_allocate

from .endpoints_rounds import _public
from .fixtures_alloc import make_round


def build(place) -> dict:
    published = make_round(place.community, phase=Phase.PUBLISH, title=f"结果轮{place.code}")
    pending = make_round(place.community, phase=Phase.ALLOCATE, title=f"待分配{place.code}")
    for round in (published, pending):
        round_allocate(round=round, rule=Rule.GREEDY)
    return {"results_published": published, "results_pending": pending}


def _community(place):
    return place.community


def _url(name, key, suffix=""):
    return lambda p: reverse(name, args=[p.objs[key].pk]) + suffix


def _shows_explanation(place, response) -> bool:
    return 'class="explanation"' in response.content.decode()


def _in_xlsx(place, response) -> bool:
    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return any("健身步道" in row for row in sheet.iter_rows(values_only=True))


def _api_rows(place, response) -> bool:
    return len(response.json()["results"]) == 4


ENDPOINTS = [
    Endpoint("page results", VIEW_PUBLIC, _url("pb:round_results", "results_published"),
             shows=_shows_explanation, expect=_public),
    Endpoint("export results", VIEW_PUBLIC,
             _url("pb:round_results_export", "results_published"), shows=_in_xlsx,
             expect=_public),
    Endpoint("download results .pb", VIEW_PUBLIC,
             _url("pb:round_results_pabulib", "results_published"), expect=_public),
    Endpoint("api results", VIEW_PUBLIC,
             lambda p: f"/api/v1/pb/rounds/{p.objs['results_published'].pk}/results/",
             api=True, shows=_api_rows, expect=_public),
    Endpoint("page results (not published)", VIEW_PB,
             _url("pb:round_results", "results_pending"), shows=_shows_explanation,
             where=_community),
    Endpoint("api results (not published)", VIEW_PB,
             lambda p: f"/api/v1/pb/rounds/{p.objs['results_pending'].pk}/results/",
             api=True, shows=_api_rows, where=_community),
]  # fmt: skip
