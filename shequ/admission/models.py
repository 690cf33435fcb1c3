"""Task admission (准入制, R-CASE-5): the work items government departments ask communities to
do, the communities each applies to, and the steps of its decision."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shequ.core.models import AuditedModel, StepEvent, TimeStampedModel
from shequ.core.scope import ScopedQuerySet

from .choices import ADMITTED_STATUSES, Scope, WorkItemStatus


class WorkItem(AuditedModel, TimeStampedModel):
    """A work item (工作事项) a department wants communities to do: registered on request,
    approved or refused by the district or subdistrict, and, once approved, carrying its
    funding and time span (费随事转). Only ``services.work_item_transition`` changes its
    status (``workflow.TRANSITIONS``)."""

    title = models.CharField(_("work item"), max_length=200)
    description = models.TextField(_("what the communities would do"))
    department = models.CharField(_("requesting department"), max_length=100)
    department_handler = models.ForeignKey(
        "cases.Handler",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "department"},
        verbose_name=_("department (as handler of requests)"),
    )
    legal_basis = models.TextField(_("legal basis"), blank=True)
    # A duty a law or regulation puts on communities (法定协助事项): admitted with its legal
    # basis even without funding of its own, since the community's budget already pays for it.
    is_statutory = models.BooleanField(_("statutory duty"), default=False)
    decider = models.ForeignKey(
        "territory.Node",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("decided by (district or subdistrict)"),
    )
    scope = models.CharField(_("applies to"), max_length=10, choices=Scope.choices)
    communities = models.ManyToManyField(
        "territory.Node",
        through="WorkItemCommunity",
        related_name="+",
        verbose_name=_("communities"),
    )
    hours_per_month = models.DecimalField(
        _("hours per month per community"), max_digits=7, decimal_places=2
    )
    funding = models.DecimalField(
        _("funding per community (yuan)"),
        max_digits=14,
        decimal_places=2,
        default=0,
        help_text=_("For the whole time span."),
    )
    funding_source = models.CharField(_("source of the funding"), max_length=200, blank=True)
    start_date = models.DateField(_("from"))
    end_date = models.DateField(_("until"))

    status = models.CharField(
        _("status"),
        max_length=12,
        choices=WorkItemStatus.choices,
        default=WorkItemStatus.REQUESTED,
        db_index=True,
    )
    requested_at = models.DateTimeField(_("requested"), db_index=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("registered by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decision_note = models.TextField(_("reason of the decision"), blank=True)
    # Kept after a withdrawal or expiry: the item was in force from start_date to last_day
    # (end_date, or the day before it was ended early), which the workload report counts.
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    last_day = models.DateField(_("last day in force"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()
    scope_path = "decider__path"

    class Meta:
        verbose_name = _("work item")
        verbose_name_plural = _("work items")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="work_item_span_order"
            ),
            models.CheckConstraint(
                condition=Q(hours_per_month__gte=0) & Q(funding__gte=0),
                name="work_item_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(status=WorkItemStatus.REFUSED) | ~Q(decision_note=""),
                name="work_item_refusal_has_reason",
            ),
            # 费随事转: an admitted item carries funding, unless it is a statutory duty with
            # its legal basis.
            models.CheckConstraint(
                condition=~Q(status__in=sorted(ADMITTED_STATUSES))
                | Q(funding__gt=0)
                | (Q(is_statutory=True) & ~Q(legal_basis="")),
                name="work_item_admitted_is_funded",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=sorted(ADMITTED_STATUSES))
                | (Q(approved_at__isnull=False) & Q(last_day__isnull=False)),
                name="work_item_admitted_has_approval",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def audit_node_path(self) -> str:
        return self.decider.path if self.decider_id else ""


class WorkItemCommunity(models.Model):
    """A community a work item applies to: the rows the workload report groups."""

    item = models.ForeignKey(
        WorkItem, on_delete=models.CASCADE, related_name="links", verbose_name=_("work item")
    )
    community = models.ForeignKey(
        "territory.Node",
        on_delete=models.PROTECT,
        related_name="admission_links",
        verbose_name=_("community"),
    )

    objects = ScopedQuerySet.as_manager()
    scope_path = "community__path"

    class Meta:
        verbose_name = _("community of a work item")
        verbose_name_plural = _("communities of work items")
        constraints = [
            models.UniqueConstraint(fields=["item", "community"], name="work_item_community_once")
        ]

    def __str__(self) -> str:
        return f"{self.item_id} · {self.community_id}"


class WorkItemEvent(StepEvent):
    """One step of a work item (审核记录): who did what, when, with which reason; append-only."""

    item = models.ForeignKey(
        WorkItem, on_delete=models.CASCADE, related_name="events", verbose_name=_("work item")
    )

    objects = ScopedQuerySet.as_manager()
    scope_path = "item__decider__path"

    class Meta(StepEvent.Meta):
        verbose_name = _("work item event")
        verbose_name_plural = _("work item events")

    def __str__(self) -> str:
        return f"{self.item_id} {self.verb} {self.at:%Y-%m-%d %H:%M}"
