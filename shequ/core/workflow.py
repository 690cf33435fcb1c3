"""Workflows as transition tables (STYLE.md): each allowed step is data — its verb, the state it
leaves and the one it reaches, the permission it takes and what it needs — and one service per
workflow is the only writer of the state. This module holds the table's shape; each app lists
its own steps (``cases/workflow.py``, ``admission/workflow.py``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Transition:
    verb: str
    source: str
    target: str
    perm: str
    needs: frozenset[str] = frozenset()
    label: str = ""


def edge(verb, source, target, perm, label, *needs) -> Transition:
    """One row of a table: ``edge("accept", RECEIVED, ACCEPTED, PERM, _("Accept"), CATEGORY)``."""
    return Transition(verb, source, target, perm, frozenset(needs), label)


class TransitionTable:
    """The steps of one workflow, looked up by (source, target) or by source; at most one step
    joins two states."""

    def __init__(self, steps: Iterable[Transition]):
        self.steps = tuple(steps)
        self.by_edge = {(t.source, t.target): t for t in self.steps}
        if len(self.by_edge) != len(self.steps):
            raise ValueError("one transition per (source, target)")
        self.targets: dict[str, set[str]] = {}
        for step in self.steps:
            self.targets.setdefault(step.source, set()).add(step.target)

    def get(self, source: str, target: str) -> Transition | None:
        return self.by_edge.get((source, target))

    def leaving(self, source: str) -> list[Transition]:
        return [t for t in self.steps if t.source == source]
