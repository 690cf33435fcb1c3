"""Requests in the demo district (`shequ demo`): every state, real events and rollup, handlers
and rules for every community and grid, a trained routing model, and demo logins who see and
handle the first community's requests."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

import pytest
from django.urls import reverse
from django.utils import timezone

from shequ.accounts.models import User
from shequ.cases import figures
from shequ.cases.choices import CaseStatus, DueState, HandlerKind
from shequ.cases.demo_district import DemoStaff, _plans
from shequ.cases.models import Case, CaseCategory, CaseEscalation, CaseEvent, CaseFigure, Handler
from shequ.demo.services import demo_cases_create, demo_district_load, demo_users_create
from shequ.territory.choices import NodeKind
from shequ.territory.models import Node

pytestmark = pytest.mark.django_db


def _rollup():
    return sorted(
        CaseFigure.objects.exclude(received=0).values_list(
            "day", "area", "category", "channel", "handler", *figures.METRICS
        )
    )


@pytest.fixture
def demo(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path  # the routing model is written there
    as_of = timezone.localdate()
    result = demo_district_load(scale="tiny", seed=3, as_of=as_of, background=False)
    demo_users_create(district=result.district)
    cases = demo_cases_create(district=result.district, seed=3, as_of=as_of)
    return result, cases


def test_the_demo_has_requests_in_every_state_and_a_desk_for_every_place(demo):
    _district, cases = demo
    assert cases.cases == Case.objects.count() >= 250
    statuses = Counter(Case.objects.values_list("status", flat=True))
    assert all(statuses[s] > 0 for s in CaseStatus.values), statuses
    assert cases.by_status == statuses
    assert Case.objects.filter(reopen_count__gt=0).exists()
    assert (
        Case.objects.filter(due_state=DueState.OVERDUE)
        .exclude(status__in=[CaseStatus.CLOSED, CaseStatus.RATED, CaseStatus.REPLIED])
        .exists()
    )
    # the sweep put the overdue open ones before the level above
    assert CaseEscalation.objects.exists()
    # a tree of categories with limits, inherited by the children
    assert CaseCategory.objects.filter(parent=None, children__isnull=False).distinct().count() == 4
    assert not CaseCategory.objects.filter(parent=None, resolve_limit=None).exists()
    kinds = set(Handler.objects.values_list("kind", flat=True))
    assert kinds == set(HandlerKind.values)
    grids = Node.objects.filter(kind=NodeKind.GRID).count()
    assert Handler.objects.filter(kind=HandlerKind.GRID_WORKER).count() == grids
    # the way every case went is in its events, in order of time
    for case in Case.objects.order_by("?")[:40]:
        events = list(case.events.order_by("at", "id").values_list("verb", "to_status", "at"))
        assert events[0][0] == "submit"
        changes = [to for verb, to, _at in events if verb not in ("contact", "escalate")]
        assert changes[-1] == case.status
        assert [at for *_x, at in events] == sorted(at for *_x, at in events)
        assert events[0][2] == case.received_at <= timezone.now()
    assert cases.trained["trained"] is True
    received = Case.objects.filter(status=CaseStatus.RECEIVED)
    assert all(c.suggestion.get("method") == "model" for c in received)


def test_the_demo_rollup_equals_a_recount_and_no_figure_is_zero(demo):
    district, _cases = demo
    kept = _rollup()
    assert figures.figures_rebuild() == Case.objects.count()
    assert _rollup() == kept
    today = timezone.localdate()
    half_year = figures.figures_for(
        figures.Filters(node=district.district, start=today - dt.timedelta(days=200), end=today)
    )
    assert all(half_year[name] > 0 for name in figures.METRICS), half_year


def test_the_printed_logins_see_and_handle_the_first_communitys_requests(client, demo):
    district, _cases = demo
    worker = User.objects.get(username="worker")
    grid_worker = User.objects.get(username="grid_worker")
    assert Handler.objects.filter(user=worker, kind=HandlerKind.COMMUNITY).exists()
    assert Handler.objects.filter(user=grid_worker, kind=HandlerKind.GRID_WORKER).exists()
    assert CaseEvent.objects.filter(actor=worker).exists()
    assert Case.objects.filter(handler__user=grid_worker).exists()
    assert Case.objects.filter(requester_user__username="resident").count() == 3

    client.force_login(worker)
    page = client.get(reverse("cases:list"))
    assert page.status_code == 200 and len(page.context["page"]) > 0
    dashboard = client.get(reverse("cases:dashboard"))
    assert dashboard.status_code == 200
    shown = dashboard.context["figures"]
    # the last 30 days of the worker's community, as the page opens
    assert shown["received"] > 0 and shown["accepted"] > 0 and shown["resolved"] > 0
    client.force_login(User.objects.get(username="district_admin"))
    everything = client.get(reverse("cases:dashboard")).context["figures"]
    assert all(
        everything[name] > 0
        for name in ("received", "accepted", "contacted", "resolved", "rated", "satisfied")
    ), everything


def test_the_same_seed_draws_the_same_requests(db, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    as_of = dt.date(2026, 6, 30)
    result = demo_district_load(scale="tiny", seed=5, as_of=as_of, background=False)
    demo_users_create(district=result.district)
    loaded = demo_cases_create(district=result.district, seed=5, as_of=as_of)
    # generated for a day in the past: nothing after that day's evening
    evening = timezone.make_aware(dt.datetime(2026, 6, 30, 18))
    assert Case.objects.filter(received_at__gt=evening).count() == 0
    assert not CaseEvent.objects.filter(at__gt=evening).exists()
    assert loaded.by_status[CaseStatus.CLOSED] > loaded.by_status[CaseStatus.RECEIVED]

    def draw(seed):
        plans = _plans(random.Random(seed), subdistrict=Node.objects.get(kind="subdistrict"),
                       anchor=evening, n=60, seed=seed, staff=DemoStaff(), first=False)  # fmt: skip
        return [(p.received_at, p.text, p.target, p.node.pk, p.delays) for p in plans]

    assert draw(1) == draw(1) != draw(2)
