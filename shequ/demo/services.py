"""Writes of the demo: load the generated district in bulk, create one login per role."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import queue
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.models import User
from shequ.accounts.services import role_grant
from shequ.core import crypto
from shequ.core.models import AuditAction, audit_record
from shequ.people.choices import PoliticalStatus, Relation, ResidenceKind
from shequ.people.models import HouseholdMember, Person, TagType
from shequ.territory.choices import Duty
from shequ.territory.models import Node, NodeResponsibility

from .bulk import BulkWriter
from .generator import COLUMNS, Batch, DistrictGenerator
from .logins import DEMO_LOGINS, DEMO_PASSWORD
from .scales import SCALES
from .selectors import DemoLogin, demo_logins, territory_is_empty


class DemoError(Exception):
    """The demo cannot be loaded here (the territory is not empty, a login exists …)."""


@dataclass
class LoadResult:
    district: Node
    persons: int
    rows: int
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)


ProgressFn = Callable[[Batch, int, int, float], None]


def demo_check_ready() -> None:
    """Raise DemoError unless the demo can be loaded: an empty territory, no demo login."""
    if not territory_is_empty():
        raise DemoError(_("The territory already has nodes: the demo loads into an empty one."))
    taken = list(
        User.objects.filter(username__in=[u for u, _, _ in DEMO_LOGINS]).values_list(
            "username", flat=True
        )
    )
    if taken:
        raise DemoError(
            _("Demo logins already exist: %(logins)s.") % {"logins": ", ".join(sorted(taken))}
        )


def demo_generator(
    *, scale: str, seed: int, as_of: dt.date | None = None, writer: BulkWriter | None = None
) -> DistrictGenerator:
    """The generator wired to this database: first free ids, tag ids, data key, clock."""
    writer = writer or BulkWriter()
    as_of = as_of or timezone.localdate()
    midnight = timezone.make_aware(dt.datetime.combine(as_of, dt.time()))
    return DistrictGenerator(
        scale=SCALES[scale],
        seed=seed,
        as_of=as_of,
        keyring=crypto.keyring(),
        tag_ids=dict(TagType.objects.filter(is_active=True).values_list("code", "id")),
        first_ids=writer.next_ids(COLUMNS),
        stamp=writer.timestamp(midnight),
        elderly_age=settings.SHEQU_ELDERLY_AGE,
    )


def _produce(generator: DistrictGenerator, out) -> None:
    try:
        for batch in generator.batches():
            out.put(batch)
        out.put(None)
    except BaseException as exc:  # handed to the parent, which raises it
        out.put(exc)


def generated_batches(generator: DistrictGenerator, *, background: bool) -> Iterator[Batch]:
    """The generator's batches; with ``background``, made in a forked process so that
    generating the next community overlaps writing this one (two cores, two jobs)."""
    if not background or "fork" not in multiprocessing.get_all_start_methods():
        yield from generator.batches()
        return
    context = multiprocessing.get_context("fork")
    channel = context.Queue(maxsize=2)
    # The child only computes: it never touches the database connection it inherits.
    process = context.Process(target=_produce, args=(generator, channel), daemon=True)
    process.start()
    try:
        while True:
            try:
                item = channel.get(timeout=1)
            except queue.Empty:
                if not process.is_alive():
                    raise DemoError(_("The generator process ended unexpectedly.")) from None
                continue
            if item is None:
                break
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        if process.is_alive():
            process.terminate()
        process.join()


def demo_district_load(
    *,
    scale: str,
    seed: int,
    as_of: dt.date | None = None,
    progress: ProgressFn | None = None,
    writer: BulkWriter | None = None,
    background: bool = True,
) -> LoadResult:
    """Generate the demo district and write it in bulk, one transaction per community.

    One summary audit event records the load instead of one per row.
    """
    demo_check_ready()
    writer = writer or BulkWriter()
    generator = demo_generator(scale=scale, seed=seed, as_of=as_of, writer=writer)
    counts = dict.fromkeys(COLUMNS, 0)
    persons = rows = 0
    started = time.perf_counter()
    for batch in generated_batches(generator, background=background):
        with transaction.atomic():
            for label, batch_rows in batch.rows.items():
                if batch_rows:
                    writer.write(label, COLUMNS[label], batch_rows)
                    counts[label] += len(batch_rows)
        persons += batch.persons
        rows += batch.row_count
        if progress is not None:
            progress(batch, persons, rows, time.perf_counter() - started)
    writer.finish(COLUMNS)
    district = Node.objects.get(path=generator.root_path)
    audit_record(
        AuditAction.CREATE,
        obj=district,
        row_count=rows,
        object_repr=f"demo district ({scale}, seed {seed})",
        changes={"demo": {"scale": scale, "seed": seed, "as_of": generator.as_of.isoformat()}}
        | {"rows": counts},
    )
    return LoadResult(
        district=district,
        persons=persons,
        rows=rows,
        seconds=time.perf_counter() - started,
        counts=counts,
    )


def _first_child(node: Node) -> Node:
    return Node.objects.filter(path__startswith=node.path, depth=node.depth + 1).order_by("path")[0]


@transaction.atomic
def demo_users_create(
    *, district: Node, password: str = DEMO_PASSWORD, party=None
) -> list[DemoLogin]:
    """One login per role on the first subdistrict, community and grid; the resident at his
    own flat, the grid worker and the party member linked to their person records; the branch
    secretary (when ``party``, the demo's party tree, has a first branch) on his branch's
    territory, linked to his person and his seat."""
    subdistrict = _first_child(district)
    community = _first_child(subdistrict)
    grid = _first_child(community)
    heads = HouseholdMember.objects.filter(
        relation=Relation.HEAD,
        ended_on__isnull=True,
        person__node__path__startswith=grid.path,
        person__residence_kind=ResidenceKind.REGISTERED,
    ).exclude(person__phone_bidx="")
    resident = heads.select_related("person__node").order_by("person_id")[0].person
    worker = (
        NodeResponsibility.objects.filter(node=grid, duty=Duty.GRID_WORKER)
        .select_related("person")
        .order_by("id")
        .first()
    )
    seat = getattr(party, "first_branch_secretary", None)
    member = (
        Person.objects.filter(
            node__path__startswith=community.path,
            political_status=PoliticalStatus.PARTY_MEMBER,
        )
        .exclude(
            pk__in=[resident.pk, worker.person_id if worker else 0, seat.person_id if seat else 0]
        )
        .order_by("id")
        .first()
    )
    places = {
        "district": district,
        "subdistrict": subdistrict,
        "community": community,
        "grid": grid,
        "flat": resident.node,
    }
    people = {
        "resident": resident,
        "grid_worker": worker.person if worker else None,
        "party_member": member,
    }
    if seat is not None:
        places["branch"] = seat.org.node
        people["branch_secretary"] = seat.person
    hashed = None
    for username, role, where in DEMO_LOGINS:
        if where not in places:
            continue
        person = people.get(username)
        user = User(
            username=username,
            display_name=person.name if person else "",
            must_change_password=False,
            person=person,
        )
        if hashed is None:
            user.set_password(password)
            hashed = user.password
        else:  # one Argon2 hash for the one published password: 9 hashings cost seconds
            user.password = hashed
        user.save()
        role_grant(user=user, role=role, node=places[where])
        if username == "branch_secretary":
            seat.user = user
            seat.save(update_fields=["user", "updated_at"])
    return demo_logins()


def demo_party_create(*, district: Node, seed: int, as_of: dt.date | None = None):
    """The party organisations, members, seats and teams of the demo district
    (``party.demo``)."""
    from shequ.party.demo import demo_party_load

    return demo_party_load(district=district, seed=seed, as_of=as_of or timezone.localdate())


def demo_party_work_create(*, district: Node, seed: int, as_of: dt.date | None = None) -> dict:
    """The first branches' work in the demo: recruits at every stage, report-ins and letters,
    dues, meetings, the 四联四包 chain, care visits, an evaluation round, team activities
    (``party.demo_work``), through the services, dated back from ``as_of`` (today)."""
    from shequ.party.demo_work import demo_party_work

    return demo_party_work(district=district, seed=seed, as_of=as_of or timezone.localdate())


def demo_selfgov_create(*, district: Node, seed: int, as_of: dt.date | None = None) -> dict:
    """Residents' self-government in the demo (``deliberation.demo``, ``pb.demo``): the bodies
    of every community with their seats, the first community's meeting, topic, proposal and
    petition, and three micro-project rounds at different phases. After the demo logins, whose
    resident sits in his community's council."""
    from shequ.deliberation.demo import demo_bodies, demo_deliberation_work
    from shequ.pb.demo import demo_pb

    as_of = as_of or timezone.localdate()
    counts = demo_bodies(district=district, seed=seed, as_of=as_of)
    counts.update(demo_deliberation_work(district=district, as_of=as_of))
    counts.update(demo_pb(district=district, seed=seed, as_of=as_of))
    return dict(counts)


def demo_cases_create(*, district: Node, seed: int, as_of: dt.date | None = None):
    """Residents' requests in the demo district (``cases.demo_district``); the first
    community's steps are taken by its demo logins, who thereby see and handle them."""
    from shequ.cases.demo_district import DemoStaff, demo_cases_load

    users = {
        u.username: u for u in User.objects.filter(username__in=[u for u, _, _ in DEMO_LOGINS])
    }
    staff = DemoStaff(
        worker=users.get("worker"),
        grid_worker=users.get("grid_worker"),
        secretary=users.get("secretary"),
        resident=users.get("resident"),
    )
    return demo_cases_load(district=district, seed=seed, staff=staff, as_of=as_of)
