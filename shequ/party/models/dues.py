"""Party dues (党费, R-PM-5): each member's monthly standard and the append-only dues ledger
(党费账) of the organisation collecting them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.core.models import AuditedModel, TimeStampedModel
from shequ.core.scope import ScopedQuerySet

__all__ = ["DuesBasis", "DuesEntry", "DuesEntryKind", "DuesStandard"]


class DuesBasis(models.TextChoices):
    """What a member's monthly amount is computed from (中组部 2008 standard)."""

    IN_SERVICE = "in_service", _("Salary of a member in work")
    RETIRED = "retired", _("Pension of a retired member")
    # students, unemployed members, members on subsistence allowances (低保)
    FLAT = "flat", _("Flat amount (students, unemployed, subsistence)")


class DuesEntryKind(models.TextChoices):
    PAYMENT = "payment", pgettext_lazy("dues entry", "Payment")  # 交纳
    SPENDING = "spending", pgettext_lazy("dues entry", "Spending")  # 党费使用
    REMITTANCE = "remittance", pgettext_lazy("dues entry", "Remittance to the higher level")  # 上缴
    REVERSAL = "reversal", pgettext_lazy("dues entry", "Reversal")  # 冲正


class DuesStandard(AuditedModel, TimeStampedModel):
    """A member's dues standard (党费交纳标准) from a month on, set yearly (核定): the basis,
    the monthly income it rests on, the rate of its band and the monthly amount. A month's
    standard is the latest one starting on or before it."""

    member = models.ForeignKey(
        "party.PartyMember",
        on_delete=models.PROTECT,
        related_name="dues_standards",
        verbose_name=_("member"),
    )
    from_month = models.DateField(_("from month"), help_text=_("The first day of the month."))
    basis = models.CharField(_("basis"), max_length=20, choices=DuesBasis.choices)
    income = models.DecimalField(
        _("monthly income (yuan)"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    rate = models.DecimalField(_("rate"), max_digits=6, decimal_places=4, null=True, blank=True)
    monthly_amount = models.DecimalField(_("monthly dues (yuan)"), max_digits=10, decimal_places=2)
    note = models.CharField(_("note"), max_length=200, blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("set by"),
    )

    objects = ScopedQuerySet.as_manager()
    scope_path = "member__node__path"

    class Meta:
        verbose_name = _("dues standard")
        verbose_name_plural = _("dues standards")
        ordering = ["member", "-from_month"]
        constraints = [
            models.UniqueConstraint(
                fields=["member", "from_month"], name="one_dues_standard_per_member_month"
            ),
            models.CheckConstraint(condition=Q(from_month__day=1), name="dues_standard_month"),
            models.CheckConstraint(
                condition=Q(basis=DuesBasis.FLAT) | Q(income__isnull=False, rate__isnull=False),
                name="dues_standard_income_for_rated",
            ),
            models.CheckConstraint(
                condition=Q(income__isnull=True) | Q(income__gte=0), name="dues_income_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(monthly_amount__gte=0), name="dues_standard_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} · {self.from_month:%Y-%m} · {self.monthly_amount}"

    @property
    def rate_percent(self) -> str:
        """The rate as a percentage for display: 0.0150 → "1.5%"."""
        if self.rate is None:
            return ""
        return f"{(self.rate * 100).normalize():f}%"

    def audit_node_path(self) -> str:
        return self.member.node.path

    def audit_person_id(self):
        return self.member.person_id


class DuesEntryQuerySet(ScopedQuerySet):
    # The ledger is append-only (STYLE.md: corrections by reversing entries). Bulk writes are
    # refused here and instance writes in the model; no PostgreSQL trigger backs this up (the
    # brief decided against one): the audit trail records every insert.
    def update(self, **kwargs):
        raise PermissionDenied("the dues ledger is append-only")

    def delete(self):
        raise PermissionDenied("the dues ledger is append-only")


class DuesEntry(AuditedModel, TimeStampedModel):
    """One line of an organisation's dues ledger (党费账), never changed nor deleted.

    Sign convention: ``amount`` is the entry's effect on the organisation's balance — a
    payment (交纳) is positive, a spending (使用) and a remittance to the higher level (上缴)
    negative, a reversal (冲正) the negative of the entry it reverses. The balance is the plain
    sum. A payment pays one dues month of one member (a payment for three months is three
    entries recorded together)."""

    org = models.ForeignKey(
        "party.PartyOrg",
        on_delete=models.PROTECT,
        related_name="dues_entries",
        verbose_name=_("organisation"),
    )
    member = models.ForeignKey(
        "party.PartyMember",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dues_entries",
        verbose_name=_("member"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DuesEntryKind.choices)
    month = models.DateField(_("dues month"), null=True, blank=True)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now, db_index=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    reverses = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reversals",
        verbose_name=_("reverses"),
    )

    objects = DuesEntryQuerySet.as_manager()
    scope_path = "org__node__path"

    class Meta:
        verbose_name = _("dues ledger entry")
        verbose_name_plural = _("dues ledger entries")
        ordering = ["recorded_at", "id"]
        constraints = [
            # a reversal reverses exactly one entry, and an entry is reversed at most once
            models.UniqueConstraint(
                fields=["reverses"],
                condition=Q(reverses__isnull=False),
                name="dues_entry_reversed_once",
            ),
            models.CheckConstraint(
                condition=(Q(kind="reversal") & Q(reverses__isnull=False))
                | (~Q(kind="reversal") & Q(reverses__isnull=True)),
                name="dues_entry_reversal_names_entry",
            ),
            models.CheckConstraint(
                condition=~Q(kind="payment")
                | Q(amount__gt=0, member__isnull=False, month__isnull=False, month__day=1),
                name="dues_payment_positive_for_a_month",
            ),
            models.CheckConstraint(
                condition=~Q(kind__in=["spending", "remittance"]) | Q(amount__lt=0),
                name="dues_outflow_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["member", "month"], name="dues_entry_member_month_idx"),
            models.Index(fields=["org", "recorded_at"], name="dues_entry_org_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.org} · {self.get_kind_display()} · {self.amount}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("the dues ledger is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("the dues ledger is append-only")

    def audit_node_path(self) -> str:
        return self.org.node.path

    def audit_person_id(self):
        return self.member.person_id if self.member_id else None
