"""Writes of party building, one module per part of the work (HackSoft: ``<entity>_<verb>``)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def check_perm(actor, perm: str, obj=None) -> None:
    """Refuse unless ``actor`` holds ``perm`` over ``obj``. ``actor=None`` is the platform
    itself (the demo, an import, a periodic job): views always pass the user."""
    if actor is not None and not actor.has_perm(perm, obj):
        raise PermissionDenied(_("You may not do this here."))
