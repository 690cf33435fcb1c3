"""Topics (议题) walking the steps of a procedure (R-DLB-2): the steps copied from the template
when the topic was opened, one append-only record per step done (who, when, what was decided,
the motion, the documents), and the residents' public evaluation of the outcome."""

from __future__ import annotations

import secrets
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core.models import AuditedModel, StepEvent, TimeStampedModel
from shequ.core.scope import ScopedQuerySet

__all__ = [
    "Topic",
    "TopicDocument",
    "TopicEvaluation",
    "TopicOrigin",
    "TopicState",
    "TopicStep",
]


class TopicOrigin(models.TextChoices):
    DIRECT = "direct", _("Opened directly")
    PROPOSAL = "proposal", _("From a proposal")


class TopicState(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    DECIDED = "decided", pgettext_lazy("topic state", "Decided")
    COMPLETED = "completed", _("Completed")


class Topic(AuditedModel, TimeStampedModel):
    """A matter a community deliberates (议题), walking its procedure's steps in order.
    ``steps`` is the template's list of steps copied at opening; ``done`` counts the steps
    done (the current step is ``steps[done]``). Only ``services.topics`` writes it."""

    scope_path = "community__path"

    community = models.ForeignKey(
        "territory.Node", on_delete=models.PROTECT, related_name="+", verbose_name=_("community")
    )
    title = models.CharField(_("title"), max_length=160)
    description = models.TextField(pgettext_lazy("topic", "description"), blank=True)
    procedure = models.CharField(_("procedure"), max_length=40, db_index=True)
    procedure_name = models.CharField(_("procedure"), max_length=80)
    steps = models.JSONField(_("steps"), default=list)
    done = models.PositiveSmallIntegerField(_("steps done"), default=0)
    current_step = models.CharField(_("current step"), max_length=40, blank=True, db_index=True)
    state = models.CharField(
        _("state"), max_length=12, choices=TopicState.choices, default=TopicState.IN_PROGRESS
    )
    affects_all_residents = models.BooleanField(
        _("affects all residents"), default=False,
        help_text=_("Only the residents' assembly may decide it (R-DLB-3)."),
    )  # fmt: skip
    origin = models.CharField(
        _("origin"), max_length=10, choices=TopicOrigin.choices, default=TopicOrigin.DIRECT
    )
    evaluation_opened_at = models.DateTimeField(_("evaluation opened"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("opened by"),
    )  # fmt: skip

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def audit_node_path(self) -> str:
        return self.community.path


class TopicStep(StepEvent):
    """One step of a topic done (append-only): ``verb`` is the step's code, ``note`` what was
    decided, ``position`` its place in the procedure (one record per place)."""

    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="events", verbose_name=_("topic")
    )
    # a step's code, as long as a deployment names it (the workflows' 20 characters are short)
    verb = models.CharField(pgettext_lazy("topic", "step"), max_length=40)
    from_status = models.CharField(_("from"), max_length=40, blank=True)
    to_status = models.CharField(_("to"), max_length=40, blank=True)
    position = models.PositiveSmallIntegerField(_("step number"))
    name = models.CharField(_("step name"), max_length=80)
    motion = models.ForeignKey(
        "deliberation.Motion", null=True, blank=True, on_delete=models.PROTECT,
        related_name="topic_steps", verbose_name=_("motion"),
    )  # fmt: skip
    publication = models.ForeignKey(
        "deliberation.Publication", null=True, blank=True, on_delete=models.PROTECT,
        related_name="+", verbose_name=_("publication"),
    )  # fmt: skip

    objects = ScopedQuerySet.as_manager()
    scope_path = "topic__community__path"

    class Meta(StepEvent.Meta):
        verbose_name = _("topic step")
        verbose_name_plural = _("topic steps")
        ordering = ["topic", "position"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "position"], name="deliberation_step_once"),
        ]

    def __str__(self) -> str:
        return f"{self.topic_id} · {self.position + 1} · {self.name}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("topic steps are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("topic steps are append-only")


def document_upload_to(instance: TopicDocument, filename: str) -> str:
    """A dated folder and a random name: the uploader's file name never reaches the disk."""
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"deliberation/{timezone.localdate():%Y/%m/%d}/{secrets.token_hex(16)}{suffix}"


class TopicDocument(models.Model):
    """A document recorded with a step (minutes, a signed decision, photos of the work): its
    type checked by content as the cases' attachments are; served to those who see the topic."""

    step = models.ForeignKey(
        TopicStep, on_delete=models.CASCADE, related_name="documents", verbose_name=_("step")
    )
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=60)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("uploaded by"),
    )  # fmt: skip
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "step__topic__community__path"

    class Meta:
        verbose_name = _("topic document")
        verbose_name_plural = _("topic documents")
        ordering = ["step", "id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class TopicEvaluation(TimeStampedModel):
    """A resident's rating of a topic's outcome (公开评议): 1–5 and a comment, one per resident."""

    topic = models.ForeignKey(
        Topic, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("topic")
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("resident")
    )
    rating = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "topic__community__path"

    class Meta:
        verbose_name = _("topic evaluation")
        verbose_name_plural = _("topic evaluations")
        ordering = ["topic", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "person"],
                                    name="deliberation_one_evaluation"),
            models.CheckConstraint(condition=Q(rating__gte=1, rating__lte=5),
                                   name="deliberation_rating_1_5"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.topic_id} · {self.rating}"
