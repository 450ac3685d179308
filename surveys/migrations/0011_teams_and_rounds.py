"""Teams and rounds: the free-text team of a survey becomes a Team, and each survey a round.

Existing surveys join the team named by their team field (names compared without case and
surrounding spaces), or their organization's default team (named after the organization) when the field was
blank; rounds
are numbered within each team in the order the surveys were created.
"""

import django.db.models.deletion
import django.db.models.functions.text
from django.db import migrations, models

def surveys_to_teams(apps, schema_editor):
    Survey = apps.get_model("surveys", "Survey")
    Team = apps.get_model("surveys", "Team")
    teams = {}
    rounds = {}
    for survey in Survey.objects.select_related("organization").order_by("created_at", "id"):
        name = survey.team.strip() or survey.organization.name
        key = (survey.organization_id, name.casefold())
        if key not in teams:
            teams[key] = Team.objects.create(organization_id=survey.organization_id, name=name)
        team = teams[key]
        rounds[team.pk] = rounds.get(team.pk, 0) + 1
        Survey.objects.filter(pk=survey.pk).update(team_ref=team, round_number=rounds[team.pk])


def teams_to_surveys(apps, schema_editor):
    Survey = apps.get_model("surveys", "Survey")
    for survey in Survey.objects.select_related("team_ref"):
        Survey.objects.filter(pk=survey.pk).update(team=survey.team_ref.name)


class Migration(migrations.Migration):
    dependencies = [
        ("surveys", "0010_response_open_link_key"),
    ]

    operations = [
        migrations.CreateModel(
            name="Team",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=200)),
                ("description", models.TextField(blank=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "organization",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="teams", to="surveys.organization"
                    ),
                ),
            ],
            options={"ordering": ["name", "id"]},
        ),
        migrations.AddConstraint(
            model_name="team",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("name"), models.F("organization"), name="one_team_name_per_organization"
            ),
        ),
        migrations.AddField(
            model_name="survey",
            name="team_ref",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.RESTRICT, related_name="rounds", to="surveys.team"
            ),
        ),
        migrations.AddField(
            model_name="survey",
            name="round_number",
            field=models.PositiveIntegerField(null=True),
        ),
        migrations.RunPython(surveys_to_teams, teams_to_surveys),
        migrations.RemoveField(model_name="survey", name="team"),
        migrations.RenameField(model_name="survey", old_name="team_ref", new_name="team"),
        migrations.AlterField(
            model_name="survey",
            name="team",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.RESTRICT, related_name="rounds", to="surveys.team"
            ),
        ),
        migrations.AlterField(
            model_name="survey",
            name="round_number",
            field=models.PositiveIntegerField(),
        ),
        migrations.AddConstraint(
            model_name="survey",
            constraint=models.UniqueConstraint(fields=("team", "round_number"), name="one_survey_per_team_round"),
        ),
    ]
