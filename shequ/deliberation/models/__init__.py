"""Models of residents' self-government (R-DLB-*), one module per part of the work."""

from .board import Publication, PublicationKind
from .bodies import Body, BodyMember, Constituency
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
