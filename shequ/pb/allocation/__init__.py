"""Allocation rules of 民生微实事 rounds (R-PB-2), pure Python: greedy by votes, the Method of
Equal Shares with its completions, explanations, and the pabulib file format."""

from __future__ import annotations

from .equal_shares import COMPLETIONS, equal_shares
from .greedy import greedy
from .instance import Instance, Project
from .outcome import Outcome

RULES = ("greedy", "equal_shares")


def allocate(instance: Instance, *, rule: str, completion: str = "none") -> Outcome:
    """Run ``rule`` ("greedy" or "equal_shares", with ``completion``) on ``instance``."""
    if rule == "greedy":
        return greedy(instance)
    if rule == "equal_shares":
        return equal_shares(instance, completion=completion)
    raise ValueError(f"unknown rule {rule!r}")


__all__ = ["COMPLETIONS", "RULES", "Instance", "Outcome", "Project", "allocate"]
