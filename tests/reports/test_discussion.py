"""The discussion guide picks the modes at high risk or misaligned, in the bank's order: no database."""

from reports.discussion import REASON_HIGH, REASON_MISALIGNED, discussion_topics
from reports.report_sections import ModeSection
from reports.scoring import ModeScore


def _mode(key: str, *, level: str | None, misaligned: bool = False) -> ModeSection:
    score = ModeScore(key, 0.5, level, None, None, None, misaligned, (), {})
    return ModeSection(key, key.title(), "organization", "", "", (), score, (), (), (), 0)


QUESTIONS = {"a": ("Why a?", "Who saw a?"), "b": ("Why b?", "When b?", "What now?"), "c": ("Why c?", "How c?")}


def test_it_lists_high_and_misaligned_modes_in_bank_order_with_their_questions() -> None:
    modes = [_mode("a", level="moderate", misaligned=True), _mode("b", level="low"), _mode("c", level="high")]

    topics = discussion_topics(modes=modes, questions=QUESTIONS)

    assert [(topic.key, topic.reasons, topic.questions) for topic in topics] == [
        ("a", (REASON_MISALIGNED,), QUESTIONS["a"]),
        ("c", (REASON_HIGH,), QUESTIONS["c"]),
    ]


def test_a_mode_both_high_and_misaligned_gives_both_reasons_in_one_sentence() -> None:
    [topic] = discussion_topics(modes=[_mode("b", level="high", misaligned=True)], questions=QUESTIONS)

    assert topic.reason == f"{REASON_HIGH} and {REASON_MISALIGNED}"


def test_a_mode_without_figures_or_questions_is_handled() -> None:
    no_figures = ModeSection("a", "A", "organization", "", "", (), None, (), (), (), 0)

    assert discussion_topics(modes=[no_figures], questions=QUESTIONS) == ()
    [topic] = discussion_topics(modes=[_mode("z", level="high")], questions=QUESTIONS)
    assert topic.questions == ()
