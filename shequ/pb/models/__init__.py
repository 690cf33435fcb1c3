"""Models of 民生微实事 rounds (R-PB-*), one module per part of the work."""

from .ballots import Ballot, BallotMark, Participation
from .rounds import Project, Round, RoundPhase

__all__ = ["Ballot", "BallotMark", "Participation", "Project", "Round", "RoundPhase"]

# each part of the work lists its models in its module's __all__
from .allocation import *  # noqa: E402,F401,F403
from .extras import *  # noqa: E402,F401,F403
from .implementation import *  # noqa: E402,F401,F403
