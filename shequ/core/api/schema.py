"""OpenAPI: every operation documents the error shape of shequ.core.api.errors."""

from __future__ import annotations

from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers


class ErrorBodySerializer(serializers.Serializer):
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per field of the request.",
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorBodySerializer()


class ShequAutoSchema(AutoSchema):
    """Adds 400 / 401 / 403 / 404 answers in the one error shape to each operation."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        codes = ["401"]
        if self.method != "GET" or self._is_list_view():
            codes.append("400")
        if self.method != "GET" or getattr(self.view, "action_perms", {}).get(
            getattr(self.view, "action", None)
        ):
            codes.append("403")
        if "{" in self.path:
            codes.append("404")
        for code in codes:
            responses.setdefault(
                code, self._get_response_for_code(ErrorSerializer, code, direction=direction)
            )
        return responses
