"""Models of party building (党建), one module per part of the work (STYLE.md: a models/
package past ~500 lines)."""

from .members import MembershipTransfer, PartyMember
from .orgs import CommitteeSeat, PartyOrg, Team

__all__ = ["CommitteeSeat", "MembershipTransfer", "PartyMember", "PartyOrg", "Team"]
from .care import *  # noqa: F401,F403
from .chain import *  # noqa: F401,F403
from .dues import *  # noqa: F401,F403
from .engagement import *  # noqa: F401,F403
from .evaluation import *  # noqa: F401,F403
from .meetings import *  # noqa: F401,F403
from .recruitment import *  # noqa: F401,F403
from .reportin import *  # noqa: F401,F403
