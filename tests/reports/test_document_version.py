"""Tests of reports.document_version: the version follows the files that shape the document."""

import shutil
from pathlib import Path

from reports.document_version import DOCUMENT_SOURCES, ROOT, document_files, document_hash, document_version


def _copy(target: Path) -> Path:
    for source in DOCUMENT_SOURCES:
        origin, copy = ROOT / source, target / source
        if origin.is_dir():
            shutil.copytree(origin, copy)
        else:
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(origin, copy)
    return target


def test_every_source_of_the_document_exists() -> None:
    assert all(path.is_file() for path in document_files())


def test_it_covers_the_templates_the_css_and_the_code_of_the_report() -> None:
    names = {path.relative_to(ROOT).as_posix() for path in document_files()}
    assert {
        "templates/reports/parts/summary.html",
        "static/css/report_pdf.css",
        "reports/sentences.py",
        "reports/charts.py",
    } <= names


def test_it_is_the_same_for_the_same_files(tmp_path: Path) -> None:
    assert document_hash(_copy(tmp_path)) == document_hash(ROOT)
    assert document_version() == document_hash(ROOT)[:16]


def test_it_changes_when_a_template_changes(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    before = document_hash(root)
    summary = root / "templates/reports/parts/summary.html"
    summary.write_text(summary.read_text() + "\n")
    assert document_hash(root) != before


def test_it_changes_when_a_new_part_is_added(tmp_path: Path) -> None:
    root = _copy(tmp_path)
    before = document_hash(root)
    (root / "templates/reports/parts/new_part.html").write_text("<p>new</p>")
    assert document_hash(root) != before
