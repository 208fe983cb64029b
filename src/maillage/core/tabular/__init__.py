"""Spreadsheets: bounded reading (real data, caps), rows checked by Django forms, shared
cell parsers, and formula-safe writing of any user text (CSV and .xlsx).

Every import and export of the project goes through this package.
"""

from .cells import CellError, amount, choice, date, plain, split, yes_no
from .read import (
    Cell,
    FileRefused,
    Limits,
    Row,
    Sheet,
    decode,
    delimiter,
    file_name,
    open_workbook,
    read_bytes,
    read_csv,
    read_table,
    read_worksheet,
    read_xlsx,
    text,
)
from .rows import MAX_ERRORS, check_row, form_for, model_formfield, more_errors
from .write import (
    AMOUNT,
    DATE,
    PERCENT,
    Column,
    WorkbookWriter,
    csv_bytes,
    formula_like,
    safe_csv_value,
)

__all__ = [
    "AMOUNT",
    "DATE",
    "MAX_ERRORS",
    "PERCENT",
    "Cell",
    "CellError",
    "Column",
    "FileRefused",
    "Limits",
    "Row",
    "Sheet",
    "WorkbookWriter",
    "amount",
    "check_row",
    "choice",
    "csv_bytes",
    "date",
    "decode",
    "delimiter",
    "file_name",
    "form_for",
    "formula_like",
    "model_formfield",
    "more_errors",
    "open_workbook",
    "plain",
    "read_bytes",
    "read_csv",
    "read_table",
    "read_worksheet",
    "read_xlsx",
    "safe_csv_value",
    "split",
    "text",
    "yes_no",
]
