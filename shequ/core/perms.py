"""The one refusal of an action the user may not take (``rules`` decides; scope and predicates
live in each app's rules.py): ``require_perm`` in views, ``check_perm`` in services."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def require_perm(user, perm: str, obj=None) -> None:
    """Refuse unless the signed-in ``user`` holds ``perm`` (over ``obj``, if given)."""
    if not user.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do this here."))


def check_perm(actor, perm: str, obj=None) -> None:
    """As ``require_perm``, for services: ``actor=None`` is the platform itself (the demo, an
    import, a periodic job); views always pass the user."""
    if actor is not None:
        require_perm(actor, perm, obj)
