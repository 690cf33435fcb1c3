"""Procedures as templates (R-DLB-2): each built-in template walked end to end, a skipped or
reordered step refused naming the step expected, the all-residents matter refused by a
smaller body and accepted by the residents' assembly (R-DLB-3), and a deployment's own
template."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from shequ.deliberation.choices import BodyKind
from shequ.deliberation.models import (
    Meeting,
    MeetingStatus,
    Motion,
    MotionStatus,
    Publication,
    PublicationKind,
)
from shequ.deliberation.models.topics import TopicState
from shequ.deliberation.procedures import procedure_get, procedures
from shequ.deliberation.services.board import publications_about
from shequ.deliberation.services.bodies import body_create
from shequ.deliberation.services.topics import topic_create, topic_step_complete

pytestmark = pytest.mark.django_db


def pdf(name="minutes.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n% minutes\n", content_type="application/pdf")


def passed_motion(body, title="议案", status=MotionStatus.PASSED):
    meeting = Meeting.objects.create(body=body, title=f"{body.name}会议", starts_at=timezone.now(),
                                     status=MeetingStatus.CLOSED)  # fmt: skip
    return Motion.objects.create(meeting=meeting, title=title, status=status)


@pytest.fixture
def more(territory, bodies):
    """The bodies the templates name beyond those of the shared fixture."""
    c1 = territory.c1
    return {
        kind: body_create(node=c1, kind=kind, name=f"东一社区{kind}")
        for kind in (BodyKind.JOINT_COMMITTEES, BodyKind.PARTY_MEMBERS_ASSEMBLY,
                     BodyKind.JOINT_UNITS, BodyKind.SUPERVISION_COMMITTEE)
    }  # fmt: skip


def walk(topic, plan):
    """Complete each (step, motion, documents) in turn; return the step records."""
    return [
        topic_step_complete(
            topic=topic, step=step, decision=f"{step} 决定", motion=motion, documents=docs
        )  # fmt: skip
        for step, motion, docs in plan
    ]


def test_four_deliberations_two_disclosures_walked_end_to_end(territory, bodies, more):
    topic = topic_create(community=territory.c1, title="加装电梯", procedure="four_two")
    assert [s["code"] for s in topic.steps] == [
        "branch_proposes", "committees_discuss", "members_review", "representatives_decide",
        "decision_published", "outcome_published",
    ]  # fmt: skip
    events = walk(topic, [
        ("branch_proposes", None, ()),
        ("committees_discuss", passed_motion(more[BodyKind.JOINT_COMMITTEES]), ()),
        ("members_review", passed_motion(more[BodyKind.PARTY_MEMBERS_ASSEMBLY]), ()),
        ("representatives_decide", passed_motion(bodies.reps), ()),
        ("decision_published", None, ()),
        ("outcome_published", None, [pdf()]),
    ])  # fmt: skip
    topic.refresh_from_db()
    assert topic.state == TopicState.COMPLETED and topic.done == 6 and topic.current_step == ""
    assert [e.position for e in events] == list(range(6))
    assert events[3].motion.meeting.body == bodies.reps
    assert events[5].documents.get().content_type == "application/pdf"
    assert topic.evaluation_opened_at is not None
    kinds = list(publications_about(topic).order_by("id").values_list("kind", "node"))
    assert kinds == [(PublicationKind.DECISION, territory.c1.pk),
                     (PublicationKind.OUTCOME, territory.c1.pk)]  # fmt: skip


def test_five_step_method_walked_end_to_end(territory, bodies, more):
    topic = topic_create(community=territory.c1, title="小区停车", procedure="five_steps")
    walk(topic, [("raised_in_public", None, ())])
    assert publications_about(topic).get().kind == PublicationKind.TOPIC
    walk(topic, [("joint_discussion", None, ())])
    walk(topic, [("decided_by_vote", passed_motion(bodies.reps), ())])
    topic.refresh_from_db()
    assert topic.state == TopicState.DECIDED and topic.current_step == "carried_out"
    walk(topic, [("carried_out", None, [pdf("photos.pdf")]), ("supervised", None, ())])
    topic.refresh_from_db()
    assert topic.state == TopicState.COMPLETED and topic.evaluation_opened_at is not None
    assert publications_about(topic).count() == 3


def test_skipping_a_step_is_refused_naming_the_step_expected(territory, bodies, more):
    topic = topic_create(community=territory.c1, title="加装电梯", procedure="four_two")
    walk(topic, [("branch_proposes", None, ())])
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        topic_step_complete(
            topic=topic,
            step="members_review",
            decision="审议通过",
            motion=passed_motion(more[BodyKind.PARTY_MEMBERS_ASSEMBLY]),
        )
    assert refused.value.message_dict["step"] == ["The next step should be: Two committees discuss"]
    assert refused.value.error_dict["step"][0].code == "out_of_order"
    topic.refresh_from_db()
    assert topic.done == 1 and topic.events.count() == 1


def test_a_step_done_again_or_out_of_order_is_refused(territory, bodies, more):
    topic = topic_create(community=territory.c1, title="小区停车", procedure="five_steps")
    walk(topic, [("raised_in_public", None, ()), ("joint_discussion", None, ())])
    for step in ("raised_in_public", "joint_discussion", "carried_out", "supervised"):
        with translation.override("en"), pytest.raises(ValidationError) as refused:
            topic_step_complete(topic=topic, step=step, decision="x")
        assert refused.value.message_dict["step"] == ["The next step should be: Decided by vote"]
    topic.refresh_from_db()
    assert topic.done == 2


def test_a_finished_topic_takes_no_step(territory, bodies, more):
    topic = topic_create(community=territory.c1, title="小区停车", procedure="five_steps")
    walk(topic, [("raised_in_public", None, ()), ("joint_discussion", None, ()),
                 ("decided_by_vote", passed_motion(bodies.reps), ()),
                 ("carried_out", None, [pdf()]), ("supervised", None, ())])  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        topic_step_complete(topic=topic, step="supervised", decision="again")
    assert refused.value.error_dict["step"][0].code == "completed"


def test_a_step_needing_a_motion_wants_a_passed_one_of_its_body_kind(territory, bodies, more):
    topic = topic_create(community=territory.c1, title="加装电梯", procedure="four_two")
    walk(topic, [("branch_proposes", None, ())])
    joint = more[BodyKind.JOINT_COMMITTEES]
    for motion in (None, passed_motion(bodies.council), passed_motion(joint, status="failed"),
                   passed_motion(joint, status=MotionStatus.VOTING)):  # fmt: skip
        with pytest.raises(ValidationError) as refused:
            topic_step_complete(topic=topic, step="committees_discuss", decision="商议",
                                motion=motion)  # fmt: skip
        assert set(refused.value.message_dict) == {"motion"}
    other = body_create(node=territory.c2, kind=BodyKind.JOINT_COMMITTEES, name="东二两委")
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        topic_step_complete(topic=topic, step="committees_discuss", decision="商议",
                            motion=passed_motion(other))  # fmt: skip
    assert "community" in refused.value.message_dict["motion"][0]
    topic_step_complete(topic=topic, step="committees_discuss", decision="商议",
                        motion=passed_motion(joint))  # fmt: skip


def test_decision_text_and_documents_are_required_where_named(territory, bodies, more):
    topic = topic_create(community=territory.c1, title="小区停车", procedure="five_steps")
    with pytest.raises(ValidationError) as refused:
        topic_step_complete(topic=topic, step="raised_in_public", decision="  ")
    assert set(refused.value.message_dict) == {"decision"}
    walk(topic, [("raised_in_public", None, ()), ("joint_discussion", None, ()),
                 ("decided_by_vote", passed_motion(bodies.reps), ())])  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        topic_step_complete(topic=topic, step="carried_out", decision="已实施")
    assert set(refused.value.message_dict) == {"documents"}
    exe = SimpleUploadedFile("virus.exe", b"MZ\x90\x00binary", content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        topic_step_complete(topic=topic, step="carried_out", decision="已实施", documents=[exe])
    assert "virus.exe" in refused.value.message_dict["documents"][0]
    topic.refresh_from_db()
    assert topic.done == 3


def test_a_matter_affecting_all_residents_is_refused_to_a_smaller_body(territory, bodies, more):
    topic = topic_create(community=territory.c1, title="小区物业选聘", procedure="four_two",
                         affects_all_residents=True)  # fmt: skip
    walk(topic, [
        ("branch_proposes", None, ()),
        ("committees_discuss", passed_motion(more[BodyKind.JOINT_COMMITTEES]), ()),
        ("members_review", passed_motion(more[BodyKind.PARTY_MEMBERS_ASSEMBLY]), ()),
    ])  # fmt: skip
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        topic_step_complete(topic=topic, step="representatives_decide", decision="通过",
                            motion=passed_motion(bodies.reps))  # fmt: skip
    assert refused.value.message_dict["motion"] == [
        "A matter affecting all residents must be decided by Residents' assembly, "
        "not by 东一社区居民代表会议."
    ]
    for smaller in (bodies.council, bodies.committee):
        with pytest.raises(ValidationError):
            topic_step_complete(topic=topic, step="representatives_decide", decision="通过",
                                motion=passed_motion(smaller))  # fmt: skip
    topic.refresh_from_db()
    assert topic.done == 3
    event = topic_step_complete(topic=topic, step="representatives_decide", decision="通过",
                                motion=passed_motion(bodies.assembly))  # fmt: skip
    assert event.motion.meeting.body == bodies.assembly
    topic.refresh_from_db()
    assert topic.state == TopicState.DECIDED


def test_the_same_step_with_an_ordinary_matter_is_decided_by_the_representatives(
    territory, bodies, more
):
    topic = topic_create(community=territory.c1, title="楼道清理", procedure="five_steps")
    walk(topic, [("raised_in_public", None, ()), ("joint_discussion", None, ()),
                 ("decided_by_vote", passed_motion(bodies.reps), ())])  # fmt: skip
    topic.refresh_from_db()
    assert topic.state == TopicState.DECIDED


def test_a_running_topic_keeps_the_steps_it_was_opened_with(territory, settings):
    custom = {"name": "议事会先议", "steps": [
        {"code": "council_discusses", "name": "居民议事会商议", "performer": "council"},
        {"code": "published", "name": "结果公开", "performer": "residents_committee",
         "publish": "decision"},
    ]}  # fmt: skip
    settings.SHEQU_DELIBERATION = {"procedures": {"council_first": custom}}
    topic = topic_create(community=territory.c1, title="议事", procedure="council_first")
    assert [s.code for s in procedure_get("council_first").steps] == [
        "council_discusses",
        "published",
    ]
    changed = {**custom, "steps": [{"code": "other", "name": "另一步",
                                    "performer": "council"}]}  # fmt: skip
    settings.SHEQU_DELIBERATION = {"procedures": {"council_first": changed}}
    assert [s.code for s in procedure_get("council_first").steps] == ["other"]
    topic.refresh_from_db()
    topic_step_complete(topic=topic, step="council_discusses", decision="商议")
    topic_step_complete(topic=topic, step="published", decision="公开")
    topic.refresh_from_db()
    assert topic.state == TopicState.COMPLETED
    assert Publication.objects.filter(kind=PublicationKind.DECISION).count() == 1


def test_a_deployment_template_with_a_fault_is_refused_naming_it(settings):
    settings.SHEQU_DELIBERATION = {"procedures": {"bad": {"name": "坏", "steps": [
        {"code": "a", "name": "甲", "performer": "mayor"}]}}}  # fmt: skip
    with pytest.raises(ImproperlyConfigured, match=r"\[procedures.bad\] step 1: performer"):
        procedures()


def test_a_deployment_template_can_come_from_its_toml_file(territory, settings, tmp_path):
    path = tmp_path / "deliberation.toml"
    path.write_text(
        '[procedures.simple]\nname = "简易程序"\n'
        '[[procedures.simple.steps]]\ncode = "decide"\nname = "议事会决定"\n'
        'performer = "council"\nmotion = true\ndecides = true\n',
        encoding="utf-8",
    )
    settings.SHEQU_DELIBERATION_CONFIG = str(path)
    assert {"four_two", "five_steps", "simple"} <= set(procedures())
    step = procedure_get("simple").steps[0]
    assert (step.body_kind, step.decides) == ("council", True)
