"""Topic pages and API in the permission matrix (shequ/party/tests/matrix.py): a topic is kept
at its community and public to everyone holding VIEW_PUBLIC at, below or above it."""

from __future__ import annotations

import io

from django.urls import reverse

from shequ.accounts.roles import ROLE_PERMISSIONS, VIEW_PUBLIC
from shequ.deliberation.services.topics import topic_create
from shequ.party.tests.matrix import Endpoint


def build(place) -> dict:
    topic = topic_create(community=place.community, title=_title(place), procedure="four_two")
    return {"topic": topic}


def public(perm):
    """Seen where the role grants ``perm`` at, below or above the place's community."""

    def expect(role, role_node, place) -> bool:
        path = place.community.path
        return perm in ROLE_PERMISSIONS[role] and (
            path.startswith(role_node.path) or role_node.path.startswith(path)
        )

    return expect


def _title(place):
    return f"议题{place.code}"


def _in_page(text):
    return lambda place, response: text(place) in response.content.decode()


def _in_xlsx(text):
    def shows(place, response) -> bool:
        import openpyxl

        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        return any(text(place) in row for row in sheet.iter_rows(values_only=True))

    return shows


def _detail(place):
    return reverse("deliberation:topic_detail", args=[place.objs["topic"].pk])


ENDPOINTS = [
    Endpoint("page topics", VIEW_PUBLIC,
             lambda p: reverse("deliberation:topic_list") + f"?q={_title(p)}",
             shows=_in_page(_detail), expect=public(VIEW_PUBLIC)),
    Endpoint("export topics", VIEW_PUBLIC,
             lambda p: reverse("deliberation:topic_export") + f"?q={_title(p)}",
             shows=_in_xlsx(_title), expect=public(VIEW_PUBLIC)),
    Endpoint("page topic", VIEW_PUBLIC, _detail, expect=public(VIEW_PUBLIC)),
    Endpoint("api topics", VIEW_PUBLIC,
             lambda p: f"/api/v1/deliberation/topics/?q={_title(p)}", api=True,
             shows=lambda p, r: any(t["title"] == _title(p) for t in r.json()["results"]),
             expect=public(VIEW_PUBLIC)),
    Endpoint("api topic", VIEW_PUBLIC,
             lambda p: f"/api/v1/deliberation/topics/{p.objs['topic'].pk}/", api=True,
             expect=public(VIEW_PUBLIC)),
]  # fmt: skip
