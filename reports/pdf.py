"""A report's HTML and PDF: data in, charts drawn, templates rendered, WeasyPrint lays out pages.

WeasyPrint reaches resources only through `StaticFilesFetcher`, which serves the project's
own static files and `data:` URLs and refuses everything else (http, file://, `../`): an
answer can never make the renderer read a local file or call a server.
"""

import logging
import mimetypes
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

from reports.charts import report_charts
from reports.documents import ReportData

logger = logging.getLogger(__name__)

PDF_VARIANT = "pdf/ua-1"
# Static URLs in the PDF template resolve against this origin; it never reaches a network
# (the .invalid top-level domain cannot exist), the fetcher maps it onto static files.
PDF_BASE_URL = "https://faultline.invalid/"
REFUSED_MESSAGE = "The report renderer refused to fetch {url}: only static files and data: URLs are allowed."

ProgressCallback = Callable[[int, str], None]

STEP_CHARTS = "building charts"
STEP_HTML = "rendering HTML"
STEP_LAYOUT = "laying out pages"
STEP_PDF = "writing PDF"


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    pages: int


class StaticFilesFetcher(URLFetcher):
    """Serves `data:` URLs and the project's static files; refuses and logs everything else."""

    def __init__(self, **options: Any) -> None:
        # The parent's opener is used for data: URLs only; redirects and other schemes stay off.
        super().__init__(allowed_protocols=("data",), allow_redirects=False, **options)

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = self._static_path(url)
        if path is None:
            logger.warning(REFUSED_MESSAGE.format(url=url[:200]))
            raise ValueError(REFUSED_MESSAGE.format(url=url[:200]))
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})

    @staticmethod
    def _static_path(url: str) -> Path | None:
        parts = urlsplit(url)
        base = urlsplit(PDF_BASE_URL)
        prefix = "/" + settings.STATIC_URL.strip("/") + "/"
        if (parts.scheme, parts.netloc) != (base.scheme, base.netloc) or not parts.path.startswith(prefix):
            return None
        relative = unquote(parts.path[len(prefix) :])
        if not relative or ".." in relative.split("/") or "\\" in relative or relative.startswith("/"):
            return None
        return _static_file(relative)


def _static_file(relative: str) -> Path | None:
    """The static file at `relative`, only if it lies inside a static directory."""
    found = finders.find(relative)
    candidates = [Path(found)] if isinstance(found, str) else []
    candidates.append(Path(settings.STATIC_ROOT) / relative)
    roots = [Path(settings.STATIC_ROOT).resolve(), *(_finder_roots())]
    for candidate in candidates:
        resolved = candidate.resolve()
        if resolved.is_file() and any(resolved.is_relative_to(root) for root in roots):
            return resolved
    return None


def _finder_roots() -> list[Path]:
    roots = []
    for entry in settings.STATICFILES_DIRS:
        directory = entry[1] if isinstance(entry, tuple) else entry
        roots.append(Path(str(directory)).resolve())
    return roots


def report_context(*, data: ReportData, for_browser: bool, include_charts: bool = True) -> dict[str, Any]:
    """What the report's templates read: the PDF, the browser page and the read view share it."""
    charts = report_charts(modes=data.modes, roles=data.roles) if include_charts else None
    return {"report": data, "charts": charts, "for_browser": for_browser}


def report_html(
    *, data: ReportData, for_browser: bool, include_charts: bool = True, request: HttpRequest | None = None
) -> str:
    """The report as HTML: the PDF's document, or the browser page; both from the same parts.

    The browser page extends base.html, so a view passes its `request` (user, CSRF token).
    """
    template = "reports/report_browser.html" if for_browser else "reports/report_pdf.html"
    context = report_context(data=data, for_browser=for_browser, include_charts=include_charts)
    return render_to_string(template, context, request=request)


def report_pdf(*, data: ReportData, on_progress: ProgressCallback | None = None) -> RenderedPdf:
    """The PDF of a report, tagged (PDF/UA-1), with bookmarks, page numbers and metadata."""
    progress = on_progress or _ignore_progress
    progress(5, STEP_CHARTS)
    context = report_context(data=data, for_browser=False)
    progress(15, STEP_HTML)
    html = render_to_string("reports/report_pdf.html", context)
    progress(25, STEP_LAYOUT)
    document = pdf_document(html=html)
    progress(80, STEP_PDF)
    content = document.write_pdf(pdf_variant=PDF_VARIANT)
    progress(100, STEP_PDF)
    return RenderedPdf(content=content, pages=len(document.pages))


def pdf_document(*, html: str) -> Any:
    """WeasyPrint's laid-out document for report HTML, fetching only through the static fetcher."""
    source = HTML(string=html, base_url=PDF_BASE_URL, url_fetcher=StaticFilesFetcher())
    # presentational_hints stays off: it let answers inject CSS before WeasyPrint 69.
    return source.render(pdf_variant=PDF_VARIANT, presentational_hints=False)


def _ignore_progress(percent: int, step: str) -> None:
    del percent, step
