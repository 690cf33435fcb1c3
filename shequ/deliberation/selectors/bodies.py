"""Reads of bodies and seats (R-DLB-1, R-DLB-6, R-ORG-7): the list of bodies with their flags
(must be convened, term ending or ended), a body's seats and constituencies with their
households, the sizing report of a subtree against the configured standard, the exports, and
the "My seats" section of 我的议事. Each report reads in a bounded number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

from django.core import signing
from django.db.models import Count, Q
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.roles import MANAGE_DELIBERATION, VIEW_DELIBERATION
from shequ.core.models import AuditAction, audit_record
from shequ.core.scope import subtree_q
from shequ.core.xlsx import xlsx_table
from shequ.people.choices import PersonStatus
from shequ.people.models import Household, Person
from shequ.people.selectors import person_search_q
from shequ.territory.choices import NodeKind
from shequ.territory.models import Node

from ..choices import AssemblyMode, BodyKind
from ..config import deliberation_config
from ..models import Body, BodyMember, Constituency, Meeting, MeetingStatus
from .mine import register_my_section
from .petitions import must_convene_q

OPEN_SEAT = Q(seats__ended_on__isnull=True)


def term_warning_days() -> int:
    """Days before a term's end from which it is flagged as ending (``term_warning_days``)."""
    return int(deliberation_config()["bodies"]["term_warning_days"])


def term_state(body: Body, today: dt.date) -> str:
    """ "" while the term runs, "ending" within the warning days of its end, "expired" after."""
    if body.term_ends_on is None or body.dissolved_on is not None:
        return ""
    if body.term_ends_on < today:
        return "expired"
    if body.term_ends_on <= today + dt.timedelta(days=term_warning_days()):
        return "ending"
    return ""


# ----------------------------------------------------------------------------- bodies


def body_list_for(*, user, q: str = "", kind: str = "", node=None, current: bool = False,
                  flag: str = "", today: dt.date | None = None):  # fmt: skip
    """Bodies the user sees (VIEW_DELIBERATION in his subtree), with ``n_seats`` (open
    seats) and ``must_convene`` annotated; searchable by name and place; ``flag`` keeps
    those to convene ("convene") or whose term ends or ended ("term")."""
    bodies = (
        Body.objects.visible_to(user, VIEW_DELIBERATION)
        .select_related("node")
        .annotate(n_seats=Count("seats", filter=OPEN_SEAT), must_convene=must_convene_q())
    )
    if q:
        bodies = bodies.filter(Q(name__icontains=q) | Q(node__name__icontains=q))
    if kind:
        bodies = bodies.filter(kind=kind)
    if node is not None:
        bodies = bodies.filter(subtree_q("node__path", node.path))
    if current or flag:
        bodies = bodies.filter(dissolved_on__isnull=True)
    if flag == "convene":
        bodies = bodies.filter(must_convene=True)
    elif flag == "term":
        today = today or timezone.localdate()
        bodies = bodies.filter(term_ends_on__lte=today + dt.timedelta(days=term_warning_days()))
    return bodies


def body_get_for(*, user, pk: int) -> Body:
    """A body the user sees as staff, or one he sits in (rules: ``is_seated``)."""
    body = (
        Body.objects.select_related("node")
        .annotate(n_seats=Count("seats", filter=OPEN_SEAT), must_convene=must_convene_q())
        .get(pk=pk)
    )
    if not user.has_perm(VIEW_DELIBERATION, body):
        raise Body.DoesNotExist
    return body


def body_nodes_for(*, user, perm: str = MANAGE_DELIBERATION):
    """The communities and subdistricts where the user may set up a body."""
    return (
        Node.objects.visible_to(user, perm)
        .filter(kind__in=[NodeKind.COMMUNITY, NodeKind.SUBDISTRICT])
        .order_by("path")
    )


def body_seats(body: Body, *, current: bool = False):
    seats = BodyMember.objects.filter(body=body).select_related(
        "person", "constituency", "replaces__person"
    )
    if current:
        seats = seats.filter(ended_on__isnull=True)
    return seats.order_by("ended_on", "post", "started_on", "id")


def seat_get_for(*, user, pk: int) -> BodyMember:
    seat = BodyMember.objects.select_related("body__node", "person", "constituency").get(pk=pk)
    if not user.has_perm(VIEW_DELIBERATION, seat.body):
        raise BodyMember.DoesNotExist
    return seat


def vacancies(body: Body):
    """Seats left empty by a recall, a resignation, a move or a death, not yet filled by a
    by-election."""
    from ..services.bodies import VACANCY_REASONS

    return (
        BodyMember.objects.filter(body=body, end_reason__in=VACANCY_REASONS)
        .filter(replaced_by__isnull=True)
        .select_related("person")
        .order_by("ended_on", "id")
    )


PICK_SALT = "shequ.deliberation.pick"
PICK_MAX_AGE = 3600  # seconds a choice stays valid


def _residents_of(body: Body):
    return Person.objects.filter(
        subtree_q("node__path", body.node.path), status=PersonStatus.RESIDENT
    ).select_related("node")


def person_candidates_for(*, body: Body, q: str, limit: int = 20) -> list[Person]:
    """Residents of the body's territory found by name, pinyin or initials (a seat is public
    knowledge: staff pick by name, and no ID number or phone is shown)."""
    q = (q or "").strip()
    if not q:
        return []
    return list(
        _residents_of(body).filter(person_search_q(q)).order_by("name_pinyin", "id")[:limit]
    )


def person_pick_token(person: Person) -> str:
    """A signed token naming a person found by a search: a form takes the person through it,
    so a bare id typed into the address picks nobody."""
    return signing.dumps(person.pk, salt=PICK_SALT, compress=True)


def person_from_token(*, body: Body, token: str) -> Person | None:
    """The person a pick token names, if genuine, recent and still a resident there."""
    if not token:
        return None
    try:
        pk = signing.loads(token, salt=PICK_SALT, max_age=PICK_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(pk, int):
        return None
    return _residents_of(body).filter(pk=pk).first()


# ----------------------------------------------------------------------------- households


def households_under(paths) -> dict[str, int]:
    """Households (not dissolved) at or below each of ``paths``: one grouped query per
    distinct path length (a path's length is its depth), over the subtree of the paths'
    closest common ancestor."""
    by_length: dict[int, set[str]] = {}
    for path in paths:
        by_length.setdefault(len(path), set()).add(path)
    out = dict.fromkeys(paths, 0)
    for length, wanted in by_length.items():
        households = Household.objects.filter(dissolved_on__isnull=True)
        common = _common_path(wanted)
        if common:
            households = households.filter(subtree_q("node__path", common))
        rows = (
            households.annotate(prefix=Substr("node__path", 1, length))
            .values("prefix")
            .annotate(n=Count("id"))
            .values_list("prefix", "n")
        )
        for prefix, n in rows:
            if prefix in wanted:
                out[prefix] = n
    return out


def _common_path(paths) -> str:
    """The path of the closest common ancestor of ``paths`` (treebeard's steps of 4)."""
    paths = list(paths)
    common = paths[0] if paths else ""
    for path in paths[1:]:
        end = 0
        while end < min(len(common), len(path)) and common[end] == path[end]:
            end += 1
        common = common[:end]
    return common[: len(common) // Node.steplen * Node.steplen]


def _outermost(paths: list[str]) -> list[str]:
    """The paths not lying under another of them (a building and one of its flats: the
    building), so that no household is counted twice."""
    out: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(p) for p in out):
            out.append(path)
    return out


@dataclass
class ConstituencyLine:
    constituency: Constituency
    nodes: list[str]
    households: int
    representatives: int
    low: int
    high: int

    @property
    def per_representative(self) -> Fraction | None:
        return Fraction(self.households, self.representatives) if self.representatives else None

    @property
    def per_representative_shown(self) -> str:
        value = self.per_representative
        return "—" if value is None else f"{float(value):.1f}"

    @property
    def finding(self) -> str:
        """Why the constituency is outside the standard, or "" when it is within it."""
        if not self.representatives:
            return _("No representative answers for it.")
        if self.households < self.low * self.representatives:
            return _("Fewer than %(low)d households per representative.") % {"low": self.low}
        if self.households > self.high * self.representatives:
            return _("More than %(high)d households per representative.") % {"high": self.high}
        return ""


def representative_range() -> tuple[int, int]:
    low, high = deliberation_config()["bodies"]["households_per_representative"]
    return int(low), int(high)


def constituency_lines(bodies) -> dict[int, list[ConstituencyLine]]:
    """The constituencies of ``bodies`` (body id → lines): households covered, open seats
    answering for them, and the finding against ``households_per_representative``. Three
    queries plus one per distinct depth of the nodes covered."""
    body_ids = [b.pk for b in bodies]
    if not body_ids:
        return {}
    low, high = representative_range()
    constituencies = list(Constituency.objects.filter(body_id__in=body_ids).order_by("name", "id"))
    covered: dict[int, list[str]] = {c.pk: [] for c in constituencies}
    names: dict[int, list[str]] = {c.pk: [] for c in constituencies}
    through = Constituency.nodes.through.objects.filter(constituency__body_id__in=body_ids)
    for constituency_id, path, name in through.values_list(
        "constituency_id", "node__path", "node__name"
    ):
        covered[constituency_id].append(path)
        names[constituency_id].append(name)
    seats = dict(
        BodyMember.objects.filter(
            body_id__in=body_ids, ended_on__isnull=True, constituency__isnull=False
        )
        .values("constituency_id")
        .annotate(n=Count("id"))
        .values_list("constituency_id", "n")
    )
    outer = {pk: _outermost(paths) for pk, paths in covered.items()}
    counts = households_under({p for paths in outer.values() for p in paths})
    out: dict[int, list[ConstituencyLine]] = {pk: [] for pk in body_ids}
    for c in constituencies:
        households = sum(counts.get(p, 0) for p in outer[c.pk])
        out[c.body_id].append(
            ConstituencyLine(c, sorted(names[c.pk]), households, seats.get(c.pk, 0), low, high)
        )
    return out


# ----------------------------------------------------------------------------- sizing report


def committee_standard(households: int) -> int:
    """The configured size of a residents' committee for ``households`` (R-ORG-7)."""
    for bound, size in deliberation_config()["bodies"]["committee_sizes"]:
        if bound is None or households <= int(bound):
            return int(size)
    raise ValueError("committee_sizes needs a last entry without a bound")


@dataclass
class SizingLine:
    community: Node
    households: int
    committee: Body | None = None
    committee_seats: int = 0
    committee_standard: int = 0
    representatives_body: Body | None = None
    representatives: int = 0
    representatives_low: int = 0  # households / 50, rounded up
    representatives_high: int = 0  # households / 30, rounded down
    constituencies_off: int = 0
    expired: list[Body] = field(default_factory=list)
    ending: list[Body] = field(default_factory=list)
    findings: list[tuple[str, str]] = field(default_factory=list)  # (code, message)


def sizing_report_for(*, user, root: Node | None = None,
                      today: dt.date | None = None) -> list[SizingLine]:  # fmt: skip
    """Per community the user sees (VIEW_DELIBERATION) under ``root``: households, the
    residents' committee's seats against ``committee_sizes``, representatives against
    households/50 … households/30 (``households_per_representative``), constituencies off the
    standard, and bodies whose term has ended or ends soon. A bounded number of queries,
    whatever the number of communities."""
    today = today or timezone.localdate()
    communities = Node.objects.visible_to(user, VIEW_DELIBERATION).filter(kind=NodeKind.COMMUNITY)
    if root is not None:
        communities = communities.filter(subtree_q("path", root.path))
    communities = list(communities.order_by("path"))
    if not communities:
        return []
    low, high = representative_range()
    households = households_under([c.path for c in communities])
    bodies = list(
        Body.objects.filter(node__in=communities, dissolved_on__isnull=True)
        .annotate(n_seats=Count("seats", filter=OPEN_SEAT))
        .order_by("node_id", "kind", "id")
    )
    reps_bodies = [b for b in bodies if b.kind == BodyKind.REPRESENTATIVES_ASSEMBLY]
    constituencies = constituency_lines(reps_bodies)
    lines = []
    by_node: dict[int, list[Body]] = {}
    for body in bodies:
        by_node.setdefault(body.node_id, []).append(body)
    for community in communities:
        n = households[community.path]
        line = SizingLine(community=community, households=n)
        line.committee_standard = committee_standard(n)
        line.representatives_low = -(-n // high)
        line.representatives_high = n // low
        for body in by_node.get(community.pk, []):
            state = term_state(body, today)
            if state == "expired":
                line.expired.append(body)
            elif state == "ending":
                line.ending.append(body)
            if body.kind == BodyKind.RESIDENTS_COMMITTEE and line.committee is None:
                line.committee, line.committee_seats = body, body.n_seats
            elif (
                body.kind == BodyKind.REPRESENTATIVES_ASSEMBLY
                and body.assembly_mode == AssemblyMode.MEMBERS
                and line.representatives_body is None
            ):
                line.representatives_body, line.representatives = body, body.n_seats
                line.constituencies_off = sum(
                    1 for c in constituencies.get(body.pk, []) if c.finding
                )
        _findings(line, low, high)
        lines.append(line)
    return lines


def _findings(line: SizingLine, low: int, high: int) -> None:
    add = line.findings.append
    if line.committee is None:
        add(("no_committee", _("No residents' committee.")))
    elif line.committee_seats != line.committee_standard:
        add(("committee_size", _("The residents' committee has %(seats)d members; "
                                 "%(households)d households call for %(standard)d.")
             % {"seats": line.committee_seats, "households": line.households,
                "standard": line.committee_standard}))  # fmt: skip
    if line.representatives_body is None:
        add(("no_representatives", _("No residents' representatives' assembly.")))
    elif not low * line.representatives <= line.households <= high * line.representatives:
        add(("representatives", _("%(reps)d representatives for %(households)d households: "
                                  "one per %(low)d–%(high)d households calls for "
                                  "%(min)d–%(max)d.")
             % {"reps": line.representatives, "households": line.households, "low": low,
                "high": high, "min": line.representatives_low,
                "max": line.representatives_high}))  # fmt: skip
    if line.constituencies_off:
        add(("constituencies", _("%(n)d constituencies outside %(low)d–%(high)d households "
                                 "per representative.")
             % {"n": line.constituencies_off, "low": low, "high": high}))  # fmt: skip
    for body in line.expired:
        add(("term_expired", _("The term of %(body)s ended on %(day)s.")
             % {"body": body.name, "day": body.term_ends_on.isoformat()}))  # fmt: skip


# ----------------------------------------------------------------------------- exports


def body_export(*, user, bodies, today: dt.date) -> bytes:
    columns = [
        (_("Territory"), 16), (_("Kind"), 24), (_("Name of the body"), 30),
        (_("Who sits in it"), 16), (_("Seats"), 8), (_("Term from"), 12), (_("Term to"), 12),
        (_("Term"), 12), (_("Must be convened"), 10), (_("Dissolved on"), 12),
    ]  # fmt: skip
    states = {"expired": _("Ended"), "ending": _("Ending soon"), "": ""}
    rows = [
        [b.node.name, str(b.get_kind_display()), b.name, str(b.get_assembly_mode_display()),
         b.n_seats, b.term_started_on, b.term_ends_on, str(states[term_state(b, today)]),
         bool(b.must_convene), b.dissolved_on]
        for b in bodies
    ]  # fmt: skip
    content = xlsx_table(_("Bodies"), columns, rows)
    audit_record(AuditAction.EXPORT, actor=user, object_repr=str(_("Bodies")), row_count=len(rows))
    return content


def sizing_export(*, user, report: list[SizingLine]) -> bytes:
    columns = [
        (_("Community"), 16), (_("Households"), 10), (_("Committee members"), 10),
        (_("Standard"), 10), (_("Representatives"), 10), (_("At least"), 10),
        (_("At most"), 10), (_("Constituencies off the standard"), 12),
        (_("Terms ended"), 10), (_("Findings"), 70),
    ]  # fmt: skip
    rows = [
        [line.community.name, line.households,
         line.committee_seats if line.committee else None, line.committee_standard,
         line.representatives if line.representatives_body else None,
         line.representatives_low, line.representatives_high, line.constituencies_off,
         len(line.expired), "；".join(message for _code, message in line.findings)]
        for line in report
    ]  # fmt: skip
    content = xlsx_table(_("Sizing report"), columns, rows)
    audit_record(AuditAction.EXPORT, actor=user, object_repr=str(_("Sizing report")),
                 row_count=len(rows))  # fmt: skip
    return content


# ----------------------------------------------------------------------------- my page


@register_my_section
def my_seats(user, person) -> dict | None:
    """The bodies he sits in, with their next meetings (2 queries)."""
    if person is None:
        return None
    seats = list(
        BodyMember.objects.filter(person=person, ended_on__isnull=True)
        .select_related("body__node", "constituency")
        .order_by("body__name", "id")
    )
    if not seats:
        return None
    upcoming: dict[int, list[Meeting]] = {}
    meetings = Meeting.objects.filter(
        body_id__in=[s.body_id for s in seats],
        status=MeetingStatus.PLANNED,
        starts_at__gte=timezone.now(),
    ).order_by("starts_at", "id")
    for meeting in meetings[:50]:
        upcoming.setdefault(meeting.body_id, []).append(meeting)
    rows = [(seat, upcoming.get(seat.body_id, [])[:3]) for seat in seats]
    return {
        "title": _("My seats"),
        "template": "deliberation/bodies/_mine.html",
        "context": {"rows": rows},
        "order": 5,
    }
