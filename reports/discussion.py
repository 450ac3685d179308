"""The discussion guide of the team view: what a team talks through when it reads its results.

product.md: "a short discussion guide per mode at high risk or misaligned". The questions are the
bank's (BankMode.discussion, two or three per mode); this module only picks the modes and says
why each is on the list, from the published figures. Pure: plain data in, plain data out.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from reports.report_sections import ModeSection

REASON_HIGH = "its overall risk is high"
REASON_MISALIGNED = "the roles see it differently"


@dataclass(frozen=True)
class DiscussionTopic:
    key: str
    title: str
    reasons: tuple[str, ...]
    questions: tuple[str, ...]

    @property
    def reason(self) -> str:
        """Why the mode is on the guide, as the end of a sentence ("… because its overall risk is high")."""
        return " and ".join(self.reasons)


def discussion_topics(
    *, modes: Sequence[ModeSection], questions: Mapping[str, Sequence[str]]
) -> tuple[DiscussionTopic, ...]:
    """The modes at high risk or misaligned, in the bank's order (not ranked), with their questions.

    A mode whose bank version has no discussion questions (version 1) is listed without any.
    """
    topics = []
    for mode in modes:
        reasons = tuple(
            reason
            for reason, applies in ((REASON_HIGH, mode.level == "high"), (REASON_MISALIGNED, mode.misaligned))
            if applies
        )
        if reasons:
            topics.append(DiscussionTopic(mode.key, mode.title, reasons, tuple(questions.get(mode.key, ()))))
    return tuple(topics)
