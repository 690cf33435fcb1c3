"""The demo district loaded into the database (`--scale tiny`), on SQLite and PostgreSQL."""

import datetime as dt
from collections import Counter
from io import StringIO

import pytest
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, Max, Q
from django.utils import timezone, translation
from stdnum.cn import ric

from shequ.accounts.models import RoleAssignment, User
from shequ.accounts.roles import VIEW_PERSON
from shequ.core import crypto, pii
from shequ.core.models import AuditAction, AuditEvent
from shequ.core.testing import make_id_number
from shequ.demo.logins import DEMO_LOGINS, DEMO_PASSWORD
from shequ.demo.services import (
    DemoError,
    demo_district_load,
    demo_party_create,
    demo_users_create,
)
from shequ.people import selectors, services
from shequ.people.choices import PoliticalStatus, Relation, ResidenceKind
from shequ.people.models import (
    Household,
    HouseholdMember,
    Person,
    PersonTag,
    Residence,
    TagType,
)
from shequ.people.selectors import age_on
from shequ.territory.choices import Duty, NodeKind
from shequ.territory.models import Node, NodeResponsibility
from shequ.territory.services import node_create

AS_OF = dt.date(2026, 6, 30)


@pytest.fixture
def demo(db):
    result = demo_district_load(scale="tiny", seed=3, as_of=AS_OF)
    party = demo_party_create(district=result.district, seed=3, as_of=AS_OF)
    demo_users_create(district=result.district, party=party)
    return result


def test_tree_is_sound_for_treebeard_and_shaped_like_a_district(demo):
    assert Node.objects.find_problems() == ([], [], [], [], [])
    kinds = Counter(Node.objects.values_list("kind", flat=True))
    assert kinds[NodeKind.DISTRICT] == 1 and kinds[NodeKind.SUBDISTRICT] == 1
    assert kinds[NodeKind.COMMUNITY] == 2 and kinds[NodeKind.GRID] >= 2
    assert kinds[NodeKind.FLAT] >= Household.objects.count()
    assert all(
        len(code) == 12 for code in Node.objects.filter(depth__lte=3).values_list("code", flat=True)
    )
    district = Node.objects.get(depth=1)
    assert demo.district == district
    assert Node.objects.get_descendant_count(district) == sum(kinds.values()) - 1
    flat = Node.objects.filter(kind=NodeKind.FLAT).order_by("path").first()
    assert [n.kind for n in flat.ancestors_and_self()] == [k.value for k in NodeKind]
    assert flat.name.endswith("室") and Node.objects.get_parent(flat).name.endswith("单元")
    assert flat.created_at == timezone.make_aware(dt.datetime(2026, 6, 30))


def test_persons_in_charge_are_residents_of_their_node(demo):
    for grid in Node.objects.filter(kind=NodeKind.GRID):
        worker = NodeResponsibility.objects.get(node=grid, duty=Duty.GRID_WORKER)
        assert worker.person.node.path.startswith(grid.path)
    heads = NodeResponsibility.objects.filter(duty=Duty.BUILDING_HEAD).select_related("node")
    inhabited = {
        b.pk
        for b in Node.objects.filter(kind=NodeKind.BUILDING)
        if Person.objects.filter(node__path__startswith=b.path).exists()
    }
    assert {h.node_id for h in heads} == inhabited
    assert all(h.person.node.path.startswith(h.node.path) for h in heads)


def test_id_numbers_and_phones_are_valid_unique_and_match_the_person(demo):
    numbers, phones = set(), set()
    for person in Person.objects.all():
        number = crypto.decrypt(person.id_number_enc)
        assert ric.validate(number) == number  # check digit and birth place (GB 11643)
        info = pii.validate_id_number(number)
        assert (info.birth_date, info.sex) == (person.birth_date, person.sex)
        assert person.id_number_bidx == crypto.blind_index(number)
        assert person.id_number_masked == pii.mask_id_number(number)
        numbers.add(number)
        if person.phone_enc:
            e164 = crypto.decrypt(person.phone_enc)
            assert pii.normalize_phone(e164) == e164 and e164.startswith("+861")
            assert person.phone_masked == pii.mask_phone(pii.national_phone(e164))
            phones.add(e164)
    assert len(numbers) == Person.objects.count() == demo.persons
    assert len(phones) == Person.objects.exclude(phone_enc="").count()


def test_a_demo_person_is_indistinguishable_from_one_the_services_store(demo):
    admin = User.objects.get(username="district_admin")
    person = Person.objects.exclude(phone_enc="").exclude(registered_address_enc="").first()
    before = Person.objects.values().get(pk=person.pk)
    number = services.person_unmask(user=admin, person=person, field="id_number", reason="check")
    phone = services.person_unmask(user=admin, person=person, field="phone", reason="check")
    address = services.person_unmask(
        user=admin, person=person, field="registered_address", reason="check"
    )
    assert AuditEvent.objects.filter(action=AuditAction.UNMASK, person_id=person.pk).count() == 3
    # the service derives every stored field again from the plain values: nothing changes
    # but the ciphertexts' nonces (and the update time)
    services.person_update(
        person=person, name=person.name, id_number=number, phone=phone, registered_address=address
    )
    after = Person.objects.values().get(pk=person.pk)
    secret = {"id_number_enc", "phone_enc", "registered_address_enc", "updated_at"}
    assert {k: v for k, v in after.items() if k not in secret} == {
        k: v for k, v in before.items() if k not in secret
    }
    for field in ("id_number_enc", "phone_enc", "registered_address_enc"):
        assert crypto.decrypt(after[field]) == crypto.decrypt(before[field])
    for query in (number, phone, person.name, person.name_pinyin, person.name_initials):
        assert person in selectors.person_list_for(user=admin, q=query), query


def test_every_resident_has_one_open_residence_and_household(demo):
    persons = Person.objects.count()
    residences = Residence.objects.filter(ended_on__isnull=True).select_related("person")
    assert residences.count() == persons
    for residence in residences:
        assert residence.node_id == residence.person.node_id
        assert residence.kind == residence.person.residence_kind
        assert residence.started_on >= residence.person.birth_date
        if residence.kind == ResidenceKind.FLOATING:
            assert residence.landlord_id or residence.landlord_name
            assert bool(residence.permit_number) == (
                age_on(residence.person.birth_date, AS_OF) >= 16
            )
            assert residence.landlord is None or residence.landlord.residence_kind == "registered"
    members = HouseholdMember.objects.filter(ended_on__isnull=True).select_related("household")
    assert members.count() == persons
    assert all(m.household.node_id == m.person.node_id for m in members.select_related("person"))
    heads = Household.objects.annotate(
        heads=Count("members", filter=Q(members__relation=Relation.HEAD))
    ).values_list("heads", flat=True)
    assert set(heads) == {1}
    floating = Person.objects.filter(residence_kind=ResidenceKind.FLOATING).count()
    assert 0 < floating < persons / 2


def test_tags_follow_age_and_political_status(demo):
    elderly = set(PersonTag.objects.filter(tag__code="elderly").values_list("person_id", flat=True))
    for person in Person.objects.all():
        assert (person.pk in elderly) == (
            age_on(person.birth_date, AS_OF) >= settings.SHEQU_ELDERLY_AGE
        )
    members = set(
        PersonTag.objects.filter(tag__code="party_member").values_list("person_id", flat=True)
    )
    assert members == set(
        Person.objects.filter(
            political_status__in=[PoliticalStatus.PARTY_MEMBER, PoliticalStatus.PROBATIONARY]
        ).values_list("pk", flat=True)
    )
    assert members and PersonTag.objects.filter(valid_from__gt=AS_OF).count() == 0


def test_every_demo_login_authenticates_with_their_role_and_scope(demo):
    district = demo.district
    community = Node.objects.filter(kind=NodeKind.COMMUNITY).order_by("path").first()
    grid = Node.objects.filter(kind=NodeKind.GRID).order_by("path").first()
    for username, role, _where in DEMO_LOGINS:
        user = authenticate(None, username=username, password=DEMO_PASSWORD)
        assert user is not None and user.username == username and not user.must_change_password
        assert list(RoleAssignment.objects.filter(user=user).values_list("role", flat=True)) == [
            role
        ]
    held = {a.user.username: a.node for a in RoleAssignment.objects.select_related("user", "node")}
    assert held["district_admin"] == held["auditor"] == district
    assert held["secretary"] == held["worker"] == held["party_member"] == community
    assert held["grid_worker"] == grid
    branch_secretary = User.objects.get(username="branch_secretary")
    seat = branch_secretary.party_seats.get()
    assert seat.post == "secretary" and seat.person == branch_secretary.person
    assert held["branch_secretary"] == seat.org.node
    assert seat.org.node.path.startswith(community.path)
    resident = User.objects.get(username="resident")
    assert held["resident"] == resident.person.node and resident.person.node.kind == NodeKind.FLAT
    assert resident.person.node.path.startswith(grid.path)
    grid_worker = User.objects.get(username="grid_worker")
    assert (
        grid_worker.person
        == NodeResponsibility.objects.get(node=grid, duty=Duty.GRID_WORKER).person
    )
    visible = Person.objects.visible_to(grid_worker, VIEW_PERSON)
    assert visible.count() == Person.objects.filter(node__path__startswith=grid.path).count() > 0
    assert not Person.objects.visible_to(resident, VIEW_PERSON).exists()


def test_the_load_writes_one_summary_audit_event_not_one_per_row(demo):
    creates = AuditEvent.objects.filter(action=AuditAction.CREATE)
    # one for the district, one for its party organisations
    assert creates.count() == 2
    assert creates.filter(object_repr__startswith="demo party").get().row_count > 0
    event = creates.exclude(object_repr__startswith="demo party").get()
    assert event.row_count == demo.rows == sum(demo.counts.values())
    assert event.node_path == demo.district.path
    assert event.changes["rows"]["people.person"] == demo.persons == Person.objects.count()
    assert AuditEvent.objects.filter(action=AuditAction.ROLE_GRANT).count() == len(DEMO_LOGINS)


def test_if_empty_only_prints_the_logins_when_the_territory_has_nodes(db):
    out = StringIO()
    call_command("demo", scale="tiny", seed=1, as_of=AS_OF, stdout=out, verbosity=0)
    assert "district_admin" in out.getvalue() and DEMO_PASSWORD in out.getvalue()
    nodes, persons = Node.objects.count(), Person.objects.count()
    again = StringIO()
    with translation.override("en"):
        call_command("demo", scale="tiny", seed=2, if_empty=True, stdout=again)
    assert (Node.objects.count(), Person.objects.count()) == (nodes, persons)
    assert "not generated" in again.getvalue() and "subdistrict_admin" in again.getvalue()
    with pytest.raises(CommandError):
        call_command("demo", scale="tiny", seed=2, stdout=StringIO())
    with pytest.raises(DemoError):
        demo_district_load(scale="tiny", seed=2)


def test_the_services_keep_working_on_the_loaded_district(demo):
    """Ids were written explicitly: the sequences must have moved past them."""
    entrance = Node.objects.filter(kind=NodeKind.ENTRANCE).order_by("path").first()
    flat = node_create(parent=entrance, kind=NodeKind.FLAT, code="NEW-FLAT", name="9901室")
    assert flat.pk > Node.objects.exclude(pk=flat.pk).aggregate(m=Max("pk"))["m"]
    assert Node.objects.find_problems(parent=entrance) == ([], [], [], [], [])
    person = services.person_create(
        name="曾新来",
        id_number=make_id_number(dt.date(1990, 1, 2), 321, region="110105"),
        phone="13012345678",
        node=flat,
    )
    household = services.household_create(node=flat, head=person)
    tag = services.person_tag_add(
        person=person, tag=TagType.objects.get(code="volunteer"), valid_from=AS_OF
    )
    assert person.pk > demo.persons and household.pk and tag.pk
    assert (person.name_pinyin, person.phone_masked) == ("zengxinlai", "130****5678")
