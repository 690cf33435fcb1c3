"""The member register's pages and API in the permission matrix (tests/matrix.py)."""

from __future__ import annotations

import datetime as dt
import io
from urllib.parse import quote

from django.urls import reverse

from shequ.accounts.roles import MANAGE_PARTY, VIEW_PARTY_MEMBER
from shequ.conftest import add_person
from shequ.party.selectors.members import person_pick_token
from shequ.party.services.members import member_transfer_out

from .matrix import Endpoint


def build(place) -> dict:
    """A member of the place's branch who has left with his letter ``OUT-<place>``."""
    gone = place.new_member(f"转出{place.code}")
    member_transfer_out(
        member=gone,
        to_org_name="外区某社区党委",
        letter_number=f"OUT-{place.code}",
        issued_on=dt.date(2026, 3, 1),
    )
    return {"gone": gone, "resident": add_person(place.flat, f"居民{place.code}")}


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


def _member_name(place):
    return f"党员{place.code}"


def _in_service_name(place):
    return f"在职{place.code}"


def _community(place):
    return place.community


def _never(role, role_node, place) -> bool:
    return False


ENDPOINTS = [
    Endpoint("page member list", VIEW_PARTY_MEMBER, lambda p: reverse("party:member_list"),
             shows=_in_page(_member_name)),
    Endpoint("page member list (in-service, at the community)", VIEW_PARTY_MEMBER,
             lambda p: reverse("party:member_list"), shows=_in_page(_in_service_name),
             where=_community),
    Endpoint("page member detail", VIEW_PARTY_MEMBER,
             lambda p: reverse("party:member_detail", args=[p.member.pk])),
    Endpoint("page member detail (in-service)", VIEW_PARTY_MEMBER,
             lambda p: reverse("party:member_detail", args=[p.in_service.pk]), where=_community),
    Endpoint("page member detail (transferred out)", VIEW_PARTY_MEMBER,
             lambda p: reverse("party:member_detail", args=[p.objs["gone"].pk])),
    Endpoint("export members", VIEW_PARTY_MEMBER, lambda p: reverse("party:member_export"),
             shows=_in_xlsx(_member_name)),
    Endpoint("page transfers", VIEW_PARTY_MEMBER, lambda p: reverse("party:transfer_list"),
             shows=_in_page(lambda p: f"OUT-{p.code}")),
    Endpoint("export transfers", VIEW_PARTY_MEMBER, lambda p: reverse("party:transfer_export"),
             shows=_in_xlsx(lambda p: f"OUT-{p.code}")),
    Endpoint("page member edit", MANAGE_PARTY,
             lambda p: reverse("party:member_edit", args=[p.member.pk])),
    Endpoint("page member edit (in-service)", MANAGE_PARTY,
             lambda p: reverse("party:member_edit", args=[p.in_service.pk]), where=_community),
    Endpoint("page member transfer out", MANAGE_PARTY,
             lambda p: reverse("party:member_transfer_out", args=[p.member.pk])),
    Endpoint("page member move", MANAGE_PARTY,
             lambda p: reverse("party:member_move", args=[p.member.pk])),
    Endpoint("page register a resident picked", MANAGE_PARTY,
             lambda p: reverse("party:member_register")
             + f"?person={quote(person_pick_token(p.objs['resident']))}",
             shows=_in_page(lambda p: f"居民{p.code}")),
    Endpoint("page transfer in a resident picked", MANAGE_PARTY,
             lambda p: reverse("party:member_transfer_in")
             + f"?person={quote(person_pick_token(p.in_service.person))}",
             shows=_in_page(_in_service_name)),
    Endpoint("page my party page", VIEW_PARTY_MEMBER, lambda p: reverse("party:mine"),
             shows=_in_page(_member_name), expect=_never),
    Endpoint("api members", VIEW_PARTY_MEMBER, lambda p: "/api/v1/party/members/", api=True,
             shows=_in_results("name", _member_name)),
    Endpoint("api members (in-service)", VIEW_PARTY_MEMBER,
             lambda p: "/api/v1/party/members/", api=True,
             shows=_in_results("name", _in_service_name), where=_community),
    Endpoint("api member", VIEW_PARTY_MEMBER,
             lambda p: f"/api/v1/party/members/{p.member.pk}/", api=True),
    Endpoint("api member (in-service)", VIEW_PARTY_MEMBER,
             lambda p: f"/api/v1/party/members/{p.in_service.pk}/", api=True, where=_community),
    Endpoint("api transfers", VIEW_PARTY_MEMBER, lambda p: "/api/v1/party/transfers/", api=True,
             shows=_in_results("letter_number", lambda p: f"OUT-{p.code}")),
    Endpoint("api me", VIEW_PARTY_MEMBER, lambda p: "/api/v1/party/me/", api=True,
             expect=_never),
]  # fmt: skip
