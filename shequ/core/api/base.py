"""Shared pieces of every API view: the audit actor, scoped lookups, permission checks."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import permissions, serializers, viewsets
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import get_object_or_404

from shequ.core.context import set_actor
from shequ.core.middleware import client_ip
from shequ.core.scope import EVERYTHING, scope_paths

from .pagination import KeysetPagination
from .schema import ShequAutoSchema


class PasswordCurrent(permissions.BasePermission):
    """A token does not skip the forced password change (等保): the session middleware
    never sees token users, so the API checks the flag itself."""

    message = gettext_lazy("Change your password before going on.")
    code = "password_change_required"

    def has_permission(self, request, view) -> bool:
        return not getattr(request.user, "must_change_password", False)


class ActionPermission(permissions.BasePermission):
    """Refuses an action early (403) when the user holds no role granting its permission
    anywhere; the object-level check (``ScopedViewSet.require``) follows in the action."""

    message = gettext_lazy("Your roles do not allow this.")

    def has_permission(self, request, view) -> bool:
        perm = getattr(view, "action_perms", {}).get(getattr(view, "action", None))
        return perm is None or request.user.has_perm(perm)


class ActorMixin:
    """Puts the token-authenticated user into the audit context (shequ.core.context).

    The middleware only sees session users: DRF authenticates a token later, in
    ``initial()``, so audit rows written by services would otherwise name nobody.
    """

    def initial(self, request, *args, **kwargs):
        self.perform_authentication(request)
        if request.user.is_authenticated:
            set_actor(request.user, ip=client_ip(request))
        super().initial(request, *args, **kwargs)


class ScopedViewSet(ActorMixin, viewsets.GenericViewSet):
    """Base of every resource: rows come from a selector (``get_queryset``), a pk outside
    the user's scope is a 404, writes name their permission in ``action_perms``."""

    permission_classes = [permissions.IsAuthenticated, PasswordCurrent, ActionPermission]
    lookup_value_converter = "int"  # a non-numeric id is a plain 404, never a 500
    action_perms: dict[str, str] = {}
    schema = ShequAutoSchema()

    def get_object(self):
        # No filter_queryset here: list filters must not turn a detail into a 404.
        obj = get_object_or_404(self.get_queryset(), pk=self.kwargs[self.lookup_field])
        self.check_object_permissions(self.request, obj)
        return obj

    def require(self, perm: str, obj=None) -> None:
        """403 unless the user holds ``perm`` over ``obj`` (rules, scoped by the tree)."""
        if obj is None:
            allowed = EVERYTHING in scope_paths(self.request.user, perm)
        else:
            allowed = self.request.user.has_perm(perm, obj)
        if not allowed:
            raise PermissionDenied(_("You may not do this here."))

    def validated(self, serializer_class) -> dict:
        """The request body checked by ``serializer_class`` (400 naming the fields)."""
        serializer = serializer_class(data=self.request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def paginate(self, queryset, serializer_class, *, ordering: str, **context):
        """A keyset page of ``queryset`` for a list-returning action."""
        paginator = KeysetPagination()
        paginator.ordering = ordering
        page = paginator.paginate_queryset(queryset, self.request, view=None)
        data = serializer_class(
            page, many=True, context={**self.get_serializer_context(), **context}
        ).data
        return paginator.get_paginated_response(data)


class ScopedPrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    """A pk chosen among the rows a selector lets the requesting user see.

    An unknown pk and one outside the user's scope give the same 400 on the field, so the
    answer reveals nothing about rows the user may not see.
    """

    def __init__(self, *, selector: Callable, **kwargs):
        self.selector = selector
        super().__init__(**kwargs)

    def get_queryset(self):
        request = self.context.get("request")
        return self.selector(getattr(request, "user", None))


def rename_fields(exc: DjangoValidationError, names: dict[str, str]) -> DjangoValidationError:
    """A service's field errors under the names the API uses for those fields."""
    if not hasattr(exc, "error_dict"):
        return exc
    return DjangoValidationError(
        {names.get(field, field): errors for field, errors in exc.error_dict.items()}
    )
