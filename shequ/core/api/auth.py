"""API tokens that expire (SHEQU_TOKEN_TTL_HOURS) and stop working for a locked account."""

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        ttl = dt.timedelta(hours=settings.SHEQU_TOKEN_TTL_HOURS)
        if token.created + ttl <= timezone.now():
            token.delete()
            raise exceptions.AuthenticationFailed(_("The token has expired; ask for a new one."))
        if user.is_locked():
            raise exceptions.AuthenticationFailed(_("The account is locked."))
        return user, token
