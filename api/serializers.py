"""What the API reads and writes. Input serializers check types only; the services check the rules."""

import datetime
from typing import Any

from django.urls import reverse
from rest_framework import serializers

from reports.models import ReportJob
from reports.sharing import SHARE_DAYS_DEFAULT, SHARE_DAYS_MAX
from surveys.models import Invitation, Organization, Survey, Team
from surveys.models.surveys import MAX_ANONYMITY_THRESHOLD, MIN_ANONYMITY_THRESHOLD
from surveys.services.invitations import MAX_INVITATIONS_AT_ONCE, MAX_LINKS_AT_ONCE
from surveys.validators import MAX_DESCRIPTION_LENGTH, MAX_LABEL_LENGTH, MAX_LINE_LENGTH

# Lists in a body are bounded before any service sees them: a huge body is refused cheaply.
MAX_ROLES = 50

# What each field means, by name, wherever it appears: the schema documents every field.
FIELD_DESCRIPTIONS = {
    "id": "The object's id.",
    "created_at": "When it was created.",
    "organization": "The organization's id.",
    "team": "The team's id: the survey is one of its rounds.",
    "team_name": "The team's name.",
    "round_number": "The survey's round of its team: 1, 2, ...",
    "title": "The title.",
    "name": "The name.",
    "description": "The description, shown to members before they start.",
    "status": "open or closed.",
    "closes_on": "The last day answers are taken (the survey closes at the end of it); null for none.",
    "closed_at": "When the survey was closed; null while open.",
    "roles": "Role keys (data_scientist, engineer, product_manager...), in the survey's order.",
    "anonymity_threshold": "k: a role appears in figures only from k responses.",
    "reminded_at": "When members were last reminded (the survey's, never a person's).",
    "kind": "personal (one member) or open (anyone holding the link, one response per browser).",
    "email": "The member's address; empty for a link handed out by hand.",
    "sent_at": "When the invitation e-mail went out; null for a link without an address.",
    "revoked_at": "When the link was revoked; null while it works.",
    "role": "A role key of the survey.",
    "survey": "The survey's id.",
    "state": "queued, running, succeeded or failed.",
    "progress": "0 to 100.",
    "step": "What the worker is doing now.",
    "error": "Why the report failed, in one sentence; empty otherwise.",
    "finished_at": "When the report was done; null before.",
    "pages": "The PDF's number of pages, once ready.",
    "size": "The PDF's size in bytes, once ready.",
    "sha256": "The PDF's SHA-256, once ready.",
    "published_on": "The day the results were published.",
    "at_closing": "Published as the survey closed (rather than as interim results).",
    "expires_at": "When the link stops working.",
    "days": "How many days the link works.",
    "question_bank_version": "The question bank version the survey asks (kept for its life).",
    "results_sequence": "Which published results of the survey the report shows (1, 2, ...).",
    "via_open_link": "Of `submitted`, those through an open link.",
    "imported": "Of `submitted`, those imported from CSV.",
    "reminded": "How many members were reminded.",
    "invitations": "The invitations made, each with its link.",
    "note": "A note.",
    "label": "The lead's note on the link (where it was handed out, say); members never see it.",
}


class Described:
    """Serializers whose fields take their descriptions from FIELD_DESCRIPTIONS when they have none."""

    def get_fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = super().get_fields()  # type: ignore[misc]
        for name, field in fields.items():
            if not getattr(field, "help_text", None) and name in FIELD_DESCRIPTIONS:
                field.help_text = FIELD_DESCRIPTIONS[name]
        return fields


class OrganizationSerializer(Described, serializers.ModelSerializer):
    class Meta:
        model = Organization
        fields = ["id", "name", "created_at"]


class TeamSerializer(Described, serializers.ModelSerializer):
    class Meta:
        model = Team
        fields = ["id", "organization", "name", "description", "created_at"]
        read_only_fields = fields


class TeamWriteSerializer(Described, serializers.Serializer):
    organization = serializers.IntegerField(
        required=False, min_value=1, help_text="Needed only when you lead several organizations."
    )
    name = serializers.CharField(max_length=MAX_LINE_LENGTH, trim_whitespace=False)
    description = serializers.CharField(
        max_length=MAX_DESCRIPTION_LENGTH, required=False, allow_blank=True, default="", trim_whitespace=False
    )


class SurveySerializer(Described, serializers.ModelSerializer):
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

    def to_representation(self, survey: Survey) -> dict[str, Any]:
        # Written out rather than field by field: a page of 100 surveys took 4x the time of a
        # trivial call through REST framework's fields (bench/api.py); the fields above stay
        # the schema's description, and tests compare the two.
        return {
            "id": survey.pk,
            "organization": survey.organization_id,
            "team": survey.team_id,
            "team_name": survey.team.name,
            "round_number": survey.round_number,
            "title": survey.title,
            "description": survey.description,
            "status": survey.status,
            "is_open": survey.is_open,
            "closes_on": _date(survey.closes_on),
            "roles": survey.roles,
            "anonymity_threshold": survey.anonymity_threshold,
            "question_bank_version": survey.bank.version,
            "created_at": _datetime(survey.created_at),
            "closed_at": _datetime(survey.closed_at),
            "reminded_at": _datetime(survey.reminded_at),
        }


_DATETIME = serializers.DateTimeField()


def _date(value: datetime.date | None) -> str | None:
    return None if value is None else value.isoformat()


def _datetime(value: datetime.datetime | None) -> str | None:
    return None if value is None else _DATETIME.to_representation(value)


class SurveyCreateSerializer(Described, serializers.Serializer):
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


class SurveyReopenSerializer(Described, serializers.Serializer):
    closes_on = serializers.DateField(required=False, allow_null=True, default=None)


class NextRoundSerializer(Described, serializers.Serializer):
    title = serializers.CharField(
        max_length=MAX_LINE_LENGTH, required=False, allow_blank=True, default="", trim_whitespace=False
    )


class PublishedSerializer(Described, serializers.Serializer):
    survey = serializers.IntegerField(source="survey_id")
    sequence = serializers.IntegerField(help_text="1, 2, 3... per survey.")
    published_on = serializers.DateField()
    at_closing = serializers.BooleanField(help_text="Published as the survey closed.")


class InvitationSerializer(Described, serializers.ModelSerializer):
    """An invitation as the lead's list shows it: never whether its member opened or answered (privacy.md)."""

    class Meta:
        model = Invitation
        fields = ["id", "kind", "roles", "email", "label", "created_at", "sent_at", "revoked_at"]
        read_only_fields = fields


class InvitationCreatedSerializer(InvitationSerializer):
    link = serializers.CharField(help_text="The personal link: shown only in this answer.")

    class Meta(InvitationSerializer.Meta):
        fields = [*InvitationSerializer.Meta.fields, "link"]
        read_only_fields = fields


class InvitationsCreatedSerializer(Described, serializers.Serializer):
    invitations = InvitationCreatedSerializer(many=True)


class InvitationCreateSerializer(Described, serializers.Serializer):
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
    label = serializers.CharField(
        max_length=MAX_LABEL_LENGTH, required=False, allow_blank=True, default="", trim_whitespace=False
    )
    message = serializers.CharField(
        max_length=MAX_DESCRIPTION_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        trim_whitespace=False,
        help_text="Your words in the invitation e-mail.",
    )


class OpenLinkCreateSerializer(Described, serializers.Serializer):
    roles = serializers.ListField(child=serializers.CharField(max_length=50), max_length=MAX_ROLES)
    label = serializers.CharField(
        max_length=MAX_LABEL_LENGTH, required=False, allow_blank=True, default="", trim_whitespace=False
    )


class SurveyUpdateSerializer(Described, serializers.Serializer):
    """What the survey's edit page changes; a field left out keeps its value."""

    title = serializers.CharField(max_length=MAX_LINE_LENGTH, required=False, trim_whitespace=False)
    team = serializers.CharField(
        max_length=MAX_LINE_LENGTH,
        required=False,
        trim_whitespace=False,
        help_text="Moving makes it that team's next round.",
    )
    description = serializers.CharField(
        max_length=MAX_DESCRIPTION_LENGTH, required=False, allow_blank=True, trim_whitespace=False
    )
    closes_on = serializers.DateField(required=False, allow_null=True)
    roles = serializers.ListField(
        child=serializers.CharField(max_length=50),
        required=False,
        max_length=MAX_ROLES,
        help_text="Only until the first member starts answering.",
    )
    anonymity_threshold = serializers.IntegerField(
        required=False,
        min_value=MIN_ANONYMITY_THRESHOLD,
        max_value=MAX_ANONYMITY_THRESHOLD,
        help_text="Only until the first member starts answering.",
    )
    reminder_days = serializers.ListField(
        child=serializers.IntegerField(min_value=0, max_value=365),
        required=False,
        max_length=10,
        help_text="Days before closing on which members who have not submitted are reminded.",
    )


class SurveyDuplicateSerializer(Described, serializers.Serializer):
    title = serializers.CharField(max_length=MAX_LINE_LENGTH, trim_whitespace=False)
    team = serializers.CharField(
        max_length=MAX_LINE_LENGTH,
        required=False,
        allow_blank=True,
        default="",
        trim_whitespace=False,
        help_text="The team whose next round the copy is (the organization's default team when empty).",
    )
    closes_on = serializers.DateField(required=False, allow_null=True, default=None)


class SurveyDeleteSerializer(Described, serializers.Serializer):
    confirmation = serializers.CharField(
        max_length=MAX_LINE_LENGTH, trim_whitespace=False, help_text="The survey's title, typed exactly."
    )


class RoleParticipationSerializer(Described, serializers.Serializer):
    role = serializers.CharField()
    title = serializers.CharField()
    invited = serializers.IntegerField(allow_null=True, help_text="Live personal invitations; null when none.")
    submitted = serializers.IntegerField(help_text="Every submitted response of the role.")
    via_open_link = serializers.IntegerField()
    imported = serializers.IntegerField()
    response_rate = serializers.FloatField(allow_null=True, help_text="Submitted through personal links / invited.")


class ParticipationSerializer(Described, serializers.Serializer):
    survey = serializers.IntegerField()
    status = serializers.CharField()
    reminded_at = serializers.DateTimeField(allow_null=True)
    roles = RoleParticipationSerializer(many=True)


class ReportJobSerializer(Described, serializers.ModelSerializer):
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


class ShareLinkSerializer(Described, serializers.Serializer):
    id = serializers.IntegerField()
    url = serializers.CharField(help_text="Anyone holding it reads the report, until it expires or is revoked.")
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()


class ShareLinkCreateSerializer(Described, serializers.Serializer):
    days = serializers.IntegerField(min_value=1, max_value=SHARE_DAYS_MAX, default=SHARE_DAYS_DEFAULT)
