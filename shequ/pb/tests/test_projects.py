"""Projects of a round (R-PB-1, R-PB-3): who proposes and when, photos checked, the cost caps
per category, vetting with reasons, shortlisting by the council, co-funding beside public
money."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from shequ.accounts.roles import Role
from shequ.conftest import make_user
from shequ.deliberation.services.bodies import seat_add
from shequ.pb.choices import Phase, ProjectStatus
from shequ.pb.models import CoFundingStatus, ProjectPhoto
from shequ.pb.selectors.rounds import project_money
from shequ.pb.services import projects as services

pytestmark = pytest.mark.django_db


def _photo(name="a.jpg", kind="JPEG", size=(40, 30)):
    out = io.BytesIO()
    Image.new("RGB", size, "red").save(out, format=kind)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def _propose(round, user, **kwargs):
    fields = {"title": "加装扶手", "cost": Decimal("15000"), "category": "works"}
    fields.update(kwargs)
    return services.project_propose(round=round, actor=user, **fields)


def test_a_resident_of_the_territory_proposes_with_photos(pb):
    round = pb.round_in(Phase.COLLECT)
    user = pb.resident("张提议")
    project = _propose(round, user, photos=[_photo(), _photo("b.png", "PNG")])
    assert project.proposer == user.person
    assert project.status == ProjectStatus.PROPOSED
    assert project.code == "004"  # after the three of the fixture
    photos = list(ProjectPhoto.objects.filter(project=project))
    assert [p.content_type for p in photos] == ["image/jpeg", "image/png"]
    assert all(p.file.read()[:2] in (b"\xff\xd8", b"\x89P") for p in photos)


def test_a_resident_of_another_community_cannot_propose(pb):
    round = pb.round_in(Phase.COLLECT)
    stranger = pb.resident("李外", grid="C2G1")
    with pytest.raises(PermissionDenied):
        _propose(round, stranger)


def test_proposals_only_while_collecting(pb):
    round = pb.round_in(Phase.VET)
    with pytest.raises(ValidationError) as exc:
        _propose(round, pb.resident())
    assert exc.value.error_dict["round"][0].code == "phase"


def test_photos_are_checked_by_content_and_counted(pb, settings):
    round = pb.round_in(Phase.COLLECT)
    user = pb.resident()
    fake = SimpleUploadedFile("x.jpg", b"not an image at all", content_type="image/jpeg")
    with pytest.raises(ValidationError) as exc:
        _propose(round, user, photos=[fake])
    assert "photos" in exc.value.message_dict
    settings.SHEQU_PB = {"projects": {"max_photos": 1}}
    with pytest.raises(ValidationError) as exc:
        _propose(round, user, photos=[_photo(), _photo()])
    assert "photos" in exc.value.message_dict
    assert not ProjectPhoto.objects.exists()


def test_a_cost_over_the_category_cap_is_refused_naming_the_cap(pb, settings):
    round = pb.round_in(Phase.COLLECT)
    user = pb.resident()
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        _propose(round, user, cost=Decimal("200000.01"), category="service")
    assert exc.value.error_dict["cost"][0].code == "over_cap"
    assert "200000" in exc.value.message_dict["cost"][0]
    assert _propose(round, user, cost=Decimal("200000"), category="service")
    assert _propose(round, user, cost=Decimal("500000"), category="works")
    settings.SHEQU_PB = {"projects": {"cost_caps": {"works": Decimal("1000")}}}
    with pytest.raises(ValidationError):
        _propose(round, user, cost=Decimal("1000.01"), category="works")


def test_vetting_checks_the_cap_and_a_rejection_needs_a_reason(pb):
    round = pb.round_in(Phase.VET)
    project = round.test_projects[0]
    with pytest.raises(ValidationError) as exc:
        services.project_vet(project=project, actor=pb.worker, feasible=True, cost="600000")
    assert exc.value.error_dict["cost"][0].code == "over_cap"
    with pytest.raises(ValidationError) as exc:
        services.project_vet(project=project, actor=pb.worker, feasible=False, note=" ")
    assert "note" in exc.value.message_dict
    project = services.project_vet(project=project, actor=pb.worker, feasible=False,
                                   note="场地属于学校，不可施工")  # fmt: skip
    assert project.status == ProjectStatus.REJECTED and project.vetted_by == pb.worker
    project = services.project_vet(project=project, actor=pb.worker, feasible=True,
                                   cost="12000")  # fmt: skip
    assert project.status == ProjectStatus.FEASIBLE and project.cost == Decimal("12000")


def test_a_resident_cannot_vet(pb):
    round = pb.round_in(Phase.VET)
    with pytest.raises(PermissionDenied):
        services.project_vet(project=round.test_projects[0], actor=pb.resident(), feasible=True)


def test_a_seated_councillor_shortlists_and_is_recorded(pb):
    round = pb.round_in(Phase.SHORTLIST)
    project = round.test_projects[0]
    project = services.project_shortlist(project=project, actor=pb.councillor, on_ballot=False)
    assert project.status == ProjectStatus.FEASIBLE
    project = services.project_shortlist(project=project, actor=pb.councillor)
    assert project.status == ProjectStatus.SHORTLISTED
    assert project.shortlisted_by == pb.councillor and project.shortlisted_at is not None


def test_a_resident_outside_the_council_or_an_ended_seat_cannot_shortlist(pb):
    round = pb.round_in(Phase.SHORTLIST)
    project = round.test_projects[0]
    with pytest.raises(PermissionDenied):
        services.project_shortlist(project=project, actor=pb.resident(), on_ballot=False)
    seat = pb.bodies.council.seats.get(person=pb.councillor.person)
    seat.ended_on = seat.started_on
    seat.save()
    with pytest.raises(PermissionDenied):
        services.project_shortlist(project=project, actor=pb.councillor, on_ballot=False)
    # a worker records, he does not shortlist; the community secretary runs the round
    with pytest.raises(PermissionDenied):
        services.project_shortlist(project=project, actor=pb.worker, on_ballot=False)
    services.project_shortlist(project=project, actor=pb.manager, on_ballot=False)


def test_a_councillor_of_the_subdistrict_council_shortlists_a_community_round(pb):
    from shequ.deliberation.choices import BodyKind
    from shequ.deliberation.services.bodies import body_create

    council = body_create(node=pb.territory.sub1, kind=BodyKind.COUNCIL, name="东街道议事会")
    user = make_user("sub_councillor", Role.RESIDENT, pb.territory.grids["C2G1"])
    user.person = pb.resident("街道议事员", grid="C2G1").person
    user.save()
    seat_add(body=council, person=user.person)
    round = pb.round_in(Phase.SHORTLIST)
    project = round.test_projects[0]
    was = project.status
    project = services.project_shortlist(project=project, actor=user, on_ballot=False)
    assert (was, project.status) == (ProjectStatus.SHORTLISTED, ProjectStatus.FEASIBLE)


def test_only_feasible_projects_go_on_the_ballot_and_only_while_shortlisting(pb):
    round = pb.round_in(Phase.VET)
    project = services.project_vet(project=round.test_projects[0], actor=pb.worker,
                                   feasible=False, note="重复")  # fmt: skip
    with pytest.raises(ValidationError):
        services.project_shortlist(project=project, actor=pb.councillor)
    from shequ.pb.services.rounds import round_transition

    round_transition(round=round, to=Phase.SHORTLIST, actor=pb.manager)
    with pytest.raises(ValidationError) as exc:
        services.project_shortlist(project=project, actor=pb.councillor)
    assert exc.value.error_dict["status"][0].code == "status"


def test_cofunding_is_kept_beside_public_money(pb):
    round = pb.round_in(Phase.VOTE)
    project = round.test_projects[0]
    pledge = services.cofunding_record(project=project, actor=pb.worker, funder="某物业公司",
                                       amount="3000.50")  # fmt: skip
    services.cofunding_record(project=project, actor=pb.worker, funder="热心居民", kind="donor",
                              amount=Decimal("500"), status=CoFundingStatus.PAID)  # fmt: skip
    money = project_money(project)
    assert money["public"] == Decimal("10000")
    assert money["pledged"] == Decimal("3000.50") and money["paid"] == Decimal("500")
    assert money["total"] == Decimal("13500.50")
    services.cofunding_mark_paid(cofunding=pledge, actor=pb.worker)
    assert project_money(project)["paid"] == Decimal("3500.50")
    with pytest.raises(ValidationError) as exc:
        services.cofunding_record(project=project, actor=pb.worker, funder="", amount="-1")
    assert set(exc.value.message_dict) == {"funder", "amount"}
    with pytest.raises(PermissionDenied):
        services.cofunding_record(project=project, actor=pb.resident(), funder="x", amount="1")


def test_a_photo_over_the_configured_size_is_refused_naming_it(pb, settings):
    settings.SHEQU_PB = {"projects": {"photo_max_mb": 0}}
    round = pb.round_in(Phase.COLLECT)
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        _propose(round, pb.resident(), photos=[_photo("big.jpg")])
    assert "big.jpg" in exc.value.message_dict["photos"][0]
