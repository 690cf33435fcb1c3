"""Reads of the demo: is the territory empty, which demo logins exist and where they act."""

from __future__ import annotations

from dataclasses import dataclass

from shequ.accounts.models import RoleAssignment, User
from shequ.accounts.roles import Role
from shequ.territory.models import Node

from .logins import DEMO_LOGINS


@dataclass
class DemoLogin:
    username: str
    role: str
    scope: str
    person: str = ""


def territory_is_empty() -> bool:
    return not Node.objects.exists()


def _scope_name(node: Node) -> str:
    names = [n.name for n in node.ancestors_and_self()]
    return " › ".join(names[1:] if len(names) > 1 else names)


def demo_logins() -> list[DemoLogin]:
    """The demo logins that exist, with their open roles and where they hold them."""
    usernames = [u for u, _, _ in DEMO_LOGINS]
    users = {
        u.username: u for u in User.objects.filter(username__in=usernames).select_related("person")
    }
    assignments = (
        RoleAssignment.objects.active()
        .filter(user__username__in=usernames)
        .select_related("node", "user")
        .order_by("id")
    )
    by_user: dict[str, list[RoleAssignment]] = {}
    for assignment in assignments:
        by_user.setdefault(assignment.user.username, []).append(assignment)
    result = []
    for username in usernames:
        if username not in users:
            continue
        held = by_user.get(username, [])
        person = users[username].person
        result.append(
            DemoLogin(
                username=username,
                role=", ".join(str(Role(a.role).label) for a in held),
                scope="; ".join(_scope_name(a.node) for a in held),
                person=person.name if person else "",
            )
        )
    return result
