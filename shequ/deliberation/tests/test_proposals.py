"""Proposals (R-DLB-5): submitted by residents and party members, co-signed once per person
and never by the proposer, accepted as a topic or declined with a reason by the community
party organisation; who sees them in which state; the proposer's path on 我的议事."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation

from shequ.accounts.roles import Role
from shequ.deliberation.models import ProposalSignature, Topic
from shequ.deliberation.models.proposals import ProposalKind, ProposalStatus
from shequ.deliberation.models.topics import TopicOrigin
from shequ.deliberation.selectors.mine import my_sections
from shequ.deliberation.selectors.proposals import proposal_list_for, proposal_path
from shequ.deliberation.services.proposals import (
    proposal_accept,
    proposal_decline,
    proposal_sign,
    proposal_submit,
)

from .topics_fixtures import resident_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(territory, cast):
    return {
        "wang": resident_user(territory, "wang", "C1G1", name="王大爷"),
        "li": resident_user(territory, "li", "C1G2", name="李阿姨"),
        "zhao": resident_user(territory, "zhao", "C1G1", name="赵师傅"),
        "far": resident_user(territory, "far", "C2G1", name="远方"),
    }


def submit(user, title="楼道加装扶手"):
    return proposal_submit(actor=user, title=title, text="老人上下楼不便，建议加装扶手。")


def test_a_resident_submits_a_community_proposal_to_his_community(territory, people):
    proposal = submit(people["wang"])
    assert proposal.community == territory.c1
    assert (proposal.kind, proposal.status) == (ProposalKind.RESIDENT, ProposalStatus.SUBMITTED)
    assert proposal.proposer == people["wang"].person and proposal.sign_token


def test_a_party_member_submits_a_party_members_proposal(territory, people):
    from shequ.party.choices import MemberCategory, MembershipStage, OrgKind
    from shequ.party.services.members import member_register
    from shequ.party.services.orgs import org_create

    branch = org_create(parent=None, kind=OrgKind.BRANCH, name="第一支部", code="B1",
                        node=territory.grids["C1G1"])  # fmt: skip
    member_register(person=people["zhao"].person, org=branch, category=MemberCategory.DIRECT,
                    stage=MembershipStage.FULL, joined_on=dt.date(2010, 7, 1),
                    full_on=dt.date(2011, 7, 1))  # fmt: skip
    assert submit(people["zhao"]).kind == ProposalKind.PARTY_MEMBER


def test_a_proposal_needs_a_title_and_a_text_and_a_linked_person(territory, people, cast):
    with pytest.raises(ValidationError) as refused:
        proposal_submit(actor=people["wang"], title=" ", text="")
    assert set(refused.value.message_dict) == {"title", "text"}
    with pytest.raises(ValidationError) as refused:
        submit(cast.resident)  # a login not linked to a resident record
    assert set(refused.value.message_dict) == {"person"}
    auditor = resident_user(territory, "aud", "C1G1", role=Role.UNIT_CONTACT)
    with pytest.raises(PermissionDenied):
        submit(auditor)  # a unit contact reads, does not propose


def test_neighbours_co_sign_once_and_the_proposer_never(territory, people):
    proposal = submit(people["wang"])
    proposal_sign(actor=people["li"], proposal=proposal)
    with pytest.raises(ValidationError) as refused:
        proposal_sign(actor=people["li"], proposal=proposal)
    assert refused.value.error_dict["person"][0].code == "once"
    with pytest.raises(ValidationError) as refused:
        proposal_sign(actor=people["wang"], proposal=proposal)
    assert set(refused.value.message_dict) == {"person"}
    with pytest.raises(PermissionDenied):
        proposal_sign(actor=people["far"], proposal=proposal)  # another community
    with pytest.raises(IntegrityError), transaction.atomic():
        ProposalSignature.objects.create(proposal=proposal, person=people["li"].person)
    assert proposal.signatures.count() == 1


def test_accepting_turns_the_proposal_into_a_topic_under_the_chosen_procedure(
    territory, people, cast
):
    proposal = submit(people["wang"])
    with pytest.raises(PermissionDenied):
        proposal_accept(actor=cast.community_worker, proposal=proposal, procedure="four_two")
    proposal = proposal_accept(actor=cast.community_secretary, proposal=proposal,
                               procedure="four_two", affects_all_residents=True)  # fmt: skip
    topic = proposal.topic
    assert (topic.origin, topic.procedure, topic.community) == (
        TopicOrigin.PROPOSAL,
        "four_two",
        territory.c1,
    )
    assert topic.affects_all_residents and topic.title == proposal.title
    with translation.override("en"):
        labels = [(s["label"], s["done"]) for s in proposal_path(proposal)]
    assert labels == [
        ("Submitted", True),
        ("Accepted as a topic", True),
        ("Topic at step: Party branch proposes", True),
        ("Decided", False),
    ]
    with pytest.raises(ValidationError):
        proposal_decline(actor=cast.community_secretary, proposal=proposal, reason="重复")
    with pytest.raises(ValidationError):
        proposal_sign(actor=people["li"], proposal=proposal)


def test_declining_needs_a_reason_shown_on_the_path(territory, people, cast):
    proposal = submit(people["wang"])
    with pytest.raises(ValidationError) as refused:
        proposal_decline(actor=cast.community_secretary, proposal=proposal, reason=" ")
    assert set(refused.value.message_dict) == {"reason"}
    proposal = proposal_decline(actor=cast.community_secretary, proposal=proposal,
                                reason="属于物业职责，已转物业公司办理。")  # fmt: skip
    assert proposal.status == ProposalStatus.DECLINED
    path = proposal_path(proposal)
    assert path[-1]["note"] == "属于物业职责，已转物业公司办理。" and len(path) == 2
    assert not Topic.objects.exists()


def test_an_unknown_procedure_is_refused_and_nothing_is_lost(territory, people, cast):
    proposal = submit(people["wang"])
    with pytest.raises(ValidationError) as refused:
        proposal_accept(actor=cast.community_secretary, proposal=proposal, procedure="nope")
    assert set(refused.value.message_dict) == {"procedure"}
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED


def test_who_sees_a_proposal_in_which_state(territory, people, cast):
    waiting = submit(people["wang"], "等待答复")
    signed = submit(people["wang"], "已附议")
    proposal_sign(actor=people["zhao"], proposal=signed)
    answered = proposal_decline(actor=cast.community_secretary, proposal=submit(people["wang"],
                                "已答复"), reason="不予采纳")  # fmt: skip

    def seen(user):
        return set(proposal_list_for(user=user).values_list("title", flat=True))

    assert seen(people["wang"]) == {"等待答复", "已附议", "已答复"}
    assert seen(people["li"]) == {"已答复"}  # a neighbour: answered ones only
    assert seen(people["zhao"]) == {"已附议", "已答复"}  # what he signed
    assert seen(people["far"]) == set()
    assert seen(cast.community_secretary) == {"等待答复", "已附议", "已答复"}
    assert seen(cast.subdistrict_admin) == {"等待答复", "已附议", "已答复"}
    assert seen(cast.grid_worker) == {"已答复"}  # staff of a grid: his subtree, the public rest
    assert answered.status == ProposalStatus.DECLINED and waiting.pk


def test_the_proposer_follows_his_proposals_on_his_own_page(territory, people, cast):
    proposal = submit(people["wang"])
    proposal_accept(actor=cast.community_secretary, proposal=proposal, procedure="five_steps")
    sections = my_sections(user=people["wang"], person=people["wang"].person)
    mine = [s for s in sections if s.get("template") == "deliberation/proposals/_mine.html"]
    assert len(mine) == 1 and mine[0]["context"]["proposals"][0][0] == proposal
    assert not [s for s in my_sections(user=people["li"], person=people["li"].person)
                if s.get("template") == "deliberation/proposals/_mine.html"]  # fmt: skip
