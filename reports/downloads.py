"""Names of downloaded files: the title's own letters, sent so that every browser keeps them.

A survey titled "模型上线复盘" used to download as `survey-report-2026-03-14.pdf`: the ASCII
slug of a Chinese title is empty. The stem keeps every letter and digit of any script, and
the header carries it as RFC 6266 / RFC 8187 `filename*=UTF-8''...`, with an ASCII
`filename="..."` beside it for the rare client that reads only that.
"""

from urllib.parse import quote

from django.utils.text import slugify

UNTITLED_STEM = "survey"
# Long titles make unwieldy file names; 200 characters of title would reach most file systems' limits.
STEM_MAX_LENGTH = 80


def download_stem(title: str) -> str:
    """The title as a file name: lower case, words joined by hyphens, letters of any script kept."""
    stem = slugify(title, allow_unicode=True)[:STEM_MAX_LENGTH].strip("-_")
    return stem or UNTITLED_STEM


def ascii_fallback(filename: str) -> str:
    """The same name with only ASCII letters, for `filename=`; never empty before the extension."""
    stem, dot, extension = filename.rpartition(".")
    if not dot:
        stem, extension = filename, ""
    plain = slugify(stem).strip("-_")
    if not plain or not any(character.isalpha() for character in plain):
        plain = f"{UNTITLED_STEM}-{plain}".strip("-")
    return f"{plain}.{extension}" if extension else plain


def content_disposition(filename: str) -> str:
    """`attachment` with both names (RFC 6266 section 4.3): the UTF-8 one wins where understood."""
    fallback = ascii_fallback(filename)
    if fallback == filename:
        return f'attachment; filename="{filename}"'
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"
