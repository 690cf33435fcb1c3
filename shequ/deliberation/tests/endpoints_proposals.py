"""Proposal pages and API in the permission matrix (shequ/party/tests/matrix.py): an answered
proposal is public to the community (VIEW_PUBLIC at, below or above it); one awaiting an answer
is seen by the staff of the community's subtree (VIEW_DELIBERATION) and its proposer."""

from __future__ import annotations

from django.urls import reverse

from shequ.accounts.roles import VIEW_DELIBERATION, VIEW_PUBLIC
from shequ.conftest import add_person
from shequ.deliberation.services.proposals import (
    proposal_decline,
    proposal_submit,
)
from shequ.party.tests.matrix import Endpoint

from .endpoints_topics import _in_page, _in_xlsx, public


def build(place) -> dict:
    proposer = add_person(place.flat, f"提案人{place.code}")
    answered = proposal_submit(person=proposer, title=_answered(place), text="建议。")
    proposal_decline(proposal=answered, reason="已另行办理。")
    waiting = proposal_submit(person=proposer, title=_waiting(place), text="建议。")
    return {"answered": answered, "waiting": waiting}


def _answered(place):
    return f"已答复提案{place.code}"


def _waiting(place):
    return f"待答复提案{place.code}"


def _community(place):
    return place.community


def _url(key):
    return lambda p: reverse("deliberation:proposal_detail", args=[p.objs[key].pk])


def _api(key):
    return lambda p: f"/api/v1/deliberation/proposals/{p.objs[key].pk}/"


ENDPOINTS = [
    Endpoint("page proposals answered", VIEW_PUBLIC,
             lambda p: reverse("deliberation:proposal_list") + f"?q={_answered(p)}",
             shows=_in_page(_url("answered")), expect=public(VIEW_PUBLIC)),
    Endpoint("page proposals waiting", VIEW_DELIBERATION,
             lambda p: reverse("deliberation:proposal_list") + f"?q={_waiting(p)}",
             shows=_in_page(_url("waiting")), where=_community),
    Endpoint("export proposals", VIEW_DELIBERATION,
             lambda p: reverse("deliberation:proposal_export") + f"?q={_waiting(p)}",
             shows=_in_xlsx(_waiting), where=_community),
    Endpoint("page proposal answered", VIEW_PUBLIC, _url("answered"),
             expect=public(VIEW_PUBLIC)),
    Endpoint("page proposal waiting", VIEW_DELIBERATION, _url("waiting"), where=_community),
    Endpoint("api proposals", VIEW_PUBLIC,
             lambda p: f"/api/v1/deliberation/proposals/?q={_answered(p)}", api=True,
             shows=lambda p, r: any(x["title"] == _answered(p) for x in r.json()["results"]),
             expect=public(VIEW_PUBLIC)),
    Endpoint("api proposal answered", VIEW_PUBLIC, _api("answered"), api=True,
             expect=public(VIEW_PUBLIC)),
    Endpoint("api proposal waiting", VIEW_DELIBERATION, _api("waiting"), api=True,
             where=_community),
]  # fmt: skip
