"""Writes of topics (议题, R-DLB-2): opening a topic under a procedure (its steps copied), the
one transition service recording each step in order, and the residents' evaluation."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shequ.accounts.roles import MANAGE_DELIBERATION, RECORD_DELIBERATION, VIEW_PUBLIC
from shequ.core.models import AuditAction, audit_record
from shequ.core.perms import check_perm
from shequ.core.scope import path_public_to
from shequ.core.xlsx import xlsx_table
from shequ.territory.choices import NodeKind

from ..models import Motion, MotionStatus, Topic, TopicDocument, TopicEvaluation, TopicStep
from ..models.topics import TopicOrigin, TopicState
from ..procedures import PARTY_ORGANISATION, Step, procedure_get, steps_of
from .board import publish
from .bodies import all_residents_refusal, may_decide_all_residents

DOCUMENTS = "documents"


def _known(actor):
    return actor if actor is not None and actor.is_authenticated else None


@transaction.atomic
def topic_create(
    *, actor=None, community, title: str, description: str = "", procedure: str,
    affects_all_residents: bool = False, origin: str = TopicOrigin.DIRECT,
) -> Topic:  # fmt: skip
    """Open a topic in a community under a procedure; the template's steps are copied, so a
    later change of the template leaves the topic as it is."""
    check_perm(actor, MANAGE_DELIBERATION, community)
    errors: dict[str, str] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = _("Enter a title.")
    template = procedure_get(procedure or "")
    if template is None:
        errors["procedure"] = _("Choose a procedure.")
    if community is None or community.kind != NodeKind.COMMUNITY:
        errors["community"] = _("A topic belongs to a community.")
    if errors:
        raise ValidationError(errors)
    topic = Topic(
        community=community, title=title[:160], description=(description or "").strip(),
        procedure=template.code, procedure_name=template.name, steps=template.snapshot(),
        current_step=template.steps[0].code, affects_all_residents=bool(affects_all_residents),
        origin=origin, opened_by=_known(actor),
    )  # fmt: skip
    topic.save()
    return topic


def topic_steps(topic: Topic) -> list[Step]:
    return steps_of(topic.steps)


def next_step(topic: Topic) -> Step | None:
    steps = topic_steps(topic)
    return steps[topic.done] if topic.done < len(steps) else None


def step_perm(step: Step) -> str:
    """The community party organisation's steps are its staff's (MANAGE); a body's steps are
    recorded by the community's workers (RECORD)."""
    return MANAGE_DELIBERATION if step.performer == PARTY_ORGANISATION else RECORD_DELIBERATION


def _related(body_path: str, community_path: str) -> bool:
    return body_path.startswith(community_path) or community_path.startswith(body_path)


def _check_motion(topic: Topic, step: Step, motion: Motion | None, errors: dict) -> None:
    from ..choices import BodyKind

    if not step.motion:
        if motion is not None:
            errors["motion"] = _("This step takes no motion.")
        return
    if motion is None:
        errors["motion"] = _("This step needs a passed motion of a meeting of %(body)s.") % {
            "body": BodyKind(step.body_kind).label
        }
        return
    body = motion.meeting.body
    if not _related(body.node.path, topic.community.path):
        errors["motion"] = _("The motion's body is not one of this topic's community.")
        return
    if step.decides and topic.affects_all_residents:
        # R-DLB-3: a matter affecting all residents goes to the assembly, whatever body the
        # template names for the deciding step.
        if not may_decide_all_residents(body):
            errors["motion"] = all_residents_refusal(body).messages[0]
            return
    elif body.kind != step.body_kind:
        errors["motion"] = _("The motion must be of a meeting of %(body)s, not of %(other)s.") % {
            "body": BodyKind(step.body_kind).label, "other": body.name,
        }  # fmt: skip
        return
    if motion.status != MotionStatus.PASSED:
        errors["motion"] = _("The motion %(title)s has not passed.") % {"title": motion.title}
    elif topic.events.filter(motion=motion).exists():
        errors["motion"] = _("This motion is already recorded for another step of this topic.")


def _check_documents(uploads: Sequence, step: Step, errors: dict) -> list:
    from shequ.cases.attachments import FIELD, attachments_check

    uploads = [u for u in uploads or () if u]
    if step.documents and not uploads:
        errors[DOCUMENTS] = _("This step needs its documents (minutes, the decision, photos).")
        return []
    try:
        return attachments_check(uploads)
    except ValidationError as exc:
        errors[DOCUMENTS] = " ".join(exc.message_dict.get(FIELD, exc.messages))
        return []


@transaction.atomic
def topic_step_complete(
    *, actor=None, topic: Topic, step: str, decision: str, motion: Motion | None = None,
    documents: Sequence = (),
) -> TopicStep:  # fmt: skip
    """Record step ``step`` of a topic as done: who, when, what was decided, the motion and the
    documents. Only the next step in the procedure's order may be done — a skipped or
    reordered step is refused naming the step expected; the deciding step of a topic affecting
    all residents needs a motion of a body that may decide for all (R-DLB-3); a step that
    publishes posts on the board at the topic's community."""
    topic = Topic.objects.select_for_update().select_related("community").get(pk=topic.pk)
    expected = next_step(topic)
    if expected is None:
        raise ValidationError(
            {"step": ValidationError(_("Every step of this topic is done."), code="completed")}
        )
    check_perm(actor, step_perm(expected), topic)
    if step != expected.code:
        message = _("The next step should be: %(step)s") % {"step": expected.label}
        raise ValidationError({"step": ValidationError(message, code="out_of_order")})
    errors: dict[str, str] = {}
    decision = (decision or "").strip()
    if not decision:
        errors["decision"] = _("Record what was decided or done.")
    _check_motion(topic, expected, motion, errors)
    files = _check_documents(documents, expected, errors)
    if errors:
        raise ValidationError(errors)
    now = timezone.now()
    publication = None
    if expected.publish:
        publication = publish(
            node=topic.community, kind=expected.publish,
            title=f"{topic.title}：{expected.label}", body=decision, subject=topic,
            url=reverse("deliberation:topic_detail", args=[topic.pk]), actor=_known(actor),
        )  # fmt: skip
    previous = topic_steps(topic)[topic.done - 1].code if topic.done else ""
    known = _known(actor)
    try:
        with transaction.atomic():
            event = TopicStep.objects.create(
                topic=topic, position=topic.done, name=expected.name, at=now,
                verb=expected.code, from_status=previous, to_status=expected.code,
                actor=known, actor_name=known.get_username() if known else "", note=decision,
                motion=motion, publication=publication,
                data={"performer": expected.performer, "documents": len(files)},
            )  # fmt: skip
    except IntegrityError:
        # the row lock makes this unreachable in one database; kept for a second writer
        # that bypassed it (a raw import)
        raise ValidationError({"step": _("This step has just been recorded.")}) from None
    _store_documents(event, files, known)
    topic.done += 1
    following = next_step(topic)
    topic.current_step = following.code if following else ""
    if following is None:
        topic.state = TopicState.COMPLETED
    elif expected.decides:
        topic.state = TopicState.DECIDED
    fields = ["done", "current_step", "state", "updated_at"]
    if expected.evaluation and topic.evaluation_opened_at is None:
        topic.evaluation_opened_at = now
        fields.append("evaluation_opened_at")
    topic.save(update_fields=fields)
    return event


def _store_documents(event: TopicStep, files, actor) -> list[TopicDocument]:
    """Write checked files; a file written before a failure is removed again."""
    saved: list[TopicDocument] = []
    try:
        for checked in files:
            document = TopicDocument(
                step=event, original_name=checked.name, content_type=checked.content_type,
                size=len(checked.data), sha256=hashlib.sha256(checked.data).hexdigest(),
                uploaded_by=actor,
            )  # fmt: skip
            document.file.save(f"d{checked.extension}", ContentFile(checked.data), save=False)
            saved.append(document)
            document.save()
    except BaseException:
        for document in saved:
            if document.file.name:
                document.file.storage.delete(document.file.name)
        raise
    return saved


def may_evaluate(user, topic: Topic) -> bool:
    """A resident of the topic's community whose account names his person, once the outcome
    is published (the step that opens the evaluation is done)."""
    person = getattr(user, "person", None)
    return bool(
        topic.evaluation_opened_at
        and person is not None
        and person.node.path.startswith(topic.community.path)
        and path_public_to(user, VIEW_PUBLIC, topic.community.path)
    )


def topic_evaluate(*, actor, topic: Topic, rating, comment: str = "") -> TopicEvaluation:
    """A resident rates the outcome of a topic of his community: 1–5 and a comment, once."""
    if topic.evaluation_opened_at is None:
        raise ValidationError({"rating": _("The outcome is not published yet.")})
    if not may_evaluate(actor, topic):
        raise PermissionDenied(_("Only residents of the community rate its topics."))
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": _("Give a rating from 1 to 5.")})
    try:
        with transaction.atomic():
            return TopicEvaluation.objects.create(
                topic=topic, person=actor.person, rating=rating,
                comment=(comment or "").strip()[:2000],
            )  # fmt: skip
    except IntegrityError:
        message = _("You have already rated this topic.")
        raise ValidationError({"rating": ValidationError(message, code="once")}) from None


def topic_export(*, user, topics) -> bytes:
    """The topics as a workbook; the export is written to the audit trail."""
    columns = [
        (_("Community"), 16), (_("Title"), 36), (_("Procedure"), 20), (_("Origin"), 12),
        (_("Affects all residents"), 10), (_("Steps done"), 8), (_("Current step"), 22),
        (_("State"), 10), (_("Opened"), 17), (_("Mean rating"), 10), (_("Number of ratings"), 8),
    ]  # fmt: skip
    rows = []
    for topic in topics.iterator(chunk_size=500):
        current = next_step(topic)
        rows.append([
            topic.community.name, topic.title, _(topic.procedure_name),
            str(topic.get_origin_display()), topic.affects_all_residents,
            f"{topic.done}/{len(topic.steps)}", current.label if current else "",
            str(topic.get_state_display()), topic.created_at,
            f"{topic.rating_mean:.2f}" if topic.rating_mean is not None else "",
            topic.rating_count,
        ])  # fmt: skip
    content = xlsx_table(_("Topics"), columns, rows)
    audit_record(AuditAction.EXPORT, actor=user, object_repr=str(_("Topics")),
                 row_count=len(rows))  # fmt: skip
    return content
