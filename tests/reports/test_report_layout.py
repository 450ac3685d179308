"""The printed report as an executive meets it (issue 13), read back from real WeasyPrint output.

The first page is the summary; no page holds a lone line; no text is smaller than 8pt; an
emoji in a comment is in the text layer; a long comment is cut with a visible "(shortened)".
"""

import io
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from pypdf import PageObject, PdfReader

from reports.documents import ReportData
from reports.pdf import report_html, report_pdf
from reports.report_sections import COMMENT_SHOWN_MAX, comment_shown
from surveys.models import Organization
from surveys.services.invitations import invitations_create_personal
from tests.factories import make_survey
from tests.support.answers import answers_random
from tests.support.published import report_of

pytestmark = pytest.mark.django_db

EMOJI_COMMENT = "Deploys are finally smooth 🚀 but the data keeps moving 😬"
LONG_COMMENT = "The handover to engineering takes weeks. " * 60
SMALLEST_FONT_PT = 8.0
# The running footer: the title on the left, "Page n of m" on the right.
FOOTER_LINES = 2


@dataclass(frozen=True)
class Rendered:
    data: ReportData
    reader: PdfReader
    pages: list[str]


def _render(data: ReportData) -> Rendered:
    content = report_pdf(data=data).content
    reader = PdfReader(io.BytesIO(content))
    return Rendered(data, reader, [page.extract_text() for page in reader.pages])


@pytest.fixture(scope="module")
def rendered(django_db_setup: None, django_db_blocker: Any) -> Rendered:
    """A realistic survey's report, with an emoji comment and a comment over the cut."""
    with django_db_blocker.unblock():
        organization = Organization.objects.create(name="Acme layout")
        survey = make_survey(organization, title="Quarterly alignment")
        invitations_create_personal(survey=survey, role="engineer", count=10)
        answers_random(survey, per_role={"data_scientist": 7, "engineer": 5}, comment=EMOJI_COMMENT)
        answers_random(
            survey, per_role={"data_scientist": 1, "engineer": 1}, comment=LONG_COMMENT, seed=5, comment_share=1.0
        )
        answers_random(survey, per_role={"product_manager": 2}, seed=7)
        data = report_of(survey)
        survey.delete()
        organization.delete()
    return _render(data)


def _squeezed(text: str) -> str:
    return " ".join(text.split())


def _text_lines(page: str) -> list[str]:
    """A page's lines of text; a list's bullet, which pypdf reads as a line of its own, is none."""
    return [line for line in page.splitlines() if line.strip() not in ("", "•")]


def test_the_first_page_is_the_summary(rendered: Rendered) -> None:
    first = _squeezed(rendered.pages[0])
    summary = rendered.data.executive
    assert "Summary" in first
    assert summary.health_figure in first
    assert "health index, out of 100" in first
    assert _squeezed(summary.health_level) in first
    for worry in summary.worries:
        assert _squeezed(worry.why) in first
        assert _squeezed(worry.first_step) in first
    for sentence in (*rendered.data.summary.participation, *rendered.data.summary.hidden):
        assert _squeezed(sentence) in first
    # Nothing of the summary spills over: page 2 starts with the next section.
    assert _squeezed(rendered.pages[1]).startswith("About this survey")


def test_the_summary_leaves_statistics_to_the_appendix(rendered: Rendered) -> None:
    first = _squeezed(rendered.pages[0])
    for jargon in ("rwg", "SD", "95%", "between 0."):
        assert jargon not in first
    assert "Appendix: the figures in detail" in _squeezed("\n".join(rendered.pages))


def test_no_page_holds_a_single_line_of_text(rendered: Rendered) -> None:
    lonely = [
        (number, lines)
        for number, page in enumerate(rendered.pages, start=1)
        if len(lines := _text_lines(page)) - FOOTER_LINES <= 1
    ]
    assert lonely == []


def test_an_emoji_in_a_comment_is_in_the_text_layer(rendered: Rendered) -> None:
    text = "\n".join(rendered.pages)
    assert "🚀" in text
    assert "😬" in text


def test_a_long_comment_is_cut_with_a_visible_mark(rendered: Rendered) -> None:
    text = _squeezed("\n".join(rendered.pages))
    assert "(shortened)" in text
    assert _squeezed(LONG_COMMENT) not in text


def test_comments_are_labelled_with_their_question(rendered: Rendered) -> None:
    groups = [group for mode in rendered.data.mode_pages for group in mode.comments]
    assert groups
    text = _squeezed("\n".join(rendered.pages))
    for group in groups:
        assert _squeezed(f"Asked: “{group.question}”") in text


def test_no_text_in_the_pdf_is_smaller_than_8pt(rendered: Rendered) -> None:
    sizes = list(_font_sizes(rendered.reader.pages))
    assert sizes
    smallest = min(sizes)
    assert smallest[0] >= SMALLEST_FONT_PT - 0.01, smallest


def _font_sizes(pages: Sequence[PageObject]) -> Iterator[tuple[float, int, str]]:
    """Each run of text's size as printed: its font size scaled by the text and drawing matrices."""
    for number, page in enumerate(pages, start=1):
        yield from _page_font_sizes(page, number)


def _page_font_sizes(page: PageObject, number: int) -> list[tuple[float, int, str]]:
    found: list[tuple[float, int, str]] = []

    def visit(text: str, cm: list[float], tm: list[float], font: Any, size: float) -> None:
        if text.strip():
            # The vertical scale of tm x cm: how tall a unit of text space is on the page.
            scaled = (tm[2] * cm[0] + tm[3] * cm[2], tm[2] * cm[1] + tm[3] * cm[3])
            found.append((size * math.hypot(*scaled), number, text[:40]))

    page.extract_text(visitor_text=visit)
    return found


def test_the_browser_report_scrolls_its_heat_map_inside_a_captioned_box(rendered: Rendered) -> None:
    html = report_html(data=rendered.data, for_browser=True)
    assert 'class="report-scroll" role="region" tabindex="0" aria-labelledby="heatmap-caption"' in html
    assert '<caption id="heatmap-caption">' in html


def test_the_heat_map_has_a_colour_key(rendered: Rendered) -> None:
    html = report_html(data=rendered.data, for_browser=False)
    assert html.count('class="risk-legend-swatch risk-') == 10
    assert "0 healthy" in _squeezed("\n".join(rendered.pages))


@pytest.mark.parametrize(
    ("text", "shortened"),
    [("a" * COMMENT_SHOWN_MAX, False), ("word " * COMMENT_SHOWN_MAX, True), ("模" * (COMMENT_SHOWN_MAX + 1), True)],
)
def test_a_comment_is_cut_only_past_the_limit(text: str, shortened: bool) -> None:
    shown = comment_shown(text)
    assert shown.shortened is shortened
    assert len(shown.text) <= COMMENT_SHOWN_MAX + 1
