"""Writes of a round's projects (R-PB-1, R-PB-3): a resident proposes (with photos), the
community vets feasibility and cost against the configured caps, the council puts feasible
projects on the ballot, and companies and donors pledge or pay co-funding."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.roles import MANAGE_PB, PROPOSE, RECORD_PB
from shequ.core.images import photo_check as core_photo_check
from shequ.core.models import AuditAction, audit_record
from shequ.core.perms import check_perm as _require
from shequ.core.scope import ancestor_paths
from shequ.people.choices import PersonStatus

from ..choices import Category, Phase, ProjectStatus
from ..config import pb_config
from ..models import CoFunding, CoFundingStatus, Project, ProjectPhoto, Round
from .rounds import invalid


def lives_in(person, round: Round) -> bool:
    """The person lives in the round's territory (status resident)."""
    return (
        person is not None
        and person.status == PersonStatus.RESIDENT
        and person.node.path.startswith(round.node.path)
    )


def proposal_refusal(user, round: Round) -> str | None:
    """Why ``user`` may not propose a project in ``round`` now (None: he may). Staff who record
    for the round may enter a proposal made on paper; a resident proposes for himself."""
    if round.phase != Phase.COLLECT:
        return _("Proposals are collected only while the round is collecting them.")
    if user is None or user.has_perm(RECORD_PB, round):  # None: the system (an import)
        return None
    if not user.has_perm(PROPOSE):
        return _("Your account may not make proposals.")
    if not lives_in(getattr(user, "person", None), round):
        return _("Only residents of %(area)s may propose projects in this round.") % {
            "area": round.node.name
        }
    return None


def cap_for(category: str) -> Decimal:
    return Decimal(str(pb_config()["projects"]["cost_caps"][category]))


def _check_cost(cost, category: str) -> Decimal:
    try:
        cost = Decimal(cost)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({"cost": _("Enter the cost as a number of yuan.")}) from None
    if cost <= 0:
        raise invalid("cost", _("The cost must be more than zero."), "cost")
    if category not in Category.values:
        raise ValidationError({"category": _("Unknown category.")})
    cap = cap_for(category)
    if cost > cap:
        message = _("%(cost)s yuan is over the cap of %(cap)s yuan for %(category)s.")
        raise invalid(
            "cost",
            message % {"cost": cost, "cap": cap, "category": Category(category).label},
            "over_cap",
        )
    return cost


# ----------------------------------------------------------------------------- photos


def _max_photo_mb() -> int:
    return int(pb_config()["projects"]["photo_max_mb"])


def photo_check(upload) -> tuple[str, str, str, bytes]:
    """(name, content type, extension, clean bytes) of an uploaded photo (``core.images``)."""
    photo = core_photo_check(upload, field="photos", max_mb=_max_photo_mb())
    return photo.name, photo.content_type, photo.extension, photo.data


def _photos_add(project: Project, uploads: Iterable, actor) -> list[ProjectPhoto]:
    uploads = list(uploads)
    limit = pb_config()["projects"]["max_photos"]
    if project.photos.count() + len(uploads) > limit:
        raise ValidationError({"photos": _("At most %(n)d photos per project.") % {"n": limit}})
    checked = [photo_check(upload) for upload in uploads]
    photos = []
    for name, content_type, extension, data in checked:
        photo = ProjectPhoto(project=project, original_name=name, content_type=content_type,
                             size=len(data), sha256=hashlib.sha256(data).hexdigest(),
                             uploaded_by=actor)  # fmt: skip
        photo.file.save(f"{secrets.token_hex(12)}{extension}", ContentFile(data), save=False)
        photo.save()
        photos.append(photo)
    return photos


@transaction.atomic
def photos_add(*, project: Project, uploads: Iterable, actor) -> list[ProjectPhoto]:
    """More photos of a project, by its proposer or staff who record for the round, before
    vetting ends."""
    mine = (
        actor is not None
        and project.proposer_id
        and project.proposer_id == getattr(actor, "person_id", None)
    )
    if not mine:
        _require(actor, RECORD_PB, project.round)
    if project.round.phase not in (Phase.COLLECT, Phase.VET):
        raise ValidationError({"photos": _("Photos are added while proposals are collected "
                                           "and vetted.")})  # fmt: skip
    return _photos_add(project, uploads, actor)


# ----------------------------------------------------------------------------- proposing


def _next_code(round: Round) -> str:
    codes = Project.objects.filter(round=round).values_list("code", flat=True)
    numbers = [int(c) for c in codes if c.isdigit()]
    return f"{max(numbers, default=0) + 1:03d}"


@transaction.atomic
def project_propose(
    *, round: Round, actor, title: str, cost, category: str = Category.SERVICE,
    description: str = "", location: str = "", node=None, photos: Iterable = (),
) -> Project:  # fmt: skip
    """A proposal by a resident of the round's territory while it collects proposals (or
    entered by staff from a paper form). The cost must be within its category's cap."""
    round = Round.objects.select_for_update().select_related("node").get(pk=round.pk)
    refusal = proposal_refusal(actor, round)
    if refusal:
        if round.phase != Phase.COLLECT:
            raise invalid("round", refusal, "phase")
        raise PermissionDenied(refusal)
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("Give the project a title.")
    try:
        cost = _check_cost(cost, category)
    except ValidationError as exc:
        errors.update(exc.error_dict)
    if node is not None and not node.path.startswith(round.node.path):
        errors["node"] = _("The place lies outside the round's territory.")
    if errors:
        raise ValidationError(errors)
    person = getattr(actor, "person", None)
    project = Project(
        round=round, code=_next_code(round), title=title.strip(), description=description,
        category=category, cost=cost, location=location, node=node,
        proposer=person if person is not None and person.status == PersonStatus.RESIDENT
        else None,
    )  # fmt: skip
    project.full_clean(validate_constraints=False)
    project.save()
    _photos_add(project, photos, actor)
    return project


# ----------------------------------------------------------------------------- vetting


@transaction.atomic
def project_vet(*, project: Project, actor, feasible: bool, note: str = "", cost=None) -> Project:
    """The community's finding on a proposal: feasible (its cost, corrected if need be, within
    the cap of its category) or not (with the reason). While collecting or vetting."""
    project = Project.objects.select_for_update().select_related("round__node").get(pk=project.pk)
    _require(actor, RECORD_PB, project.round)
    if project.round.phase not in (Phase.COLLECT, Phase.VET):
        raise invalid("status", _("Projects are vetted before the council's "
                                           "shortlisting."), "phase")  # fmt: skip
    if project.status not in (ProjectStatus.PROPOSED, ProjectStatus.FEASIBLE,
                              ProjectStatus.REJECTED):  # fmt: skip
        raise ValidationError({"status": _("This project can no longer be vetted.")})
    note = (note or "").strip()
    if feasible:
        project.cost = _check_cost(project.cost if cost in (None, "") else cost, project.category)
        project.status = ProjectStatus.FEASIBLE
    else:
        if not note:
            raise invalid("note", _("Give the reason the project is not feasible."), "reason")
        project.status = ProjectStatus.REJECTED
    project.vet_note = note
    project.vetted_by = actor
    project.vetted_at = timezone.now()
    project.save(update_fields=["cost", "status", "vet_note", "vetted_by", "vetted_at",
                                "updated_at"])  # fmt: skip
    return project


# ----------------------------------------------------------------------------- shortlisting


def council_seat_q(round: Round, on: dt.date) -> Q:
    """Open seats, on ``on``, in a residents' council at or above the round's node."""
    from shequ.deliberation.choices import BodyKind

    return Q(
        body__kind=BodyKind.COUNCIL, body__node__path__in=ancestor_paths(round.node.path),
        body__dissolved_on__isnull=True, started_on__lte=on,
    ) & (Q(ended_on__isnull=True) | Q(ended_on__gt=on))  # fmt: skip


def is_councillor(person, round: Round, on: dt.date | None = None) -> bool:
    from shequ.deliberation.models import BodyMember

    if person is None:
        return False
    on = on or timezone.localdate()
    return BodyMember.objects.filter(council_seat_q(round, on), person=person).exists()


def may_shortlist(user, round: Round) -> bool:
    """A councillor of the round's community (or above), or staff who run the round."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.has_perm(MANAGE_PB, round) or is_councillor(getattr(user, "person", None), round)


@transaction.atomic
def project_shortlist(*, project: Project, actor, on_ballot: bool = True) -> Project:
    """The council puts a feasible project on the ballot (or takes it off), while the round
    is being shortlisted; who and when are kept."""
    project = Project.objects.select_for_update().select_related("round__node").get(pk=project.pk)
    if actor is not None and not may_shortlist(actor, project.round):
        raise PermissionDenied(_("Only the council or the round's managers shortlist projects."))
    if project.round.phase != Phase.SHORTLIST:
        raise invalid("status", _("Projects are put on the ballot while the council "
                                           "shortlists them."), "phase")  # fmt: skip
    want, have = (
        (ProjectStatus.SHORTLISTED, ProjectStatus.FEASIBLE) if on_ballot
        else (ProjectStatus.FEASIBLE, ProjectStatus.SHORTLISTED)
    )  # fmt: skip
    if project.status != have:
        message = (_("Only a project found feasible can be put on the ballot.") if on_ballot
                   else _("This project is not on the ballot."))  # fmt: skip
        raise invalid("status", message, "status")
    project.status = want
    project.shortlisted_by = actor if on_ballot else None
    project.shortlisted_at = timezone.now() if on_ballot else None
    project.save(update_fields=["status", "shortlisted_by", "shortlisted_at", "updated_at"])
    return project


# ----------------------------------------------------------------------------- co-funding


@transaction.atomic
def cofunding_record(
    *, project: Project, actor, funder: str, amount, kind: str = "company",
    status: str = CoFundingStatus.PLEDGED, pledged_on: dt.date | None = None,
    paid_on: dt.date | None = None, note: str = "",
) -> CoFunding:  # fmt: skip
    """A company's or donor's pledge (or payment) towards a project, beside public money."""
    _require(actor, RECORD_PB, project.round)
    errors = {}
    try:
        amount = Decimal(amount)
        if amount <= 0:
            errors["amount"] = _("The amount must be more than zero.")
    except (InvalidOperation, TypeError, ValueError):
        errors["amount"] = _("Enter the amount as a number of yuan.")
    if not (funder or "").strip():
        errors["funder"] = _("Name the company or donor.")
    if status == CoFundingStatus.PAID and paid_on is None:
        paid_on = timezone.localdate()
    if errors:
        raise ValidationError(errors)
    row = CoFunding(project=project, funder=funder.strip(), kind=kind, amount=amount,
                    status=status, pledged_on=pledged_on or timezone.localdate(),
                    paid_on=paid_on, note=note, recorded_by=actor)  # fmt: skip
    row.full_clean()
    row.save()
    audit_record(AuditAction.CREATE, obj=row, actor=actor, node_path=project.round.node.path,
                 changes={"amount": [None, str(amount)], "status": [None, status]})  # fmt: skip
    return row


@transaction.atomic
def cofunding_mark_paid(*, cofunding: CoFunding, actor, paid_on: dt.date | None = None):
    row = (
        CoFunding.objects.select_for_update()
        .select_related("project__round__node")
        .get(pk=cofunding.pk)
    )
    _require(actor, RECORD_PB, row.project.round)
    if row.status != CoFundingStatus.PLEDGED:
        raise ValidationError({"status": _("Only a pledge can be marked paid.")})
    row.status, row.paid_on = CoFundingStatus.PAID, paid_on or timezone.localdate()
    row.save(update_fields=["status", "paid_on"])
    audit_record(AuditAction.UPDATE, obj=row, actor=actor,
                 node_path=row.project.round.node.path,
                 changes={"status": [CoFundingStatus.PLEDGED, CoFundingStatus.PAID]})  # fmt: skip
    return row
