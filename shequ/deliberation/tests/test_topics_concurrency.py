"""Writers racing on one topic or proposal keep one record, proven on PostgreSQL: the same
step recorded by several workers at once, the same resident co-signing or rating at once."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from shequ.core.testing import race
from shequ.deliberation.models import ProposalSignature, TopicEvaluation, TopicStep
from shequ.deliberation.services.proposals import proposal_sign, proposal_submit
from shequ.deliberation.services.topics import (
    topic_create,
    topic_evaluate,
    topic_step_complete,
)

from .topics_fixtures import five_steps_to_the_end, reps_of, resident_user

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrency is proven on PostgreSQL; SQLite runs one writer at a time",
    ),
    pytest.mark.django_db(transaction=True),
]

N = 8


def _errors(outcomes):
    unexpected = [e for _r, e in outcomes if e is not None and not isinstance(e, ValidationError)]
    assert not unexpected, unexpected
    return sum(e is None for _r, e in outcomes)


def test_one_step_recorded_at_once_by_several_workers_is_kept_once(territory, cast):
    topic = topic_create(community=territory.c1, title="并发", procedure="five_steps")
    outcomes = race(*[
        lambda: topic_step_complete(actor=cast.community_worker, topic=topic,
                                    step="raised_in_public", decision="公示")
        for _ in range(N)
    ])  # fmt: skip
    assert _errors(outcomes) == 1
    assert TopicStep.objects.filter(topic=topic).count() == 1
    topic.refresh_from_db()
    assert topic.done == 1


def test_one_resident_signing_or_rating_at_once_is_counted_once(territory, cast):
    wang = resident_user(territory, "wang", "C1G1")
    li = resident_user(territory, "li", "C1G2")
    proposal = proposal_submit(actor=wang, title="并发附议", text="建议。")
    assert _errors(race(*[lambda: proposal_sign(actor=li, proposal=proposal)
                          for _ in range(N)])) == 1  # fmt: skip
    assert ProposalSignature.objects.filter(proposal=proposal).count() == 1
    topic = topic_create(community=territory.c1, title="并发评议", procedure="five_steps")
    five_steps_to_the_end(topic, reps_of(territory.c1))
    assert _errors(race(*[lambda: topic_evaluate(actor=li, topic=topic, rating=4)
                          for _ in range(N)])) == 1  # fmt: skip
    assert TopicEvaluation.objects.filter(topic=topic).count() == 1
