"""Rounds, projects and voting pages and API in the pb permission matrix (party/tests/matrix.py):
a round at each place's community, collecting proposals, with one project. Rounds are public
to every role holding VIEW_PUBLIC at, below or above the community; the staff pages need the
recording or managing permission over it."""

from __future__ import annotations

import io
from decimal import Decimal

from django.urls import reverse

from shequ.accounts.roles import MANAGE_PB, RECORD_PB, ROLE_PERMISSIONS, VIEW_PUBLIC
from shequ.party.tests.matrix import Endpoint
from shequ.pb.choices import Phase
from shequ.pb.services.projects import project_propose
from shequ.pb.services.rounds import round_create, round_transition


def build(place) -> dict:
    round = round_create(node=place.community, title=f"民生轮{place.code}", year=2026,
                         budget=Decimal("100000"))  # fmt: skip
    round_transition(round=round, to=Phase.COLLECT)
    project = project_propose(round=round, actor=None, title=f"提案{place.code}",
                              cost=Decimal("5000"), category="goods")  # fmt: skip
    return {"pb_round": round, "pb_project": project}


def _public(role, role_node, place) -> bool:
    community = place.community.path
    return VIEW_PUBLIC in ROLE_PERMISSIONS[role] and (
        community.startswith(role_node.path) or role_node.path.startswith(community)
    )


def _title(place):
    return f"民生轮{place.code}"


def _in_page(text):
    return lambda place, response: text(place) in response.content.decode()


def _in_xlsx(text):
    def shows(place, response) -> bool:
        import openpyxl

        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        return any(text(place) in row for row in sheet.iter_rows(values_only=True))

    return shows


def _round(place):
    return place.objs["pb_round"].pk


def _project(place):
    return place.objs["pb_project"].pk


def _community(place):
    return place.community


ENDPOINTS = [
    Endpoint("page rounds", VIEW_PUBLIC, lambda p: reverse("pb:index") + f"?q={_title(p)}",
             shows=_in_page(lambda p: f'"{reverse("pb:round_detail", args=[_round(p)])}"'),
             expect=_public),
    Endpoint("export rounds", VIEW_PUBLIC,
             lambda p: reverse("pb:index_export") + f"?q={_title(p)}",
             shows=_in_xlsx(_title), expect=_public),
    Endpoint("page round", VIEW_PUBLIC, lambda p: reverse("pb:round_detail", args=[_round(p)]),
             expect=_public),
    Endpoint("page project", VIEW_PUBLIC,
             lambda p: reverse("pb:project_detail", args=[_project(p)]), expect=_public),
    Endpoint("page vote", VIEW_PUBLIC, lambda p: reverse("pb:vote", args=[_round(p)]),
             expect=_public),
    Endpoint("page propose", RECORD_PB,
             lambda p: reverse("pb:project_propose", args=[_round(p)]), where=_community),
    Endpoint("page shortlist", MANAGE_PB,
             lambda p: reverse("pb:round_shortlist", args=[_round(p)]), where=_community),
    Endpoint("page paper codes", RECORD_PB,
             lambda p: reverse("pb:paper_codes", args=[_round(p)]), where=_community),
    Endpoint("page paper ballot", RECORD_PB,
             lambda p: reverse("pb:paper_enter", args=[_round(p)]), where=_community),
    Endpoint("api rounds", VIEW_PUBLIC, lambda p: f"/api/v1/pb/rounds/?q={_title(p)}", api=True,
             shows=lambda p, r: any(row["id"] == _round(p) for row in r.json()["results"]),
             expect=_public),
    Endpoint("api round", VIEW_PUBLIC, lambda p: f"/api/v1/pb/rounds/{_round(p)}/", api=True,
             expect=_public),
    Endpoint("api projects", VIEW_PUBLIC, lambda p: f"/api/v1/pb/projects/?round={_round(p)}",
             api=True, shows=lambda p, r: any(row["id"] == _project(p)
                                              for row in r.json()["results"]), expect=_public),
    Endpoint("api project", VIEW_PUBLIC, lambda p: f"/api/v1/pb/projects/{_project(p)}/",
             api=True, expect=_public),
]  # fmt: skip
