"""Token authentication for API clients."""

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.throttling import AnonRateThrottle
from rest_framework.views import APIView

from shequ.accounts.services import token_issue
from shequ.core.api.errors import error_response
from shequ.core.api.schema import ErrorSerializer
from shequ.core.models import AuditAction, audit_record


class LoginThrottle(AnonRateThrottle):
    scope = "login"


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"})


class TokenObtainApi(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []
    throttle_classes = [LoginThrottle]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: inline_serializer("Token", {"token": serializers.CharField()}),
            400: ErrorSerializer,
            403: ErrorSerializer,
        },
    )
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            user = authenticate(request._request, **data.validated_data)
        except PermissionDenied:
            user = None
        if user is None:
            return error_response(
                "authentication_failed",
                _("Wrong username or password, or the account is locked."),
                fields={"password": [_("Wrong username or password.")]},
                http_status=status.HTTP_400_BAD_REQUEST,
            )
        if user.must_change_password:
            # A first or reset password must be changed on the page before API use (等保).
            return error_response(
                "password_change_required",
                _("Change your password before going on."),
                http_status=status.HTTP_403_FORBIDDEN,
            )
        token = token_issue(user=user)
        audit_record(AuditAction.LOGIN, obj=user, actor=user, changes={"via": "api token"})
        return Response({"token": token.key})
