"""The life of a case as a transition table (R-CASE-2; GB/T 30428's closed loop with 挂账/延期
and 回退 under approval): each allowed step names its verb, the permission it takes and what
it needs. Pure data and checks, no I/O: ``services.case_transition`` is the one writer."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from shequ.accounts.roles import APPROVE_CASE, DISPATCH_CASE, HANDLE_CASE
from shequ.core.workflow import Transition, TransitionTable
from shequ.core.workflow import edge as _t

from .choices import CaseStatus as S
from .choices import Rating
from .rules import RATE_CASE

# What a step may need, beside the actor:
REASON = "reason"  # a note saying why (rejection, send-back, postponement, reopening)
APPROVER = "approver"  # a second person with the approving permission
HANDLER = "handler"  # the handler the case is sent to
CATEGORY = "category"  # the case must have a category (limits and routing depend on it)
DUPLICATE_OF = "duplicate_of"  # the case this one repeats or is merged into
REPLY = "reply"  # the answer given to the requester
RATING = "rating"  # satisfied / basically / not satisfied
EXTENSION = "extension"  # working days a postponement adds
UNSATISFIED = "unsatisfied"  # the last rating was "not satisfied"
REPLY_OR_REASON = "reply_or_reason"  # closing unrated: only when no reply was wanted, or why


TRANSITION_LIST: tuple[Transition, ...] = (
    _t("accept", S.RECEIVED, S.ACCEPTED, DISPATCH_CASE, _("Accept"), CATEGORY),
    _t("reject", S.RECEIVED, S.REJECTED, DISPATCH_CASE, _("Reject as not ours"), REASON),
    _t("duplicate", S.RECEIVED, S.DUPLICATE, DISPATCH_CASE, _("Mark as duplicate"), DUPLICATE_OF),
    _t("merge", S.RECEIVED, S.MERGED, DISPATCH_CASE, _("Merge into another case"), DUPLICATE_OF),
    _t("assign", S.ACCEPTED, S.ASSIGNED, DISPATCH_CASE, _("Assign"), HANDLER),
    _t("reject", S.ACCEPTED, S.REJECTED, DISPATCH_CASE, _("Reject as not ours"), REASON),
    _t("duplicate", S.ACCEPTED, S.DUPLICATE, DISPATCH_CASE, _("Mark as duplicate"), DUPLICATE_OF),
    _t("start", S.ASSIGNED, S.IN_PROGRESS, HANDLE_CASE, _("Start handling")),
    _t("send_back", S.ASSIGNED, S.ACCEPTED, HANDLE_CASE, _("Send back"), REASON, APPROVER),
    _t("send_back", S.IN_PROGRESS, S.ACCEPTED, HANDLE_CASE, _("Send back"), REASON, APPROVER),
    _t(
        "postpone",
        S.IN_PROGRESS,
        S.POSTPONED,
        HANDLE_CASE,
        _("Postpone"),
        REASON,
        APPROVER,
        EXTENSION,
    ),  # fmt: skip
    _t("resume", S.POSTPONED, S.IN_PROGRESS, HANDLE_CASE, pgettext_lazy("case step", "Resume")),
    _t("reply", S.IN_PROGRESS, S.REPLIED, HANDLE_CASE, _("Reply"), REPLY),
    _t("rate", S.REPLIED, S.RATED, RATE_CASE, _("Rate"), RATING),
    _t("reopen", S.REPLIED, S.IN_PROGRESS, APPROVE_CASE, _("Reopen"), REASON),
    _t("reopen", S.RATED, S.IN_PROGRESS, APPROVE_CASE, _("Reopen"), REASON, UNSATISFIED),
    _t("close", S.RATED, S.CLOSED, DISPATCH_CASE, _("Close")),
    _t("close", S.REPLIED, S.CLOSED, DISPATCH_CASE, _("Close unrated"), REPLY_OR_REASON),
)

_TABLE = TransitionTable(TRANSITION_LIST)
TABLE = _TABLE.by_edge
TRANSITIONS = _TABLE.targets
transition_for = _TABLE.get
transitions_from = _TABLE.leaving


@dataclass
class StepInput:
    """What the actor gave with a step (only what the step needs is looked at)."""

    note: str = ""
    approver_id: int | None = None
    actor_id: int | None = None
    handler_id: int | None = None
    category_id: int | None = None
    duplicate_of_id: int | None = None
    case_id: int | None = None
    reply: str = ""
    rating: str = ""
    solved: bool | None = None
    extension_days: int | None = None
    last_rating: str = ""
    wants_reply: bool = True


def missing(transition: Transition, given: StepInput) -> dict[str, str]:
    """Field → message for every precondition of ``transition`` that ``given`` does not meet
    (empty when the step may go ahead). Permissions are the service's to check."""
    errors: dict[str, str] = {}
    needs = transition.needs
    if REASON in needs and not given.note.strip():
        errors["note"] = str(_("Give the reason."))
    if APPROVER in needs:
        if given.approver_id is None:
            errors["approver"] = str(_("This step needs an approver."))
        elif given.approver_id == given.actor_id:
            errors["approver"] = str(_("The approver must be someone other than you."))
    if HANDLER in needs and given.handler_id is None:
        errors["handler"] = str(_("Choose the handler."))
    if CATEGORY in needs and given.category_id is None:
        errors["category"] = str(_("Choose the category."))
    if DUPLICATE_OF in needs:
        if given.duplicate_of_id is None:
            errors["duplicate_of"] = str(_("Name the case this one repeats."))
        elif given.duplicate_of_id == given.case_id:
            errors["duplicate_of"] = str(_("A case cannot repeat itself."))
    if REPLY in needs and not given.reply.strip():
        errors["reply"] = str(_("Write the reply to the requester."))
    if RATING in needs and given.rating not in Rating.values:
        errors["rating"] = str(_("Choose satisfied, basically satisfied or not satisfied."))
    if RATING in needs and given.solved is None:
        errors["solved"] = str(_("Say whether the problem is solved."))
    if EXTENSION in needs and not (given.extension_days and given.extension_days > 0):
        errors["extension_days"] = str(_("Give the working days the postponement adds."))
    if UNSATISFIED in needs and given.last_rating != Rating.UNSATISFIED:
        errors["rating"] = str(_("Only a case rated not satisfied can be reopened."))
    if REPLY_OR_REASON in needs and given.wants_reply and not given.note.strip():
        errors["note"] = str(
            _("The requester wanted a reply: say why the case closes without his rating.")
        )
    return errors
