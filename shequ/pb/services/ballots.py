"""Casting ballots in a round (R-PB-1): who may vote, what a valid ballot is for each ballot
type, one ballot per voter online or on paper, and the voter's receipt.

One ballot per voter is the database's guarantee: ``Participation`` is unique per round and
person and is written in the same transaction as the ballot, so of any number of attempts at
once exactly one commits; the others get a message, never a server error. The ballot keeps
no link to its participation; the voter keeps a receipt token whose digest the ballot holds.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.roles import RECORD_PB
from shequ.core.models import AuditAction, audit_record
from shequ.core.perms import check_perm
from shequ.core.receipts import receipt_digest, receipt_new
from shequ.core.scope import subtree_q
from shequ.people.choices import PersonStatus
from shequ.people.models import Person

from ..choices import Channel, Phase, ProjectStatus, VoteType
from ..config import pb_config
from ..models import Ballot, BallotMark, PaperCode, Participation, Project, Round
from .rounds import invalid, vote_start

# letters and digits that cannot be mistaken for one another on paper (no 0/O, 1/I/L)
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def _born_by(day: dt.date, age: int) -> dt.date:
    try:
        return day.replace(year=day.year - age)
    except ValueError:  # 29 February
        return day.replace(year=day.year - age, day=28)


def eligible_voters(round: Round):
    """Residents of the round's territory old enough on the first day of voting."""
    born_by = _born_by(vote_start(round), pb_config()["voting"]["min_age"])
    return Person.objects.filter(
        subtree_q("node__path", round.node.path), status=PersonStatus.RESIDENT,
        birth_date__lte=born_by,
    )  # fmt: skip


def voter_refusal(round: Round, person) -> str | None:
    """Why ``person`` may not vote in ``round`` (None: he may)."""
    if person is None:
        return _("Your account is not linked to a resident; ask your community.")
    if person.status != PersonStatus.RESIDENT or not person.node.path.startswith(round.node.path):
        return _("Only residents of %(area)s vote in this round.") % {"area": round.node.name}
    min_age = pb_config()["voting"]["min_age"]
    day = vote_start(round)
    if person.birth_date is None or person.birth_date > _born_by(day, min_age):
        return _("Voters must be at least %(age)d years old on %(day)s.") % {
            "age": min_age, "day": day.isoformat()}  # fmt: skip
    return None


@dataclass(frozen=True)
class Mark:
    project: Project
    points: int = 1
    rank: int | None = None


def ballot_limits(round: Round) -> dict:
    """The numbers a ballot of this round is checked against (for the page and the API)."""
    voting = pb_config()["voting"]
    return {
        "min_length": round.min_length or 0,
        "max_length": round.max_length or voting["approval_max"] or None,
        "points": round.max_points or voting["cumulative_points"],
        "budget": round.budget,
    }


def _normalise(marks) -> dict[int, int]:
    """{project id: points (or rank)} from a mapping or from a list of chosen project ids."""
    if isinstance(marks, Mapping):
        items = marks.items()
    elif isinstance(marks, Iterable) and not isinstance(marks, (str, bytes)):
        items = ((m, 1) for m in marks)
    else:
        raise invalid("marks", _("The ballot is empty."), "empty")
    out: dict[int, int] = {}
    for key, value in items:
        try:
            pk, points = int(key), int(value)
        except (TypeError, ValueError):
            raise invalid("marks", _("The ballot cannot be read."), "unreadable") from None
        if points < 0:
            raise invalid("marks", _("Points cannot be negative."), "negative")
        if points:
            out[pk] = out.get(pk, 0) + points
    return out


def ballot_check(round: Round, marks) -> list[Mark]:
    """The marks of a valid ballot of ``round``; a ValidationError on ``marks`` otherwise:
    only projects on the ballot; approval: between the fewest and the most projects;
    cumulative: no more than the points; knapsack: no more than the budget."""
    chosen = _normalise(marks)
    projects = {p.pk: p for p in Project.objects.filter(
        round=round, status=ProjectStatus.SHORTLISTED, pk__in=list(chosen))}  # fmt: skip
    if set(chosen) - set(projects):
        raise invalid(
            "marks", _("Only projects on this round's ballot can be chosen."), "not_on_ballot"
        )
    limits = ballot_limits(round)
    count = len(chosen)
    if count == 0:
        raise invalid("marks", _("Choose at least one project."), "empty")
    if round.vote_type == VoteType.CUMULATIVE:
        total = sum(chosen.values())
        if total > limits["points"]:
            raise invalid("marks", _("You gave %(total)d points; you have %(points)d to spread.")
                 % {"total": total, "points": limits["points"]}, "over_points")  # fmt: skip
        return [Mark(projects[pk], points) for pk, points in sorted(chosen.items())]
    if round.vote_type == VoteType.ORDINAL:
        ranks = sorted(chosen.values())
        if ranks != list(range(1, count + 1)):
            raise invalid("marks", _("Rank the projects 1, 2, 3… without gaps or ties."), "ranks")
        return [Mark(projects[pk], 1, rank) for pk, rank in sorted(chosen.items())]
    if any(points != 1 for points in chosen.values()):
        raise invalid("marks", _("Choose each project once."), "points")
    if count < limits["min_length"]:
        raise invalid("marks", _("Choose at least %(n)d projects.")
                               % {"n": limits["min_length"]}, "too_few")  # fmt: skip
    if (
        round.vote_type == VoteType.APPROVAL
        and limits["max_length"]
        and (count > limits["max_length"])
    ):
        raise invalid("marks", _("Choose at most %(n)d projects.")
                               % {"n": limits["max_length"]}, "too_many")  # fmt: skip
    if round.vote_type == VoteType.KNAPSACK:
        total = sum((projects[pk].cost for pk in chosen), Decimal("0"))
        if total > round.budget:
            raise invalid(
                "marks",
                _(
                    "The projects you chose cost %(total)s yuan, more than the budget "
                    "of %(budget)s yuan."
                )
                % {"total": total, "budget": round.budget},
                "over_budget",
            )
    return [Mark(projects[pk]) for pk in sorted(chosen)]


def _phase_locked(round_id: int) -> str:
    """The round's phase, read under a shared lock: a phase change (which locks the round for
    update) waits for ballots being written, and a ballot cannot slip in after voting closes."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT phase FROM {Round._meta.db_table} WHERE id = %s FOR SHARE",
                           [round_id])  # fmt: skip
            row = cursor.fetchone()
        return row[0] if row else ""
    return Round.objects.filter(pk=round_id).values_list("phase", flat=True).first() or ""


def _already(round: Round, person) -> ValidationError:
    existing = Participation.objects.filter(round=round, person=person).first()
    if existing is None:  # the other attempt has not committed: it will
        channel, day = Channel.ONLINE.label, timezone.localdate()
    else:
        channel, day = Channel(existing.channel).label, existing.on
    return invalid(
        "person",
        _(
            "%(name)s has already voted in this round (%(channel)s, %(day)s); a second "
            "ballot is refused."
        )
        % {"name": person.name, "channel": channel, "day": day.isoformat()},
        "already_voted",
    )


@transaction.atomic
def ballot_cast(
    *, round: Round, person, marks, channel: str, receipt: bool = True
) -> tuple[Ballot, str]:
    """Record ``person``'s ballot: the participation, then the ballot and its marks, in one
    transaction. Returns the ballot and the receipt token (shown once; "" without receipt)."""
    if _phase_locked(round.pk) != Phase.VOTE:
        raise invalid("round", _("Voting is not open in this round."), "phase")
    refusal = voter_refusal(round, person)
    if refusal:
        raise invalid("person", refusal, "not_eligible")
    checked = ballot_check(round, marks)
    if Participation.objects.filter(round=round, person=person).exists():
        raise _already(round, person)
    try:
        with transaction.atomic():  # the unique constraint decides between attempts at once
            Participation.objects.create(round=round, person=person, channel=channel,
                                         on=timezone.localdate())  # fmt: skip
    except IntegrityError:
        raise _already(round, person) from None
    token, digest = receipt_new() if receipt else ("", "")
    ballot = Ballot.objects.create(round=round, channel=channel, receipt_digest=digest)
    BallotMark.objects.bulk_create(
        BallotMark(ballot=ballot, project=m.project, points=m.points, rank=m.rank) for m in checked
    )
    return ballot, token


def ballot_cast_online(*, round: Round, user, marks) -> tuple[Ballot, str]:
    """A signed-in resident votes for himself."""
    return ballot_cast(round=round, person=getattr(user, "person", None), marks=marks,
                       channel=Channel.ONLINE)  # fmt: skip


# ----------------------------------------------------------------------------- paper


def _new_code(length: int) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def normalise_code(code: str) -> str:
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


@transaction.atomic
def paper_codes_issue(*, round: Round, actor, persons: Iterable | None = None) -> list[PaperCode]:
    """A paper code for every eligible voter of the round who has none yet (or for the given
    persons): the list staff print and hand out with the paper ballots."""
    check_perm(actor, RECORD_PB, round)
    if round.phase not in (Phase.SHORTLIST, Phase.VOTE):
        raise invalid("round", _("Paper codes are issued before and during voting."), "phase")
    voters = eligible_voters(round)
    if persons is not None:
        wanted = [p.pk for p in persons]
        voters = voters.filter(pk__in=wanted)
        if voters.count() != len(set(wanted)):
            raise ValidationError({"persons": _("Only eligible voters of this round get a code.")})
    have = set(PaperCode.objects.filter(round=round).values_list("person_id", flat=True))
    length = pb_config()["voting"]["paper_code_length"]
    rows = [PaperCode(round=round, person_id=pk, code=_new_code(length), issued_by=actor)
            for pk in voters.values_list("pk", flat=True) if pk not in have]  # fmt: skip
    # a clash of random codes (31^8 of them) is retried by the caller; it never goes unnoticed
    PaperCode.objects.bulk_create(rows)
    audit_record(AuditAction.CREATE, obj=round, actor=actor, field="paper_codes",
                 row_count=len(rows), object_repr=str(round)[:100])  # fmt: skip
    return rows


@transaction.atomic
def paper_ballot_enter(*, round: Round, code: str, marks, actor) -> Ballot:
    """Staff enter a paper ballot by the code printed on it: once per code, and not for a
    voter who has voted online (the participation refuses the second ballot)."""
    check_perm(actor, RECORD_PB, round)
    paper = (PaperCode.objects.select_for_update().select_related("person__node")
             .filter(round=round, code=normalise_code(code)).first())  # fmt: skip
    if paper is None:
        raise invalid("code", _("No paper ballot of this round has this code."), "unknown_code")
    if paper.entered_on is not None:
        raise invalid("code", _("The ballot with this code was already entered on %(day)s.")
             % {"day": paper.entered_on.isoformat()}, "entered")  # fmt: skip
    ballot, _token = ballot_cast(round=round, person=paper.person, marks=marks,
                                 channel=Channel.PAPER, receipt=False)  # fmt: skip
    paper.entered_on = timezone.localdate()
    paper.save(update_fields=["entered_on"])
    return ballot


# ----------------------------------------------------------------------------- receipts


def receipt_check(token: str) -> Round | None:
    """The round of the ballot that holds this receipt, or None: says that the ballot is
    counted, never what it says or whose it is."""
    token = (token or "").strip()
    if not token:
        return None
    ballot = (
        Ballot.objects.filter(receipt_digest=receipt_digest(token)).select_related("round").first()
    )
    return ballot.round if ballot else None
