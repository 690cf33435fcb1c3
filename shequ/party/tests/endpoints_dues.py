"""Party dues pages and API in the permission matrix (tests/matrix.py)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.urls import reverse

from shequ.accounts.roles import VIEW_PARTY_MEMBER
from shequ.party.models import DuesBasis
from shequ.party.services.dues import dues_pay, dues_standard_set

from .matrix import Endpoint


def build(place) -> dict:
    """The place's member pays January at 40.00 a month; he owes the months since."""
    dues_standard_set(member=place.member, from_month=dt.date(2026, 1, 1),
                      basis=DuesBasis.IN_SERVICE, income=Decimal("4000"))  # fmt: skip
    (entry,) = dues_pay(member=place.member, months=[dt.date(2026, 1, 1)], amount=Decimal("40"))
    return {"dues_entry": entry}


def _in_page(text):
    return lambda place, response: text(place) in response.content.decode()


def _in_xlsx(text):
    def shows(place, response) -> bool:
        import openpyxl

        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        return any(text(place) in row for row in sheet.iter_rows(values_only=True))

    return shows


def _name(place):
    return f"党员{place.code}"


def _org_name(place):
    return place.org.name


ENDPOINTS = [
    Endpoint("page dues arrears", VIEW_PARTY_MEMBER,
             lambda p: reverse("party:dues_arrears") + f"?everyone=on&q={_name(p)}",
             shows=_in_page(lambda p: reverse("party:dues_member", args=[p.member.pk]))),
    Endpoint("export dues arrears", VIEW_PARTY_MEMBER,
             lambda p: reverse("party:dues_arrears_export") + f"?q={_name(p)}",
             shows=_in_xlsx(_name)),
    Endpoint("page dues card", VIEW_PARTY_MEMBER,
             lambda p: reverse("party:dues_member", args=[p.member.pk])),
    Endpoint("page dues ledger", VIEW_PARTY_MEMBER,
             lambda p: reverse("party:dues_ledger", args=[p.org.pk]) + "?year=2026"),
    Endpoint("export dues ledger", VIEW_PARTY_MEMBER,
             lambda p: reverse("party:dues_ledger_export", args=[p.org.pk]) + "?year=2026"),
    Endpoint("page dues summary", VIEW_PARTY_MEMBER,
             lambda p: reverse("party:dues_summary") + "?year=2026", shows=_in_page(_org_name)),
    Endpoint("export dues summary", VIEW_PARTY_MEMBER,
             lambda p: reverse("party:dues_summary_export") + "?year=2026",
             shows=_in_xlsx(_org_name)),
    Endpoint("api dues ledger", VIEW_PARTY_MEMBER,
             lambda p: f"/api/v1/party/dues/ledgers/{p.org.pk}/?year=2026", api=True,
             shows=lambda p, r: r.json()["lines"][0]["entry"]["id"] == p.objs["dues_entry"].pk),
    Endpoint("api dues arrears", VIEW_PARTY_MEMBER,
             lambda p: f"/api/v1/party/dues/arrears/?q={_name(p)}", api=True,
             shows=lambda p, r: any(row["member_name"] == _name(p) for row in r.json())),
]  # fmt: skip
