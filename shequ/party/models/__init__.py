"""Models of party building (党建), one module per part of the work (STYLE.md: a models/
package past ~500 lines)."""

from .members import MembershipTransfer, PartyMember
from .orgs import CommitteeSeat, PartyOrg, Team

__all__ = ["CommitteeSeat", "MembershipTransfer", "PartyMember", "PartyOrg", "Team"]
