"""Writes of carrying out funded micro-projects and accepting them (R-PB-1): milestones,
progress reports with photos, the spending ledger, acceptance checks posted on the board,
and residents' ratings. Staff with ``pb.record`` record progress and spending, ``pb.manage``
records acceptance; a resident of the round's territory rates an accepted project."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.roles import MANAGE_PB, RECORD_PB
from shequ.core.images import IMAGE_TYPES
from shequ.core.images import photo_check as core_photo_check
from shequ.core.perms import check_perm as _check
from shequ.people.choices import PersonStatus

from ..choices import ProjectStatus
from ..config import pb_config
from ..models import (
    AcceptanceCheck,
    AcceptanceResult,
    Milestone,
    ProgressPhoto,
    ProgressReport,
    Project,
    ProjectRating,
    SpendingEntry,
    SpendingKind,
)
from ..models.implementation import ACCEPTING

CENT = Decimal("0.01")
PHOTOS = "photos"
# Pillow's format name → (content type, extension, save options)


def money(value) -> Decimal:
    """A sum from the database as yuan with two decimals (SQLite drops trailing zeros)."""
    return Decimal(value or 0).quantize(CENT)


# ----------------------------------------------------------------------------- the money


def _cofunding_model():
    """Co-funding (R-PB-3) is recorded by the rounds part (``pb.CoFunding``); read it only
    when it is there, and only its money received."""
    try:
        return apps.get_model("pb", "CoFunding")
    except LookupError:
        return None


def cofunding_received(project_ids) -> dict[int, Decimal]:
    """Co-funding received per project (one query; empty when there is no co-funding model).

    A co-funding row counts when it is received: its ``received`` amount if the model keeps
    one, else its ``amount`` when its ``status`` says received or paid."""
    model = _cofunding_model()
    ids = list(project_ids)
    if model is None or not ids:
        return {}
    names = {f.name for f in model._meta.get_fields()}
    rows = model.objects.filter(project_id__in=ids)
    if "received" in names:
        field = "received"
    elif "amount" in names and "status" in names:
        field = "amount"
        rows = rows.filter(status__in=["received", "paid"])
    elif "amount" in names and "received_on" in names:
        field = "amount"
        rows = rows.filter(received_on__isnull=False)
    else:
        return {}
    totals = rows.values("project_id").annotate(total=Sum(field)).values_list("project_id", "total")
    return {pid: money(total) for pid, total in totals}


def project_money(project: Project) -> Decimal:
    """What a project may spend: its cost and the co-funding received for it."""
    return money(project.cost) + cofunding_received([project.pk]).get(project.pk, Decimal("0.00"))


def project_spent(project: Project) -> Decimal:
    return money(SpendingEntry.objects.filter(project=project).aggregate(s=Sum("amount"))["s"])


def is_accepted(project: Project) -> bool:
    return AcceptanceCheck.objects.filter(project=project, result__in=ACCEPTING).exists()


def _funded(project: Project) -> Project:
    if project.status != ProjectStatus.FUNDED:
        raise ValidationError({"project": _("Only a funded project is carried out.")})
    return project


def _locked(project: Project) -> Project:
    # The project's row is the lock of its money, its progress and its acceptance: two
    # clerks recording at once serialize here, so neither overspends nor reorders reports.
    rows = Project.objects.select_for_update(of=("self",)).select_related("round__node")
    return _funded(rows.get(pk=project.pk))


def _not_accepted(project: Project, field: str) -> None:
    if is_accepted(project):
        raise ValidationError({field: _("The project has been accepted: its work is closed.")})


def _amount(value, field: str = "amount") -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(CENT)
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: _("Enter an amount in yuan.")}) from None
    if not amount.is_finite() or amount <= 0:
        raise ValidationError({field: _("Enter an amount above zero.")})
    return amount


def _today() -> dt.date:
    return timezone.localdate()


# ----------------------------------------------------------------------------- milestones


@transaction.atomic
def milestone_add(*, actor=None, project: Project, title: str, due_on: dt.date) -> Milestone:
    _check(actor, RECORD_PB, project)
    project = _locked(project)
    title = (title or "").strip()
    errors = {}
    if not title:
        errors["title"] = _("Name the milestone.")
    if due_on is None:
        errors["due_on"] = _("Give the day it is due.")
    if errors:
        raise ValidationError(errors)
    _not_accepted(project, "title")
    return Milestone.objects.create(project=project, title=title[:120], due_on=due_on,
                                    created_by=actor)  # fmt: skip


@transaction.atomic
def milestone_done(*, actor=None, milestone: Milestone, done_on: dt.date) -> Milestone:
    project = milestone.project
    _check(actor, RECORD_PB, project)
    _locked(project)
    milestone = Milestone.objects.select_for_update().get(pk=milestone.pk)
    if milestone.done_on is not None:
        raise ValidationError({"done_on": _("This milestone is already done.")})
    if done_on is None:
        raise ValidationError({"done_on": _("Give the day it was done.")})
    if done_on > _today():
        raise ValidationError({"done_on": _("The day it was done cannot be in the future.")})
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on", "updated_at"])
    return milestone


# ----------------------------------------------------------------------------- progress


def latest_report(project: Project) -> ProgressReport | None:
    return ProgressReport.objects.filter(project=project).order_by("-created_at", "-id").first()


def _photo_limits() -> tuple[int, int]:
    projects = pb_config()["projects"]
    return int(projects["max_photos"]), int(projects["photo_max_mb"])


def _photo_name(upload) -> str:
    return str(getattr(upload, "name", "") or _("(no name)")).replace("\\", "/").rsplit("/")[-1]


def photo_check(upload) -> tuple[str, bytes, bytes]:
    """(format, clean bytes, thumbnail) of an uploaded photo (``core.images``): read from its
    content, re-encoded upright without its metadata; ValidationError on ``photos`` naming
    the file otherwise."""
    _count, max_mb = _photo_limits()
    photo = core_photo_check(upload, field=PHOTOS, max_mb=max_mb)
    return photo.kind, photo.data, photo.thumbnail


def photos_check(uploads: Sequence) -> list[tuple[str, bytes, bytes]]:
    """Every photo checked (each problem named) and their count; nothing written."""
    uploads = [u for u in uploads or () if u]
    most, _mb = _photo_limits()
    if len(uploads) > most:
        raise ValidationError({PHOTOS: _("At most %(max)s photos a report; %(n)s were given.")
                               % {"max": most, "n": len(uploads)}})  # fmt: skip
    checked, errors = [], []
    for upload in uploads:
        try:
            checked.append(photo_check(upload))
        except ValidationError as exc:
            errors.extend(exc.message_dict[PHOTOS])
    if errors:
        raise ValidationError({PHOTOS: errors})
    return checked


def _store_photos(report: ProgressReport, checked) -> list[ProgressPhoto]:
    saved: list[ProgressPhoto] = []
    try:
        for kind, data, thumb in checked:
            content_type, extension, _options = IMAGE_TYPES[kind]
            photo = ProgressPhoto(report=report, content_type=content_type, size=len(data),
                                  sha256=hashlib.sha256(data).hexdigest())  # fmt: skip
            photo.file.save(f"p{extension}", ContentFile(data), save=False)
            saved.append(photo)
            photo.thumbnail.save("t.jpg", ContentFile(thumb), save=False)
            photo.save()
    except BaseException:
        for photo in saved:  # no file left on disk without its row
            for field in (photo.file, photo.thumbnail):
                if field.name:
                    field.storage.delete(field.name)
        raise
    return saved


def progress_report(
    *, actor=None, project: Project, percent: int, reported_on: dt.date | None = None,
    note: str = "", decrease_reason: str = "", photos: Sequence = (),
) -> ProgressReport:  # fmt: skip
    """Report how far the project has come. The percentage never goes down unless the report
    says why; photos are checked before anything is written, and kept with the report."""
    _check(actor, RECORD_PB, project)
    errors: dict[str, str] = {}
    try:
        percent = int(percent)
    except (TypeError, ValueError):
        percent = -1
    if not 0 <= percent <= 100:
        errors["percent"] = _("Give the progress as a whole number from 0 to 100.")
    reported_on = reported_on or _today()
    if reported_on > _today():
        errors["reported_on"] = _("A report cannot be dated in the future.")
    if errors:
        raise ValidationError(errors)
    checked = photos_check(photos)
    decrease_reason = (decrease_reason or "").strip()
    with transaction.atomic():
        project = _locked(project)
        _not_accepted(project, "percent")
        last = latest_report(project)
        if last is not None and percent < last.percent and not decrease_reason:
            raise ValidationError({"decrease_reason": _(
                "The last report said %(last)s%%: say why the progress is now lower."
            ) % {"last": last.percent}})  # fmt: skip
        if last is None or percent >= last.percent:
            decrease_reason = ""
        report = ProgressReport.objects.create(
            project=project, reported_on=reported_on, percent=percent,
            note=(note or "").strip(), decrease_reason=decrease_reason[:200], recorded_by=actor,
        )  # fmt: skip
        _store_photos(report, checked)
    return report


# ----------------------------------------------------------------------------- spending


@transaction.atomic
def spending_record(
    *, actor=None, project: Project, amount, paid_on: dt.date, voucher: str, payee: str,
    note: str = "",
) -> SpendingEntry:  # fmt: skip
    """Record a payment from the project's money. Refused when it would take what is spent
    above the project's money: the project's row is locked first (``select_for_update``), so
    payments recorded at once are checked one after the other and only those that fit pass."""
    _check(actor, RECORD_PB, project)
    errors: dict[str, str] = {}
    try:
        amount = _amount(amount)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    voucher, payee = (voucher or "").strip(), (payee or "").strip()
    if not voucher:
        errors["voucher"] = _("Give the voucher number.")
    if not payee:
        errors["payee"] = _("Say who was paid.")
    if paid_on is None:
        errors["paid_on"] = _("Give the day it was paid.")
    elif paid_on > _today():
        errors["paid_on"] = _("The day it was paid cannot be in the future.")
    if errors:
        raise ValidationError(errors)
    project = _locked(project)
    used = SpendingEntry.objects.filter(
        project=project, kind=SpendingKind.PAYMENT, voucher=voucher, reversals__isnull=True
    )
    if used.exists():
        raise ValidationError(
            {"voucher": _("Voucher %(voucher)s is already recorded.") % {"voucher": voucher}}
        )
    available = project_money(project) - project_spent(project)
    if amount > available:
        raise ValidationError({"amount": _(
            "%(amount)s yuan would overspend the project: %(left)s yuan of %(money)s are left."
        ) % {"amount": amount, "left": available, "money": project_money(project)}})  # fmt: skip
    return SpendingEntry.objects.create(
        project=project, kind=SpendingKind.PAYMENT, amount=amount, paid_on=paid_on,
        voucher=voucher[:40], payee=payee[:120], note=(note or "").strip()[:200],
        recorded_by=actor,
    )  # fmt: skip


@transaction.atomic
def spending_reverse(*, actor=None, entry: SpendingEntry, note: str) -> SpendingEntry:
    """Reverse a payment (冲正) with the reason: a new entry of the opposite amount naming it.
    A payment is reversed once (a unique index); a reversal is not reversed — the payment is
    recorded again instead."""
    project = entry.project
    _check(actor, RECORD_PB, project)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Give the reason for the reversal.")})
    project = _locked(project)
    entry = SpendingEntry.objects.get(pk=entry.pk)
    if entry.kind != SpendingKind.PAYMENT:
        raise ValidationError({"entry": _("A reversal cannot itself be reversed.")})
    if entry.reversals.exists():
        raise ValidationError({"entry": _("This entry has already been reversed.")})
    try:
        with transaction.atomic():
            return SpendingEntry.objects.create(
                project=project, kind=SpendingKind.REVERSAL, amount=-entry.amount,
                paid_on=_today(), voucher=entry.voucher, payee=entry.payee, note=note[:200],
                reverses=entry, recorded_by=actor,
            )  # fmt: skip
    except IntegrityError as exc:
        raise ValidationError({"entry": _("This entry has already been reversed.")}) from exc


# ----------------------------------------------------------------------------- acceptance


def acceptance_record(
    *, actor=None, project: Project, checked_on: dt.date, result: str, findings: str,
    checked_by: str, participants: Sequence = (), other_participants: str = "",
    conditions: str = "",
) -> AcceptanceCheck:  # fmt: skip
    """Record an acceptance check and post it on the board of the round's territory. Passed
    (with or without conditions) accepts the project; failed sends it back to implementation
    until the next check."""
    _check(actor, MANAGE_PB, project)
    findings, checked_by = (findings or "").strip(), (checked_by or "").strip()
    conditions = (conditions or "").strip()
    errors: dict[str, str] = {}
    if result not in AcceptanceResult.values:
        errors["result"] = _("Choose the result of the check.")
    elif result == AcceptanceResult.CONDITIONAL and not conditions:
        errors["conditions"] = _("Say which conditions the project must still meet.")
    if not findings:
        errors["findings"] = _("Write what the check found.")
    if not checked_by:
        errors["checked_by"] = _("Say who checked the project.")
    if checked_on is None:
        errors["checked_on"] = _("Give the day of the check.")
    elif checked_on > _today():
        errors["checked_on"] = _("The check cannot be dated in the future.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        project = _locked(project)
        _not_accepted(project, "result")
        check = AcceptanceCheck.objects.create(
            project=project, checked_on=checked_on, result=result, findings=findings,
            conditions=conditions if result == AcceptanceResult.CONDITIONAL else "",
            checked_by=checked_by[:200], other_participants=(other_participants or "")[:300],
            recorded_by=actor,
        )  # fmt: skip
        if participants:
            check.participants.set(participants)
        _post(project, check, actor)
    return check


def _post(project: Project, check: AcceptanceCheck, actor) -> None:
    from shequ.deliberation.models.board import PublicationKind
    from shequ.deliberation.services.board import publish

    title = _("Acceptance of %(project)s: %(result)s") % {
        "project": project.title,
        "result": check.get_result_display(),
    }
    body = check.findings
    if check.conditions:
        body += "\n\n" + _("Conditions: %(conditions)s") % {"conditions": check.conditions}
    publish(node=project.round.node, kind=PublicationKind.PB_ACCEPTANCE, title=title[:160],
            body=body, subject=check, actor=actor,
            url=reverse("pb:implementation_project", args=[project.pk]))  # fmt: skip


# ----------------------------------------------------------------------------- ratings


def rating_refusal(*, person, project: Project) -> str:
    """Why this person may not rate the project now ("" when he may)."""
    if person is None:
        return _("Only a resident registered in the platform may rate a project.")
    round_path = project.round.node.path
    if person.status != PersonStatus.RESIDENT or not person.node.path.startswith(round_path):
        return _("Only residents of %(area)s rate this project.") % {"area": project.round.node}
    if project.status != ProjectStatus.FUNDED or not is_accepted(project):
        return _("A project is rated once it has been accepted.")
    if ProjectRating.objects.filter(project=project, person=person).exists():
        return _("You have already rated this project.")
    return ""


def rating_give(*, actor, project: Project, stars: int, comment: str = "",
                person=None) -> ProjectRating:  # fmt: skip
    """A resident of the round's territory rates an accepted project, once (a database
    constraint: two submissions at once leave one rating)."""
    person = person if person is not None else getattr(actor, "person", None)
    try:
        stars = int(stars)
    except (TypeError, ValueError):
        stars = 0
    if not 1 <= stars <= 5:
        raise ValidationError({"stars": _("Give from 1 to 5 stars.")})
    refusal = rating_refusal(person=person, project=project)
    if refusal:
        raise ValidationError({"project": refusal})
    try:
        with transaction.atomic():
            return ProjectRating.objects.create(project=project, person=person, stars=stars,
                                                comment=(comment or "").strip()[:500])  # fmt: skip
    except IntegrityError as exc:
        raise ValidationError({"project": _("You have already rated this project.")}) from exc
