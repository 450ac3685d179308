"""Publishing a survey's results, under the differencing guard (privacy.md).

Leaders read published results, never live ones. A publication freezes `results_live` into
a PublishedResults row and clears every response's `changed` mark in the same transaction
(one UPDATE of all the survey's responses, which also rewrites every row's PostgreSQL xmin at
once). The guard allows it only when, for every role reportable in the previous publication,
0 or at least k of its submitted responses changed since: fewer could be subtracted from the
previous figures to isolate a member.

From round 2 on, a publication also stores the change from the team's previous round. Its
"then" side is read only as that round published it: only when the previous round has
published results and none of its responses changed since its latest publication (otherwise
the change would hold figures of answers that no publication showed, and a lead could read
them by subtraction); else no change is stored, and the reason is.
"""

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Count, F, Max, OuterRef, Q, Subquery, When
from django.utils import timezone

from reports.changes import RoundAnswers
from reports.models import PublishedResults
from reports.results import PreviousRound, Results, results_dump, results_live_read, results_load
from reports.selectors import survey_answers_as_published, survey_round
from reports.signals import results_published
from surveys.models import Response, Survey
from surveys.selectors.surveys import survey_role_titles
from surveys.selectors.teams import round_previous

# privacy.md gives this sentence; one per role that blocks, in survey order.
PUBLISH_REFUSED = (
    "{roles}: {changed} {responses} changed since the last results; publishing now could reveal {them}. "
    "Wait for {missing} more, or close the survey later."
)
PUBLISHED_MESSAGE = "Results published: every page, download and report of this survey now shows them."
CLOSED_AND_PUBLISHED_MESSAGE = "Its results are published: the scores and reports show them."
CLOSED_NOT_PUBLISHED_MESSAGE = "The previous results stay published. {reason}"
NOTHING_PUBLISHED_MESSAGE = "No results are published for this survey yet: publish them from the survey's page."
# Why a publication stores no change from the previous round (PreviousRound.reason).
PREVIOUS_NOT_PUBLISHED = "not_published"
PREVIOUS_UNPUBLISHED_ANSWERS = "unpublished_answers"


class PublishRefusedError(ValidationError):
    """The differencing guard's refusal; its message is the sentence for the lead."""


@dataclass(frozen=True)
class RoleChanges:
    role: str
    title: str
    changed: int


def published_latest(*, survey: Survey) -> PublishedResults | None:
    """The survey's latest published results, or None before the first publication."""
    return PublishedResults.objects.filter(survey=survey).order_by("-sequence").first()


def published_latest_by_survey(*, surveys: Iterable[Survey]) -> dict[int, PublishedResults]:
    """Each survey's latest published results, by survey id, in one query; surveys without any are left out."""
    newest = PublishedResults.objects.filter(survey=OuterRef("survey")).order_by("-sequence").values("sequence")[:1]
    rows = PublishedResults.objects.filter(survey__in=list(surveys), sequence=Subquery(newest))
    return {published.survey_id: published for published in rows}


def published_results_of(published: PublishedResults) -> Results:
    return results_load(published.results)


def published_changes_exist(*, survey: Survey) -> bool:
    """Whether any submitted response changed since the last publication (a new one would differ)."""
    return Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED, changed=True).exists()


def publish_blockers(
    *, survey: Survey, previous: PublishedResults | None = None, changed: Mapping[str, int] | None = None
) -> list[RoleChanges]:
    """The roles whose changes since the previous publication forbid a new one (privacy.md).

    `changed` counts the changed responses per role when the caller has read them already
    (results_publish: the very responses it publishes); otherwise they are counted now.
    """
    if previous is None:
        previous = published_latest(survey=survey)
    if previous is None:
        # The first publication has no earlier figure to subtract from.
        return []
    reportable = [role for role, count in published_results_of(previous).scores.roles.items() if count.reportable]
    if changed is None:
        changed = dict(
            Response.objects.filter(survey=survey, status=Response.Status.SUBMITTED, changed=True, role__in=reportable)
            .order_by()
            .values("role")
            .annotate(count=Count("*"))
            .values_list("role", "count")
        )
    k = survey.anonymity_threshold
    titles = survey_role_titles(survey=survey)
    return [
        RoleChanges(role, titles.get(role, role), changed[role])
        for role in survey.roles
        if role in reportable and 0 < changed.get(role, 0) < k
    ]


def publish_refusal(*, survey: Survey, blockers: Sequence[RoleChanges]) -> str:
    """The one-sentence reason (a sentence per blocking role) for the lead."""
    return " ".join(
        PUBLISH_REFUSED.format(
            roles=f"{blocker.title}s",
            changed=blocker.changed,
            responses="response" if blocker.changed == 1 else "responses",
            them="it" if blocker.changed == 1 else "them",
            missing=survey.anonymity_threshold - blocker.changed,
        )
        for blocker in blockers
    )


@transaction.atomic
def results_publish(*, survey: Survey, at_closing: bool = False) -> PublishedResults:
    """Publish the survey's results now; raises PublishRefusedError when the guard forbids it.

    The survey row is locked so that two publications of one survey are taken one after the
    other: each sees the other's cleared marks, never the same previous results.
    """
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    previous = published_latest(survey=survey)
    previous_round, then = previous_round_as_published(survey=survey)
    # One read of the responses serves the guard, the figures and the clearing of marks below:
    # on PostgreSQL each statement sees its own snapshot, so a response submitted between two
    # reads would be published unguarded, or lose its mark unpublished.
    results, read = results_live_read(survey=survey, previous=previous_round, then=then)
    changed = Counter(response.role for response in read if response.changed)
    blockers = publish_blockers(survey=survey, previous=previous, changed=changed)
    if blockers:
        raise PublishRefusedError(publish_refusal(survey=survey, blockers=blockers))
    sequence = (PublishedResults.objects.filter(survey=survey).aggregate(last=Max("sequence"))["last"] or 0) + 1
    published = PublishedResults.objects.create(
        survey=survey,
        sequence=sequence,
        published_on=timezone.localdate(),
        at_closing=at_closing,
        results=results_dump(results),
    )
    # Every response of the survey in one statement, drafts included: which rows had a mark
    # is forgotten, and every row gets the same new xmin. A response submitted after the read
    # above keeps its mark: it is not in these results, so the next publication must count it.
    unpublished = Q(status=Response.Status.SUBMITTED) & ~Q(pk__in=[response.pk for response in read])
    Response.objects.filter(survey=survey).update(changed=Case(When(unpublished, then=F("changed")), default=False))
    results_published.send(sender=PublishedResults, published=published)
    return published


@transaction.atomic
def previous_round_as_published(*, survey: Survey) -> tuple[PreviousRound | None, RoundAnswers | None]:
    """The team's previous round, and its answers when they are exactly what it last published.

    (None, None) for a first round; otherwise the round with, when it cannot be compared,
    the reason, and no answers.
    """
    earlier = round_previous(survey=survey)
    if earlier is None:
        return None, None
    # Its publications lock its row (results_publish): none may come between the two reads below.
    Survey.objects.select_for_update().filter(pk=earlier.pk).first()
    latest = published_latest(survey=earlier)
    if latest is None:
        return PreviousRound(earlier.pk, earlier.round_number, None, None, None, PREVIOUS_NOT_PUBLISHED), None
    previous = PreviousRound(earlier.pk, earlier.round_number, latest.sequence, latest.published_on, None, "")
    answers = survey_answers_as_published(survey=earlier)
    if answers is None:
        return replace(previous, reason=PREVIOUS_UNPUBLISHED_ANSWERS), None
    return previous, survey_round(survey=earlier, answers=answers)


@transaction.atomic
def results_publish_when_changed(*, survey: Survey) -> PublishedResults:
    """The latest published results, published anew first when answers changed since them.

    Decided under the survey's lock, so that two simultaneous requests (two report buttons)
    publish once and share the snapshot. Raises PublishRefusedError as results_publish does.
    """
    locked = Survey.objects.select_for_update().get(pk=survey.pk)
    latest = published_latest(survey=locked)
    if latest is not None and not published_changes_exist(survey=locked):
        return latest
    return results_publish(survey=locked)


def results_publish_at_closing(*, survey: Survey) -> str:
    """Publish as a survey closes, when the guard allows; the sentence for the lead either way."""
    try:
        results_publish(survey=survey, at_closing=True)
    except PublishRefusedError as refusal:
        return CLOSED_NOT_PUBLISHED_MESSAGE.format(reason=refusal.messages[0])
    return CLOSED_AND_PUBLISHED_MESSAGE


def results_publish_on_close(*, survey: Survey, **_: object) -> str:
    """survey_closed's receiver (reports/apps.py)."""
    return results_publish_at_closing(survey=survey)
