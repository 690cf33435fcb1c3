"""Roles × (own subtree, sibling subtree) × verbs: who registers, decides and sees which work
items (R-CASE-5). A subdistrict decides its own items only; a community sees only the
admitted items that apply to it."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from shequ.accounts.roles import VIEW_ITEM, Role
from shequ.admission.choices import WorkItemStatus as S
from shequ.admission.selectors import work_item_list_for
from shequ.admission.services import work_item_transition

from .conftest import MID_MARCH


def _approve(item, actor):
    return work_item_transition(item=item, to=S.APPROVED, actor=actor, today=MID_MARCH)


@pytest.mark.django_db
def test_a_subdistrict_admin_cannot_decide_another_subdistricts_item(cast, territory, new_item):
    theirs = new_item(actor=cast.sub2_admin, decider=territory.sub2)
    with pytest.raises(PermissionDenied):
        _approve(theirs, cast.subdistrict_admin)
    with pytest.raises(PermissionDenied):
        work_item_transition(item=theirs, to=S.REFUSED, actor=cast.subdistrict_admin, note="否")
    theirs.refresh_from_db()
    assert theirs.status == S.REQUESTED


@pytest.mark.django_db
def test_a_subdistrict_admin_cannot_see_another_subdistricts_item(
    client, cast, territory, new_item
):
    theirs = new_item(actor=cast.sub2_admin, decider=territory.sub2)
    client.force_login(cast.subdistrict_admin)
    assert client.get(reverse("admission:detail", args=[theirs.pk])).status_code == 404
    response = client.post(
        reverse("admission:step", args=[theirs.pk, S.APPROVED]),
        {"approve-approved-funding": "100", "approve-approved-start_date": "2026-01-01",
         "approve-approved-end_date": "2026-12-31"},
    )  # fmt: skip
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == S.REQUESTED


@pytest.mark.django_db
def test_a_subdistrict_admin_cannot_register_for_another_level(cast, territory, new_item):
    for decider in (territory.sub2, territory.district):
        with pytest.raises(PermissionDenied):
            new_item(actor=cast.subdistrict_admin, decider=decider)


@pytest.mark.django_db
def test_the_district_decides_the_items_of_every_subdistrict(cast, territory, new_item):
    theirs = new_item(actor=cast.sub2_admin, decider=territory.sub2)
    assert _approve(theirs, cast.district_admin).status == S.APPROVED


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", [Role.COMMUNITY_SECRETARY, Role.COMMUNITY_WORKER, Role.GRID_WORKER, Role.AUDITOR]
)
def test_community_staff_and_the_auditor_neither_register_nor_decide(role, cast, new_item):
    user = getattr(cast, str(role))
    item = new_item()
    with pytest.raises(PermissionDenied):
        new_item(actor=user)
    with pytest.raises(PermissionDenied):
        _approve(item, user)


@pytest.mark.django_db
def test_the_registrar_level_may_withdraw_a_request(cast, new_item):
    item = new_item()
    with pytest.raises(PermissionDenied):
        work_item_transition(item=item, to=S.WITHDRAWN, actor=cast.community_secretary)
    item = work_item_transition(item=item, to=S.WITHDRAWN, actor=cast.subdistrict_admin)
    assert item.status == S.WITHDRAWN


@pytest.mark.django_db
def test_a_community_sees_only_the_admitted_items_that_apply_to_it(cast, territory, new_item):
    _approve(new_item(title="甲"), cast.subdistrict_admin)
    new_item(title="乙")  # requested, for C1 and C2
    refused = new_item(title="丙")
    work_item_transition(item=refused, to=S.REFUSED, actor=cast.subdistrict_admin, note="否")
    approved_c2_only = _approve(
        new_item(title="丁", scope="chosen", communities=[territory.c2]), cast.subdistrict_admin
    )
    approved_c3 = _approve(
        new_item(title="戊", actor=cast.sub2_admin, decider=territory.sub2), cast.sub2_admin
    )

    seen = set(work_item_list_for(user=cast.community_secretary).values_list("title", flat=True))
    assert seen == {"甲"}
    # the deciding level sees its whole register, not the other subdistrict's
    seen = set(work_item_list_for(user=cast.subdistrict_admin).values_list("title", flat=True))
    assert seen == {"甲", "乙", "丙", "丁"}
    seen = set(work_item_list_for(user=cast.c3_secretary).values_list("title", flat=True))
    assert seen == {"戊"}
    assert approved_c2_only.pk and approved_c3.pk
    # a resident or a grid worker sees nothing of the register
    assert not work_item_list_for(user=cast.resident).exists()
    assert not work_item_list_for(user=cast.grid_worker).exists()


@pytest.mark.django_db
def test_a_district_item_for_a_community_shows_to_its_subdistrict_once_admitted(
    cast, territory, new_item
):
    item = new_item(actor=cast.district_admin, decider=territory.district,
                    scope="chosen", communities=[territory.c1])  # fmt: skip
    assert not work_item_list_for(user=cast.subdistrict_admin).filter(pk=item.pk).exists()
    _approve(item, cast.district_admin)
    assert work_item_list_for(user=cast.subdistrict_admin).filter(pk=item.pk).exists()
    assert not work_item_list_for(user=cast.sub2_admin).filter(pk=item.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role,status",
    [
        (Role.DISTRICT_ADMIN, 200),
        (Role.SUBDISTRICT_ADMIN, 200),
        (Role.COMMUNITY_SECRETARY, 403),
        (Role.COMMUNITY_WORKER, 403),
        (Role.GRID_WORKER, 403),
        (Role.RESIDENT, 403),
    ],
)
def test_the_request_form_is_for_the_deciding_levels(role, status, client, cast, office):
    client.force_login(getattr(cast, str(role)))
    assert client.get(reverse("admission:create")).status_code == status


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role,status",
    [
        (Role.COMMUNITY_SECRETARY, 200),
        (Role.COMMUNITY_WORKER, 200),
        (Role.AUDITOR, 200),
        (Role.GRID_WORKER, 403),
        (Role.PARTY_MEMBER, 403),
        (Role.RESIDENT, 403),
    ],
)
def test_the_register_pages_are_for_staff_with_the_view_permission(
    role, status, client, cast, office
):
    client.force_login(getattr(cast, str(role)))
    for name in ("admission:list", "admission:in_force", "admission:workload"):
        assert client.get(reverse(name)).status_code == status, name


@pytest.mark.django_db
def test_a_community_opens_an_admitted_item_of_its_own_but_not_a_request(client, cast, new_item):
    requested = new_item(funding=Decimal(10))
    approved = _approve(new_item(), cast.subdistrict_admin)
    assert cast.community_worker.has_perm(VIEW_ITEM, approved)
    assert not cast.community_worker.has_perm(VIEW_ITEM, requested)
    assert not cast.c3_secretary.has_perm(VIEW_ITEM, approved)
    client.force_login(cast.community_worker)
    assert client.get(reverse("admission:detail", args=[requested.pk])).status_code == 404
    response = client.get(reverse("admission:detail", args=[approved.pk]))
    assert response.status_code == 200
    assert b"data-step=" not in response.content  # no step to take
