"""The version of the report document: a hash of the files that decide what a PDF looks like.

A stored PDF is reused while its input is the same (reports.documents' input hash), so a
change to a template, the CSS or the code that writes the figures, sentences and charts must
make a new PDF. A number bumped by hand was forgotten; this one follows the files themselves.
"""

import hashlib
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Everything that shapes the document, relative to the repository. A directory covers every
# file in it; a new part of the report therefore counts without a change here.
DOCUMENT_SOURCES = (
    "templates/reports/document_base.html",
    "templates/reports/report_pdf.html",
    "templates/reports/report_browser.html",
    "templates/reports/parts",
    "static/css/report_pdf.css",
    "static/css/report_colours.css",
    "static/css/report_browser.css",
    "reports/charts.py",
    "reports/documents.py",
    "reports/report_rounds.py",
    "reports/round_sections.py",
    "reports/trend_chart.py",
    "reports/trends.py",
    "reports/executive.py",
    "reports/figures.py",
    "reports/pdf.py",
    "reports/report_sections.py",
    "reports/results.py",
    "reports/scoring.py",
    "reports/sentences.py",
    "reports/student_t.py",
    "reports/templatetags/report_figures.py",
)


def document_files(root: Path = ROOT) -> list[Path]:
    """The files of DOCUMENT_SOURCES under `root`, in a fixed order."""
    files: list[Path] = []
    for source in DOCUMENT_SOURCES:
        path = root / source
        files.extend(sorted(entry for entry in path.rglob("*") if entry.is_file()) if path.is_dir() else [path])
    return files


def document_hash(root: Path) -> str:
    """A sha256 over the names and contents of the document's files under `root`."""
    digest = hashlib.sha256()
    for path in document_files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


@cache
def document_version() -> str:
    """The document's version for this process; the files do not change under a running process."""
    return document_hash(ROOT)[:16]
