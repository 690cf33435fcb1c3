"""The evaluation pages and API in the permission matrix (tests/matrix.py): a published round
of each place's branch, its democratic evaluation, and the community's party-affairs board."""

from __future__ import annotations

import datetime as dt
import io

from django.urls import reverse
from django.utils import timezone

from shequ.accounts.roles import ROLE_PERMISSIONS, VIEW_PARTY, Role

from ..models import Grade, Outcome
from ..services import evaluation as ev
from .matrix import Endpoint


def build(place) -> dict:
    """A round of the place's branch, closed without ratings, its member graded by the
    branch and published today; and a democratic evaluation ``评议<place>``."""
    today = timezone.localdate()
    rnd = ev.round_open(org=place.org, year=today.year, opens_on=today - dt.timedelta(days=10),
                       closes_on=today + dt.timedelta(days=10))  # fmt: skip
    ev.round_close(round=rnd)
    for outcome in Outcome.objects.filter(round=rnd):
        ev.outcome_adjust(outcome=outcome, grade=Grade.COMPETENT, reason="支部评定")
    ev.round_publish(round=rnd)
    record = ev.democratic_evaluation_record(
        org=place.org, held_on=today, participants=5, summary=f"评议{place.code}"
    )
    return {"round": rnd, "democratic": record}


def _in_page(text):
    return lambda place, response: text(place) in response.content.decode()


def _in_json(text):
    return lambda place, response: text(place) in response.content.decode()


def _in_xlsx(text):
    def shows(place, response) -> bool:
        import openpyxl

        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        return any(text(place) in str(row) for row in sheet.iter_rows(values_only=True))

    return shows


def _board_expected(role, role_node, place) -> bool:
    """Residents and members holding their role in the community; staff whose party scope
    covers the community or lies inside it."""
    community = place.community.path
    inside = role_node.path.startswith(community)
    if role in (Role.PARTY_MEMBER, Role.RESIDENT):
        return inside
    return VIEW_PARTY in ROLE_PERMISSIONS[role] and (inside or community.startswith(role_node.path))


def _org_name(place):
    return place.org.name


def _member_name(place):
    return place.member.person.name


ENDPOINTS = [
    Endpoint("page evaluation rounds", VIEW_PARTY,
             lambda p: reverse("party:evaluation_round_list"), shows=_in_page(_org_name)),
    Endpoint("page evaluation round", VIEW_PARTY,
             lambda p: reverse("party:evaluation_round_detail", args=[p.objs["round"].pk])),
    Endpoint("xlsx evaluation outcomes", VIEW_PARTY,
             lambda p: reverse("party:evaluation_outcome_export", args=[p.objs["round"].pk]),
             shows=_in_xlsx(_member_name)),
    Endpoint("page evaluation board", VIEW_PARTY,
             lambda p: reverse("party:evaluation_board", args=[p.community.pk]),
             shows=_in_page(_member_name), expect=_board_expected),
    Endpoint("page democratic evaluations", VIEW_PARTY,
             lambda p: reverse("party:democratic_evaluation_list"),
             shows=_in_page(lambda p: f"评议{p.code}")),
    Endpoint("xlsx democratic evaluations", VIEW_PARTY,
             lambda p: reverse("party:democratic_evaluation_export"),
             shows=_in_xlsx(lambda p: f"评议{p.code}")),
    Endpoint("api evaluation rounds", VIEW_PARTY, lambda p: "/api/v1/party/evaluation-rounds/",
             api=True, shows=_in_json(_org_name)),
    Endpoint("api evaluation round outcomes", VIEW_PARTY,
             lambda p: f"/api/v1/party/evaluation-rounds/{p.objs['round'].pk}/outcomes/",
             api=True, shows=_in_json(_member_name)),
    Endpoint("api evaluation board", VIEW_PARTY,
             lambda p: f"/api/v1/party/evaluation-board/{p.community.pk}/", api=True,
             shows=_in_json(_member_name), expect=_board_expected),
    Endpoint("api democratic evaluations", VIEW_PARTY,
             lambda p: "/api/v1/party/democratic-evaluations/", api=True,
             shows=_in_json(lambda p: f"评议{p.code}")),
]  # fmt: skip
