"""The recruitment pipeline's pages and API in the permission matrix (tests/matrix.py)."""

from __future__ import annotations

import datetime as dt
import io

from django.urls import reverse

from shequ.accounts.roles import VIEW_PARTY, VIEW_PARTY_MEMBER
from shequ.conftest import add_person
from shequ.party.services.recruitment import recruit_apply

from .matrix import Endpoint


def build(place) -> dict:
    """An application to the place's branch by ``申请人<place>``."""
    person = add_person(place.flat, f"申请人{place.code}", birth=dt.date(1999, 1, 1))
    recruit = recruit_apply(person=person, org=place.org, applied_on=dt.date(2026, 3, 1),
                            answerable_name="书记")  # fmt: skip
    return {"recruit": recruit}


def _name(place):
    return f"申请人{place.code}"


def _in_page(place, response) -> bool:
    # the link to the recruit, not the name: the search box echoes the name
    url = reverse("party:recruit_detail", args=[place.objs["recruit"].pk])
    return f'href="{url}"' in response.content.decode()


def _in_xlsx(place, response) -> bool:
    import openpyxl

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return any(_name(place) in row for row in sheet.iter_rows(values_only=True))


def _in_results(place, response) -> bool:
    return any(row.get("name") == _name(place) for row in response.json()["results"])


def _target_line(place, response) -> bool:
    return f'data-org="{place.committee.code}"' in response.content.decode()


ENDPOINTS = [
    Endpoint("page recruit list", VIEW_PARTY_MEMBER,
             lambda p: reverse("party:recruit_list") + f"?q={_name(p)}", shows=_in_page),
    Endpoint("page recruit detail", VIEW_PARTY_MEMBER,
             lambda p: reverse("party:recruit_detail", args=[p.objs["recruit"].pk])),
    Endpoint("export recruits", VIEW_PARTY_MEMBER,
             lambda p: reverse("party:recruit_export") + f"?q={_name(p)}", shows=_in_xlsx),
    Endpoint("page recruitment targets", VIEW_PARTY, lambda p: reverse("party:recruit_targets"),
             shows=_target_line, where=lambda p: p.community),
    Endpoint("api recruits", VIEW_PARTY_MEMBER, lambda p: f"/api/v1/party/recruits/?q={_name(p)}",
             api=True, shows=_in_results),
    Endpoint("api recruit detail", VIEW_PARTY_MEMBER,
             lambda p: f"/api/v1/party/recruits/{p.objs['recruit'].pk}/", api=True),
]  # fmt: skip
