"""Resolutions (决议, R-DLB-4; R-DLB-2 supervision): a passed motion yields one, published on
the disclosure board; who carries it out and by when; progress updates (append-only); done,
published as the outcome."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.roles import MANAGE_DELIBERATION, RECORD_DELIBERATION

from ..models import Motion, MotionStatus, PublicationKind
from ..models.votes import Resolution, ResolutionProgress, Tally
from .board import publish
from .meetings import check_perm


def tally_text(tally: Tally) -> str:
    return _(
        "%(yes)d yes, %(no)d no, %(abstain)d abstaining; %(present)d present (with proxies) "
        "of %(eligible)d on the roll."
    ) % {"yes": tally.yes, "no": tally.no, "abstain": tally.abstain, "present": tally.present,
         "eligible": tally.eligible}  # fmt: skip


@transaction.atomic
def resolution_from_motion(*, motion: Motion, tally: Tally, actor=None) -> Resolution:
    """The resolution of a passed motion, posted on the board of the body's territory."""
    if motion.status != MotionStatus.PASSED:
        raise ValidationError({"motion": _("Only a passed motion yields a resolution.")})
    body = motion.meeting.body
    resolution = Resolution.objects.create(motion=motion, title=motion.title, text=motion.text)
    text = "\n\n".join(
        part for part in (motion.text, f"{body.name} · {motion.meeting.title}", tally_text(tally))
        if part
    )  # fmt: skip
    resolution.publication = publish(
        node=body.node, kind=PublicationKind.RESOLUTION, title=motion.title, body=text,
        subject=resolution, url=reverse("deliberation:resolution_detail", args=[resolution.pk]),
        actor=actor,
    )  # fmt: skip
    resolution.save(update_fields=["publication", "updated_at"])
    return resolution


def _locked(resolution: Resolution) -> Resolution:
    return (
        Resolution.objects.select_for_update(of=("self",))
        .select_related("motion__meeting__body__node")
        .get(pk=resolution.pk)
    )


@transaction.atomic
def resolution_assign(
    *, resolution: Resolution, responsible: str, due_on: dt.date | None, actor=None
) -> Resolution:
    """Who carries the resolution out, and by which day."""
    check_perm(actor, MANAGE_DELIBERATION, resolution)
    resolution = _locked(resolution)
    errors = {}
    responsible = (responsible or "").strip()
    if not responsible:
        errors["responsible"] = _("Name who carries it out.")
    if due_on is None:
        errors["due_on"] = _("Give the day it is due.")
    if resolution.done_on is not None:
        errors["responsible"] = _("The resolution has been carried out.")
    if errors:
        raise ValidationError(errors)
    resolution.responsible = responsible[:80]
    resolution.due_on = due_on
    resolution.save(update_fields=["responsible", "due_on", "updated_at"])
    return resolution


@transaction.atomic
def resolution_progress(
    *, resolution: Resolution, note: str, percent: int | None = None, actor=None
) -> ResolutionProgress:
    """Append a progress update (never edited, never removed)."""
    check_perm(actor, RECORD_DELIBERATION, resolution)
    resolution = _locked(resolution)
    errors = {}
    note = (note or "").strip()
    if not note:
        errors["note"] = _("Say what was done.")
    if percent is not None and not 0 <= percent <= 100:
        errors["percent"] = _("Between 0 and 100.")
    if resolution.done_on is not None:
        errors["note"] = _("The resolution has been carried out.")
    if errors:
        raise ValidationError(errors)
    return ResolutionProgress.objects.create(
        resolution=resolution, note=note, percent=percent, at=timezone.now(), by=actor
    )


@transaction.atomic
def resolution_done(
    *, resolution: Resolution, done_on: dt.date, note: str = "", actor=None
) -> Resolution:
    """Record the resolution as carried out, and publish the outcome on the board."""
    check_perm(actor, MANAGE_DELIBERATION, resolution)
    resolution = _locked(resolution)
    if resolution.done_on is not None:
        raise ValidationError({"done_on": _("The resolution has been carried out.")})
    if done_on is None or done_on > timezone.localdate():
        raise ValidationError({"done_on": _("Give a day that is not in the future.")})
    ResolutionProgress.objects.create(
        resolution=resolution, note=(note or "").strip() or _("Done."), percent=100,
        at=timezone.now(), by=actor,
    )  # fmt: skip
    resolution.done_on = done_on
    resolution.save(update_fields=["done_on", "updated_at"])
    body = resolution.motion.meeting.body
    publish(
        node=body.node, kind=PublicationKind.OUTCOME,
        title=_("Carried out: %(title)s") % {"title": resolution.title},
        body=(note or "").strip(), subject=resolution,
        url=reverse("deliberation:resolution_detail", args=[resolution.pk]), actor=actor,
    )  # fmt: skip
    return resolution
