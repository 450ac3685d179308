"""Static files in production: whitenoise's compressed, hashed manifest storage."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.services import ROOT

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "q8Zr2nV5xL0pW3eT7yU1iO9aS4dF6gH2jK5lZ8xC3vB7nM1qW4eR",
    "RESPONDENT_KEY_SECRET": "Zt4mW8qP1xR6vN3bY7cK2jH9sD5fG0lA4eU8iO3nB6vM1qW7rT",
    "ALLOWED_HOSTS": "example.com",
    "SITE_URL": "https://example.com",
}
# Every test here reads what a real `manage.py collectstatic` process wrote.
pytestmark = pytest.mark.process
STATIC_TAG = re.compile(r"""{%\s*static\s+["']([^"']+)["']\s*%}""")


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Runs the release step's collectstatic with production settings into a fresh directory."""
    static_root = tmp_path_factory.mktemp("staticfiles")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(ROOT), "VAR_DIR": str(static_root.parent / "var")}
    env |= PRODUCTION_ENV | {"STATIC_ROOT": str(static_root)}
    command = [sys.executable, "manage.py", "collectstatic", "--noinput"]
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    paths: dict[str, str] = json.loads((static_root / "staticfiles.json").read_text())["paths"]
    return {name: str(static_root / hashed) for name, hashed in paths.items()}


def test_it_collects_hashed_and_compressed_static_files(manifest: dict[str, str]) -> None:
    hashed = Path(manifest["css/faultline.css"])
    assert re.fullmatch(r"faultline\.[0-9a-f]{12}\.css", hashed.name)
    assert hashed.with_name(hashed.name + ".gz").exists()


def test_it_collects_bootstrap_from_our_own_files(manifest: dict[str, str]) -> None:
    assert Path(manifest["bootstrap/css/bootstrap.min.css"]).exists()
    assert Path(manifest["bootstrap/js/bootstrap.bundle.min.js"]).exists()


def test_it_finds_every_static_file_that_a_template_names(manifest: dict[str, str]) -> None:
    # With the manifest storage a missing file is a 500 in production only: catch it here.
    named = {
        (template.relative_to(ROOT), name)
        for template in (ROOT / "templates").rglob("*.html")
        for name in STATIC_TAG.findall(template.read_text(errors="replace"))
    }
    assert named
    missing = sorted(f"{template}: {name}" for template, name in named if name not in manifest)
    assert not missing, "Templates name static files that collectstatic did not produce:\n" + "\n".join(missing)
