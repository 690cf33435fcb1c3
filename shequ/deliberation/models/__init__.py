"""Models of residents' self-government (R-DLB-*), one module per part of the work."""

from .board import Publication, PublicationKind
from .bodies import Body, BodyMember, Constituency
from .meetings import *  # noqa: F401,F403
from .meetings import Meeting, MeetingStatus, Motion, MotionStatus, Threshold, VoteMethod

__all__ = [
    "Body",
    "BodyMember",
    "Constituency",
    "Meeting",
    "MeetingStatus",
    "Motion",
    "MotionStatus",
    "Publication",
    "PublicationKind",
    "Threshold",
    "VoteMethod",
]

# each part of the work lists its models in its module's __all__
from .petitions import *  # noqa: E402,F401,F403
from .proposals import *  # noqa: E402,F401,F403
from .topics import *  # noqa: E402,F401,F403
from .votes import *  # noqa: E402,F401,F403
