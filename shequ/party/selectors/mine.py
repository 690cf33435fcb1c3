"""A member's own party page (item 12: "a member sees his own record and tasks"): the registry
of "my tasks" sections that the other parts of party work fill.

Another area registers a section from its own selectors module::

    try:
        from shequ.party.selectors.mine import register_my_section
    except ImportError:  # pragma: no cover
        register_my_section = None

    def my_meetings(user, member):
        rows = ...
        if not rows:
            return None
        return {"title": _("Meetings to attend"), "template": "party/meetings/mine.html",
                "context": {"meetings": rows}}

    if register_my_section is not None:
        register_my_section(my_meetings)

A section is called with the signed-in user and his active member record (never None) and
returns ``{"title": str, "template": str, "context": dict}`` or None when it has nothing to
show; the page renders ``template`` with ``context`` (its keys at the top level). For plain
content, ``party/members/section_text.html`` shows ``text`` and ``rows`` (each ``{"text",
"url"}``). Each section should read in a bounded number of queries.
"""

from __future__ import annotations

import logging
import pkgutil
from collections.abc import Callable
from importlib import import_module

from ..models import PartyMember

logger = logging.getLogger(__name__)

MySection = Callable[[object, PartyMember], "dict | None"]
MY_SECTIONS: list[MySection] = []


def register_my_section(fn: MySection) -> MySection:
    """Add a section to every member's own page (usable as a decorator). Registering the
    same function twice (a module imported again) keeps one entry."""
    key = (fn.__module__, fn.__qualname__)
    MY_SECTIONS[:] = [f for f in MY_SECTIONS if (f.__module__, f.__qualname__) != key]
    MY_SECTIONS.append(fn)
    return fn


def load_sections() -> list[MySection]:
    """Import every ``shequ.party.selectors.<area>`` module so that its sections register
    themselves, then return the sections in the order of their modules' names."""
    from shequ.party import selectors

    for info in pkgutil.iter_modules(selectors.__path__):
        if info.name != "mine":
            import_module(f"{selectors.__name__}.{info.name}")
    return sorted(MY_SECTIONS, key=lambda f: (f.__module__, f.__qualname__))


def my_sections(*, user, member: PartyMember) -> list[dict]:
    """The "my tasks" sections with something to show. A section that fails is logged and
    shown as unavailable: one area's defect must not hide the member's record."""
    out = []
    for fn in load_sections():
        try:
            section = fn(user, member)
        except Exception:
            logger.exception("party: my-page section %s.%s failed", fn.__module__, fn.__qualname__)
            out.append({"title": "", "template": "", "context": {}, "failed": True})
            continue
        if section:
            out.append({"failed": False, "context": {}, **section})
    return out
