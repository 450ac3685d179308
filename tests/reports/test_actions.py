"""Actions through their life cycle: recorded from published results, edited, closed, dropped."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone

from reports.action_selectors import action_get_for_survey, actions_of_survey, actions_open
from reports.action_services import (
    DUE_IN_PAST_MESSAGE,
    MODE_UNKNOWN_MESSAGE,
    NOT_PUBLISHED_MESSAGE,
    OWNER_REQUIRED_MESSAGE,
    STATUS_UNKNOWN_MESSAGE,
    WHAT_FIELD,
    WHAT_REQUIRED_MESSAGE,
    action_set_status,
    action_update,
)
from reports.models import Action
from reports.selectors import survey_modes
from surveys.models import Organization, Survey
from surveys.validators import EMAIL_INVALID_MESSAGE, MAX_LINE_LENGTH, TOO_LONG_MESSAGE
from tests.factories import make_survey
from tests.support.actions import in_days, make_action, published_survey
from tests.support.published import publish


@pytest.fixture
def survey(acme: Organization) -> Survey:
    return published_survey(acme)


def edit(action: Action, **changes: object) -> Action:
    fields: dict[str, object] = {
        "mode": action.mode,
        "what": action.what,
        "owner_name": action.owner_name,
        "owner_email": action.owner_email,
        "due_on": action.due_on,
        "note": action.note,
        "status": action.status,
    } | changes
    return action_update(action=action, **fields)  # type: ignore[arg-type]


def errors_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def test_it_records_a_planned_action_on_a_mode(survey: Survey) -> None:
    action = make_action(survey, what="  Weekly hand-over  ", note="Start in March.")
    assert (action.status, action.what, action.note) == (Action.Status.PLANNED, "Weekly hand-over", "Start in March.")
    assert action.is_open


def test_it_refuses_an_action_on_a_survey_with_nothing_published(acme: Organization) -> None:
    survey = make_survey(acme)
    with pytest.raises(ValidationError) as excinfo:
        make_action(survey)
    assert excinfo.value.messages == [NOT_PUBLISHED_MESSAGE]
    assert not Action.objects.exists()


def test_it_refuses_a_mode_the_surveys_bank_does_not_have(survey: Survey) -> None:
    with pytest.raises(ValidationError) as excinfo:
        make_action(survey, mode="made_up")
    assert errors_of(excinfo) == {"mode": [MODE_UNKNOWN_MESSAGE.format(value="made_up")]}
    assert not Action.objects.exists()


def test_it_refuses_a_due_date_in_the_past_on_creation(survey: Survey) -> None:
    with pytest.raises(ValidationError) as excinfo:
        make_action(survey, due_on=in_days(-1))
    assert errors_of(excinfo) == {"due_on": [DUE_IN_PAST_MESSAGE]}


def test_it_accepts_an_action_due_today(survey: Survey) -> None:
    assert make_action(survey, due_on=timezone.localdate()).due_on == timezone.localdate()


def test_it_reports_every_wrong_field_at_once(survey: Survey) -> None:
    with pytest.raises(ValidationError) as excinfo:
        make_action(survey, what=" ", owner_name="", owner_email="not an address", note="a\x00b", due_on=in_days(-3))
    errors = errors_of(excinfo)
    assert errors["what"] == [WHAT_REQUIRED_MESSAGE]
    assert errors["owner_name"] == [OWNER_REQUIRED_MESSAGE]
    assert errors["owner_email"] == [EMAIL_INVALID_MESSAGE.format(email="not an address")]
    assert set(errors) == {"what", "owner_name", "owner_email", "note", "due_on"}
    assert not Action.objects.exists()


def test_it_refuses_over_long_or_multi_line_text(survey: Survey) -> None:
    long = "x" * (MAX_LINE_LENGTH + 1)
    with pytest.raises(ValidationError) as excinfo:
        make_action(survey, what=long)
    assert errors_of(excinfo)["what"] == [TOO_LONG_MESSAGE.format(field=WHAT_FIELD, limit=MAX_LINE_LENGTH, length=201)]
    with pytest.raises(ValidationError):
        make_action(survey, owner_name="Dana\nSmith")
    assert not Action.objects.exists()


def test_it_edits_every_field(survey: Survey) -> None:
    action = make_action(survey)
    other_mode = survey_modes(survey=survey)[1].key
    edit(
        action,
        mode=other_mode,
        what="New",
        owner_name="Eli",
        owner_email="",
        due_on=in_days(3),
        note="n",
        status="doing",
    )
    action.refresh_from_db()
    assert (action.mode, action.what, action.owner_name, action.owner_email) == (other_mode, "New", "Eli", "")
    assert (action.due_on, action.note, action.status) == (in_days(3), "n", Action.Status.DOING)


def test_it_keeps_an_overdue_date_on_edit_but_refuses_a_new_past_one(survey: Survey) -> None:
    action = make_action(survey)
    Action.objects.filter(pk=action.pk).update(due_on=in_days(-5))
    action.refresh_from_db()
    edit(action, note="Still on it")
    assert Action.objects.get().note == "Still on it"
    with pytest.raises(ValidationError) as excinfo:
        edit(action, due_on=in_days(-1), note="changed")
    assert errors_of(excinfo) == {"due_on": [DUE_IN_PAST_MESSAGE]}
    assert Action.objects.get().due_on == in_days(-5)


def test_a_wrong_edit_changes_nothing(survey: Survey) -> None:
    action = make_action(survey)
    before = Action.objects.values().get()
    with pytest.raises(ValidationError):
        edit(action, what="", mode="made_up")
    with pytest.raises(ValidationError) as excinfo:
        edit(action, status="finished")
    assert errors_of(excinfo) == {"status": [STATUS_UNKNOWN_MESSAGE.format(value="finished")]}
    assert Action.objects.values().get() == before


def test_a_new_due_date_clears_the_claim_of_the_due_email(survey: Survey) -> None:
    action = make_action(survey)
    Action.objects.filter(pk=action.pk).update(due_email_at=timezone.now())
    action.refresh_from_db()
    edit(action, note="same date")
    assert Action.objects.get().due_email_at is not None
    edit(action, due_on=in_days(20))
    assert Action.objects.get().due_email_at is None


def test_an_edit_from_a_stale_copy_keeps_the_claim_the_beat_made_meanwhile(survey: Survey) -> None:
    stale = make_action(survey)
    Action.objects.filter(pk=stale.pk).update(due_email_at=timezone.now())
    edit(stale, note="edited")
    assert Action.objects.get().due_email_at is not None


def test_it_closes_and_drops_and_reopens(survey: Survey) -> None:
    action = make_action(survey)
    action_set_status(action=action, status=Action.Status.DONE)
    assert Action.objects.get().status == Action.Status.DONE
    action_set_status(action=action, status=Action.Status.DROPPED)
    assert Action.objects.get().status == Action.Status.DROPPED
    action_set_status(action=action, status=Action.Status.DOING)
    assert Action.objects.get().is_open


def test_it_groups_a_surveys_actions_by_mode_in_bank_order(survey: Survey) -> None:
    first, _second, third = (mode.key for mode in survey_modes(survey=survey)[:3])
    late = make_action(survey, mode=third, due_on=in_days(30))
    early = make_action(survey, mode=third, due_on=in_days(2))
    other = make_action(survey, mode=first)
    groups = actions_of_survey(survey=survey)
    assert [group.key for group in groups] == [first, third]
    assert groups[1].actions == (early, late)
    assert groups[0].actions == (other,)
    assert groups[0].title == survey_modes(survey=survey)[0].title


def test_it_lists_open_actions_of_several_surveys_soonest_first(acme: Organization, survey: Survey) -> None:
    round_two = make_survey(acme, title="Round 2")
    publish(round_two)
    later = make_action(survey, due_on=in_days(9))
    sooner = make_action(round_two, due_on=in_days(1))
    doing = make_action(round_two, due_on=in_days(4))
    action_set_status(action=doing, status=Action.Status.DOING)
    action_set_status(action=make_action(survey), status=Action.Status.DONE)
    action_set_status(action=make_action(survey), status=Action.Status.DROPPED)
    assert list(actions_open(surveys=[survey, round_two])) == [sooner, doing, later]
    assert list(actions_open(surveys=Survey.objects.filter(pk=round_two.pk))) == [sooner, doing]
    assert actions_open(surveys=Survey.objects.none()).count() == 0


def test_it_finds_an_action_only_through_its_own_survey(acme: Organization, survey: Survey) -> None:
    other = make_survey(acme, title="Other")
    action = make_action(survey)
    assert action_get_for_survey(survey=survey, pk=action.pk) == action
    with pytest.raises(Http404):
        action_get_for_survey(survey=other, pk=action.pk)


def test_only_an_open_action_past_its_due_date_is_overdue(survey: Survey) -> None:
    action = make_action(survey, due_on=timezone.localdate())
    assert not action.is_overdue
    action.due_on = in_days(-1)
    assert action.is_overdue
    action.status = Action.Status.DONE
    assert not action.is_overdue
