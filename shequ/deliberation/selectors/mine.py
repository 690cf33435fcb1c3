"""A resident's own page of self-government (我的议事, item 9: "a council member sees his
meetings and votes; a resident sees topics, proposals, rounds he can vote in, his receipts"):
the registry of sections that the parts of deliberation and of micro-projects fill.

A part registers a section from its own selectors module (``shequ.deliberation.selectors.<area>``
or ``shequ.pb.selectors.<area>``)::

    from shequ.deliberation.selectors.mine import register_my_section

    @register_my_section
    def my_meetings(user, person):
        rows = ...
        if not rows:
            return None
        return {"title": _("My meetings"), "template": "deliberation/meetings/_mine.html",
                "context": {"meetings": rows}, "order": 10}

A section is called with the signed-in user and his person (``user.person``, possibly None)
and returns ``{"title", "template", "context"}`` (optionally ``order``, smaller first) or None
when it has nothing to show. Each section reads in a bounded number of queries.
"""

from __future__ import annotations

import logging
import pkgutil
from collections.abc import Callable
from importlib import import_module

logger = logging.getLogger(__name__)

MySection = Callable[[object, object], "dict | None"]
MY_SECTIONS: list[MySection] = []
PACKAGES = ("shequ.deliberation.selectors", "shequ.pb.selectors")


def register_my_section(fn: MySection) -> MySection:
    """Add a section to every resident's own page (a decorator); registering the same function
    again (a module imported twice) keeps one entry."""
    key = (fn.__module__, fn.__qualname__)
    MY_SECTIONS[:] = [f for f in MY_SECTIONS if (f.__module__, f.__qualname__) != key]
    MY_SECTIONS.append(fn)
    return fn


def load_sections() -> list[MySection]:
    for package_name in PACKAGES:
        package = import_module(package_name)
        for info in pkgutil.iter_modules(package.__path__):
            if info.name != "mine":
                import_module(f"{package_name}.{info.name}")
    return sorted(MY_SECTIONS, key=lambda f: (f.__module__, f.__qualname__))


def my_sections(*, user, person) -> list[dict]:
    """The sections with something to show, in their order. A section that fails is logged
    and shown as unavailable: one part's defect must not hide the others."""
    out = []
    for fn in load_sections():
        try:
            section = fn(user, person)
        except Exception:
            logger.exception("my page: section %s.%s failed", fn.__module__, fn.__qualname__)
            out.append({"title": "", "template": "", "context": {}, "failed": True, "order": 99})
            continue
        if section:
            out.append({"failed": False, "context": {}, "order": 50, **section})
    return sorted(out, key=lambda s: s["order"])
