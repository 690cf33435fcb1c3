"""Bodies, seats, the sizing report and convening petitions in the permission matrix
(shequ/party/tests/matrix.py): staff read the bodies of their subtree; petitions are public
at, below and above where a role is held; who signed, staff only."""

from __future__ import annotations

import io

from django.urls import reverse

from shequ.accounts.roles import ROLE_PERMISSIONS, VIEW_DELIBERATION, VIEW_PUBLIC
from shequ.deliberation.choices import BodyKind
from shequ.deliberation.services.bodies import body_set_up, seat_take
from shequ.deliberation.services.petitions import petition_open
from shequ.party.tests.matrix import Endpoint


def build(place) -> dict:
    """A council at the place's community with the place's party member seated, and a
    petition to convene it."""
    body = body_set_up(node=place.community, kind=BodyKind.COUNCIL, name=f"议事会{place.code}")
    seat = seat_take(body=body, person=place.member.person, started_on=place.member.joined_on)
    petition = petition_open(body=body, title=f"联名{place.code}")
    return {"body": body, "seat": seat, "petition": petition}


def public(where):
    """Seen by roles holding VIEW_PUBLIC whose node is at, below or above the object's."""

    def expect(role, role_node, place) -> bool:
        node = where(place)
        return VIEW_PUBLIC in ROLE_PERMISSIONS[role] and (
            node.path.startswith(role_node.path) or role_node.path.startswith(node.path)
        )

    return expect


def _in_page(text):
    return lambda place, response: text(place) in response.content.decode()


def _in_xlsx(text):
    def shows(place, response) -> bool:
        import openpyxl

        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        return any(text(place) in row for row in sheet.iter_rows(values_only=True))

    return shows


def _body(p):
    return p.objs["body"]


def _name(p):
    return f"议事会{p.code}"


def _title(p):
    return f"联名{p.code}"


def _community(p):
    return p.community


ENDPOINTS = [
    Endpoint("page bodies", VIEW_DELIBERATION,
             lambda p: reverse("deliberation:body_list") + f"?q={_name(p)}",
             shows=_in_page(lambda p: reverse("deliberation:body_detail", args=[_body(p).pk])),
             where=_community),
    Endpoint("export bodies", VIEW_DELIBERATION,
             lambda p: reverse("deliberation:body_export") + f"?q={_name(p)}",
             shows=_in_xlsx(_name), where=_community),
    Endpoint("page body", VIEW_DELIBERATION,
             lambda p: reverse("deliberation:body_detail", args=[_body(p).pk]),
             shows=_in_page(lambda p: p.member.person.name), where=_community),
    Endpoint("page sizing", VIEW_DELIBERATION, lambda p: reverse("deliberation:sizing_report"),
             shows=_in_page(lambda p: f'data-community="{p.community.code}"'), where=_community),
    Endpoint("export sizing", VIEW_DELIBERATION, lambda p: reverse("deliberation:sizing_export"),
             shows=_in_xlsx(lambda p: p.community.name), where=_community),
    Endpoint("api bodies", VIEW_DELIBERATION,
             lambda p: f"/api/v1/deliberation/bodies/?q={_name(p)}", api=True,
             shows=lambda p, r: any(b["name"] == _name(p) for b in r.json()["results"]),
             where=_community),
    Endpoint("api body", VIEW_DELIBERATION,
             lambda p: f"/api/v1/deliberation/bodies/{_body(p).pk}/", api=True, where=_community),
    Endpoint("api seat", VIEW_DELIBERATION,
             lambda p: f"/api/v1/deliberation/seats/{p.objs['seat'].pk}/", api=True,
             where=_community),
    Endpoint("api sizing", VIEW_DELIBERATION, lambda p: "/api/v1/deliberation/bodies/sizing/",
             api=True, shows=lambda p, r: any(x["community"] == p.community.pk for x in r.json()),
             where=_community),
    Endpoint("page petitions", VIEW_PUBLIC,
             lambda p: reverse("deliberation:petition_list") + f"?q={_title(p)}",
             shows=_in_page(lambda p: reverse("deliberation:petition_detail",
                                              args=[p.objs["petition"].pk])),
             expect=public(_community)),
    Endpoint("export petitions", VIEW_PUBLIC,
             lambda p: reverse("deliberation:petition_export") + f"?q={_title(p)}",
             shows=_in_xlsx(_title), expect=public(_community)),
    Endpoint("page petition", VIEW_PUBLIC,
             lambda p: reverse("deliberation:petition_detail", args=[p.objs["petition"].pk]),
             expect=public(_community)),
    # who signed: staff of the place only
    Endpoint("page petition signers", VIEW_DELIBERATION,
             lambda p: reverse("deliberation:petition_detail", args=[p.objs["petition"].pk]),
             shows=_in_page(lambda p: 'id="signers"'), where=_community),
    Endpoint("api petitions", VIEW_PUBLIC,
             lambda p: f"/api/v1/deliberation/petitions/?q={_title(p)}", api=True,
             shows=lambda p, r: any(x["title"] == _title(p) for x in r.json()["results"]),
             expect=public(_community)),
    Endpoint("api petition", VIEW_PUBLIC,
             lambda p: f"/api/v1/deliberation/petitions/{p.objs['petition'].pk}/", api=True,
             expect=public(_community)),
    Endpoint("api petition signers", VIEW_DELIBERATION,
             lambda p: f"/api/v1/deliberation/petitions/{p.objs['petition'].pk}/", api=True,
             shows=lambda p, r: r.json()["signers"] is not None, where=_community),
]  # fmt: skip
