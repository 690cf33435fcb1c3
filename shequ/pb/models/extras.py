"""What a round keeps beside its projects and ballots (R-PB-1, R-PB-3): the steps of its
phases, the photos of a proposal, co-funding by companies and donors, and the paper codes
that let a resident's paper ballot be entered once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shequ.core.models import StepEvent
from shequ.core.scope import ScopedQuerySet

__all__ = ["CoFunding", "CoFundingStatus", "FunderKind", "PaperCode", "ProjectPhoto", "RoundStep"]


class RoundStep(StepEvent):
    """One move of a round from a phase to the next (services.rounds.round_transition)."""

    round = models.ForeignKey("pb.Round", on_delete=models.CASCADE, related_name="steps",
                              verbose_name=_("round"))  # fmt: skip

    class Meta(StepEvent.Meta):
        verbose_name = _("round step")
        verbose_name_plural = _("round steps")

    def __str__(self) -> str:
        return f"{self.round_id}: {self.from_status} → {self.to_status}"


def photo_upload_to(photo: ProjectPhoto, filename: str) -> str:
    return f"pb/photos/{photo.project.round_id}/{filename}"


class ProjectPhoto(models.Model):
    """A photo of a proposal, checked by its content and stored re-encoded without its EXIF."""

    scope_path = "project__round__node__path"

    project = models.ForeignKey("pb.Project", on_delete=models.CASCADE, related_name="photos",
                                verbose_name=_("project"))  # fmt: skip
    file = models.FileField(_("file"), upload_to=photo_upload_to, max_length=200)
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

    class Meta:
        verbose_name = _("project photo")
        verbose_name_plural = _("project photos")
        ordering = ["project", "id"]

    def __str__(self) -> str:
        return self.original_name


class FunderKind(models.TextChoices):
    COMPANY = "company", _("Company")
    DONOR = "donor", _("Donor")
    OTHER = "other", _("Other")


class CoFundingStatus(models.TextChoices):
    PLEDGED = "pledged", _("Pledged")
    PAID = "paid", _("Paid")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class CoFunding(models.Model):
    """Money a company or a donor pledges or pays towards a project, beside the public money
    (R-PB-3 共建资金)."""

    scope_path = "project__round__node__path"

    project = models.ForeignKey("pb.Project", on_delete=models.CASCADE,
                                related_name="cofundings", verbose_name=_("project"))  # fmt: skip
    funder = models.CharField(_("funder"), max_length=120)
    kind = models.CharField(_("kind"), max_length=10, choices=FunderKind.choices,
                            default=FunderKind.COMPANY)  # fmt: skip
    amount = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2)
    status = models.CharField(_("status"), max_length=10, choices=CoFundingStatus.choices,
                              default=CoFundingStatus.PLEDGED)  # fmt: skip
    pledged_on = models.DateField(_("pledged on"))
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("recorded by"),
    )  # fmt: skip
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("co-funding")
        verbose_name_plural = _("co-funding")
        ordering = ["project", "id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0),
                                   name="pb_cofunding_amount_positive"),
        ]  # fmt: skip

    def __str__(self) -> str:
        return f"{self.funder} {self.amount}"


class PaperCode(models.Model):
    """The code printed on a resident's paper ballot: staff enter the ballot by it, once.
    It names its voter (to refuse a second ballot) and is never stored on the ballot."""

    scope_path = "round__node__path"

    round = models.ForeignKey("pb.Round", on_delete=models.CASCADE, related_name="paper_codes",
                              verbose_name=_("round"))  # fmt: skip
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("voter"))  # fmt: skip
    code = models.CharField(_("code"), max_length=20, unique=True)
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("issued by"),
    )  # fmt: skip
    entered_on = models.DateField(_("entered on"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("paper ballot code")
        verbose_name_plural = _("paper ballot codes")
        ordering = ["round", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="pb_one_paper_code"),
        ]

    def __str__(self) -> str:
        return self.code
