"""Writes of residents' requests: intake (``case_submit``), the one transition service
(``case_transition``), first contact, and the deadlines that follow from a category's limits."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shequ.accounts.roles import APPROVE_CASE, HANDLE_CASE, RECORD_CASE
from shequ.core import crypto, pii
from shequ.core.models import NotificationChannel
from shequ.core.notify import notify
from shequ.core.workdays import Calendar

from . import attachments as case_files
from . import figures, routing, workflow
from .attributes import attributes_clean
from .choices import FINAL_STATUSES, CaseStatus, Channel, LimitUnit, RatingSource
from .models import Case, CaseCategory, CaseEvent, Handler

# ----------------------------------------------------------------------------- deadlines


def limits_for(category: CaseCategory | None) -> tuple[str, int, int, int]:
    """(unit, accept, contact, resolve) of a category: its own, else its nearest ancestor's,
    else the deployment's defaults (``SHEQU_CASE_DEFAULT_LIMITS``), field by field."""
    defaults = settings.SHEQU_CASE_DEFAULT_LIMITS
    found = {"unit": "", "accept": None, "contact": None, "resolve": None}
    seen = set()
    while category is not None and category.pk not in seen:
        seen.add(category.pk)
        for key, value in (
            ("unit", category.limit_unit),
            ("accept", category.accept_limit),
            ("contact", category.contact_limit),
            ("resolve", category.resolve_limit),
        ):
            if found[key] in (None, "") and value not in (None, ""):
                found[key] = value
        category = category.parent
    return (
        found["unit"] or defaults["unit"],
        found["accept"] if found["accept"] is not None else defaults["accept"],
        found["contact"] if found["contact"] is not None else defaults["contact"],
        found["resolve"] if found["resolve"] is not None else defaults["resolve"],
    )


def due_after(calendar: Calendar, start: dt.datetime, amount: int, unit: str) -> dt.datetime:
    if unit == LimitUnit.WORK_DAYS:
        return calendar.add_work_days(start, amount)
    if unit == LimitUnit.WORK_HOURS:
        return calendar.add_work_hours(start, amount)
    return start + dt.timedelta(hours=amount)


def _set_deadlines(case: Case, calendar: Calendar, *, since: dt.datetime) -> None:
    unit, accept, contact, resolve = limits_for(case.category)
    case.due_accept_at = due_after(calendar, case.received_at, accept, unit)
    case.due_contact_at = due_after(calendar, since, contact, unit)
    case.due_resolve_at = due_after(calendar, since, resolve, unit)


# ----------------------------------------------------------------------------- intake


def requester_sealed(name: str, phone: str) -> dict:
    """The requester's fields as a case stores them: name and phone encrypted, the phone
    blind-indexed for the caller lookup, both masked for display (empty when not given)."""
    return {
        "requester_name_enc": crypto.encrypt(name) if name else "",
        "requester_name_masked": pii.mask_name(name),
        "requester_phone_enc": crypto.encrypt(phone) if phone else "",
        "requester_phone_bidx": crypto.blind_index(phone) if phone else "",
        "requester_phone_masked": pii.mask_e164(phone),
    }


def case_submit(
    *,
    actor,
    channel: str,
    title: str,
    description: str,
    node,
    category: CaseCategory | None = None,
    place: str = "",
    latitude=None,
    longitude=None,
    requester_name: str = "",
    requester_phone: str = "",
    person=None,
    wants_reply: bool = True,
    received_at: dt.datetime | None = None,
    attributes: dict | None = None,
    token: str | None = None,
    suggestion: dict | None = None,
    attachments: Sequence = (),
) -> Case:
    """Record a request from any channel. Staff need the recording permission in the place's
    area; a resident records his own through the web channel; nobody logged in may too, with
    a phone to be answered on. ``attachments`` (uploaded files) are checked first and saved
    with the case, or nothing is saved."""
    errors: dict[str, str] = {}
    title, description = (title or "").strip(), (description or "").strip()
    if channel not in Channel.values:
        errors["channel"] = _("Choose the channel.")
    if not description:
        errors["description"] = _("Describe the request.")
    if not title:
        title = description[:40]
    phone = ""
    if requester_phone:
        try:
            phone = pii.normalize_phone(requester_phone)
        except ValidationError as exc:
            errors["requester_phone"] = exc.messages[0]
    staff = actor is not None and actor.is_authenticated and actor.has_perm(RECORD_CASE, node)
    requester_user = None
    if not staff:
        if channel != Channel.WEB:
            raise PermissionDenied(_("Only staff record requests from this channel."))
        if actor is not None and actor.is_authenticated:
            requester_user = actor
        elif not phone and "requester_phone" not in errors:
            errors["requester_phone"] = _("Give a phone number so that we can answer you.")
    try:
        answers = attributes_clean(category, attributes)
    except ValidationError as exc:
        errors.update({k: v[0] for k, v in exc.message_dict.items()})
    files: list = []
    try:
        files = case_files.attachments_check(attachments)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    received = received_at or now
    requester_name = (requester_name or "").strip()
    if suggestion is None:
        # what routing makes of the text (category, handler, likely duplicates, and why): shown
        # to whoever accepts the case, who may take it or choose otherwise
        suggestion = routing.route_suggest(text=f"{title} {description}", node=node, at=received)
    case = Case(
        channel=channel,
        category=category,
        title=title[:200],
        description=description,
        node=node,
        place=(place or "").strip()[:200],
        latitude=latitude,
        longitude=longitude,
        person=person,
        requester_user=requester_user,
        **requester_sealed(requester_name, phone),
        wants_reply=wants_reply,
        attributes=answers,
        token=token,
        suggestion=suggestion or {},
        received_at=received,
        created_by=actor if staff else None,
    )
    _set_deadlines(case, Calendar.load(), since=received)
    with transaction.atomic():
        case.save()
        case.number = f"{timezone.localtime(received):%Y%m%d}{case.pk:06d}"
        case.save(update_fields=["number"])
        figures.figures_track(None, figures.contribution(case))
        # the files are part of the submission: named in its step, not a step of their own
        saved = case_files.attachments_store(
            case=case, files=files, actor=actor if staff else None, event=False
        )
        attached = {"attachments": [a.pk for a in saved]} if saved else {}
        _event(case, "submit", "", CaseStatus.RECEIVED, actor=actor if staff else None, at=now,
               data={"channel": channel, **attached})  # fmt: skip
        _tell_requester(case, _("Your request %(number)s has been received.") % _n(case))
    return case


# ----------------------------------------------------------------------------- steps

_RATING_SALT = "shequ.cases.rating-link"


def rating_link_token(case: Case) -> str:
    """A signed token letting the requester rate his case from the link in his SMS, without
    an account (FixMyStreet's questionnaire, R-CASE-2)."""
    return signing.dumps({"case": case.pk}, salt=_RATING_SALT, compress=True)


def rating_link_case_id(token: str) -> int | None:
    """The case a rating token names, or None when it is forged or expired."""
    try:
        data = signing.loads(
            token, salt=_RATING_SALT, max_age=dt.timedelta(days=settings.SHEQU_RATING_LINK_DAYS)
        )
    except signing.BadSignature:
        return None
    return data.get("case") if isinstance(data, dict) else None


def rating_link_url(case: Case) -> str:
    path = reverse("cases:rate_link", args=[rating_link_token(case)])
    return settings.SHEQU_SITE_URL.rstrip("/") + path


def _n(case: Case) -> dict:
    return {"number": case.number}


def _event(case, verb, source, target, *, actor=None, at, note="", approver=None, data=None):
    return CaseEvent.objects.create(
        case=case,
        at=at,
        verb=verb,
        from_status=source,
        to_status=target,
        actor=actor,
        actor_name=actor.get_username() if actor is not None else "",
        approver=approver,
        note=note,
        data=data or {},
    )


def _tell_requester(case: Case, text: str) -> None:
    """Tell the requester through the channel he came by: in the platform when he has an
    account, by SMS when he left a phone; nothing when he asked for no reply."""
    if not case.wants_reply:
        return
    subject = str(text)
    if case.requester_user_id:
        notify(
            channel=NotificationChannel.IN_APP,
            user=case.requester_user,
            subject=subject,
            obj=case,
        )
    elif case.requester_phone_enc:
        notify(
            channel=NotificationChannel.SMS,
            address=crypto.decrypt(case.requester_phone_enc),
            subject=subject,
            obj=case,
        )


_MESSAGES = {
    "accept": gettext_lazy("Your request %(number)s has been accepted."),
    "reject": gettext_lazy(
        "Your request %(number)s is not one we can handle; the reason is on its page."
    ),
    "duplicate": gettext_lazy("Your request %(number)s repeats one already being handled."),
    "merge": gettext_lazy(
        "Your request %(number)s has been merged with another on the same matter."
    ),
    "assign": gettext_lazy(
        "Your request %(number)s has been passed to the one who will handle it."
    ),
    "start": gettext_lazy("Your request %(number)s is being handled."),
    "send_back": gettext_lazy("Your request %(number)s is being passed to another handler."),
    "postpone": gettext_lazy(
        "Your request %(number)s needs more time; the new date is on its page."
    ),
    "resume": gettext_lazy("Your request %(number)s is being handled again."),
    "reply": gettext_lazy("Your request %(number)s has been answered; please rate the answer."),
    "rate": gettext_lazy("Thank you for rating request %(number)s."),
    "reopen": gettext_lazy("Your request %(number)s has been reopened."),
    "close": gettext_lazy("Your request %(number)s is closed."),
}


def case_transition(
    *,
    case: Case,
    to: str,
    actor,
    note: str = "",
    approver=None,
    handler: Handler | None = None,
    category: CaseCategory | None = None,
    duplicate_of: Case | None = None,
    reply: str = "",
    rating: str = "",
    solved: bool | None = None,
    extension_days: int | None = None,
    requester_token: str = "",
) -> Case:
    """Move a case one step along the table: lock the row, check the step, the permission
    and what the step needs, apply it, write its event, and tell the requester on commit.
    Nothing else assigns ``Case.status``."""
    with transaction.atomic():
        case = (
            Case.objects.select_for_update(of=("self",))
            .select_related("category", "node")
            .get(pk=case.pk)
        )
        source = case.status
        step = workflow.transition_for(source, to)
        if step is None:
            raise ValidationError(
                {
                    "status": _("A case that is %(source)s cannot become %(target)s.")
                    % {
                        "source": CaseStatus(source).label,
                        "target": CaseStatus(to).label if to in CaseStatus.values else to,
                    }
                }
            )
        by_link = (
            step.verb == "rate"
            and bool(requester_token)
            and rating_link_case_id(requester_token) == case.pk
        )
        if not by_link and (actor is None or not actor.has_perm(step.perm, case)):
            raise PermissionDenied(_("You may not take this step on this case."))
        category = category or (case.category if step.verb == "accept" else None)
        errors = workflow.missing(
            step,
            workflow.StepInput(
                note=note or "",
                approver_id=approver.pk if approver is not None else None,
                actor_id=actor.pk if actor is not None else None,
                handler_id=handler.pk if handler is not None else None,
                category_id=category.pk if category is not None else None,
                duplicate_of_id=duplicate_of.pk if duplicate_of is not None else None,
                case_id=case.pk,
                reply=reply or "",
                rating=rating or "",
                solved=solved,
                extension_days=extension_days,
                last_rating=case.rating,
                wants_reply=case.wants_reply,
            ),
        )
        if approver is not None and "approver" not in errors and workflow.APPROVER in step.needs:
            if not approver.has_perm(APPROVE_CASE, case):
                errors["approver"] = _("The approver may not approve steps on this case.")
        if handler is not None and not handler.is_active:
            errors["handler"] = _("This handler no longer takes cases.")
        if duplicate_of is not None and "duplicate_of" not in errors:
            if duplicate_of.status in (CaseStatus.DUPLICATE, CaseStatus.MERGED):
                errors["duplicate_of"] = _("Name the original case, not another duplicate.")
        if errors:
            raise ValidationError(errors)
        now = timezone.now()
        area = figures.area_of(case)
        before = figures.contribution(case, area)
        fields = _apply(case, step, now=now, note=note, handler=handler, category=category,
                        duplicate_of=duplicate_of, reply=reply, rating=rating, actor=actor,
                        extension_days=extension_days, solved=solved,
                        by_link=by_link)  # fmt: skip
        case.status = step.target
        case.save(update_fields=["status", "updated_at", *fields])
        figures.figures_track(before, figures.contribution(case, area))
        _event(case, step.verb, source, step.target, actor=actor, at=now, note=note,
               approver=approver if workflow.APPROVER in step.needs else None,
               data=_event_data(step, handler, category, duplicate_of, rating,
                                extension_days) | ({"by": "rating_link"} if by_link else {}),
               )  # fmt: skip
        text = str(_MESSAGES[step.verb]) % _n(case)
        if step.verb == "reply" and not case.requester_user_id:
            # no account to log in with: the SMS carries a link to rate the answer
            text = f"{text} {rating_link_url(case)}"
        _tell_requester(case, text)
    return case


def _event_data(step, handler, category, duplicate_of, rating, extension_days) -> dict:
    data = {}
    if handler is not None and workflow.HANDLER in step.needs:
        data["handler"] = {"id": handler.pk, "name": handler.name}
    if category is not None and workflow.CATEGORY in step.needs:
        data["category"] = {"id": category.pk, "name": category.name}
    if duplicate_of is not None and workflow.DUPLICATE_OF in step.needs:
        data["duplicate_of"] = {"id": duplicate_of.pk, "number": duplicate_of.number}
    if rating and workflow.RATING in step.needs:
        data["rating"] = rating
    if extension_days and workflow.EXTENSION in step.needs:
        data["extension_days"] = extension_days
    return data


def _apply(case: Case, step, *, now, note, handler, category, duplicate_of, reply, rating,
           actor, extension_days, solved, by_link=False) -> list[str]:  # fmt: skip
    """The effect of a step on the case's fields; the names of the fields it changed."""
    verb = step.verb
    if verb == "accept":
        changed = category.pk != case.category_id
        case.category, case.accepted_at = category, now
        fields = ["category", "accepted_at"]
        if changed:
            _set_deadlines(case, Calendar.load(), since=case.received_at)
            fields += ["due_accept_at", "due_contact_at", "due_resolve_at"]
        return fields
    if verb in ("reject", "duplicate", "merge"):
        case.closed_at = now
        if verb != "reject":
            case.duplicate_of = duplicate_of
            return ["closed_at", "duplicate_of"]
        return ["closed_at"]
    if verb == "assign":
        case.handler, case.assigned_at = handler, now
        return ["handler", "assigned_at"]
    if verb == "send_back":
        case.handler, case.assigned_at = None, None
        return ["handler", "assigned_at"]
    if verb == "postpone":
        calendar = Calendar.load()
        case.due_resolve_at = calendar.add_work_days(case.due_resolve_at or now, extension_days)
        return ["due_resolve_at"]
    if verb == "reply":
        case.reply, case.replied_at = reply.strip(), now
        if case.first_contact_at is None:
            case.first_contact_at = now
            return ["reply", "replied_at", "first_contact_at"]
        return ["reply", "replied_at"]
    if verb == "rate":
        case.rating, case.rated_at, case.rating_resolved = rating, now, solved
        is_requester = by_link or (
            actor is not None
            and case.requester_user_id is not None
            and case.requester_user_id == actor.pk
        )
        case.rating_source = RatingSource.REQUESTER if is_requester else RatingSource.FOLLOW_UP
        return ["rating", "rated_at", "rating_source", "rating_resolved"]
    if verb == "reopen":
        # The earlier reply and rating stay in the events; the case is answered afresh and
        # has a new resolution date counted from now.
        unit, _accept, _contact, resolve = limits_for(case.category)
        case.reopen_count += 1
        case.rating, case.rating_source, case.rated_at, case.replied_at = "", "", None, None
        case.rating_resolved = None
        case.due_resolve_at = due_after(Calendar.load(), now, resolve, unit)
        return ["reopen_count", "rating", "rating_source", "rated_at", "replied_at",
                "rating_resolved", "due_resolve_at"]  # fmt: skip
    if verb == "close":
        case.closed_at = now
        return ["closed_at"]
    return []  # start, resume: the status says it all


def case_contact(*, case: Case, actor, note: str = "") -> Case:
    """Record the first contact with the requester (the response rate counts it)."""
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if case.status in FINAL_STATUSES:
            raise ValidationError({"status": _("The case is closed.")})
        if actor is None or not actor.has_perm(HANDLE_CASE, case):
            raise PermissionDenied(_("You may not take this step on this case."))
        now = timezone.now()
        if case.first_contact_at is None:
            area = figures.area_of(case)
            before = figures.contribution(case, area)
            case.first_contact_at = now
            case.save(update_fields=["first_contact_at", "updated_at"])
            figures.figures_track(before, figures.contribution(case, area))
        _event(case, "contact", case.status, case.status, actor=actor, at=now, note=note)
    return case
