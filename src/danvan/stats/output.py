"""Result tables rendered for the terminal or saved as csv, tsv, json, parquet or xlsx."""

from __future__ import annotations

import io
import unicodedata
import zipfile
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd

from danvan.errors import CorpusError

# Output ---------------------------------------------------------------------------------------------

OUTPUT_FORMATS = ("table", "csv", "tsv", "json", "parquet", "xlsx")
BINARY_FORMATS = ("parquet", "xlsx")


def _display_width(text: str) -> int:
    """Terminal columns of a string: combining marks take none."""
    return sum(not unicodedata.combining(c) for c in text)


def _cell(value: object) -> str:
    """A value as shown in a table: floats with 4 decimals."""
    if isinstance(value, float | np.floating):
        return "nan" if np.isnan(value) else f"{value:.4f}"
    return str(value)


def format_table(frame: pd.DataFrame) -> str:
    """An aligned plain-text table: numbers and the ``left`` context right-aligned, other text left-aligned."""
    columns = list(frame.columns)
    rows = [[_cell(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    widths = [max([_display_width(c), *(_display_width(r[i]) for r in rows)]) for i, c in enumerate(columns)]
    right = [c == "left" or pd.api.types.is_numeric_dtype(frame[c]) for c in columns]

    def line(cells: list[str]) -> str:
        padded = [
            " " * (w - _display_width(c)) + c if r else c + " " * (w - _display_width(c))
            for c, w, r in zip(cells, widths, right, strict=True)
        ]
        return "  ".join(padded).rstrip()

    return "\n".join([line(columns), *(line(r) for r in rows)])


def render_frame(frame: pd.DataFrame, output_format: str) -> str:
    """A result as text: an aligned table, CSV, TSV or JSON records (parquet is binary: see save_frame)."""
    if output_format == "table":
        return format_table(frame)
    if output_format in ("csv", "tsv"):
        return frame.to_csv(index=False, sep="," if output_format == "csv" else "\t", lineterminator="\n").rstrip("\n")
    if output_format == "json":
        return frame.to_json(orient="records", force_ascii=False, indent=1) if len(frame) else "[]"
    raise CorpusError(f"format {output_format!r} cannot be printed; expected one of table, csv, tsv, json")


def save_frame(frame: pd.DataFrame, output_format: str, out: Path) -> None:
    """Write a result to ``out`` in one of OUTPUT_FORMATS."""
    try:
        if output_format == "parquet":
            frame.to_parquet(out, index=False)
        elif output_format == "xlsx":
            out.write_bytes(xlsx_bytes(frame))
        else:
            out.write_text(render_frame(frame, output_format) + "\n", encoding="utf-8")
    except OSError as err:
        raise CorpusError(f"{out}: cannot write ({err.strerror or err})") from None


def xlsx_bytes(frame: pd.DataFrame) -> bytes:
    """An Excel workbook (openpyxl) of the result, one sheet, header in row 1; byte-identical for the same
    frame: the workbook's created/modified dates and the zip entries' times are fixed (openpyxl stamps now)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "danvan"
    sheet.append([str(c) for c in frame.columns])
    for row in frame.itertuples(index=False):
        sheet.append([v.item() if isinstance(v, np.generic) else v for v in row])
    book.properties.created = book.properties.modified = datetime(2000, 1, 1)
    written = io.BytesIO()
    book.save(written)
    fixed = io.BytesIO()
    with zipfile.ZipFile(written) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():  # openpyxl's order: [Content_Types].xml first
            target.writestr(zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0)), source.read(name),
                            compress_type=zipfile.ZIP_DEFLATED)  # fmt: skip
    return fixed.getvalue()
