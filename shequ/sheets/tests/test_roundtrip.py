"""An exported sheet imports back to the same data: export → empty registry → import →
identical people and households, compared field by field, decrypted (R-PPL-4)."""

from __future__ import annotations

import datetime as dt

import pytest

from shequ.core import crypto
from shequ.people import services as people
from shequ.people.models import Household, HouseholdMember, Person, PersonTag, Residence, TagType
from shequ.sheets.exporting import export_to_path
from shequ.sheets.importing import import_file
from shequ.territory.choices import NodeKind
from shequ.territory.models import Node

from ..reading import open_table

pytestmark = pytest.mark.django_db


def registry() -> dict:
    """Every person by decrypted ID number: all fields the sheets carry, the flat as the names
    of its ancestors (codes differ once the flats are created again), household and tags."""
    names = dict(Node.objects.values_list("path", "name"))

    def address(path: str) -> str:
        return "/".join(names[path[:end]] for end in range(4, len(path) + 1, 4))

    members = {
        m.person_id: m
        for m in HouseholdMember.objects.filter(ended_on__isnull=True).select_related(
            "household", "household__node"
        )
    }
    heads = {
        m.household_id: m.person.name
        for m in HouseholdMember.objects.filter(
            ended_on__isnull=True, relation="head"
        ).select_related("person")
    }
    out = {}
    for p in Person.objects.select_related("node"):
        residence = Residence.objects.get(person=p, ended_on__isnull=True)
        m = members.get(p.pk)
        out[crypto.decrypt(p.id_number_enc)] = {
            "name": p.name,
            "sex": p.sex,
            "birth_date": p.birth_date,
            "ethnicity": p.ethnicity,
            "political_status": p.political_status,
            "phone": crypto.decrypt(p.phone_enc),
            "registered_address": crypto.decrypt(p.registered_address_enc),
            "flat": address(p.node.path),
            "residence_kind": p.residence_kind,
            "started_on": residence.started_on,
            "employer": residence.employer,
            "landlord_name": residence.landlord_name,
            "household": (m.household.number, address(m.household.node.path)) if m else None,
            "relation": m.relation if m else None,
            "head": heads.get(m.household_id) if m else None,
            "tags": sorted(
                PersonTag.objects.filter(person=p, valid_to__isnull=True).values_list(
                    "tag__code", flat=True
                )
            ),
        }
    return out


def wipe_registry_and_flats(territory) -> None:
    """An empty registry: no people, no households, and nothing below the communities."""
    HouseholdMember.objects.all().delete()
    Household.objects.all().delete()
    PersonTag.objects.all().delete()
    Residence.objects.all().delete()
    Person.objects.all().delete()
    for kind in (NodeKind.FLAT, NodeKind.ENTRANCE, NodeKind.BUILDING, NodeKind.GRID):
        for node in Node.objects.filter(kind=kind).order_by("-path"):
            node.delete()
    assert not Node.objects.filter(depth__gt=territory.c1.depth).exists()


@pytest.fixture
def varied(territory, residents):
    """The fixture's households plus what sheets must carry: tags (one sensitive), a floating
    tenant with landlord and employer, a person outside any household, a child."""
    from shequ.conftest import add_person

    flat = territory.flats["C2G1"][1]
    tenant = add_person(
        flat,
        "欧阳娜",
        sex="F",
        birth=dt.date(1991, 7, 30),
        residence_kind="floating",
        landlord_name="王房东",
        employer="示范科技有限公司",
        registered_address="河南省信阳市某县某村",
        ethnicity="回族",
        political_status="league_member",
        started_on=dt.date(2024, 9, 1),
    )
    people.person_tag_add(
        person=tenant, tag=TagType.objects.get(code="volunteer"), valid_from=dt.date(2025, 1, 1)
    )
    head = residents["C1G1"].head
    for code in ("elderly", "low_income"):
        people.person_tag_add(
            person=head, tag=TagType.objects.get(code=code), valid_from=dt.date(2025, 1, 1)
        )
    child = add_person(territory.flats["C1G1"][0], "王小", birth=dt.date(2015, 2, 3))
    people.household_add_member(
        household=residents["C1G1"].household, person=child, relation="child"
    )
    return tenant


@pytest.mark.parametrize("file_format,encoding", [("csv", "gb18030"), ("xlsx", "utf-8-sig")])
def test_export_then_import_into_an_empty_registry_gives_the_same_people(
    tmp_path, territory, varied, file_format, encoding
):
    before = registry()
    assert len(before) == 14
    flats = Node.objects.filter(kind=NodeKind.FLAT).count()
    buildings = tmp_path / "楼栋.xlsx"
    residents = tmp_path / f"居民.{file_format}"
    assert (
        export_to_path(buildings, kind="buildings", scope=territory.district, file_format="xlsx")
        == flats
    )
    assert export_to_path(
        residents,
        kind="residents",
        scope=territory.district,
        file_format=file_format,
        encoding=encoding,
        unmasked=True,
    ) == len(before)

    wipe_registry_and_flats(territory)
    assert Person.objects.count() == 0

    job = import_file(buildings, kind="buildings", area=territory.district)
    assert (job.created_count, job.rejected_count) == (flats, 0)
    job = import_file(residents, kind="residents", area=territory.district)
    assert (job.created_count, job.rejected_count) == (len(before), 0), list(
        job.row_errors.values_list("row_number", "messages")
    )
    after = registry()
    assert after.keys() == before.keys()
    for number, fields in before.items():
        assert after[number] == fields, number


def test_households_sheet_relinks_people_into_their_households(tmp_path, territory, varied):
    before = registry()
    path = tmp_path / "户.csv"
    rows = export_to_path(
        path, kind="households", scope=territory.district, file_format="csv", unmasked=True
    )
    assert rows == HouseholdMember.objects.filter(ended_on__isnull=True).count() == 13
    HouseholdMember.objects.all().delete()
    Household.objects.all().delete()
    job = import_file(path, kind="households", area=territory.district)
    assert (job.updated_count, job.rejected_count) == (13, 0)
    assert registry() == before
    again = import_file(path, kind="households", area=territory.district)
    assert (again.updated_count, again.unchanged_count) == (0, 13)


def test_a_masked_export_cannot_be_imported_back(tmp_path, territory, residents):
    path = tmp_path / "masked.csv"
    export_to_path(path, kind="residents", scope=territory.c1, file_format="csv")
    table = open_table(path, filename=path.name, kind="residents")
    assert table.total == 4
    job = import_file(path, kind="residents", area=territory.c1)
    assert (job.created_count, job.unchanged_count, job.rejected_count) == (0, 0, 4)
