"""Reads of topics (议题, R-DLB-2): the topics public to a user (his community's, and those
above and below his nodes), a topic's timeline of steps, its rating, and the 我的议事 section
of topics awaiting the resident's evaluation."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Avg, Count, Exists, OuterRef, Q
from django.utils.translation import gettext as _

from shequ.accounts.roles import MANAGE_DELIBERATION, VIEW_DELIBERATION, VIEW_PUBLIC
from shequ.core.scope import ancestor_paths, subtree_q
from shequ.territory.choices import NodeKind
from shequ.territory.models import Node

from ..config import deliberation_config
from ..models import Motion, MotionStatus, Topic, TopicEvaluation, TopicStep
from ..procedures import Step
from ..services.topics import may_evaluate, topic_steps
from .mine import register_my_section


def topic_list_for(
    *, user, q: str = "", procedure: str = "", step: str = "", state: str = "", community=None
):
    """Topics public to the user (core.scope.public_q), with their mean rating."""
    rows = (
        Topic.objects.public_to(user, VIEW_PUBLIC)
        .select_related("community")
        .annotate(rating_mean=Avg("evaluations__rating"), rating_count=Count("evaluations"))
    )
    if q:
        rows = rows.filter(Q(title__icontains=q) | Q(description__icontains=q))
    if procedure:
        rows = rows.filter(procedure=procedure)
    if step:
        rows = rows.filter(current_step=step)
    if state:
        rows = rows.filter(state=state)
    if community is not None:
        rows = rows.filter(community=community)
    return rows


def topic_get_for(*, user, pk: int) -> Topic:
    return topic_list_for(user=user).get(pk=pk)


@dataclass
class TimelineEntry:
    position: int
    step: Step
    status: str  # done, next, pending
    event: TopicStep | None = None
    documents: list = field(default_factory=list)


def topic_timeline(topic: Topic) -> list[TimelineEntry]:
    """Every step of the topic in order: those done with their record (who, when, what was
    decided, the motion, the documents), the next one, and those still ahead. Two queries."""
    events = {
        e.position: e
        for e in TopicStep.objects.filter(topic=topic)
        .select_related("motion__meeting__body", "actor", "publication")
        .prefetch_related("documents")
    }
    out = []
    for position, step in enumerate(topic_steps(topic)):
        event = events.get(position)
        if event is not None:
            status = "done"
        elif position == topic.done:
            status = "next"
        else:
            status = "pending"
        out.append(TimelineEntry(position, step, status, event,
                                 list(event.documents.all()) if event else []))  # fmt: skip
    return out


def topic_rating(topic: Topic) -> dict:
    row = TopicEvaluation.objects.filter(topic=topic).aggregate(
        mean=Avg("rating"), count=Count("id")
    )
    return {"mean": row["mean"], "count": row["count"]}


def topic_evaluations(topic: Topic, *, limit: int = 50):
    return TopicEvaluation.objects.filter(topic=topic).order_by("-created_at", "-id")[:limit]


def own_evaluation(user, topic: Topic):
    person_id = getattr(user, "person_id", None)
    if not person_id:
        return None
    return TopicEvaluation.objects.filter(topic=topic, person_id=person_id).first()


def topic_steps_in_use(*, user) -> list[tuple[str, str]]:
    """(code, name) of the current steps of the topics the user sees, for the step filter."""
    from ..procedures import procedures

    names = {s.code: s.label for p in procedures().values() for s in p.steps}
    codes = (
        topic_list_for(user=user).exclude(current_step="").order_by()
        .values_list("current_step", flat=True).distinct()
    )  # fmt: skip
    return sorted(((c, names.get(c, c)) for c in codes), key=lambda item: item[1])


def topics_awaiting_evaluation(user, person):
    """Topics of the person's community whose outcome is published and that he has not rated."""
    if person is None:
        return Topic.objects.none()
    rated = TopicEvaluation.objects.filter(topic=OuterRef("pk"), person=person)
    return (
        Topic.objects.public_to(user, VIEW_PUBLIC)
        .filter(community__path__in=ancestor_paths(person.node.path),
                evaluation_opened_at__isnull=False)
        .exclude(Exists(rated))
        .select_related("community")
        .order_by("-evaluation_opened_at", "-id")
    )  # fmt: skip


@register_my_section
def my_topics_to_evaluate(user, person):
    rows = [t for t in topics_awaiting_evaluation(user, person)[:20] if may_evaluate(user, t)]
    if not rows:
        return None
    return {"title": _("Topics awaiting your evaluation"),
            "template": "deliberation/topics/_mine.html", "context": {"topics": rows},
            "order": 30}  # fmt: skip


def topic_communities_for(*, user, perm: str = MANAGE_DELIBERATION):
    """The communities where the user may open topics."""
    return Node.objects.visible_to(user, perm).filter(kind=NodeKind.COMMUNITY).order_by("path")


def motion_choices_for(*, user, topic: Topic, step: Step):
    """The passed motions the next step may cite: of bodies of the step's kind (for the
    deciding step of a matter affecting all residents, of the bodies that may decide for all)
    at, above or below the topic's community, that the user sees."""
    if not step.motion:
        return Motion.objects.none()
    if step.decides and topic.affects_all_residents:
        kinds = deliberation_config()["bodies"]["all_residents_bodies"]
    else:
        kinds = [step.body_kind]
    path = topic.community.path
    return (
        Motion.objects.visible_to(user, VIEW_DELIBERATION)
        .filter(status=MotionStatus.PASSED, meeting__body__kind__in=kinds)
        .filter(subtree_q("meeting__body__node__path", path)
                | Q(meeting__body__node__path__in=ancestor_paths(path)))
        .exclude(topic_steps__topic=topic)
        .select_related("meeting__body")
        .order_by("-meeting__starts_at", "-id")
    )  # fmt: skip
