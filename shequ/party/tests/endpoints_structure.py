"""Endpoints of the organisation tree and the structural report for the permission matrix
(tests/matrix.py): each place's branch must be seen exactly by the roles viewing its grid."""

from django.urls import reverse

from shequ.accounts.roles import MANAGE_PARTY, VIEW_PARTY

from .matrix import Endpoint


def _listed(place, response) -> bool:
    return f'data-org="{place.org.code}"'.encode() in response.content


def _api_listed(place, response) -> bool:
    return any(row["id"] == place.org.pk for row in response.json()["results"])


def _preselected(place, response) -> bool:
    return f'<option value="{place.org.pk}" selected>'.encode() in response.content


ENDPOINTS = [
    Endpoint("page org list", VIEW_PARTY,
             lambda p: reverse("party:org_list") + f"?q={p.org.code}", shows=_listed),
    Endpoint("page org detail", VIEW_PARTY,
             lambda p: reverse("party:org_detail", args=[p.org.pk])),
    Endpoint("page structure report", VIEW_PARTY,
             lambda p: reverse("party:structure_report") + f"?org={p.org.pk}"),
    Endpoint("export structure report", VIEW_PARTY,
             lambda p: reverse("party:structure_report_export") + f"?org={p.org.pk}"),
    Endpoint("page org create under", MANAGE_PARTY,
             lambda p: reverse("party:org_create") + f"?parent={p.org.pk}", shows=_preselected),
    Endpoint("api orgs", VIEW_PARTY, lambda p: f"/api/v1/party/orgs/?q={p.org.code}",
             api=True, shows=_api_listed),
    Endpoint("api org", VIEW_PARTY, lambda p: f"/api/v1/party/orgs/{p.org.pk}/", api=True),
    Endpoint("api org findings", VIEW_PARTY,
             lambda p: f"/api/v1/party/orgs/{p.org.pk}/findings/", api=True),
]  # fmt: skip
