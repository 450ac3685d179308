"""Actions: what a team decided to do about a failure mode, from published results (leads only)."""

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from api.inputs import choice_filter, valid_data
from api.schema import problems
from api.serializers import Described
from reports.action_selectors import action_get_for_survey
from reports.action_services import action_create, action_set_status, action_update
from reports.models import Action
from surveys.selectors.surveys import survey_get_for_lead
from surveys.validators import MAX_DESCRIPTION_LENGTH, MAX_LINE_LENGTH


class ActionSerializer(Described, serializers.ModelSerializer):
    class Meta:
        model = Action
        fields = ["id", "survey", "mode", "what", "owner_name", "owner_email", "due_on", "status", "note"]
        fields += ["created_at", "updated_at"]
        read_only_fields = fields
        extra_kwargs = {
            "mode": {"help_text": "The failure mode's key."},
            "what": {"help_text": "What the team will do."},
            "owner_name": {"help_text": "Who owns the action."},
            "owner_email": {"help_text": "The owner's address, for the due e-mail; may be empty."},
            "due_on": {"help_text": "The day it is due."},
            "status": {"help_text": "planned, doing, done or dropped."},
            "note": {"help_text": "A note."},
            "updated_at": {"help_text": "When it last changed."},
        }


class ActionWriteSerializer(Described, serializers.Serializer):
    mode = serializers.CharField(max_length=50, help_text="The failure mode's key.")
    what = serializers.CharField(max_length=MAX_LINE_LENGTH, trim_whitespace=False, help_text="What the team will do.")
    owner_name = serializers.CharField(max_length=MAX_LINE_LENGTH, trim_whitespace=False, help_text="Who owns it.")
    owner_email = serializers.CharField(
        max_length=254, required=False, allow_blank=True, default="", help_text="The owner's address; may be empty."
    )
    due_on = serializers.DateField(help_text="The day it is due (not in the past).")
    note = serializers.CharField(
        max_length=MAX_DESCRIPTION_LENGTH, required=False, allow_blank=True, default="", trim_whitespace=False
    )


class ActionUpdateSerializer(ActionWriteSerializer):
    status = serializers.ChoiceField(choices=Action.Status.choices, help_text="planned, doing, done or dropped.")


class ActionStatusSerializer(Described, serializers.Serializer):
    status = serializers.ChoiceField(choices=Action.Status.choices, help_text="planned, doing, done or dropped.")


class ActionListView(generics.ListAPIView):
    serializer_class = ActionSerializer

    def get_queryset(self) -> QuerySet[Action]:
        survey = survey_get_for_lead(user=self.request.user, pk=self.kwargs["pk"])
        actions = Action.objects.filter(survey=survey)
        state = choice_filter(self.request, "status", Action.Status.values)
        return actions if state is None else actions.filter(status=state)

    @extend_schema(
        parameters=[
            OpenApiParameter("status", str, enum=Action.Status.values, description="Only actions in this status.")
        ],
        responses={200: ActionSerializer(many=True), **problems(400, 404)},
    )
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    @extend_schema(request=ActionWriteSerializer, responses={201: ActionSerializer, **problems(400, 404, 415)})
    def post(self, request: Request, pk: int) -> Response:
        """Record an action on a failure mode of a survey with published results."""
        survey = survey_get_for_lead(user=request.user, pk=pk)
        data = valid_data(ActionWriteSerializer, request)
        action = action_create(survey=survey, created_by=request.user, **data)
        return Response(ActionSerializer(action).data, status=status.HTTP_201_CREATED)


class ActionDetailView(APIView):
    @extend_schema(responses={200: ActionSerializer, **problems(404)})
    def get(self, request: Request, pk: int, action_pk: int) -> Response:
        survey = survey_get_for_lead(user=request.user, pk=pk)
        return Response(ActionSerializer(action_get_for_survey(survey=survey, pk=action_pk)).data)

    @extend_schema(request=ActionUpdateSerializer, responses={200: ActionSerializer, **problems(400, 404, 415)})
    def put(self, request: Request, pk: int, action_pk: int) -> Response:
        """Change every field of the action, as its edit page does."""
        survey = survey_get_for_lead(user=request.user, pk=pk)
        action = action_get_for_survey(survey=survey, pk=action_pk)
        data = valid_data(ActionUpdateSerializer, request)
        return Response(ActionSerializer(action_update(action=action, **data)).data)


class ActionStatusView(APIView):
    @extend_schema(request=ActionStatusSerializer, responses={200: ActionSerializer, **problems(400, 404, 415)})
    def post(self, request: Request, pk: int, action_pk: int) -> Response:
        """Move the action to a status (done closes it, dropped drops it)."""
        survey = survey_get_for_lead(user=request.user, pk=pk)
        action = action_get_for_survey(survey=survey, pk=action_pk)
        data = valid_data(ActionStatusSerializer, request)
        return Response(ActionSerializer(action_set_status(action=action, status=data["status"])).data)
