"""Models of 民生微实事 rounds (R-PB-*), one module per part of the work."""

from .ballots import Ballot, BallotMark, Participation
from .rounds import Project, Round, RoundPhase

__all__ = ["Ballot", "BallotMark", "Participation", "Project", "Round", "RoundPhase"]
