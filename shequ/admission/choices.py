"""Statuses of the work items departments ask communities to do (准入制, R-CASE-5)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class WorkItemStatus(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("work item status", "Requested")
    APPROVED = "approved", pgettext_lazy("work item status", "Approved")
    REFUSED = "refused", pgettext_lazy("work item status", "Refused")
    WITHDRAWN = "withdrawn", pgettext_lazy("work item status", "Withdrawn")
    EXPIRED = "expired", pgettext_lazy("work item status", "Expired")


# States an item leaves no more.
FINAL_STATUSES = frozenset(
    {WorkItemStatus.REFUSED, WorkItemStatus.WITHDRAWN, WorkItemStatus.EXPIRED}
)
# States in which the item was admitted: funding and time span are fixed (费随事转).
ADMITTED_STATUSES = frozenset({WorkItemStatus.APPROVED, WorkItemStatus.EXPIRED})


class Scope(models.TextChoices):
    """Which communities an item applies to."""

    ALL = "all", _("Every community under the deciding level")
    CHOSEN = "chosen", _("Chosen communities")
