"""Choices shared across deliberation (R-DLB-1 … R-DLB-6, R-ORG-7). Each part of the work
keeps the choices only it uses beside its models."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class BodyKind(models.TextChoices):
    """The bodies of residents' self-government (R-DLB-1) and the two committees."""

    RESIDENTS_ASSEMBLY = "residents_assembly", _("Residents' assembly")
    REPRESENTATIVES_ASSEMBLY = "representatives_assembly", _("Residents' representatives' assembly")
    RESIDENTS_COMMITTEE = "residents_committee", _("Residents' committee")
    PARTY_COMMITTEE = "party_committee", _("Community party organisation committee")
    PARTY_MEMBERS_ASSEMBLY = (
        "party_members_assembly",
        _("Party members' (representatives') assembly"),
    )
    SUPERVISION_COMMITTEE = "supervision_committee", _("Deliberation and supervision committee")
    COUNCIL = "council", _("Residents' council")
    JOINT_COMMITTEES = "joint_committees", _("Joint meeting of the two committees")
    JOINT_UNITS = "joint_units", _("Joint meeting with units")


class AssemblyMode(models.TextChoices):
    """Who sits in a residents' assembly (R-DLB-1): every adult resident, or one per household."""

    ALL_ADULTS = "all_adults", _("All adult residents")
    HOUSEHOLDS = "households", _("One representative per household")
    MEMBERS = "members", _("Its registered members")


class SeatPost(models.TextChoices):
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice chair")
    MEMBER = "member", _("Member")


class SeatSource(models.TextChoices):
    """How a member came to sit in the body."""

    ELECTED = "elected", _("Elected")
    BY_ELECTION = "by_election", _("By-election")
    APPOINTED = "appointed", _("Appointed")
    EX_OFFICIO = "ex_officio", _("Ex officio")
    UNIT = "unit", _("Delegated by a unit")


class SeatEnd(models.TextChoices):
    """Why a seat ended (R-DLB-6: recall and by-election)."""

    TERM = "term", _("Term ended")
    RECALLED = "recalled", _("Recalled")
    RESIGNED = "resigned", _("Resigned")
    MOVED_OUT = "moved_out", _("Moved out")
    DECEASED = "deceased", _("Deceased")
