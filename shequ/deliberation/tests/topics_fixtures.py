"""Helpers of the topic and proposal tests: residents with logins on the shared territory,
passed motions made directly through the models (the vote services are another part's)."""

from __future__ import annotations

from django.utils import timezone

from shequ.accounts.roles import Role
from shequ.conftest import add_person, make_user
from shequ.deliberation.choices import BodyKind
from shequ.deliberation.models import Meeting, MeetingStatus, Motion, MotionStatus
from shequ.deliberation.services.bodies import body_create
from shequ.deliberation.services.topics import topic_step_complete


def resident_user(territory, username: str, grid: str = "C1G1", *, name: str = "",
                  role=Role.RESIDENT):  # fmt: skip
    """A resident living in ``grid``'s first flat, his login holding ``role`` on the grid."""
    person = add_person(territory.flats[grid][0], name or f"居民{username}")
    user = make_user(username, role, territory.grids[grid])
    user.person = person
    user.save(update_fields=["person"])
    return user


def passed_motion(body, title="议案", status=MotionStatus.PASSED):
    meeting = Meeting.objects.create(body=body, title=f"{body.name}会议", starts_at=timezone.now(),
                                     status=MeetingStatus.CLOSED)  # fmt: skip
    return Motion.objects.create(meeting=meeting, title=title, status=status)


def five_steps_to_the_end(topic, reps_body, *, upto: int = 5):
    """Walk a 五步工作法 topic through its first ``upto`` steps (documents where needed)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    plan = [
        ("raised_in_public", None, ()),
        ("joint_discussion", None, ()),
        ("decided_by_vote", passed_motion(reps_body), ()),
        ("carried_out", None, [SimpleUploadedFile("w.pdf", b"%PDF-1.4\n", "application/pdf")]),
        ("supervised", None, ()),
    ]
    for step, motion, docs in plan[:upto]:
        topic_step_complete(topic=topic, step=step, decision=f"{step} 记录", motion=motion,
                            documents=docs)  # fmt: skip
    topic.refresh_from_db()
    return topic


def reps_of(node):
    return body_create(
        node=node, kind=BodyKind.REPRESENTATIVES_ASSEMBLY, name=f"{node.name}代表会议"
    )
