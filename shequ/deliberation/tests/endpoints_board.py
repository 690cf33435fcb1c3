"""The disclosure board in the permission matrix (shequ/party/tests/matrix.py): a notice at each
place's grid and one at its community, public at, below and above their node."""

from __future__ import annotations

import io

from django.urls import reverse

from shequ.accounts.roles import VIEW_PUBLIC
from shequ.deliberation.models import PublicationKind
from shequ.deliberation.services.board import publish
from shequ.party.tests.matrix import Endpoint

from .endpoints_bodies import public


def build(place) -> dict:
    return {
        "notice": publish(node=place.node, kind=PublicationKind.NOTICE,
                          title=f"网格通知{place.code}"),
        "community_notice": publish(node=place.community, kind=PublicationKind.DECISION,
                                    title=f"社区决定{place.code}"),
    }  # fmt: skip


def _grid(p):
    return p.node


def _community(p):
    return p.community


def _in_xlsx(text):
    def shows(place, response) -> bool:
        import openpyxl

        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        return any(text(place) in row for row in sheet.iter_rows(values_only=True))

    return shows


def _listed(title):
    return lambda p: reverse("deliberation:board_list") + f"?q={title(p)}"


def _grid_title(p):
    return f"网格通知{p.code}"


def _community_title(p):
    return f"社区决定{p.code}"


ENDPOINTS = [
    Endpoint("page board (grid)", VIEW_PUBLIC, _listed(_grid_title),
             shows=lambda p, r: reverse("deliberation:board_detail",
                                        args=[p.objs["notice"].pk]) in r.content.decode(),
             expect=public(_grid)),
    Endpoint("page board (community)", VIEW_PUBLIC, _listed(_community_title),
             shows=lambda p, r: reverse("deliberation:board_detail",
                                        args=[p.objs["community_notice"].pk]) in r.content.decode(),
             expect=public(_community)),
    Endpoint("export board", VIEW_PUBLIC,
             lambda p: reverse("deliberation:board_export") + f"?q={_grid_title(p)}",
             shows=_in_xlsx(_grid_title), expect=public(_grid)),
    Endpoint("page publication", VIEW_PUBLIC,
             lambda p: reverse("deliberation:board_detail", args=[p.objs["notice"].pk]),
             expect=public(_grid)),
    Endpoint("api board", VIEW_PUBLIC,
             lambda p: f"/api/v1/deliberation/board/?q={_community_title(p)}", api=True,
             shows=lambda p, r: any(x["title"] == _community_title(p)
                                    for x in r.json()["results"]),
             expect=public(_community)),
    Endpoint("api publication", VIEW_PUBLIC,
             lambda p: f"/api/v1/deliberation/board/{p.objs['notice'].pk}/", api=True,
             expect=public(_grid)),
]  # fmt: skip
