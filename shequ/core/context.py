"""Who is acting, for the audit trail: set per request by middleware, per command by the CLI."""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    username: str
    ip: str = ""


_actor: contextvars.ContextVar[Actor | None] = contextvars.ContextVar("shequ_actor", default=None)


def current_actor() -> Actor | None:
    return _actor.get()


@contextmanager
def acting_as(user=None, *, ip: str = "", username: str = ""):
    actor = Actor(
        user_id=getattr(user, "pk", None),
        username=username or getattr(user, "username", "") or "system",
        ip=ip,
    )
    token = _actor.set(actor)
    try:
        yield actor
    finally:
        _actor.reset(token)


def set_actor(user, *, ip: str = "") -> None:
    """Replace the actor for the rest of this context (DRF authenticates after middleware)."""
    _actor.set(Actor(user_id=user.pk, username=user.get_username(), ip=ip))
