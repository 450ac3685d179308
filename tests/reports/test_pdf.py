"""Tests of reports.pdf: real WeasyPrint output, read back with pypdf and poppler."""

import io
import socket
import subprocess
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from pypdf import PdfReader
from weasyprint.urls import URLFetcherResponse

from reports.documents import ReportData
from reports.figures import MISSING_FIGURE, figure_text, whole_text
from reports.pdf import (
    PDF_BASE_URL,
    PDF_VARIANT,
    STEP_CHARTS,
    STEP_HTML,
    STEP_LAYOUT,
    STEP_PDF,
    StaticFilesFetcher,
    pdf_document,
    report_html,
    report_pdf,
)
from reports.sentences import PERCEPTION_SENTENCE
from surveys.models import Organization, Survey
from surveys.services.invitations import invitations_create_personal
from tests.factories import make_survey
from tests.support.answers import answers_at_risk, answers_random
from tests.support.published import report_of
from tests.support.services import free_port

CJK_COMMENT = "模型很难部署，数据经常变化。"  # noqa: RUF001 - Chinese punctuation on purpose.


@dataclass(frozen=True)
class Rendered:
    data: ReportData
    pdf: bytes
    reader: PdfReader
    text: str


def _data(survey: Survey) -> ReportData:
    return report_of(survey)


def _render(data: ReportData) -> Rendered:
    pdf = report_pdf(data=data).content
    reader = PdfReader(io.BytesIO(pdf))
    return Rendered(data, pdf, reader, "\n".join(page.extract_text() for page in reader.pages))


@pytest.fixture(scope="module")
def rendered(django_db_setup: None, django_db_blocker: Any) -> Rendered:
    """One report of a realistic survey, rendered once for the whole module (a render takes seconds)."""
    with django_db_blocker.unblock():
        organization = Organization.objects.create(name="Acme PDF")
        survey = make_survey(organization, title="Quarterly alignment")
        invitations_create_personal(survey=survey, role="engineer", count=10)
        answers_random(survey, per_role={"data_scientist": 7, "engineer": 5, "product_manager": 2}, comment=CJK_COMMENT)
        data = _data(survey)
        # The survey first: its team is protected from deletion while a round refers to it.
        survey.delete()
        organization.delete()
    return _render(data)


def _squeezed(text: str) -> str:
    return " ".join(text.split())


def test_it_prints_the_health_index_as_a_whole_number(rendered: Rendered) -> None:
    health = rendered.data.scores.health_index
    assert health is not None
    assert f"The health index is {whole_text(health)} out of 100" in _squeezed(rendered.text)
    assert "It is based on 2 of 3 roles: product managers are left out." in _squeezed(rendered.text)


def test_it_prints_every_mode_s_overall_risk_as_scoring_gives_it(rendered: Rendered) -> None:
    text = _squeezed(rendered.text)
    for mode in rendered.data.modes:
        assert mode.score is not None
        assert mode.level is not None
        cells = [
            f"{figure_text(cell.score.mean_risk)} n = {cell.score.n}"
            if cell.score
            else f"{MISSING_FIGURE} fewer than {rendered.data.threshold} answered this part"
            for cell in mode.cells
        ]
        row = " ".join([mode.title, *cells, figure_text(mode.score.overall_risk), mode.level])
        assert row in text


def test_it_prints_every_role_s_figures_on_each_mode_page(rendered: Rendered) -> None:
    text = _squeezed(rendered.text)
    for mode in rendered.data.mode_pages:
        for cell in mode.shown:
            assert cell.score is not None
            interval = f"{figure_text(cell.score.ci95[0])} to {figure_text(cell.score.ci95[1])}"
            assert f"{cell.role.title} {figure_text(cell.score.mean_risk)} {interval} {cell.score.n}" in text


def test_it_prints_the_summary_s_sentences_whole(rendered: Rendered) -> None:
    text = _squeezed(rendered.text)
    summary = rendered.data.summary
    for sentence in (summary.perception, *summary.participation, *summary.risks, *summary.gaps, *summary.hidden):
        assert _squeezed(sentence) in text


def test_it_says_once_that_the_figures_are_perceptions(rendered: Rendered) -> None:
    assert _squeezed(rendered.text).count(_squeezed(PERCEPTION_SENTENCE)) == 1


def test_it_puts_the_response_rate_and_its_warning_on_the_page_about_the_survey(rendered: Rendered) -> None:
    cover = _squeezed(rendered.reader.pages[1].extract_text())
    assert "Engineer 10 5 50% (under 60%) 0 0 5 yes" in cover


def test_it_draws_favourable_and_unfavourable_shares_next_to_the_mean_risk(rendered: Rendered) -> None:
    text = _squeezed(rendered.text)
    assert "How each role answered" in text
    mode = rendered.data.modes[0]
    cell = mode.shown[0]
    assert cell.score is not None
    assert f"{cell.role.title} {figure_text(cell.score.mean_risk)}" in text
    assert "Engineer: favourable" in report_html(data=rendered.data, for_browser=False)


def test_it_shows_no_figure_of_a_role_below_the_threshold(rendered: Rendered) -> None:
    assert "Product managers are left out of every figure: 2 responses" in _squeezed(rendered.text)
    assert "Product manager 0." not in _squeezed(rendered.text)


@pytest.mark.parametrize("for_browser", [False, True])
def test_it_names_a_role_below_the_threshold_only_beside_its_count(rendered: Rendered, for_browser: bool) -> None:
    html = report_html(data=rendered.data, for_browser=for_browser)
    # Left: the participation table's row and sentence, which give counts only; a column, row,
    # bar, legend or label would add more.
    counted = [
        "Product managers are left out of every figure",
        "Product managers: 2 responses",
        '<th scope="row">Product manager</th>',
    ]
    for words in counted:
        html = html.replace(words, "")
    # Only the role's title counts: failure modes' descriptions speak of product managers in prose.
    assert "Product manager" not in html


@pytest.mark.process
def test_it_is_a_tagged_pdf(rendered: Rendered) -> None:
    info = subprocess.run(["pdfinfo", "-"], input=rendered.pdf, capture_output=True, check=True).stdout.decode()
    assert "Tagged:          yes" in info


def test_it_has_title_and_language_metadata(rendered: Rendered) -> None:
    assert rendered.reader.metadata is not None
    assert rendered.reader.metadata.title == "Quarterly alignment: alignment report"
    assert str(rendered.reader.root_object["/Lang"]) == "en"


def test_it_has_bookmarks_for_the_summary_and_each_mode_page(rendered: Rendered) -> None:
    titles = {item.title for item in _flattened(rendered.reader.outline)}
    assert {"Summary", *(mode.title for mode in rendered.data.mode_pages)} <= titles


def _flattened(outline: list[Any]) -> Iterator[Any]:
    for item in outline:
        if isinstance(item, list):
            yield from _flattened(item)
        else:
            yield item


def test_it_numbers_the_pages(rendered: Rendered) -> None:
    pages = len(rendered.reader.pages)
    assert f"Page 2 of {pages}" in rendered.reader.pages[1].extract_text()


def test_it_prints_cjk_comments_as_text(rendered: Rendered) -> None:
    assert CJK_COMMENT in rendered.text


def test_it_reports_progress_through_each_step(rendered: Rendered) -> None:
    steps: list[tuple[int, str]] = []
    report_pdf(data=rendered.data, on_progress=lambda percent, step: steps.append((percent, step)))
    assert [step for _, step in steps] == [STEP_CHARTS, STEP_HTML, STEP_LAYOUT, STEP_PDF, STEP_PDF]
    assert steps[-1][0] == 100


def test_the_browser_view_shows_the_same_figures(rendered: Rendered) -> None:
    html = report_html(data=rendered.data, for_browser=True)
    assert f">{whole_text(rendered.data.scores.health_index)}<" in html
    for mode in rendered.data.scores.modes:
        assert f">{figure_text(mode.overall_risk)}<" in html
    assert 'style="' not in html


@pytest.mark.django_db
def test_it_renders_a_withheld_survey_as_a_page_saying_why(acme: Organization) -> None:
    survey = make_survey(acme, anonymity_threshold=4)
    answers_at_risk(survey, "engineer", 3)
    result = _render(_data(survey))
    text = _squeezed(result.text)
    assert "Why this report shows no figures" in text
    assert "No role has reached the anonymity threshold of 4" in text
    assert "health index (out of 100)" not in text
    assert "Risk by failure mode and role" not in text


# --- Hostile answers ------------------------------------------------------------------------

HOSTILE = (
    '<img src="http://127.0.0.1:{port}/x"> '
    "<style>body {{ background: url(file:///etc/passwd) }}</style> "
    '<p style="background: url(file:///etc/passwd)">styled</p> '
    '<link rel="attachment" href="file:///etc/hostname"> '
    "<script>alert(1)</script>"
)


class _Listener:
    """A local TCP server that counts the connections it receives."""

    def __init__(self) -> None:
        self.port = free_port()
        self.connections = 0
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", self.port))
        self.sock.listen()
        self.sock.settimeout(0.2)
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while self.running:
            try:
                connection, _ = self.sock.accept()
            except TimeoutError:
                continue
            self.connections += 1
            connection.close()

    def stop(self) -> None:
        self.running = False
        self.thread.join()
        self.sock.close()


@pytest.fixture
def listener() -> Iterator[_Listener]:
    server = _Listener()
    yield server
    server.stop()


@pytest.mark.django_db
def test_hostile_answers_print_as_text_and_fetch_or_attach_nothing(acme: Organization, listener: _Listener) -> None:
    survey = make_survey(acme, roles=["data_scientist"])
    answers_at_risk(survey, "data_scientist", 3, text=HOSTILE.format(port=listener.port))
    result = _render(_data(survey))
    assert listener.connections == 0
    assert f'<img src="http://127.0.0.1:{listener.port}/x">' in _squeezed(result.text)
    assert "<script>alert(1)</script>" in _squeezed(result.text)
    assert "/EmbeddedFiles" not in result.reader.root_object.get("/Names", {})
    assert result.reader.attachments == {}


# Markup that reached the renderer unescaped, to prove the fetcher alone stops it.
RAW_HOSTILE = (
    '<html><head><link rel="stylesheet" href="http://127.0.0.1:{port}/s.css"></head><body>'
    '<img src="http://127.0.0.1:{port}/x"><img src="file:///etc/hostname">'
    '<p style="background: url(http://127.0.0.1:{port}/y)">styled</p>'
    '<link rel="attachment" href="file:///etc/hostname"><a rel="attachment" href="file:///etc/passwd">a</a>'
    "</body></html>"
)


def test_the_renderer_fetches_and_attaches_nothing_even_from_unescaped_markup(listener: _Listener) -> None:
    document = pdf_document(html=RAW_HOSTILE.format(port=listener.port))
    reader = PdfReader(io.BytesIO(document.write_pdf(pdf_variant=PDF_VARIANT)))
    assert listener.connections == 0
    assert reader.attachments == {}


# --- The URL fetcher ------------------------------------------------------------------------


def test_the_fetcher_serves_the_report_stylesheet() -> None:
    response = StaticFilesFetcher().fetch(PDF_BASE_URL + "static/css/report_pdf.css")
    assert isinstance(response, URLFetcherResponse)
    assert b"@page" in response.read()


def test_the_fetcher_serves_data_urls() -> None:
    assert StaticFilesFetcher().fetch("data:text/plain,hello").read() == b"hello"


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x",
        "https://example.com/static/css/report_pdf.css",
        "file:///etc/hostname",
        PDF_BASE_URL + "static/../../../../etc/hostname",
        PDF_BASE_URL + "static/css/%2e%2e/%2e%2e/%2e%2e/etc/hostname",
        PDF_BASE_URL + "static//etc/hostname",
        PDF_BASE_URL + "media/reports/x.pdf",
        "ftp://127.0.0.1/x",
    ],
)
def test_the_fetcher_refuses_everything_else(url: str) -> None:
    with pytest.raises(ValueError, match="refused"):
        StaticFilesFetcher().fetch(url)
