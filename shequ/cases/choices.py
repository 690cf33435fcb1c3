"""Status, channels and other enumerations of residents' requests (R-CASE-1, R-CASE-2)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class CaseStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", _("Accepted")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    POSTPONED = "postponed", _("Postponed")
    REPLIED = "replied", _("Replied")
    RATED = "rated", _("Rated")
    CLOSED = "closed", _("Closed")
    REJECTED = "rejected", _("Rejected (not ours)")
    DUPLICATE = "duplicate", _("Duplicate")
    MERGED = "merged", pgettext_lazy("case status", "Merged")


# States a case leaves no more: nothing is due, nothing escalates.
FINAL_STATUSES = frozenset(
    {CaseStatus.CLOSED, CaseStatus.REJECTED, CaseStatus.DUPLICATE, CaseStatus.MERGED}
)
# States whose clock is stopped: the handler has answered, or an approver let the case wait.
PAUSED_STATUSES = frozenset({CaseStatus.POSTPONED, CaseStatus.REPLIED, CaseStatus.RATED})


class Channel(models.TextChoices):
    """Where a request came in (R-CASE-1)."""

    HOTLINE = "hotline", _("Hotline")
    WEB = "web", _("Web or mobile page")
    WALK_IN = "walk_in", _("Service hall")
    RECEPTION = "reception", _("Party representatives' reception room")
    GRID_ROUND = "grid_round", _("Grid worker's round")
    COUNCIL = "council", _("Residents' council")
    MAILBOX = "mailbox", _("Mailbox")
    SOCIAL = "social", _("WeChat, QQ or Weibo")
    IMPORT = "import", _("Imported from another system")


class HandlerKind(models.TextChoices):
    COMMUNITY = "community", _("Community")
    GRID_WORKER = "grid_worker", _("Grid worker")
    DEPARTMENT = "department", _("Government department")
    UNIT = "unit", _("Co-building unit")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    BASICALLY = "basically", _("Basically satisfied")
    UNSATISFIED = "unsatisfied", _("Not satisfied")


class RatingSource(models.TextChoices):
    REQUESTER = "requester", _("By the requester")
    FOLLOW_UP = "follow_up", _("By a follow-up call")


class LimitUnit(models.TextChoices):
    WORK_DAYS = "work_days", _("Working days")
    WORK_HOURS = "work_hours", _("Working hours")
    HOURS = "hours", _("Hours")


class DueState(models.TextChoices):
    ON_TIME = "on_time", _("On time")
    DUE_SOON = "due_soon", _("Due soon")
    OVERDUE = "overdue", _("Overdue")


class DurationMeasure(models.TextChoices):
    """The durations the figures' medians are read from (``CaseDuration``)."""

    CONTACT = "contact", _("Time to first contact")
    RESOLVE = "resolve", _("Time to answer")
