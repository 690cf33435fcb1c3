"""The transition table walked edge by edge through the one transition service: every allowed
step succeeds with its event, every step not in the table is refused, a refusal needs a
reason and an approval needs funding and a time span (费随事转, R-CASE-5)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from shequ.admission import workflow
from shequ.admission.choices import WorkItemStatus as S
from shequ.admission.models import WorkItem, WorkItemEvent
from shequ.admission.services import work_item_expire_due, work_item_request, work_item_transition
from shequ.core.models import Notification

from .conftest import MID_MARCH, YEAR_END

# How to reach each state from "requested", along allowed edges.
PATHS = {
    S.REQUESTED: [],
    S.APPROVED: [S.APPROVED],
    S.REFUSED: [S.REFUSED],
    S.WITHDRAWN: [S.WITHDRAWN],
    S.EXPIRED: [S.APPROVED, S.EXPIRED],
}
AFTER_THE_SPAN = YEAR_END + dt.timedelta(days=1)


@pytest.fixture
def step(cast):
    """Take one step with the deciding admin and everything the step needs."""

    def take(item, to, **override):
        options = {
            "actor": cast.subdistrict_admin,
            "note": "经街道党工委会议研究",
            "today": MID_MARCH,
        }
        if to == S.EXPIRED:
            options["today"] = AFTER_THE_SPAN
        options.update(override)
        return work_item_transition(item=item, to=to, **options)

    return take


def _reach(step, item, status):
    for target in PATHS[status]:
        item = step(item, target)
    assert item.status == status
    return item


@pytest.mark.django_db
@pytest.mark.parametrize(
    "edge", workflow.TRANSITION_LIST, ids=lambda t: f"{t.source}-{t.verb}-{t.target}"
)
def test_every_allowed_step_succeeds_and_leaves_its_event(edge, new_item, step):
    item = _reach(step, new_item(), edge.source)
    events_before = WorkItemEvent.objects.filter(item=item).count()

    item = step(item, edge.target)

    item.refresh_from_db()
    assert item.status == edge.target
    event = WorkItemEvent.objects.filter(item=item).latest("id")
    assert (event.verb, event.from_status, event.to_status) == (edge.verb, edge.source, edge.target)
    assert WorkItemEvent.objects.filter(item=item).count() == events_before + 1


FORBIDDEN = [
    (source, target)
    for source in S.values
    for target in S.values
    if target not in workflow.TRANSITIONS.get(source, set())
]


@pytest.mark.django_db
@pytest.mark.parametrize("source,target", FORBIDDEN, ids=lambda v: str(v))
def test_every_step_outside_the_table_is_refused(source, target, new_item, step):
    item = _reach(step, new_item(), source)
    with pytest.raises(ValidationError) as caught:
        step(item, target)
    assert "status" in caught.value.message_dict
    item.refresh_from_db()
    assert item.status == source


@pytest.mark.django_db
def test_a_refusal_without_a_reason_is_refused(new_item, step):
    item = new_item()
    with pytest.raises(ValidationError) as caught:
        step(item, S.REFUSED, note="  ")
    assert "note" in caught.value.message_dict
    item.refresh_from_db()
    assert item.status == S.REQUESTED
    assert not WorkItemEvent.objects.filter(item=item, verb="refuse").exists()


@pytest.mark.django_db
def test_a_refusal_keeps_its_reason_and_decider(new_item, step, cast):
    item = step(new_item(), S.REFUSED, note="不属于社区职责，应由部门自行承担")
    item.refresh_from_db()
    assert item.decision_note == "不属于社区职责，应由部门自行承担"
    assert item.decided_by == cast.subdistrict_admin
    assert item.decided_at is not None
    assert item.approved_at is None


@pytest.mark.django_db
def test_an_approval_without_funding_is_refused_with_a_field_error(new_item, step):
    item = new_item(funding=Decimal(0))
    with pytest.raises(ValidationError) as caught:
        step(item, S.APPROVED)
    assert "funding" in caught.value.message_dict
    item.refresh_from_db()
    assert item.status == S.REQUESTED and item.approved_at is None


@pytest.mark.django_db
def test_funding_given_at_approval_makes_it_pass(new_item, step):
    item = step(new_item(funding=Decimal(0)), S.APPROVED, funding=Decimal("1200.50"),
                funding_source="市级专项")  # fmt: skip
    item.refresh_from_db()
    assert item.status == S.APPROVED
    assert item.funding == Decimal("1200.50")
    assert item.funding_source == "市级专项"


@pytest.mark.django_db
def test_a_statutory_duty_with_its_legal_basis_is_approved_without_funding(new_item, step):
    item = new_item(
        funding=Decimal(0), is_statutory=True,
        legal_basis="《中华人民共和国城市居民委员会组织法》第三条",
    )  # fmt: skip
    item = step(item, S.APPROVED)
    item.refresh_from_db()
    assert item.status == S.APPROVED and item.funding == 0


@pytest.mark.django_db
def test_a_statutory_duty_needs_its_legal_basis(new_item):
    with pytest.raises(ValidationError) as caught:
        new_item(funding=Decimal(0), is_statutory=True, legal_basis="")
    assert "legal_basis" in caught.value.message_dict


@pytest.mark.django_db
def test_an_approval_needs_a_time_span_in_order(new_item, step):
    item = new_item()
    with pytest.raises(ValidationError) as caught:
        step(item, S.APPROVED, start_date=dt.date(2026, 6, 1), end_date=dt.date(2026, 5, 31))
    assert "end_date" in caught.value.message_dict


@pytest.mark.django_db
def test_the_approval_settles_the_time_span(new_item, step):
    item = step(new_item(), S.APPROVED, start_date=dt.date(2026, 4, 1),
                end_date=dt.date(2026, 9, 30))  # fmt: skip
    item.refresh_from_db()
    assert (item.start_date, item.end_date, item.last_day) == (
        dt.date(2026, 4, 1), dt.date(2026, 9, 30), dt.date(2026, 9, 30),
    )  # fmt: skip


@pytest.mark.django_db
def test_the_database_refuses_an_admitted_item_without_funding(new_item, step):
    item = step(new_item(), S.APPROVED)
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkItem.objects.filter(pk=item.pk).update(funding=Decimal(0))


@pytest.mark.django_db
def test_the_database_refuses_a_refusal_without_a_reason(new_item):
    item = new_item()
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkItem.objects.filter(pk=item.pk).update(status=S.REFUSED, decision_note="")


@pytest.mark.django_db
def test_ending_an_approved_item_early_needs_a_reason_and_stops_it_the_day_before(new_item, step):
    item = step(new_item(), S.APPROVED)
    with pytest.raises(ValidationError) as caught:
        step(item, S.WITHDRAWN, note="")
    assert "note" in caught.value.message_dict
    item = step(item, S.WITHDRAWN, note="部门职能调整", today=dt.date(2026, 7, 1))
    item.refresh_from_db()
    assert item.status == S.WITHDRAWN
    assert item.last_day == dt.date(2026, 6, 30)
    assert item.approved_at is not None


@pytest.mark.django_db
def test_an_item_cannot_expire_within_its_span(new_item, step):
    item = step(new_item(), S.APPROVED)
    with pytest.raises(ValidationError) as caught:
        step(item, S.EXPIRED, today=YEAR_END)
    assert "end_date" in caught.value.message_dict


@pytest.mark.django_db
def test_the_sweep_expires_only_items_past_their_span(new_item, step):
    ended = step(new_item(end_date=dt.date(2026, 2, 28)), S.APPROVED)
    running = step(new_item(), S.APPROVED)
    pending = new_item(end_date=dt.date(2026, 2, 28))

    assert work_item_expire_due(today=dt.date(2026, 3, 1)) == 1
    assert work_item_expire_due(today=dt.date(2026, 3, 1)) == 0  # nothing twice

    statuses = dict(WorkItem.objects.values_list("pk", "status"))
    assert statuses == {ended.pk: S.EXPIRED, running.pk: S.APPROVED, pending.pk: S.REQUESTED}
    event = WorkItemEvent.objects.get(item=ended, verb="expire")
    assert event.actor is None


@pytest.mark.django_db
def test_nobody_but_the_sweep_steps_without_an_actor(new_item):
    item = new_item()
    with pytest.raises(PermissionDenied):
        work_item_transition(item=item, to=S.APPROVED, actor=None)


@pytest.mark.django_db
def test_an_approval_tells_the_communities_and_the_registrar(new_item, step, cast, territory):
    item = new_item(actor=cast.district_admin)
    step(item, S.APPROVED)
    told = set(
        Notification.objects.filter(object_id=str(item.pk)).values_list("user__username", flat=True)
    )
    # C1's secretary and worker (the item applies to C1 and C2), and the district admin who
    # registered it; not the deciding admin himself, nor C3's staff
    assert told == {"community_secretary", "community_worker", "district_admin"}


@pytest.mark.django_db
def test_chosen_communities_must_lie_under_the_deciding_level(new_item, territory):
    with pytest.raises(ValidationError) as caught:
        new_item(scope="chosen", communities=[territory.c1, territory.c3])
    assert "communities" in caught.value.message_dict
    item = new_item(scope="chosen", communities=[territory.c2])
    assert list(item.communities.all()) == [territory.c2]


@pytest.mark.django_db
def test_only_a_district_or_subdistrict_decides(cast, territory):
    with pytest.raises(ValidationError) as caught:
        work_item_request(
            actor=cast.district_admin, title="t", description="d", department="区民政局",
            decider=territory.c1, scope="all", hours_per_month=Decimal(1),
            start_date=MID_MARCH, end_date=YEAR_END,
        )  # fmt: skip
    assert "decider" in caught.value.message_dict
