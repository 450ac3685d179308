"""The published results' JSON (commands.md, `export_scores`) described field by field for the schema.

Only a description: the document itself comes from reports.exports, unchanged.
"""

from rest_framework import serializers


class ResultsSurveySerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The survey's id.")
    title = serializers.CharField(help_text="The survey's title.")
    anonymity_threshold = serializers.IntegerField(help_text="k: no figure is shown over fewer than k people.")
    question_bank = serializers.CharField(help_text="The question bank's name.")
    question_bank_version = serializers.IntegerField(help_text="The bank version the survey asks.")


class ResultsRoleSerializer(serializers.Serializer):
    invited = serializers.IntegerField(allow_null=True, help_text="Live personal invitations; null when none.")
    submitted = serializers.IntegerField(help_text="Every submitted response of the role.")
    via_open_link = serializers.IntegerField(help_text="Of `submitted`, those through an open link.")
    imported = serializers.IntegerField(help_text="Of `submitted`, those imported from CSV.")
    response_rate = serializers.FloatField(
        allow_null=True, help_text="Submitted through personal links / invited; null without personal invitations."
    )
    reportable = serializers.BooleanField(help_text="At least k submitted: the role appears in figures.")


class ResultsRoleScoreSerializer(serializers.Serializer):
    n = serializers.IntegerField(help_text="Respondents of the role who answered the mode.")
    mean_risk = serializers.FloatField(help_text="Mean risk, 0 (healthy) to 1 (at risk).")
    sd = serializers.FloatField(help_text="Standard deviation of the respondents' risk.")
    ci95 = serializers.ListField(child=serializers.FloatField(), help_text="95% interval of the mean: [low, high].")
    favourable = serializers.FloatField(help_text="Share of favourable answers.")
    unfavourable = serializers.FloatField(help_text="Share of unfavourable answers.")
    dont_know_rate = serializers.FloatField(help_text="Share of items left unanswered or answered “don't know”.")
    rwg_j = serializers.FloatField(allow_null=True, help_text="Within-role agreement (rwg(j)), 0 to 1.")


class ResultsModeSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="The failure mode's key.")
    title = serializers.CharField(help_text="The failure mode's title.")
    overall_risk = serializers.FloatField(allow_null=True, help_text="Mean of the shown roles' risks.")
    level = serializers.CharField(allow_null=True, help_text="low, moderate or high.")
    gap = serializers.FloatField(allow_null=True, help_text="Largest difference between two shown roles' means.")
    gap_roles = serializers.ListField(
        child=serializers.CharField(), allow_null=True, help_text="The two roles of the gap: [lower, higher]."
    )
    gap_ci95 = serializers.ListField(
        child=serializers.FloatField(), allow_null=True, help_text="95% interval of the gap: [low, high]."
    )
    misaligned = serializers.BooleanField(help_text="The gap's interval excludes 0: the roles see it differently.")
    withheld_roles = serializers.ListField(
        child=serializers.CharField(), help_text="Roles left out of this mode (fewer than k answered it)."
    )
    roles = serializers.DictField(child=ResultsRoleScoreSerializer(), help_text="Each shown role's scores, by key.")


class ScoresDocumentSerializer(serializers.Serializer):
    """commands.md's `export_scores` JSON, field for field (floats at full precision)."""

    survey = ResultsSurveySerializer(help_text="The survey the results are of.")
    withheld = serializers.BooleanField(help_text="True when too few responded: failure_modes is then empty.")
    roles = serializers.DictField(child=ResultsRoleSerializer(), help_text="Participation of each role, by key.")
    failure_modes = ResultsModeSerializer(many=True, help_text="In survey order; empty when withheld.")
    health_index = serializers.FloatField(allow_null=True, help_text="Overall health, 0 to 1; null when withheld.")


class ChangeRoleSerializer(serializers.Serializer):
    change = serializers.FloatField(help_text="This round's mean risk minus the previous round's.")
    change_ci95 = serializers.ListField(child=serializers.FloatField(), help_text="95% interval: [low, high].")
    credible = serializers.BooleanField(help_text="The interval excludes 0: the change is more than noise.")


class ChangeModeSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="The failure mode's key.")
    shared_items = serializers.IntegerField(help_text="Statements asked in both rounds, on which the change rests.")
    overall_change = serializers.FloatField(allow_null=True, help_text="Change of the mode's overall risk.")
    roles = serializers.DictField(
        child=ChangeRoleSerializer(), help_text="Each role shown on the mode in both rounds, by key."
    )


class ChangesDocumentSerializer(serializers.Serializer):
    """commands.md's `export_changes` JSON, of the change stored in the latest published results."""

    survey = serializers.IntegerField(help_text="This round's survey id.")
    previous = serializers.IntegerField(allow_null=True, help_text="The previous round's survey id.")
    failure_modes = ChangeModeSerializer(many=True, help_text="In survey order.")
