"""Carrying out funded micro-projects in the permission matrix (party/tests/matrix.py): at each
place's community a round with a funded project ``实事<place>`` carrying a milestone, a progress
report with a photo and a payment to ``施工方<place>``. The list, its export, the ledger and its
API are staff reads of the subtree (``pb.view``); the project page, its photo and its API record
are public at, below and above the community (``deliberation.view_public``)."""

from __future__ import annotations

import io
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from shequ.accounts.roles import ROLE_PERMISSIONS, VIEW_PB, VIEW_PUBLIC
from shequ.party.tests.matrix import Endpoint

from ..choices import Phase, ProjectStatus
from ..models import Project, Round
from ..services import implementation as services
from .fixtures_implementation import photo


def build(place) -> dict:
    today = timezone.localdate()
    rnd = Round.objects.create(node=place.community, title=f"轮次{place.code}", year=2026,
                               budget=Decimal("100000"), phase=Phase.IMPLEMENT)  # fmt: skip
    project = Project.objects.create(round=rnd, code=f"I{place.code}", title=f"实事{place.code}",
                                     cost=Decimal("9000"), status=ProjectStatus.FUNDED)  # fmt: skip
    services.milestone_add(project=project, title="开工", due_on=today)
    report = services.progress_report(project=project, percent=30, photos=[photo()])
    services.spending_record(project=project, amount="1000", paid_on=today, voucher="V1",
                             payee=f"施工方{place.code}")  # fmt: skip
    return {"impl_project": project, "impl_photo": report.photos.get()}


def _in_page(text):
    return lambda place, response: text(place) in response.content.decode()


def _in_xlsx(text):
    def shows(place, response) -> bool:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(response.content))
        return any(
            text(place) in str(row) for sheet in book for row in sheet.iter_rows(values_only=True)
        )

    return shows


def _title(place):
    return f"实事{place.code}"


def _payee(place):
    return f"施工方{place.code}"


def _community(place):
    return place.community


def _public(role, role_node, place) -> bool:
    """Public rows: at, below or above a node of the role (core.scope.public_q)."""
    path = place.community.path
    return VIEW_PUBLIC in ROLE_PERMISSIONS[role] and (
        path.startswith(role_node.path) or role_node.path.startswith(path)
    )


def _project(place):
    return place.objs["impl_project"].pk


ENDPOINTS = [
    Endpoint("page funded projects", VIEW_PB, lambda p: reverse("pb:implementation_list"),
             shows=_in_page(_title), where=_community),
    Endpoint("xlsx funded projects", VIEW_PB, lambda p: reverse("pb:implementation_export"),
             shows=_in_xlsx(_title), where=_community),
    Endpoint("page funded project", VIEW_PUBLIC,
             lambda p: reverse("pb:implementation_project", args=[_project(p)]),
             shows=_in_page(_title), expect=_public),
    Endpoint("page funded project ledger", VIEW_PB,
             lambda p: reverse("pb:implementation_project", args=[_project(p)]),
             shows=_in_page(_payee), where=_community),
    Endpoint("photo of progress", VIEW_PUBLIC,
             lambda p: reverse("pb:implementation_photo", args=[p.objs["impl_photo"].pk]),
             expect=_public),
    Endpoint("xlsx spending ledger", VIEW_PB,
             lambda p: reverse("pb:implementation_ledger_export", args=[_project(p)]),
             shows=_in_xlsx(_payee), where=_community),
    Endpoint("api funded projects", VIEW_PB, lambda p: "/api/v1/pb/implementation/projects/",
             api=True, shows=_in_page(_title), where=_community),
    Endpoint("api funded project", VIEW_PUBLIC,
             lambda p: f"/api/v1/pb/implementation/projects/{_project(p)}/", api=True,
             shows=_in_page(_title), expect=_public),
    Endpoint("api spending ledger", VIEW_PB,
             lambda p: f"/api/v1/pb/implementation/projects/{_project(p)}/spending/", api=True,
             shows=_in_page(_payee), where=_community),
]  # fmt: skip
