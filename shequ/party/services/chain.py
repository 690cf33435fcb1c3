"""Writes of the 四联四包 chain (R-ORG-5): assigning who answers for what, and ending it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.roles import MANAGE_PARTY
from shequ.people.models import Household
from shequ.territory.choices import NodeKind
from shequ.territory.models import Node

from ..choices import MemberState, OrgKind, SeatPost
from ..models import CHAIN_FIELDS, ChainKind, ChainLink, CommitteeSeat, PartyMember, PartyOrg
from . import check_perm

# The forms that link branches and their secretaries (党委, 党总支, 党工委), and the forms
# that count as a branch here (a general branch runs its own members like a branch).
COMMITTEE_FORMS = {OrgKind.WORKING_COMMITTEE, OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH}
BRANCH_FORMS = {OrgKind.BRANCH, OrgKind.GENERAL_BRANCH}
# An area (片) of a branch secretary: a stretch of the community, not a single home.
AREA_KINDS = {NodeKind.COMMUNITY, NodeKind.GRID, NodeKind.COMPOUND, NodeKind.BUILDING}
POINT_KINDS = AREA_KINDS
WHO_TYPES = {"who_org": PartyOrg, "who_seat": CommitteeSeat, "who_member": PartyMember}
WHAT_TYPES = {
    "what_org": PartyOrg,
    "what_node": Node,
    "what_member": PartyMember,
    "what_household": Household,
}


def _inside(path: str, org: PartyOrg) -> bool:
    return path.startswith(org.node.path)


def _check_seat(seat: CommitteeSeat, on: dt.date, *, posts, forms, errors: dict) -> None:
    if seat.ended_on is not None and seat.ended_on < on:
        errors["who"] = _("This seat has ended.")
    elif seat.post not in posts:
        errors["who"] = _("%(name)s holds the wrong post for this link.") % {"name": seat.name}
    elif seat.org.kind not in forms:
        errors["who"] = _("%(name)s does not sit on the right kind of organisation.") % {
            "name": seat.name
        }


def _validate(kind: str, who, what, on: dt.date) -> tuple[dict, Node | None]:
    """The rules of each kind (R-ORG-5); returns the errors by field and where ``what`` lies."""
    errors: dict[str, str] = {}
    who_field, what_field = CHAIN_FIELDS[kind]
    if not isinstance(who, WHO_TYPES[who_field]):
        return {"who": _("Choose who answers for this.")}, None
    if not isinstance(what, WHAT_TYPES[what_field]):
        return {"what": _("Choose what he answers for.")}, None
    if kind == ChainKind.COMMITTEE_BRANCH:
        if who.kind not in COMMITTEE_FORMS or who.dissolved_on is not None:
            errors["who"] = _("Choose a party committee in being.")
        if what.kind not in BRANCH_FORMS or what.dissolved_on is not None:
            errors["what"] = _("Choose a branch in being.")
        elif not what.path.startswith(who.path) or what.pk == who.pk:
            errors["what"] = _("The branch must belong to this committee.")
        return errors, what.node
    if kind == ChainKind.MEMBER_SECRETARY:
        _check_seat(
            who,
            on,
            posts=set(SeatPost.values) - {SeatPost.GROUP_LEADER},
            forms=COMMITTEE_FORMS,
            errors=errors,
        )
        if what.kind not in BRANCH_FORMS or what.dissolved_on is not None:
            errors["what"] = _("Choose a branch in being.")
        elif not what.path.startswith(who.org.path) or what.pk == who.org_id:
            errors["what"] = _("The branch must belong to his committee.")
        return errors, what.node
    if kind == ChainKind.BRANCH_MEMBER:
        _check_seat(
            who,
            on,
            posts=set(SeatPost.values) - {SeatPost.GROUP_LEADER},
            forms=BRANCH_FORMS,
            errors=errors,
        )
        if what.state != MemberState.ACTIVE:
            errors["what"] = _("He is no longer in the register.")
        elif what.org_id != who.org_id:
            errors["what"] = _("The member must belong to the branch of %(name)s.") % {
                "name": who.name
            }
        return errors, what.node
    if kind == ChainKind.MEMBER_HOUSEHOLD:
        if who.state != MemberState.ACTIVE:
            errors["who"] = _("He is no longer in the register.")
        if what.dissolved_on is not None:
            errors["what"] = _("This household has been dissolved.")
        elif who.org_id is None or not _inside(what.node.path, who.org):
            # A member answers for households his own organisation covers (包户 in its area).
            errors["what"] = _("The household lies outside the area of his organisation.")
        return errors, what.node
    # The three 包 of a place: a point, an area, a building.
    if kind == ChainKind.SECRETARY_POINT:
        _check_seat(who, on, posts={SeatPost.SECRETARY}, forms=COMMITTEE_FORMS, errors=errors)
        if what.kind not in POINT_KINDS:
            errors["what"] = _("A point is a community, grid, compound or building.")
    elif kind == ChainKind.BRANCH_SECRETARY_AREA:
        _check_seat(who, on, posts={SeatPost.SECRETARY}, forms=BRANCH_FORMS, errors=errors)
        if what.kind not in AREA_KINDS:
            errors["what"] = _("An area is a community, grid, compound or building.")
    else:  # COMMITTEE_MEMBER_BUILDING
        _check_seat(
            who,
            on,
            posts=set(SeatPost.values) - {SeatPost.GROUP_LEADER},
            forms=BRANCH_FORMS,
            errors=errors,
        )
        if what.kind != NodeKind.BUILDING:
            errors["what"] = _("Choose a building.")
    if "what" not in errors and isinstance(who, CommitteeSeat) and not _inside(what.path, who.org):
        errors["what"] = _("%(place)s lies outside the area of %(org)s.") % {
            "place": what.name,
            "org": who.org.name,
        }
    return errors, what


@transaction.atomic
def chain_link_assign(
    *, actor=None, kind: str, who, what, started_on: dt.date | None = None, note: str = ""
) -> ChainLink:
    """Make ``who`` answer for ``what`` (R-ORG-5). ``what`` already answered for by someone
    else under the same kind is refused: end that link first (one household, one member)."""
    if kind not in CHAIN_FIELDS:
        raise ValidationError({"kind": _("Choose the kind of link.")})
    started_on = started_on or timezone.localdate()
    errors, node = _validate(kind, who, what, started_on)
    if node is not None:
        check_perm(actor, MANAGE_PARTY, node)
    if errors:
        raise ValidationError(errors)
    who_field, what_field = CHAIN_FIELDS[kind]
    holder = (
        ChainLink.objects.filter(kind=kind, ended_on__isnull=True, **{what_field: what})
        .select_related(who_field)
        .first()
    )
    if holder is not None:
        raise ValidationError(
            {
                "what": _("%(what)s is already answered for by %(who)s; end that link first.")
                % {"what": what, "who": holder.who}
            }
        )
    try:
        with transaction.atomic():
            return ChainLink.objects.create(
                kind=kind,
                node=node,
                started_on=started_on,
                note=(note or "").strip()[:200],
                **{who_field: who, what_field: what},
            )
    except IntegrityError as exc:  # a concurrent assignment of the same "what" won
        raise ValidationError({"what": _("Someone else was just assigned to this.")}) from exc


@transaction.atomic
def chain_link_end(*, actor=None, link: ChainLink, on: dt.date | None = None) -> ChainLink:
    """End a link (the member moved, the seat changed hands); the link stays as history."""
    link = ChainLink.objects.select_for_update(of=("self",)).select_related("node").get(pk=link.pk)
    check_perm(actor, MANAGE_PARTY, link)
    on = on or timezone.localdate()
    if link.ended_on is not None:
        raise ValidationError({"ended_on": _("This link has already ended.")})
    if on < link.started_on:
        raise ValidationError({"ended_on": _("A link cannot end before it starts.")})
    link.ended_on = on
    link.save(update_fields=["ended_on", "updated_at"])
    return link


# ----------------------------------------------------------------------------- export


def chain_export(*, user, links, report: list[dict], unassigned) -> bytes:
    """The links (as filtered), the per-grid report and the unassigned households as an xlsx
    workbook of three sheets; audit-logged with the row count."""
    import io

    import xlsxwriter

    from shequ.core.models import AuditAction, audit_record

    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    bold = book.add_format({"bold": True})
    day = book.add_format({"num_format": "yyyy-mm-dd"})

    def sheet(title, headings):
        ws = book.add_worksheet(str(title))
        for col, heading in enumerate(headings):
            ws.write_string(0, col, str(heading), bold)
            ws.set_column(col, col, 18)
        ws.freeze_panes(1, 0)
        return ws

    rows = 0
    ws = sheet(
        _("Per grid"),
        [_("Grid"), _("Households"), _("Answered for"), _("Unassigned"), _("Overloaded members")],
    )
    for r, row in enumerate(report, start=1):
        ws.write_string(r, 0, row["grid"].name)
        ws.write_number(r, 1, row["households"])
        ws.write_number(r, 2, row["assigned"])
        ws.write_number(r, 3, row["unassigned"])
        ws.write_string(
            r,
            4,
            "、".join(f"{o['member'].person.name}（{o['households']}）" for o in row["overloaded"]),
        )
        rows += 1
    ws = sheet(
        _("Responsibility links"),
        [_("Kind of link"), _("Who"), _("What"), _("Where"), _("From"), _("To")],
    )
    for r, link in enumerate(links.iterator(chunk_size=500), start=1):
        ws.write_string(r, 0, str(link.get_kind_display()))
        ws.write_string(r, 1, str(link.who))
        ws.write_string(r, 2, str(link.what))
        ws.write_string(r, 3, link.node.name)
        ws.write_datetime(r, 4, link.started_on, day)
        if link.ended_on:
            ws.write_datetime(r, 5, link.ended_on, day)
        rows += 1
    ws = sheet(_("Unassigned households"), [_("Household number"), _("Flat")])
    for r, household in enumerate(unassigned.iterator(chunk_size=500), start=1):
        ws.write_string(r, 0, household.number or f"#{household.pk}")
        ws.write_string(r, 1, household.node.name)
        rows += 1
    book.close()
    audit_record(
        AuditAction.EXPORT, actor=user, object_repr=str(_("Responsibility links")), row_count=rows
    )
    return out.getvalue()
