"""Shared fixtures: one small territory and a fixed cast of role users (STYLE.md)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from types import SimpleNamespace

import pytest

from shequ.accounts.models import User
from shequ.accounts.roles import Role
from shequ.accounts.services import role_grant
from shequ.core.testing import make_id_number, make_mobile
from shequ.people import services as people
from shequ.territory.choices import NodeKind
from shequ.territory.services import node_create

PASSWORD = "Shequ#2026pass"  # noqa: S105 — test fixture


def _tree():
    t = SimpleNamespace()
    t.district = node_create(parent=None, kind=NodeKind.DISTRICT, code="D", name="示范区")
    t.sub1 = node_create(parent=t.district, kind=NodeKind.SUBDISTRICT, code="S1", name="东街道")
    t.sub2 = node_create(parent=t.district, kind=NodeKind.SUBDISTRICT, code="S2", name="西街道")
    t.c1 = node_create(parent=t.sub1, kind=NodeKind.COMMUNITY, code="C1", name="东一社区")
    t.c2 = node_create(parent=t.sub1, kind=NodeKind.COMMUNITY, code="C2", name="东二社区")
    t.c3 = node_create(parent=t.sub2, kind=NodeKind.COMMUNITY, code="C3", name="西一社区")
    t.grids, t.flats = {}, {}
    for community in (t.c1, t.c2, t.c3):
        for g in (1, 2):
            grid = node_create(
                parent=community,
                kind=NodeKind.GRID,
                code=f"{community.code}G{g}",
                name=f"{community.name}第{g}网格",
            )
            building = node_create(
                parent=grid, kind=NodeKind.BUILDING, code=f"{grid.code}B1", name="1号楼"
            )
            entrance = node_create(
                parent=building, kind=NodeKind.ENTRANCE, code=f"{grid.code}B1E1", name="1单元"
            )
            flats = [
                node_create(
                    parent=entrance, kind=NodeKind.FLAT, code=f"{grid.code}F{n}", name=f"{n}01室"
                )
                for n in (1, 2)
            ]
            t.grids[grid.code] = grid
            t.flats[grid.code] = flats
    return t


def _seed_tag_vocabulary() -> None:
    """Transactional tests end with a flush that also empties the tag vocabulary a data
    migration seeded; put it back for the tests that follow."""
    from importlib import import_module

    from django.apps import apps as global_apps

    from shequ.people.models import TagType

    if not TagType.objects.exists():
        migration = import_module("shequ.people.migrations.0003_seed_tag_vocabulary")
        migration.seed(global_apps, None)


@pytest.fixture(autouse=True)
def _own_data_dir(settings, tmp_path_factory):
    """What a test writes under the data directory (the routing model `shequ demo` trains)
    goes to its own folder: never into var/, never read by another test."""
    settings.DATA_DIR = tmp_path_factory.mktemp("data")
    settings.MEDIA_ROOT = settings.DATA_DIR / "media"


@pytest.fixture
def territory(db):
    _seed_tag_vocabulary()
    return _tree()


_seq = iter(range(1, 10**6))


def add_person(flat, name="张三", *, sex="M", birth=dt.date(1980, 5, 17), **kwargs):
    n = next(_seq)
    return people.person_create(
        name=name,
        id_number=make_id_number(birth, n, sex=sex),
        phone=make_mobile(n),
        node=flat,
        started_on=kwargs.pop("started_on", dt.date(2020, 1, 1)),
        **kwargs,
    )


@pytest.fixture
def residents(territory):
    """One household with two people in every grid's first flat."""
    out = {}
    for code, flats in territory.flats.items():
        head = add_person(flats[0], f"王{code}", registered_address="北京市东城区示范路1号")
        spouse = add_person(flats[0], f"李{code}", sex="F", birth=dt.date(1982, 3, 9))
        household = people.household_create(node=flats[0], head=head, number=f"H{code}")
        people.household_add_member(household=household, person=spouse, relation="spouse")
        out[code] = SimpleNamespace(head=head, spouse=spouse, household=household)
    return out


ROLE_NODES = {
    Role.DISTRICT_ADMIN: "district",
    Role.SUBDISTRICT_ADMIN: "sub1",
    Role.COMMUNITY_SECRETARY: "c1",
    Role.COMMUNITY_WORKER: "c1",
    Role.GRID_WORKER: "C1G1",
    Role.BRANCH_SECRETARY: "C1G1",
    Role.PARTY_MEMBER: "c1",
    Role.RESIDENT: "C1G1",
    Role.UNIT_CONTACT: "c1",
    Role.AUDITOR: "sub1",
}


def make_user(username: str, role: str | None = None, node=None) -> User:
    user = User.objects.create_user(
        username=username, password=PASSWORD, must_change_password=False
    )
    if role:
        role_grant(user=user, role=role, node=node)
    return user


@pytest.fixture
def cast(territory):
    users = {}
    for role, where in ROLE_NODES.items():
        node = territory.grids[where] if where in territory.grids else getattr(territory, where)
        users[role] = make_user(role, role, node)
    return SimpleNamespace(**{str(k): v for k, v in users.items()})


# Browser tests drive Debian's headless Chromium (never `playwright install`); they skip
# cleanly where it is absent, and .ci/run installs it.
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
needs_chromium = pytest.mark.skipif(
    not os.path.exists(CHROMIUM), reason="Debian chromium is not installed (.ci/run installs it)"
)


@pytest.fixture
def browser_page():
    """A phone-width Chromium page (zh-CN, downloads allowed) and the list of requests it
    made outside the test server (assets must never come from a CDN)."""
    # Playwright's sync API runs an event loop in this thread; the ORM calls made here (a
    # task worker, fixtures) need this, those of the live server run in its own thread.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )  # fmt: skip
        context = browser.new_context(
            viewport={"width": 390, "height": 844}, locale="zh-CN", accept_downloads=True
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        external: list[str] = []
        page.on(
            "request",
            lambda r: (
                external.append(r.url)
                if not r.url.startswith(("http://localhost", "http://127.0.0.1", "data:"))
                else None
            ),
        )
        yield page, external
        browser.close()
    os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
