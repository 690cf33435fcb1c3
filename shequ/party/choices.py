"""Enumerations of the party organisation and its members (R-ORG-2, R-ORG-6, R-PM-1)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class OrgKind(models.TextChoices):
    """Forms of a party organisation, largest first (R-ORG-2, R-ORG-3)."""

    WORKING_COMMITTEE = "working_committee", _("Working committee")  # 党工委, at a subdistrict
    COMMITTEE = "committee", _("Party committee")  # 党委
    GENERAL_BRANCH = "general_branch", _("General branch")  # 党总支
    BRANCH = "branch", _("Branch")  # 党支部
    GROUP = "group", _("Party group")  # 党小组


# Forms that elect a committee (支委会, 总支委员会, 党委): a party group has a leader only.
COMMITTEE_KINDS = frozenset(
    {OrgKind.WORKING_COMMITTEE, OrgKind.COMMITTEE, OrgKind.GENERAL_BRANCH, OrgKind.BRANCH}
)
# The forms sized by their membership (R-ORG-3): a branch, a general branch, a committee.
SIZED_KINDS = (OrgKind.BRANCH, OrgKind.GENERAL_BRANCH, OrgKind.COMMITTEE)


class SeatPost(models.TextChoices):
    """A seat on an organisation's committee."""

    SECRETARY = "secretary", _("Secretary")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary")
    MEMBER = "member", _("Committee member")
    GROUP_LEADER = "group_leader", _("Group leader")


class SeatSource(models.TextChoices):
    """Where a committee member comes from (R-ORG-6: 兼职委员 from units and higher levels)."""

    ELECTED = "elected", _("Elected member of the organisation")
    UNIT_LEADER = "unit_leader", _("Part-time: leader of a unit in the area")
    HIGHER_CADRE = "higher_cadre", _("Part-time: cadre of a higher level")


class TeamKind(models.TextChoices):
    """Teams members serve in (R-ORG-2 functional groups, R-PM-8 engagement projects)."""

    RETIREES = "retirees", _("Retired members' 'Yure' team")  # 余热
    VOLUNTEERS = "volunteers", _("In-service members' volunteer team")  # 志愿
    DOUBLE_LEAD = "double_lead", _("Unemployed members' 'Shuangdai' team")  # 双带
    VOLUNTEER_SERVICE = "volunteer_service", _("Volunteer service team")
    CULTURE = "culture", _("Culture and sports team")


class MemberCategory(models.TextChoices):
    """R-PM-1: the category of a member and, through MANAGEMENT_MODE, how he is managed."""

    DIRECT = "direct", pgettext_lazy("party member category", "Directly managed")  # 直管党员
    RETIRED = "retired", pgettext_lazy("party member category", "Retired")  # 离退休党员
    UNEMPLOYED = "unemployed", pgettext_lazy("party member category", "Unemployed")
    FLOATING = "floating", pgettext_lazy("party member category", "Floating")  # 流动党员
    IN_SERVICE = "in_service", pgettext_lazy("party member category", "In service elsewhere")


class ManagementMode(models.TextChoices):
    FULL = "full", _("Full management")
    LOCAL = "local", _("Local management")
    REGISTRATION = "registration", _("Registration management")
    DUAL = "dual", _("Dual management")


MANAGEMENT_MODE = {
    MemberCategory.DIRECT: ManagementMode.FULL,
    MemberCategory.RETIRED: ManagementMode.LOCAL,
    MemberCategory.UNEMPLOYED: ManagementMode.REGISTRATION,
    MemberCategory.FLOATING: ManagementMode.REGISTRATION,
    MemberCategory.IN_SERVICE: ManagementMode.DUAL,
}


class MembershipStage(models.TextChoices):
    PROBATIONARY = "probationary", _("Probationary member")  # 预备党员
    FULL = "full", _("Full member")  # 正式党员


class MemberState(models.TextChoices):
    ACTIVE = "active", _("Active")
    TRANSFERRED_OUT = "transferred_out", _("Transferred out")
    DECEASED = "deceased", _("Deceased")
    LEFT = "left", _("Left the party")


class TransferDirection(models.TextChoices):
    IN = "in", _("Transferred in")
    OUT = "out", _("Transferred out")
    INTERNAL = "internal", _("Moved between organisations here")
