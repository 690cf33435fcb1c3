"""Residents' requests (社情民意 / 接诉即办, R-CASE-1 … R-CASE-3): categories with their time
limits, handlers and routing rules, the case itself, its step-by-step events and its
escalations up the territory tree."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shequ.core.models import StepEvent, TimeStampedModel
from shequ.core.scope import ScopedQuerySet

from .choices import (
    CaseStatus,
    Channel,
    DueState,
    DurationMeasure,
    HandlerKind,
    LimitUnit,
    Rating,
    RatingSource,
)


class CaseCategory(TimeStampedModel):
    """A category of requests (诉求类别), in a tree: a child without limits of its own takes
    its parent's. Keywords feed the rule-based routing when no model is trained yet."""

    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent category"),
    )
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    limit_unit = models.CharField(
        _("unit of the limits"), max_length=12, choices=LimitUnit.choices, blank=True
    )
    accept_limit = models.PositiveIntegerField(_("limit to accept"), null=True, blank=True)
    contact_limit = models.PositiveIntegerField(_("limit to contact"), null=True, blank=True)
    resolve_limit = models.PositiveIntegerField(_("limit to resolve"), null=True, blank=True)
    keywords = models.TextField(_("keywords"), blank=True, help_text=_("Separated by commas."))

    class Meta:
        verbose_name = _("case category")
        verbose_name_plural = _("case categories")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class AttributeType(models.TextChoices):
    """Open311 GeoReport v2 attribute datatypes."""

    STRING = "string", _("Short text")
    NUMBER = "number", _("Number")
    DATETIME = "datetime", _("Date and time")
    TEXT = "text", _("Long text")
    SINGLE = "singlevaluelist", _("One of a list")
    MULTI = "multivaluelist", _("Several of a list")


class CategoryAttribute(models.Model):
    """An extra question a category asks on intake (e.g. the lamp post's number); published
    as an Open311 service definition attribute."""

    category = models.ForeignKey(
        CaseCategory,
        on_delete=models.CASCADE,
        related_name="attributes",
        verbose_name=_("category"),
    )
    code = models.SlugField(_("code"), max_length=40)
    datatype = models.CharField(_("type"), max_length=20, choices=AttributeType.choices)
    description = models.CharField(_("question"), max_length=200)
    required = models.BooleanField(_("required"), default=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # for list types: [{"key": "…", "name": "…"}, …]
    values = models.JSONField(_("choices"), default=list, blank=True)

    class Meta:
        verbose_name = _("category attribute")
        verbose_name_plural = _("category attributes")
        ordering = ["category", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="attribute_code_per_category")
        ]

    def __str__(self) -> str:
        return f"{self.category} · {self.code}"


class ApiClient(TimeStampedModel):
    """A system allowed to post requests through Open311 (an app, the 12345 hotline's
    system): its key is stored as a SHA-256 digest and shown once when issued."""

    name = models.CharField(_("name"), max_length=100)
    key_digest = models.CharField(_("key digest"), max_length=64, unique=True)
    key_prefix = models.CharField(_("key prefix"), max_length=8)
    node = models.ForeignKey(
        "territory.Node",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("area"),
        help_text=_("Requests may be posted for places inside this area."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")

    def __str__(self) -> str:
        return self.name


class Handler(TimeStampedModel):
    """Who answers for a case (承办单位): a community, a grid worker, a government department
    or a co-building unit, placed on the territory node it works for."""

    kind = models.CharField(_("kind"), max_length=20, choices=HandlerKind.choices)
    name = models.CharField(_("name"), max_length=100)
    node = models.ForeignKey(
        "territory.Node", on_delete=models.PROTECT, related_name="+", verbose_name=_("node")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_handlers",
        verbose_name=_("user"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "node__path"

    class Meta:
        verbose_name = _("handler")
        verbose_name_plural = _("handlers")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class RoutingRule(TimeStampedModel):
    """Which handler takes a category's cases in an area (the deepest matching area wins; a
    rule without a category takes every category)."""

    area = models.ForeignKey(
        "territory.Node", on_delete=models.CASCADE, related_name="+", verbose_name=_("area")
    )
    category = models.ForeignKey(
        CaseCategory,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="routing_rules",
        verbose_name=_("category"),
    )
    handler = models.ForeignKey(
        Handler, on_delete=models.CASCADE, related_name="rules", verbose_name=_("handler")
    )

    objects = ScopedQuerySet.as_manager()
    scope_path = "area__path"

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        constraints = [
            models.UniqueConstraint(
                fields=["area", "category"], name="routing_one_per_area_category"
            ),
            models.UniqueConstraint(
                fields=["area"], condition=Q(category=None), name="routing_one_default_per_area"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.area} · {self.category or '*'} → {self.handler}"


class Case(TimeStampedModel):
    """A resident's request, complaint or opinion (诉求) and where it stands. Only
    ``services.case_transition`` changes its status (``workflow.TRANSITIONS``)."""

    number = models.CharField(_("number"), max_length=24, unique=True, null=True, blank=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    category = models.ForeignKey(
        CaseCategory,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("category"),
    )
    title = models.CharField(_("summary"), max_length=200)
    description = models.TextField(_("description"))
    node = models.ForeignKey(
        "territory.Node", on_delete=models.PROTECT, related_name="cases", verbose_name=_("place")
    )
    place = models.CharField(_("place in words"), max_length=200, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    # the requester: a registered person, a resident's login, or a name and phone given
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cases",
        verbose_name=_("requester (registered)"),
    )
    requester_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requested_cases",
        verbose_name=_("requester (account)"),
    )
    requester_name_enc = models.TextField(_("requester's name (encrypted)"), blank=True)
    requester_name_masked = models.CharField(_("requester's name"), max_length=60, blank=True)
    requester_phone_enc = models.TextField(_("requester's phone (encrypted)"), blank=True)
    requester_phone_bidx = models.CharField(
        _("requester's phone (blind index)"), max_length=64, blank=True, db_index=True
    )
    requester_phone_masked = models.CharField(_("requester's phone"), max_length=20, blank=True)
    wants_reply = models.BooleanField(_("wants a reply"), default=True)
    # answers to the category's attributes (Open311), by attribute code
    attributes = models.JSONField(_("details"), default=dict, blank=True)
    # Open311's token for a request posted through the API (looked up by tokens/{token})
    token = models.CharField(_("token"), max_length=40, unique=True, null=True, blank=True)
    # what routing suggested on intake: category, handler, the reasons, likely duplicates
    suggestion = models.JSONField(_("suggestion"), default=dict, blank=True)

    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.RECEIVED
    )
    handler = models.ForeignKey(
        Handler,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("handler"),
    )
    duplicate_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
        verbose_name=_("duplicate of / merged into"),
    )
    reply = models.TextField(_("reply"), blank=True)
    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices, blank=True)
    # "Was the problem solved?" asked with the rating (the resolution rate counts it)
    rating_resolved = models.BooleanField(_("solved, says the requester"), null=True, blank=True)
    rating_source = models.CharField(
        _("rated by"), max_length=12, choices=RatingSource.choices, blank=True
    )
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)

    received_at = models.DateTimeField(_("received"), db_index=True)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    first_contact_at = models.DateTimeField(_("first contact"), null=True, blank=True)
    replied_at = models.DateTimeField(_("replied"), null=True, blank=True)
    rated_at = models.DateTimeField(_("rated"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    due_accept_at = models.DateTimeField(_("accept by"), null=True, blank=True)
    due_contact_at = models.DateTimeField(_("contact by"), null=True, blank=True)
    due_resolve_at = models.DateTimeField(_("resolve by"), null=True, blank=True)
    due_state = models.CharField(
        _("time limit"), max_length=10, choices=DueState.choices, default=DueState.ON_TIME
    )
    escalation_level = models.PositiveSmallIntegerField(_("escalation level"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    objects = ScopedQuerySet.as_manager()
    scope_path = "node__path"

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-received_at", "-id"]
        indexes = [
            models.Index(fields=["status", "due_state"], name="case_status_due_idx"),
            models.Index(fields=["node", "received_at"], name="case_node_received_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(duplicate_of__isnull=True)
                | Q(status__in=[CaseStatus.DUPLICATE, CaseStatus.MERGED]),
                name="case_duplicate_link_only_when_duplicate",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[CaseStatus.RATED]) | ~Q(rating=""),
                name="case_rated_has_rating",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number or self.pk} {self.title}"

    def audit_node_path(self) -> str:
        return self.node.path if self.node_id else ""


class CaseEvent(StepEvent):
    """One step of a case (办理记录): who did what, when, with which note; append-only."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="events", verbose_name=_("case")
    )
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("approved by"),
    )

    objects = ScopedQuerySet.as_manager()
    scope_path = "case__node__path"

    class Meta(StepEvent.Meta):
        verbose_name = _("case event")
        verbose_name_plural = _("case events")

    def __str__(self) -> str:
        return f"{self.case_id} {self.verb} {self.at:%Y-%m-%d %H:%M}"


class CaseEscalation(models.Model):
    """A case overdue long enough to be put before the next level up (督办): once per level,
    held by the unique key."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="escalations", verbose_name=_("case")
    )
    level = models.PositiveSmallIntegerField(_("level"))
    node = models.ForeignKey(
        "territory.Node", on_delete=models.PROTECT, related_name="+", verbose_name=_("to")
    )
    at = models.DateTimeField(_("time"))
    overdue_since = models.DateTimeField(_("overdue since"))

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        ordering = ["case", "level"]
        constraints = [
            models.UniqueConstraint(fields=["case", "level"], name="escalation_once_per_level"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} → {self.node} ({self.level})"


class RollupKey(models.Model):
    """The key of the figures' rollups: the day a case was received, its grid (or the node
    above grids it sits on) with its path and community, its category, channel and handler.
    Category, handler and community are plain ids (0 = none) so that unique keys hold without
    NULLs."""

    day = models.DateField(_("day"))
    area = models.BigIntegerField(_("area"))
    area_path = models.CharField(_("area path"), max_length=255)
    community = models.BigIntegerField(_("community"), default=0)
    category = models.BigIntegerField(_("category"), default=0)
    channel = models.CharField(_("channel"), max_length=20)
    handler = models.BigIntegerField(_("handler"), default=0)

    class Meta:
        abstract = True


class CaseFigure(RollupKey):
    """Rolled-up counts of cases by the day they were received, their grid (or the node above
    grids they sit on), category, channel and handler (R-CASE-4). Kept by
    ``figures.figures_track`` in the same transaction as every change of a case, so that the
    figures of a large area are a sum over these rows, never a scan of its cases."""

    received = models.IntegerField(default=0)
    accepted = models.IntegerField(default=0)
    rejected = models.IntegerField(default=0)
    contacted = models.IntegerField(default=0)
    responded = models.IntegerField(default=0)
    resolved = models.IntegerField(default=0)
    overdue = models.IntegerField(default=0)
    reopened = models.IntegerField(default=0)
    rated = models.IntegerField(default=0)
    satisfied = models.IntegerField(default=0)
    basically = models.IntegerField(default=0)
    unsatisfied = models.IntegerField(default=0)
    solved = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("case figure")
        verbose_name_plural = _("case figures")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "area", "category", "channel", "handler"],
                name="case_figure_key",
            )
        ]
        indexes = [models.Index(fields=["area_path", "day"], name="case_figure_area_day_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.area_path} {self.received}"


def attachment_upload_to(instance: CaseAttachment, filename: str) -> str:
    """A dated folder and a random name: the resident's file name never reaches the disk."""
    import secrets
    from pathlib import PurePosixPath

    from django.utils import timezone

    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"cases/{timezone.localdate():%Y/%m/%d}/{secrets.token_hex(16)}{suffix}"


class CaseAttachment(models.Model):
    """A photo or document attached to a case (附件): its type checked by content, images
    stored re-encoded without their metadata; served only to those who may see the case."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="attachments", verbose_name=_("case")
    )
    file = models.FileField(_("file"), upload_to=attachment_upload_to, max_length=200)
    # a small JPEG of an image for the case page (empty for a PDF)
    thumbnail = models.FileField(
        _("thumbnail"), upload_to=attachment_upload_to, max_length=200, blank=True
    )
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=60)
    size = models.PositiveIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "case__node__path"

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["case", "created_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class CaseDuration(RollupKey):
    """How long cases took to their first contact and to their answer (响应/办理时长), as
    counts of cases per bucket of hours under the same key as ``CaseFigure`` (R-CASE-4): sums
    cannot give a median, cumulative bucket counts can. Kept by ``figures.figures_track``
    beside ``CaseFigure``; ``bucket`` is the bucket's lower bound in hours
    (``figures.DURATION_BUCKETS``)."""

    measure = models.CharField(_("measure"), max_length=8, choices=DurationMeasure.choices)
    bucket = models.IntegerField(_("from hour"))
    count = models.IntegerField(_("number of cases"), default=0)

    class Meta:
        verbose_name = _("case duration count")
        verbose_name_plural = _("case duration counts")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "area", "category", "channel", "handler", "measure", "bucket"],
                name="case_duration_key",
            )
        ]
        indexes = [models.Index(fields=["area_path", "day"], name="case_duration_area_day_idx")]

    def __str__(self) -> str:
        return f"{self.day} {self.area_path} {self.measure} {self.bucket}h {self.count}"
