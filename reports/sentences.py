"""The summary page's sentences, each written from the numbers of export_scores' document.

No sentence praises or reassures: each says which mode, which roles and which figures,
printed exactly as the rest of the report prints them (2 decimal places).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reports.scoring import MISALIGNED_FROM as EXACT_MISALIGNED_FROM
from reports.scoring import MODERATE_FROM as EXACT_MODERATE_FROM
from reports.templatetags.report_figures import figure_text

if TYPE_CHECKING:
    from reports.report_sections import RoleLine

MISALIGNED_FROM = float(EXACT_MISALIGNED_FROM)
MODERATE_FROM = float(EXACT_MODERATE_FROM)

TOP_MODES = 3
# A role that cannot answer a third of a mode's items cannot see that part of the work.
DONT_KNOW_NOTABLE_FROM = 0.33


@dataclass(frozen=True)
class Summary:
    health: str
    risks: tuple[str, ...]
    gaps: tuple[str, ...]
    blind_spots: tuple[str, ...]
    hidden: tuple[str, ...]
    withheld: str


def summary_build(*, document: Mapping[str, Any], roles: Sequence["RoleLine"], threshold: int) -> Summary:
    titles = {role.key: role.title for role in roles}
    modes = [mode for mode in document["failure_modes"] if mode["overall_risk"] is not None]
    return Summary(
        health=_health_sentence(document["health_index"]),
        risks=_risk_sentences(modes, titles),
        gaps=_gap_sentences(modes, titles),
        blind_spots=_blind_spot_sentences(modes, titles),
        hidden=tuple(_hidden_sentence(role, threshold) for role in roles if not role.reportable),
        withheld=_withheld_sentence(roles, threshold) if document["withheld"] else "",
    )


def plural(title: str) -> str:
    """'Engineer' becomes 'Engineers'; role titles are data, so only the simple English rule."""
    return title if title.endswith("s") else f"{title}s"


def _lower_first(title: str) -> str:
    # "Product manager" reads "product manager" inside a sentence, but "ML engineer" stays.
    if len(title) > 1 and title[1].islower():
        return title[0].lower() + title[1:]
    return title


def _health_sentence(health_index: float | None) -> str:
    if health_index is None:
        return "No failure mode has an answered item, so there is no health index."
    return (
        f"The health index is {figure_text(health_index)} out of 100, where 100 means that no failure mode "
        "is present and 0 that every failure mode is fully present."
    )


def _risk_sentences(modes: Sequence[Mapping[str, Any]], titles: Mapping[str, str]) -> tuple[str, ...]:
    ranked = sorted(modes, key=lambda mode: -mode["overall_risk"])
    at_risk = [mode for mode in ranked if mode["overall_risk"] >= MODERATE_FROM][:TOP_MODES]
    if not at_risk:
        if not ranked:
            return ()
        top = ranked[0]
        return (
            f"No failure mode reaches moderate risk ({figure_text(MODERATE_FROM)}); the highest is "
            f"“{top['title']}” at {_below_line(top['overall_risk'], MODERATE_FROM)}.",
        )
    return tuple(_risk_sentence(mode, titles) for mode in at_risk)


def _risk_sentence(mode: Mapping[str, Any], titles: Mapping[str, str]) -> str:
    opening = f"“{mode['title']}” is at {mode['level']} risk: {figure_text(mode['overall_risk'])} overall"
    rated = [(role, score["mean_risk"]) for role, score in mode["roles"].items() if score["mean_risk"] is not None]
    if len(rated) < 2:
        return f"{opening}, from {_lower_first(plural(titles[rated[0][0]]))} only."
    low_role, high_role = mode["gap_roles"]
    if low_role == high_role:
        # scoring.py names the first role at both ends when every role's mean is the same.
        return f"{opening}, the same for every role shown."
    low, high = mode["roles"][low_role]["mean_risk"], mode["roles"][high_role]["mean_risk"]
    return (
        f"{opening}, from {figure_text(low)} ({_lower_first(plural(titles[low_role]))}) "
        f"to {figure_text(high)} ({_lower_first(plural(titles[high_role]))})."
    )


def _gap_sentences(modes: Sequence[Mapping[str, Any]], titles: Mapping[str, str]) -> tuple[str, ...]:
    with_gap = sorted((mode for mode in modes if mode["gap"] is not None), key=lambda mode: -mode["gap"])
    if not with_gap:
        return ("Fewer than two roles have figures on any failure mode, so no gap between roles can be measured.",)
    misaligned = [mode for mode in with_gap if mode["misaligned"]][:TOP_MODES]
    if misaligned:
        return tuple(_gap_sentence(mode, titles) for mode in misaligned)
    widest = with_gap[0]
    return (
        f"No two roles differ by {figure_text(MISALIGNED_FROM)} or more on any failure mode. "
        + _gap_sentence(widest, titles),
    )


def _gap_sentence(mode: Mapping[str, Any], titles: Mapping[str, str]) -> str:
    low_role, high_role = mode["gap_roles"]
    low, high = mode["roles"][low_role]["mean_risk"], mode["roles"][high_role]["mean_risk"]
    if low_role == high_role:
        return f"Every role shown rates “{mode['title']}” at {figure_text(high)}: no gap at all."
    return (
        f"{plural(titles[high_role])} rate “{mode['title']}” at {figure_text(high)} and "
        f"{_lower_first(plural(titles[low_role]))} at {figure_text(low)}: "
        f"a gap of {_below_line(mode['gap'], MISALIGNED_FROM)}."
    )


def _below_line(value: float, line: float) -> str:
    """A figure, saying so when it is under `line` but prints as `line`, so no sentence contradicts itself."""
    if value < line and figure_text(value) == figure_text(line):
        return f"{figure_text(value)} (rounded up from just below {figure_text(line)})"
    return figure_text(value)


def _blind_spot_sentences(modes: Sequence[Mapping[str, Any]], titles: Mapping[str, str]) -> tuple[str, ...]:
    notable = [
        (score["dont_know_rate"], role, mode)
        for mode in modes
        for role, score in mode["roles"].items()
        if score["dont_know_rate"] is not None and score["dont_know_rate"] >= DONT_KNOW_NOTABLE_FROM
    ]
    notable.sort(key=lambda entry: -entry[0])
    return tuple(
        f"{plural(titles[role])} answered “don't know” to a share of {figure_text(rate)} of the items on "
        f"“{mode['title']}”: they may not see this part of the work."
        for rate, role, mode in notable[:TOP_MODES]
    )


def _hidden_sentence(role: "RoleLine", threshold: int) -> str:
    return (
        f"{plural(role.title)} are left out of every figure: {role.submitted} "
        f"{'response' if role.submitted == 1 else 'responses'}, fewer than the anonymity threshold of {threshold}."
    )


def _withheld_sentence(roles: Sequence["RoleLine"], threshold: int) -> str:
    counts = ", ".join(f"{_lower_first(plural(role.title))} {role.submitted}" for role in roles)
    return (
        f"No role has reached the anonymity threshold of {threshold} submitted responses ({counts}), "
        "so this report shows no figure at all: with so few answers, a figure could point at a person."
    )
