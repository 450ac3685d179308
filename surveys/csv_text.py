"""CSV text from an uploaded file, read the same way by every upload form.

Spreadsheets end lines with CRLF, LF or, in Excel's "CSV (Macintosh)", a lone CR: all three
are read. What Python's csv module cannot read (a cell over its field limit, a stray quote)
becomes a CsvReadError naming the record, never an exception that escapes as a 500.
"""

import csv
import io

CELL_TOO_LONG_REASON = "a cell is longer than {limit:,} characters"


class CsvReadError(ValueError):
    """The file stops being CSV at record `row` (1 for the first); `reason` says why."""

    def __init__(self, *, row: int, reason: str) -> None:
        super().__init__(f"Record {row}: {reason}")
        self.row = row
        self.reason = reason


def csv_records(text: str) -> list[tuple[int, list[str]]]:
    """Every record with its number (as a spreadsheet numbers its rows), blank ones included."""
    # A spreadsheet's UTF-8 export often starts with a byte order mark. newline="" hands the
    # reader CR, LF and CRLF line ends alike, and line breaks inside quoted cells unchanged.
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    records: list[tuple[int, list[str]]] = []
    try:
        for cells in reader:
            records.append((len(records) + 1, cells))
    except csv.Error as error:
        raise CsvReadError(row=len(records) + 1, reason=_reason(error)) from None
    return records


def _reason(error: csv.Error) -> str:
    if "field larger than field limit" in str(error):
        return CELL_TOO_LONG_REASON.format(limit=csv.field_size_limit())
    return str(error)
