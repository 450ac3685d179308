"""The summary's sentences, each written from the scoring module's figures, saying how sure they are.

Rules every sentence keeps (product.md, "The report"):
- it carries its n and its 95% interval in words: "0.61, between 0.49 and 0.73, from 8 data
  scientists";
- it never ranks what the data cannot tell apart: the failure modes whose overall intervals
  overlap the highest one's are named together, as tied, in the questionnaire's order;
- it calls roles at odds only when scoring says `misaligned` (the gap is 1/4 or more and its
  interval excludes 0);
- participation comes first, and every role left out of a figure is named, with the reason.
Figures print through reports.figures, as everywhere else. No sentence praises or reassures.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import TYPE_CHECKING

from reports.figures import figure_text, percent_text, whole_text
from reports.scoring import HIGH_FROM, MISALIGNED_FROM, MODERATE_FROM, ModeScore, RoleModeScore, SurveyScores

if TYPE_CHECKING:
    from reports.report_sections import RoleLine

# Below this response rate the answers may speak for the few who chose to answer.
LOW_RESPONSE_RATE = Fraction(3, 5)

# A role that cannot answer a third of a mode's items cannot see that part of the work.
DONT_KNOW_NOTABLE_FROM = float(Fraction(1, 3))

PERCEPTION_SENTENCE = (
    "Every figure in this report is the team's perception, taken from their answers to a questionnaire: "
    "it says how the people who answered see the work, not what the systems measure."
)
LOW_RESPONSE_WARNING = (
    f"That is under {percent_text(LOW_RESPONSE_RATE)}: the figures may speak for those who chose to answer "
    "rather than for the whole role."
)
SCALE_CUTS = (
    f"Risk is low below {figure_text(MODERATE_FROM, places=3)}, moderate from "
    f"{figure_text(MODERATE_FROM, places=3)} and high from {figure_text(HIGH_FROM, places=3)}: "
    "the cut points lie halfway between the answer points."
)
SCALE_SENTENCE = (
    f"Risk runs from 0 (healthy) to 1 (the failure mode fully present). {SCALE_CUTS} "
    "“Between” gives a 95% interval: with so few people, the figure could lie anywhere in it. "
    "Two roles disagree on a mode when their means differ by "
    f"{figure_text(MISALIGNED_FROM)} or more (one point on the answer scale) and the interval of that "
    "difference excludes 0. The appendix explains the method."
)
MISALIGNED_NOTE = (
    f"A gap is marked misaligned only when it is {figure_text(MISALIGNED_FROM)} or more and its 95% interval "
    "excludes 0: the data tells the two roles apart."
)
NO_CONFIRMED_GAP = "No failure mode shows a disagreement between roles that the data can confirm."
NO_GAP_POSSIBLE = "Fewer than two roles have figures on any failure mode, so no gap between roles can be measured."


@dataclass(frozen=True)
class Summary:
    perception: str
    scale: str
    scale_cuts: str
    misaligned_note: str
    participation: tuple[str, ...]
    health: str
    risks: tuple[str, ...]
    gaps: tuple[str, ...]
    blind_spots: tuple[str, ...]
    hidden: tuple[str, ...]
    withheld: str


def summary_build(
    *, scores: SurveyScores, roles: Sequence["RoleLine"], mode_titles: Mapping[str, str], threshold: int
) -> Summary:
    words = _Words(roles, mode_titles)
    modes = [mode for mode in scores.modes if mode.overall_exact is not None]
    return Summary(
        perception=PERCEPTION_SENTENCE,
        scale=SCALE_SENTENCE,
        scale_cuts=SCALE_CUTS,
        misaligned_note=MISALIGNED_NOTE,
        participation=tuple(participation_sentence(role) for role in roles),
        health=_health_sentence(scores, roles, words),
        risks=_risk_sentences(modes, words),
        gaps=_gap_sentences(modes, words),
        blind_spots=_blind_spot_sentences(modes, words),
        hidden=hidden_sentences(scores=scores, roles=roles, mode_titles=mode_titles, threshold=threshold),
        withheld=_withheld_sentence(roles, threshold) if scores.withheld else "",
    )


# --- Words -------------------------------------------------------------------------------------


def plural(title: str) -> str:
    """'Engineer' becomes 'Engineers'; role titles are data, so only the simple English rule."""
    return title if title.endswith("s") else f"{title}s"


def lower_first(title: str) -> str:
    # "Product manager" reads "product manager" inside a sentence, but "ML engineer" stays.
    if len(title) > 1 and title[1].islower():
        return title[0].lower() + title[1:]
    return title


def people(count: int, title: str) -> str:
    """'8 data scientists', '1 engineer'."""
    return f"{count} {lower_first(title if count == 1 else plural(title))}"


def listed(names: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def estimate(value: float, interval: tuple[float, float] | None, who: str) -> str:
    """A figure with its 95% interval and whom it comes from, as a VP reads it."""
    if interval is None or figure_text(interval[0]) == figure_text(interval[1]):
        return f"{figure_text(value)}, from {who}, all of whom answered alike"
    return f"{figure_text(value)}, between {figure_text(interval[0])} and {figure_text(interval[1])}, from {who}"


class _Words:
    """Titles of roles and modes, and the phrases built from them."""

    def __init__(self, roles: Sequence["RoleLine"], mode_titles: Mapping[str, str]) -> None:
        self.role_titles = {role.key: role.title for role in roles}
        self.submitted = {role.key: role.submitted for role in roles}
        self.mode_titles = mode_titles

    def mode(self, mode: ModeScore) -> str:
        return f"“{self.mode_titles.get(mode.key, mode.key)}”"

    def role(self, key: str) -> str:
        return self.role_titles.get(key, key)

    def who(self, mode: ModeScore) -> str:
        return listed([people(score.n, self.role(role)) for role, score in mode.roles.items()])

    def role_estimate(self, key: str, score: RoleModeScore) -> str:
        return estimate(score.mean_risk, score.ci95, people(score.n, self.role(key)))


# --- Participation and who is left out ------------------------------------------------------


def participation_sentence(role: "RoleLine") -> str:
    """How many of a role answered, how, and a warning when too few of those invited did."""
    others = _other_channels(role)
    rate = role.response_rate
    if rate is None:
        return (
            f"{plural(role.title)}: {people(role.submitted, 'response')}{others}; with no personal "
            "invitations there is no response rate."
        )
    answered = role.participation.via_personal_link
    sentence = f"{plural(role.title)}: {answered} of {role.invited} invited answered ({percent_text(rate)}){others}."
    return f"{sentence} {LOW_RESPONSE_WARNING}" if role.low_response else sentence


def _other_channels(role: "RoleLine") -> str:
    parts = []
    if role.participation.via_open_link:
        parts.append(f"{role.participation.via_open_link} through the open link")
    if role.participation.imported:
        parts.append(f"{role.participation.imported} imported")
    if not parts:
        return ""
    return f", {'and ' if role.invited is not None else 'of which '}{listed(parts)}"


def hidden_sentences(
    *, scores: SurveyScores, roles: Sequence["RoleLine"], mode_titles: Mapping[str, str], threshold: int
) -> tuple[str, ...]:
    """Each role left out of every figure, and each role left out of some failure modes, and why."""
    sentences = [_below_threshold_sentence(role, threshold) for role in roles if not role.reportable]
    for role in roles:
        modes = [mode_titles.get(mode.key, mode.key) for mode in scores.modes if role.key in mode.withheld_roles]
        if modes:
            sentences.append(
                f"{plural(role.title)} are left out of {listed([f'“{title}”' for title in modes])}: "
                f"fewer than {threshold} of them answered that part."
            )
    return tuple(sentences)


def _below_threshold_sentence(role: "RoleLine", threshold: int) -> str:
    return (
        f"{plural(role.title)} are left out of every figure: {people(role.submitted, 'response')}, "
        f"fewer than the anonymity threshold of {threshold}."
    )


def _withheld_sentence(roles: Sequence["RoleLine"], threshold: int) -> str:
    counts = ", ".join(f"{lower_first(plural(role.title))} {role.submitted}" for role in roles)
    return (
        f"No role has reached the anonymity threshold of {threshold} submitted responses ({counts}), "
        "so this report shows no figure at all: with so few answers, a figure could point at a person."
    )


# --- Health --------------------------------------------------------------------------------------


def _health_sentence(scores: SurveyScores, roles: Sequence["RoleLine"], words: _Words) -> str:
    if scores.health_index is None:
        return "No failure mode has an answered item, so there is no health index."
    shown = [role for role in roles if role.reportable]
    sentence = (
        f"The health index is {whole_text(scores.health_index)} out of 100, where 100 means that no failure mode "
        f"is present and 0 that every failure mode is fully present, from "
        f"{listed([people(role.submitted, role.title) for role in shown])}."
    )
    hidden = [role for role in roles if not role.reportable]
    if hidden:
        left_out = listed([lower_first(plural(role.title)) for role in hidden])
        sentence += f" It is based on {len(shown)} of {len(roles)} roles: {left_out} are left out."
    return sentence


# --- Highest risk --------------------------------------------------------------------------------


def overlaps(first: tuple[float, float] | None, second: tuple[float, float] | None) -> bool:
    """Whether two 95% intervals share a point; a missing interval overlaps everything."""
    if first is None or second is None:
        return True
    return first[0] <= second[1] and second[0] <= first[1]


def highest_risk_modes(modes: Sequence[ModeScore]) -> list[ModeScore]:
    """The mode at the highest overall risk and every mode the data cannot tell apart from it.

    Returned in the order given (the questionnaire's), never ranked among themselves.
    """
    scored = [mode for mode in modes if mode.overall_exact is not None]
    if not scored:
        return []
    # max returns the first of equal candidates, so a tie goes to the questionnaire's order.
    top = max(scored, key=lambda mode: mode.overall_exact or 0)
    return [mode for mode in scored if mode is top or overlaps(mode.overall_ci95, top.overall_ci95)]


def _risk_sentences(modes: Sequence[ModeScore], words: _Words) -> tuple[str, ...]:
    tied = highest_risk_modes(modes)
    if not tied:
        return ()
    sentences = []
    if all(mode.overall_exact is not None and mode.overall_exact < MODERATE_FROM for mode in modes):
        sentences.append(f"No failure mode reaches moderate risk ({figure_text(MODERATE_FROM, places=3)} or more).")
    if len(tied) == 1:
        mode = tied[0]
        apart = " Its interval overlaps no other failure mode's, so the data sets it apart." if len(modes) > 1 else ""
        sentences.append(f"{words.mode(mode)} is at the highest risk, {mode.level}: {_overall(mode, words)}.{apart}")
        return tuple(sentences)
    sentences.append(
        f"{len(tied)} failure modes are tied at the highest risk: their 95% intervals overlap, so the data "
        "cannot tell which is higher, and they are named in the questionnaire's order."
    )
    sentences.extend(f"{words.mode(mode)}, {mode.level} risk: {_overall(mode, words)}." for mode in tied)
    return tuple(sentences)


def _overall(mode: ModeScore, words: _Words) -> str:
    return estimate(mode.overall_risk or 0.0, mode.overall_ci95, words.who(mode))


# --- Disagreement --------------------------------------------------------------------------------


def _gap_sentences(modes: Sequence[ModeScore], words: _Words) -> tuple[str, ...]:
    with_gap = [mode for mode in modes if mode.gap_roles is not None and mode.gap_roles[0] != mode.gap_roles[1]]
    if not any(mode.gap is not None for mode in modes):
        return (NO_GAP_POSSIBLE,)
    misaligned = [mode for mode in with_gap if mode.misaligned]
    if misaligned:
        return tuple(_misaligned_sentence(mode, words) for mode in misaligned)
    unconfirmed = [mode for mode in with_gap if exact_gap(mode) >= MISALIGNED_FROM]
    return (NO_CONFIRMED_GAP, *(_unconfirmed_sentence(mode, words) for mode in unconfirmed))


def exact_gap(mode: ModeScore) -> Fraction:
    """The gap as scoring decided it, exactly, from the two roles' exact means."""
    if mode.gap_roles is None:
        return Fraction(0)
    low, high = mode.gap_roles
    return mode.roles[high].mean_exact - mode.roles[low].mean_exact


def _misaligned_sentence(mode: ModeScore, words: _Words) -> str:
    low, high = mode.gap_roles or ("", "")
    return (
        f"{plural(words.role(high))} see more risk in {words.mode(mode)} than {lower_first(plural(words.role(low)))}: "
        f"{words.role_estimate(high, mode.roles[high])}, against {words.role_estimate(low, mode.roles[low])}. "
        f"The gap of {figure_text(mode.gap)} lies {_between(mode.gap_ci95)}, so the data tells the two roles apart."
    )


def _unconfirmed_sentence(mode: ModeScore, words: _Words) -> str:
    low, high = mode.gap_roles or ("", "")
    return (
        f"On {words.mode(mode)}, {lower_first(plural(words.role(high)))} "
        f"({words.role_estimate(high, mode.roles[high])}) and {lower_first(plural(words.role(low)))} "
        f"({words.role_estimate(low, mode.roles[low])}) differ by {figure_text(mode.gap)}, but that gap lies "
        f"{_between(mode.gap_ci95)}: too uncertain to say that they disagree."
    )


def _between(interval: tuple[float, float] | None) -> str:
    if interval is None or figure_text(interval[0]) == figure_text(interval[1]):
        return "exactly there, as everyone in each role answered alike"
    return f"between {figure_text(interval[0])} and {figure_text(interval[1])}"


# --- Blind spots ---------------------------------------------------------------------------------


def _blind_spot_sentences(modes: Sequence[ModeScore], words: _Words) -> tuple[str, ...]:
    return tuple(
        f"{plural(words.role(role))} left {percent_text(score.dont_know_rate)} of the statements on "
        f"{words.mode(mode)} unanswered (“don't know”), over their "
        f"{people(words.submitted.get(role, score.n), 'response')}: they may not see this part of the work."
        for mode in modes
        for role, score in mode.roles.items()
        if score.dont_know_rate >= DONT_KNOW_NOTABLE_FROM
    )
