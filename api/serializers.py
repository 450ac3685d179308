"""What the API reads and writes. Input serializers check types only; the services check the rules."""

from typing import Any

from django.urls import reverse
from rest_framework import serializers

from reports.models import ReportJob
from reports.sharing import SHARE_DAYS_DEFAULT, SHARE_DAYS_MAX
from surveys.models import Invitation, Organization, Survey, Team
from surveys.models.surveys import MAX_ANONYMITY_THRESHOLD, MIN_ANONYMITY_THRESHOLD
from surveys.services.invitations import MAX_INVITATIONS_AT_ONCE, MAX_LINKS_AT_ONCE
from surveys.validators import MAX_DESCRIPTION_LENGTH, MAX_LINE_LENGTH

# Lists in a body are bounded before any service sees them: a huge body is refused cheaply.
MAX_ROLES = 50


class OrganizationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "name", "created_at"]


class TeamSerializer(serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = ["id", "organization", "name", "description", "created_at"]
        read_only_fields = fields


class TeamWriteSerializer(serializers.Serializer):
    organization = serializers.IntegerField(
        required=False, min_value=1, help_text="Needed only when you lead several organizations."
    )
    name = serializers.CharField(max_length=MAX_LINE_LENGTH, trim_whitespace=False)
    description = serializers.CharField(
        max_length=MAX_DESCRIPTION_LENGTH, required=False, allow_blank=True, default="", trim_whitespace=False
    )


class SurveySerializer(serializers.ModelSerializer):
    team_name = serializers.CharField(source="team.name", read_only=True)
    question_bank_version = serializers.IntegerField(source="bank.version", read_only=True)
    is_open = serializers.BooleanField(read_only=True, help_text="Open and not past its closing day.")

    class Meta:
        model = Survey
        fields = [
            "id",
            "organization",
            "team",
            "team_name",
            "round_number",
            "title",
            "description",
            "status",
            "is_open",
            "closes_on",
            "roles",
            "anonymity_threshold",
            "question_bank_version",
            "created_at",
            "closed_at",
            "reminded_at",
        ]
        read_only_fields = fields


class SurveyCreateSerializer(serializers.Serializer):
    organization = serializers.IntegerField(
        required=False, min_value=1, help_text="Needed only when you lead several organizations."
    )
    title = serializers.CharField(max_length=MAX_LINE_LENGTH, trim_whitespace=False)
    team = serializers.CharField(
        max_length=MAX_LINE_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        trim_whitespace=False,
        help_text="The team's name: the survey is its next round (a new team when the name is new).",
    )
    description = serializers.CharField(
        max_length=MAX_DESCRIPTION_LENGTH, required=False, allow_blank=True, default="", trim_whitespace=False
    )
    closes_on = serializers.DateField(required=False, allow_null=True, default=None)
    roles = serializers.ListField(
        child=serializers.CharField(max_length=50), required=False, max_length=MAX_ROLES, help_text="All when left out."
    )
    anonymity_threshold = serializers.IntegerField(
        required=False,
        default=MIN_ANONYMITY_THRESHOLD,
        min_value=MIN_ANONYMITY_THRESHOLD,
        max_value=MAX_ANONYMITY_THRESHOLD,
    )


class SurveyReopenSerializer(serializers.Serializer):
    closes_on = serializers.DateField(required=False, allow_null=True, default=None)


class NextRoundSerializer(serializers.Serializer):
    title = serializers.CharField(
        max_length=MAX_LINE_LENGTH, required=False, allow_blank=True, default="", trim_whitespace=False
    )


class PublishedSerializer(serializers.Serializer):
    survey = serializers.IntegerField(source="survey_id")
    sequence = serializers.IntegerField(help_text="1, 2, 3... per survey.")
    published_on = serializers.DateField()
    at_closing = serializers.BooleanField(help_text="Published as the survey closed.")


class InvitationSerializer(serializers.ModelSerializer):
    """An invitation as the lead's list shows it: never whether its member opened or answered (privacy.md)."""

    class Meta:
        model = Invitation
        fields = ["id", "kind", "roles", "email", "created_at", "sent_at", "revoked_at"]
        read_only_fields = fields


class InvitationCreatedSerializer(InvitationSerializer):
    link = serializers.CharField(help_text="The personal link: shown only in this answer.")

    class Meta(InvitationSerializer.Meta):
        fields = [*InvitationSerializer.Meta.fields, "link"]
        read_only_fields = fields


class InvitationCreateSerializer(serializers.Serializer):
    role = serializers.CharField(max_length=50)
    emails = serializers.ListField(
        child=serializers.CharField(max_length=254, trim_whitespace=False),
        required=False,
        max_length=MAX_INVITATIONS_AT_ONCE,
        help_text="One personal invitation per address, e-mailed in the background.",
    )
    links = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_LINKS_AT_ONCE, help_text="Or this many links without an address."
    )


class OpenLinkCreateSerializer(serializers.Serializer):
    roles = serializers.ListField(child=serializers.CharField(max_length=50), max_length=MAX_ROLES)


class RoleParticipationSerializer(serializers.Serializer):
    role = serializers.CharField()
    title = serializers.CharField()
    invited = serializers.IntegerField(allow_null=True, help_text="Live personal invitations; null when none.")
    submitted = serializers.IntegerField(help_text="Every submitted response of the role.")
    via_open_link = serializers.IntegerField()
    imported = serializers.IntegerField()
    response_rate = serializers.FloatField(allow_null=True, help_text="Submitted through personal links / invited.")


class ParticipationSerializer(serializers.Serializer):
    survey = serializers.IntegerField()
    status = serializers.CharField()
    reminded_at = serializers.DateTimeField(allow_null=True)
    roles = RoleParticipationSerializer(many=True)


class ReportJobSerializer(serializers.ModelSerializer):
    results_sequence = serializers.IntegerField(source="published.sequence", read_only=True, allow_null=True)
    pdf_url = serializers.SerializerMethodField(help_text="Where to download the PDF, once the report is ready.")

    class Meta:
        model = ReportJob
        fields = [
            "id",
            "survey",
            "state",
            "progress",
            "step",
            "error",
            "results_sequence",
            "created_at",
            "finished_at",
            "pages",
            "size",
            "sha256",
            "pdf_url",
        ]
        read_only_fields = fields

    def get_pdf_url(self, job: ReportJob) -> str | None:
        if job.state != ReportJob.State.SUCCEEDED:
            return None
        return _absolute(self.context, reverse("api:report-pdf", args=[job.pk]))


def _absolute(context: dict[str, Any], path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request is not None else path


class ShareLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField(help_text="Anyone holding it reads the report, until it expires or is revoked.")
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()


class ShareLinkCreateSerializer(serializers.Serializer):
    days = serializers.IntegerField(min_value=1, max_value=SHARE_DAYS_MAX, default=SHARE_DAYS_DEFAULT)
