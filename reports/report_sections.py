"""The parts of a report's data: roles and one section per failure mode.

Figures are the scoring module's own dataclasses (reports.scoring), carried as they are: a
section only adds what a reader needs beside them (titles, question texts, comments in their
place). Nothing is counted or computed here.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from reports.figures import percent_text
from reports.results import Comment
from reports.scoring import LIKERT, ModeScore, RoleModeScore, SurveyScores
from reports.sentences import LOW_RESPONSE_RATE
from surveys.models import BankMode, BankQuestion
from surveys.selectors.participation import RoleParticipation

# An executive reads the report in minutes: a random sample of comments per mode, said so on
# the page. Results.comments are stored shuffled, so the first ones are a random sample.
MAX_COMMENTS_PER_MODE = 30
# A comment may hold 5,000 characters; the report shows the first 1,500 of a longer one, cut at a
# word and marked "(shortened)" so that no reader takes the cut for the member's last word.
COMMENT_SHOWN_MAX = 1500
LOW_RESPONSE_NOTE = f"(under {percent_text(LOW_RESPONSE_RATE)})"


@dataclass(frozen=True)
class RoleLine:
    """A role of the survey: who was invited and answered, and whether it may be shown at all."""

    key: str
    title: str
    reportable: bool
    participation: RoleParticipation

    @property
    def submitted(self) -> int:
        return self.participation.submitted

    @property
    def invited(self) -> int | None:
        return self.participation.invited

    @property
    def response_rate(self) -> Fraction | None:
        return self.participation.response_rate

    @property
    def low_response(self) -> bool:
        rate = self.response_rate
        return rate is not None and rate < LOW_RESPONSE_RATE

    @property
    def low_response_note(self) -> str:
        """What a table prints beside a response rate that is too low to speak for the role."""
        return LOW_RESPONSE_NOTE if self.low_response else ""


@dataclass(frozen=True)
class RoleCell:
    """A reportable role on one mode: its figures, or None when fewer than k answered that part."""

    role: RoleLine
    score: RoleModeScore | None


@dataclass(frozen=True)
class ItemDistribution:
    """How a shown role answered one likert item; counts None when fewer than k answered it."""

    key: str
    role: str
    role_title: str
    text: str
    polarity: str
    counts: tuple[int, int, int, int, int] | None
    dont_know: int | None


@dataclass(frozen=True)
class ShownComment:
    text: str
    shortened: bool


@dataclass(frozen=True)
class CommentGroup:
    """The comments shown under one free-text question, labelled with its wording."""

    question: str
    role_title: str
    comments: tuple[ShownComment, ...]


def comment_shown(text: str) -> ShownComment:
    """The comment as the report prints it: whole, or its first COMMENT_SHOWN_MAX characters at a word."""
    if len(text) <= COMMENT_SHOWN_MAX:
        return ShownComment(text, shortened=False)
    cut = text[:COMMENT_SHOWN_MAX]
    # Back to the last space, unless the text has none worth using (one long word, or CJK).
    space = cut.rfind(" ")
    if space > COMMENT_SHOWN_MAX // 2:
        cut = cut[:space]
    return ShownComment(cut.rstrip() + "…", shortened=True)


@dataclass(frozen=True)
class ModeSection:
    key: str
    title: str
    category: str
    description: str
    source: str
    recommendations: tuple[str, ...]
    score: ModeScore | None
    cells: tuple[RoleCell, ...]
    items: tuple[ItemDistribution, ...]
    comments: tuple[CommentGroup, ...]
    comments_total: int

    @property
    def level(self) -> str | None:
        return self.score.level if self.score else None

    @property
    def misaligned(self) -> bool:
        return bool(self.score and self.score.misaligned)

    @property
    def shown(self) -> tuple[RoleCell, ...]:
        return tuple(cell for cell in self.cells if cell.score is not None)

    @property
    def withheld(self) -> tuple[RoleCell, ...]:
        return tuple(cell for cell in self.cells if cell.score is None)

    @property
    def comments_shown(self) -> int:
        return sum(len(group.comments) for group in self.comments)

    @property
    def has_page(self) -> bool:
        """product.md: a page for each mode at moderate or high risk, or misaligned."""
        return self.level in ("moderate", "high") or self.misaligned


def role_lines_build(
    *, scores: SurveyScores, participation: Sequence[RoleParticipation], titles: Mapping[str, str]
) -> tuple[RoleLine, ...]:
    """The survey's roles in survey order, each with its participation and reportability."""
    return tuple(
        RoleLine(role.role, titles.get(role.role, role.role), scores.roles[role.role].reportable, role)
        for role in participation
        if role.role in scores.roles
    )


def role_cells(*, score: ModeScore | None, roles: Sequence[RoleLine]) -> tuple[RoleCell, ...]:
    """One cell per reportable role, in survey order; empty where the role is withheld on the mode."""
    return tuple(RoleCell(role, score.roles.get(role.key) if score else None) for role in roles if role.reportable)


def mode_sections_build(
    *,
    bank_modes: Sequence[BankMode],
    questions: Sequence[BankQuestion],
    scores: SurveyScores,
    roles: Sequence[RoleLine],
    comments: Sequence[Comment],
) -> tuple[ModeSection, ...]:
    figures = {mode.key: mode for mode in scores.modes}
    by_key = {question.key: question for question in questions}
    sections = []
    for mode in bank_modes:
        score = figures.get(mode.key)
        cells = role_cells(score=score, roles=roles)
        mode_comments = [comment for comment in comments if _mode_of(by_key, comment) == mode.key]
        sections.append(
            ModeSection(
                key=mode.key,
                title=mode.title,
                category=mode.category,
                description=mode.description,
                source=mode.source,
                recommendations=tuple(mode.recommendations),
                score=score,
                cells=cells,
                items=_distributions(cells, by_key),
                comments=_comment_groups(mode_comments[:MAX_COMMENTS_PER_MODE], questions, roles),
                comments_total=len(mode_comments),
            )
        )
    return tuple(sections)


def _mode_of(questions: Mapping[str, BankQuestion], comment: Comment) -> str | None:
    question = questions.get(comment.question)
    return question.mode if question is not None else None


def _distributions(cells: Sequence[RoleCell], questions: Mapping[str, BankQuestion]) -> tuple[ItemDistribution, ...]:
    """Answer counts as scoring gives them (scoring.md, "Per item"); none for a withheld role."""
    items = []
    for cell in cells:
        if cell.score is None:
            continue
        for item in cell.score.items:
            question = questions[item.key]
            answered = sum(item.counts) if item.counts is not None else None
            items.append(
                ItemDistribution(
                    key=item.key,
                    role=cell.role.key,
                    role_title=cell.role.title,
                    text=question.text,
                    polarity=question.polarity or "",
                    counts=item.counts,
                    dont_know=None if answered is None else cell.role.submitted - answered,
                )
            )
    return tuple(items)


def _comment_groups(
    comments: Sequence[Comment], questions: Sequence[BankQuestion], roles: Sequence[RoleLine]
) -> tuple[CommentGroup, ...]:
    """The comments under their question, questions in bank order, comments in their stored order."""
    titles = {role.key: role.title for role in roles}
    groups = []
    for question in questions:
        if question.kind == LIKERT:
            continue
        texts = tuple(comment_shown(comment.text) for comment in comments if comment.question == question.key)
        if texts:
            groups.append(CommentGroup(question.text, titles.get(question.role, question.role), texts))
    return tuple(groups)
