"""Writes of task admission (准入制, R-CASE-5): registering a department's request
(``work_item_request``), the one transition service (``work_item_transition``), the expiry
sweep and the register's export."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.accounts.models import RoleAssignment
from shequ.accounts.roles import REQUEST_ITEM, VIEW_ITEM, roles_granting
from shequ.cases.choices import HandlerKind
from shequ.core.models import AuditAction, NotificationChannel, audit_record
from shequ.core.notify import notify
from shequ.core.scope import subtree_q
from shequ.territory.choices import NodeKind
from shequ.territory.models import Node

from . import workflow
from .choices import Scope, WorkItemStatus
from .models import WorkItem, WorkItemCommunity, WorkItemEvent

DECIDING_KINDS = (NodeKind.DISTRICT, NodeKind.SUBDISTRICT)


def _communities_under(decider: Node):
    return Node.objects.filter(subtree_q("path", decider.path), kind=NodeKind.COMMUNITY).filter(
        is_active=True
    )


def _event(item, verb, source, target, *, actor=None, at, note="", data=None):
    return WorkItemEvent.objects.create(
        item=item,
        at=at,
        verb=verb,
        from_status=source,
        to_status=target,
        actor=actor,
        actor_name=actor.get_username() if actor is not None else "",
        note=note,
        data=data or {},
    )


def work_item_request(
    *,
    actor,
    title: str,
    description: str,
    decider: Node,
    scope: str,
    hours_per_month: Decimal | None,
    start_date: dt.date | None,
    end_date: dt.date | None,
    department: str = "",
    department_handler=None,
    communities=(),
    funding: Decimal | None = None,
    funding_source: str = "",
    legal_basis: str = "",
    is_statutory: bool = False,
) -> WorkItem:
    """Register a department's request that communities do a piece of work. The item is
    decided at ``decider`` (a district or subdistrict, where the actor may register
    requests) and applies to every community under it or to the chosen ones."""
    if actor is None or not actor.has_perm(REQUEST_ITEM, decider):
        raise PermissionDenied(_("You may not register work items for this level."))
    errors: dict[str, str] = {}
    title, description = (title or "").strip(), (description or "").strip()
    legal_basis = (legal_basis or "").strip()
    department = (department or "").strip()
    if department_handler is not None:
        if department_handler.kind != HandlerKind.DEPARTMENT or not department_handler.is_active:
            errors["department_handler"] = _("Choose an active government department.")
        elif not department:
            department = department_handler.name
    if not title:
        errors["title"] = _("Name the work item.")
    if not description:
        errors["description"] = _("Describe what the communities would do.")
    if not department:
        errors["department"] = _("Name the requesting department.")
    if decider.kind not in DECIDING_KINDS:
        errors["decider"] = _("Work items are decided by a district or a subdistrict.")
    if hours_per_month is None:
        errors["hours_per_month"] = _("Give the expected hours per month in each community.")
    elif hours_per_month < 0:
        errors["hours_per_month"] = _("Hours cannot be negative.")
    funding = funding if funding is not None else Decimal(0)
    if funding < 0:
        errors["funding"] = _("Funding cannot be negative.")
    if start_date is None:
        errors["start_date"] = _("Give the first day of the time span.")
    if end_date is None:
        errors["end_date"] = _("Give the last day of the time span.")
    elif start_date is not None and end_date < start_date:
        errors["end_date"] = _("The time span cannot end before it starts.")
    if is_statutory and not legal_basis:
        errors["legal_basis"] = _("A statutory duty needs its legal basis.")
    if scope == Scope.ALL:
        chosen = list(_communities_under(decider)) if "decider" not in errors else []
        if not chosen and "decider" not in errors:
            errors["decider"] = _("There is no community under this level.")
    elif scope == Scope.CHOSEN:
        chosen = list(dict.fromkeys(communities))
        if not chosen:
            errors["communities"] = _("Choose the communities.")
        elif any(
            c.kind != NodeKind.COMMUNITY or not c.path.startswith(decider.path) for c in chosen
        ):
            errors["communities"] = _("Choose communities under the deciding level.")
    else:
        chosen = []
        errors["scope"] = _("Say which communities the item applies to.")
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    with transaction.atomic():
        item = WorkItem.objects.create(
            title=title[:200],
            description=description,
            department=department[:100],
            department_handler=department_handler,
            legal_basis=legal_basis,
            is_statutory=is_statutory,
            decider=decider,
            scope=scope,
            hours_per_month=hours_per_month,
            funding=funding,
            funding_source=(funding_source or "").strip()[:200],
            start_date=start_date,
            end_date=end_date,
            requested_at=now,
            requested_by=actor,
        )
        WorkItemCommunity.objects.bulk_create(
            [WorkItemCommunity(item=item, community=c) for c in chosen]
        )
        _event(item, "request", "", WorkItemStatus.REQUESTED, actor=actor, at=now,
               data={"communities": len(chosen)})  # fmt: skip
    return item


_SUBJECTS = {
    "approve": gettext_lazy("Work item approved: %(title)s"),
    "refuse": gettext_lazy("Work item refused: %(title)s"),
    "withdraw": gettext_lazy("Work item withdrawn: %(title)s"),
    "expire": gettext_lazy("Work item expired: %(title)s"),
}


def work_item_transition(
    *,
    item: WorkItem,
    to: str,
    actor,
    note: str = "",
    funding: Decimal | None = None,
    funding_source: str | None = None,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    today: dt.date | None = None,
) -> WorkItem:
    """Move a work item one step along the table: lock the row, check the step, the
    permission and what the step needs, apply it, write its event and tell those concerned.
    Approving may settle the funding and the time span (else the requested ones stand).
    Only the expiry sweep steps without an actor. Nothing else assigns ``WorkItem.status``."""
    today = today or timezone.localdate()
    with transaction.atomic():
        item = (
            WorkItem.objects.select_for_update(of=("self",))
            .select_related("decider")
            .get(pk=item.pk)
        )
        source = item.status
        step = workflow.transition_for(source, to)
        if step is None:
            raise ValidationError(
                {
                    "status": _("A work item that is %(source)s cannot become %(target)s.")
                    % {
                        "source": WorkItemStatus(source).label,
                        "target": WorkItemStatus(to).label if to in WorkItemStatus.values else to,
                    }
                }
            )
        by_system = actor is None and step.verb == "expire"
        if not by_system and (actor is None or not actor.has_perm(step.perm, item)):
            raise PermissionDenied(_("You may not take this step on this work item."))
        if step.verb == "approve":
            funding = item.funding if funding is None else funding
            start_date = start_date or item.start_date
            end_date = end_date or item.end_date
        else:
            funding, start_date, end_date = item.funding, item.start_date, item.end_date
        note = (note or "").strip()
        errors = workflow.missing(
            step,
            workflow.StepInput(
                note=note,
                funding=funding,
                is_statutory=item.is_statutory,
                legal_basis=item.legal_basis,
                start_date=start_date,
                end_date=end_date,
                today=today,
            ),
        )
        if errors:
            raise ValidationError(errors)
        now = timezone.now()
        fields = ["status", "updated_at"]
        data: dict = {}
        if step.verb in ("approve", "refuse"):
            item.decided_at, item.decided_by, item.decision_note = now, actor, note
            fields += ["decided_at", "decided_by", "decision_note"]
        if step.verb == "approve":
            item.funding, item.start_date, item.end_date = funding, start_date, end_date
            if funding_source is not None:
                item.funding_source = funding_source.strip()[:200]
            item.approved_at, item.last_day = now, end_date
            fields += ["funding", "funding_source", "start_date", "end_date", "approved_at",
                       "last_day"]  # fmt: skip
            data = {"funding": str(funding), "start_date": start_date.isoformat(),
                    "end_date": end_date.isoformat()}  # fmt: skip
            if item.scope == Scope.ALL:
                # communities set up since the request are under the same decision
                WorkItemCommunity.objects.bulk_create(
                    [WorkItemCommunity(item=item, community=c)
                     for c in _communities_under(item.decider)],
                    ignore_conflicts=True,
                )  # fmt: skip
        elif step.verb == "withdraw" and source == WorkItemStatus.APPROVED:
            # in force until the day before it ends early (never, if before it started)
            yesterday = today - dt.timedelta(days=1)
            item.last_day = min(item.end_date, max(item.start_date - dt.timedelta(days=1),
                                                   yesterday))  # fmt: skip
            fields.append("last_day")
            data = {"last_day": item.last_day.isoformat()}
        item.status = step.target
        item.save(update_fields=fields)
        _event(item, step.verb, source, step.target, actor=actor, at=now, note=note, data=data)
        _tell(item, step.verb, actor)
    return item


def _tell(item: WorkItem, verb: str, actor) -> None:
    """In-app messages: the one who registered the request hears of every decision; the
    staff of the communities hear that an item now applies to them, or no longer does."""
    subject = str(_SUBJECTS[verb]) % {"title": item.title}
    url = reverse("admission:detail", args=[item.pk])
    users = {}
    if item.requested_by_id and item.requested_by_id != getattr(actor, "pk", None):
        users[item.requested_by_id] = item.requested_by
    if item.approved_at is not None and verb in ("approve", "withdraw"):
        assignments = (
            RoleAssignment.objects.active()
            .filter(
                role__in=roles_granting(VIEW_ITEM),
                node__in=item.links.values("community"),
                user__is_active=True,
            )
            .select_related("user")
        )
        for assignment in assignments:
            if assignment.user_id != getattr(actor, "pk", None):
                users.setdefault(assignment.user_id, assignment.user)
    for user in users.values():
        notify(channel=NotificationChannel.IN_APP, user=user, subject=subject, obj=item, url=url)


def work_item_expire_due(*, today: dt.date | None = None) -> int:
    """Expire every approved item whose time span is over; how many were expired."""
    today = today or timezone.localdate()
    due = WorkItem.objects.filter(status=WorkItemStatus.APPROVED, end_date__lt=today)
    count = 0
    for item in due.only("pk"):
        try:
            work_item_transition(item=item, to=WorkItemStatus.EXPIRED, actor=None, today=today)
        except ValidationError:
            continue  # changed meanwhile (withdrawn by someone): nothing to expire
        count += 1
    return count


# ----------------------------------------------------------------------------- export


def work_item_export(*, user, items) -> bytes:
    """The register as an xlsx workbook, one row per item (``items`` comes from the list
    selector, already scoped and filtered); the export is audit-logged with its row count."""
    import xlsxwriter

    from .selectors import with_community_counts

    columns = [
        (_("Number"), 8),
        (_("Work item"), 30),
        (_("Requesting department"), 20),
        (_("Deciding level"), 14),
        (_("Status"), 10),
        (_("Statutory duty"), 8),
        (_("Legal basis"), 30),
        (_("Communities"), 10),
        (_("Hours per month per community"), 12),
        (_("Funding per community (yuan)"), 14),
        (_("Source of the funding"), 20),
        (_("From"), 12),
        (_("Until"), 12),
        (_("Last day in force"), 12),
        (_("Requested"), 17),
        (_("Decided"), 17),
        (_("Reason of the decision"), 30),
    ]
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet(_("Work items"))
    bold = book.add_format({"bold": True})
    money = book.add_format({"num_format": "#,##0.00"})
    hours = book.add_format({"num_format": "0.00"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    moment = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    for col, (heading, width) in enumerate(columns):
        sheet.write_string(0, col, str(heading), bold)
        sheet.set_column(col, col, width)
    sheet.freeze_panes(1, 0)
    yes, no = _("Yes"), _("No")
    row = 0
    rows = with_community_counts(items).select_related("decider").order_by("-requested_at", "-id")
    for row, item in enumerate(rows.iterator(chunk_size=500), start=1):
        sheet.write_number(row, 0, item.pk)
        sheet.write_string(row, 1, item.title)
        sheet.write_string(row, 2, item.department)
        sheet.write_string(row, 3, item.decider.name)
        sheet.write_string(row, 4, str(item.get_status_display()))
        sheet.write_string(row, 5, yes if item.is_statutory else no)
        sheet.write_string(row, 6, item.legal_basis)
        sheet.write_number(row, 7, item.community_count)
        sheet.write_number(row, 8, float(item.hours_per_month), hours)
        sheet.write_number(row, 9, float(item.funding), money)
        sheet.write_string(row, 10, item.funding_source)
        sheet.write_datetime(row, 11, item.start_date, day)
        sheet.write_datetime(row, 12, item.end_date, day)
        if item.last_day:
            sheet.write_datetime(row, 13, item.last_day, day)
        sheet.write_datetime(row, 14, timezone.localtime(item.requested_at).replace(tzinfo=None),
                             moment)  # fmt: skip
        if item.decided_at:
            sheet.write_datetime(
                row, 15, timezone.localtime(item.decided_at).replace(tzinfo=None), moment
            )
        sheet.write_string(row, 16, item.decision_note)
    book.close()
    audit_record(AuditAction.EXPORT, actor=user, object_repr=str(_("Work items")),
                 row_count=row)  # fmt: skip
    return out.getvalue()
