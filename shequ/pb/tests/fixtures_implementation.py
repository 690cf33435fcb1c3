"""A round at 东一社区 (c1) in its implementation phase with two funded projects and one that
was not funded, made with the ORM (tests of services.implementation); a resident of C1G1 with a
login, one of C3G1, and a representative seated in c1's representatives' assembly."""

from __future__ import annotations

import io
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from shequ.accounts.roles import Role
from shequ.conftest import add_person, make_user
from shequ.pb.choices import Phase, ProjectStatus
from shequ.pb.models import Project, Round


def make_round(node, *, title="2026年东一社区民生微实事", budget=Decimal("300000")) -> Round:
    return Round.objects.create(node=node, title=title, year=2026, budget=budget,
                                phase=Phase.IMPLEMENT)  # fmt: skip


def make_project(rnd, code, title, cost, status=ProjectStatus.FUNDED) -> Project:
    return Project.objects.create(round=rnd, code=code, title=title, cost=Decimal(cost),
                                  status=status)  # fmt: skip


def photo(name="p.jpg", fmt="JPEG", size=(40, 30)) -> SimpleUploadedFile:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, "green").save(out, format=fmt)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


@pytest.fixture
def impl(territory, cast):
    t = territory
    x = SimpleNamespace()
    x.round = make_round(t.c1)
    x.lift = make_project(x.round, "P1", "加装电梯扶手", "10000.00")
    x.benches = make_project(x.round, "P2", "小区休闲座椅", "5000.00")
    x.unfunded = make_project(x.round, "P3", "楼道照明", "8000.00", ProjectStatus.NOT_FUNDED)
    x.other_round = make_round(t.c3, title="2026年西一社区民生微实事")
    x.far = make_project(x.other_round, "Q1", "西一花园", "7000.00")
    x.resident = add_person(t.flats["C1G1"][0], "居民甲")
    x.resident_user = make_user("impl-resident", Role.RESIDENT, t.grids["C1G1"])
    x.resident_user.person = x.resident
    x.resident_user.save(update_fields=["person"])
    x.outsider = add_person(t.flats["C3G1"][0], "居民乙")
    x.outsider_user = make_user("impl-outsider", Role.RESIDENT, t.grids["C3G1"])
    x.outsider_user.person = x.outsider
    x.outsider_user.save(update_fields=["person"])
    x.worker = cast.community_worker
    x.secretary = cast.community_secretary
    x.today = timezone.localdate()
    return x
