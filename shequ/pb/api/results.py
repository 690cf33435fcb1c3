"""API of allocation results (R-PB-2): GET /rounds/<id>/results/ (the latest run: rule, totals,
every project funded or not with its reason, in the reader's language; ``?q=`` filters by
project title or number) and POST to it (managers: allocate again, with ``rule`` and
``completion``)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import path
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import ValidationError as ApiValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from shequ.accounts.roles import MANAGE_PB

from ..allocation.explain import explain
from ..choices import Completion, Rule
from ..models import Round
from ..selectors.allocation import result_rows, results_round_get_for
from ..services.allocation import round_allocate, round_results


class PbResultRowSerializer(serializers.Serializer):
    project = serializers.IntegerField(source="project_id")
    code = serializers.CharField(source="project.code")
    title = serializers.CharField(source="project.title")
    cost = serializers.DecimalField(max_digits=14, decimal_places=2)
    votes = serializers.IntegerField()
    score = serializers.IntegerField()
    funded = serializers.BooleanField()
    order = serializers.IntegerField(allow_null=True)
    stage = serializers.CharField()
    reason = serializers.CharField()
    facts = serializers.ListField(child=serializers.DictField())


class PbResultsSerializer(serializers.Serializer):
    round = serializers.IntegerField()
    run = serializers.IntegerField(allow_null=True)
    rule = serializers.CharField(allow_null=True)
    completion = serializers.CharField(allow_null=True)
    at = serializers.DateTimeField(allow_null=True)
    budget = serializers.DecimalField(max_digits=14, decimal_places=2)
    spent = serializers.DecimalField(max_digits=14, decimal_places=2)
    ballots = serializers.IntegerField()
    figures = serializers.DictField()
    results = PbResultRowSerializer(many=True)


class PbRerunSerializer(serializers.Serializer):
    rule = serializers.ChoiceField(choices=Rule.choices)
    completion = serializers.ChoiceField(choices=Completion.choices, default=Completion.NONE)


def _payload(round: Round, q: str = "") -> dict:
    res = round_results(round)
    run = res.run
    rows = list(result_rows(run, q=q)) if run else []
    for row in rows:
        row.reason = explain(row.facts, cardinal=res.cardinal, gettext=_) or row.explanation
    return {
        "round": round.pk,
        "run": run.pk if run else None,
        "rule": run.rule if run else None,
        "completion": run.completion if run else None,
        "at": run.at if run else None,
        "budget": round.budget,
        "spent": res.spent,
        "ballots": run.ballots if run else 0,
        "figures": run.data if run else {},
        "results": rows,
    }


class PbRoundResultsApi(APIView):
    permission_classes = [IsAuthenticated]

    def _round(self, request, pk) -> Round:
        try:
            return results_round_get_for(user=request.user, pk=pk)
        except Round.DoesNotExist:
            raise Http404 from None

    @extend_schema(
        operation_id="pb_round_results",
        parameters=[OpenApiParameter("q", str, description="project title or number")],
        responses=PbResultsSerializer,
    )
    def get(self, request, pk: int):
        round = self._round(request, pk)
        q = request.query_params.get("q", "").strip()
        return Response(PbResultsSerializer(_payload(round, q)).data)

    @extend_schema(
        operation_id="pb_round_results_rerun",
        request=PbRerunSerializer,
        responses={201: PbResultsSerializer},
    )
    def post(self, request, pk: int):
        round = self._round(request, pk)
        if not request.user.has_perm(MANAGE_PB, round):
            raise PermissionDenied(_("You may not do this here."))
        data = PbRerunSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            round_allocate(round=round, actor=request.user, **data.validated_data)
        except ValidationError as exc:
            raise ApiValidationError(exc.message_dict) from None
        return Response(PbResultsSerializer(_payload(round)).data, status=status.HTTP_201_CREATED)


urlpatterns = [
    path("rounds/<int:pk>/results/", PbRoundResultsApi.as_view(), name="pb-round-results"),
]
