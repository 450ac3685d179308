"""Every environment variable the code reads is documented in .env.example and the README."""

import re

import pytest

from surveys.validators import MAX_ANSWER_LENGTH, MAX_DESCRIPTION_LENGTH, MAX_EMAIL_LENGTH, MAX_LINE_LENGTH
from tests.support.services import ROOT

READERS = re.compile(r"""env_(?:str|bool|int|list|url)\(\s*["']([A-Z][A-Z0-9_]*)["']""")
READING_FILES = ["config/settings.py", "config/gunicorn.py"]


def variables() -> list[str]:
    names = {name for path in READING_FILES for name in READERS.findall((ROOT / path).read_text())}
    return sorted(names)


def test_it_finds_the_variables_that_settings_read() -> None:
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "WEB_CONCURRENCY"} <= set(variables())


@pytest.mark.parametrize("name", variables())
def test_it_lists_the_variable_in_env_example(name: str) -> None:
    assert re.search(rf"^# {name}=", (ROOT / ".env.example").read_text(), re.MULTILINE), name


@pytest.mark.parametrize("name", variables())
def test_it_describes_the_variable_in_the_readme_configuration_table(name: str) -> None:
    readme = (ROOT / "README.md").read_text()
    section = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    assert f"`{name}`" in section, name


def test_it_states_each_text_limit_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    paragraph = " ".join(readme.split("**Limits.**", 1)[1].split("\n\n", 1)[0].split())
    for limit in (MAX_EMAIL_LENGTH, MAX_LINE_LENGTH, MAX_DESCRIPTION_LENGTH, MAX_ANSWER_LENGTH):
        assert f"{limit:,}" in paragraph, limit
