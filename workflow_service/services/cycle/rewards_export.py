"""The rewards table as CSV or XLSX, with Vietnamese headers and a total by star."""

from __future__ import annotations

import csv
import io
import re

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from ..monitoring.export import CONTENT_TYPES, neutralise
from .rewards import RewardsTable

HEADERS = ("Số đăng ký", "Xã", "Chủ thể", "Sản phẩm", "Hạng sao", "Số giấy chứng nhận", "Ngày cấp",
           "Mức thưởng (đồng)")


def _lines(table: RewardsTable) -> list[list[object]]:
    lines: list[list[object]] = [[r.registration_number, r.commune, r.producer_name, r.product_name, r.stars,
                                  r.certificate_number, r.issue_date, r.amount] for r in table.rows]
    lines.append([])
    for stars, count, amount in table.by_star():
        lines.append([f"Cộng {stars} sao", "", "", f"{count} sản phẩm", stars, "", "", amount])
    lines.append(["Tổng cộng", "", "", f"{len(table.rows)} sản phẩm", "", "", "", table.total])
    return lines


def _title(table: RewardsTable) -> list[object]:
    source = table.plan_source or "chưa có kế hoạch quy định mức thưởng"
    return [f"Thưởng sản phẩm OCOP năm {table.year} — {table.unit_name} ({table.unit}) — theo {source}"]


def to_csv(table: RewardsTable) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([neutralise(v) for v in _title(table)])
    writer.writerow(HEADERS)
    for line in _lines(table):
        writer.writerow([neutralise(v) for v in line])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the byte-order mark: Excel reads UTF-8


def to_xlsx(table: RewardsTable) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(f"Thưởng {table.year}")
    sheet.append([_text(sheet, str(v), bold=True) for v in _title(table)])
    sheet.append([_text(sheet, h, bold=True) for h in HEADERS])
    for line in _lines(table):
        sheet.append([_text(sheet, v) if isinstance(v, str) else v for v in line])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(sheet: object, value: str, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=neutralise(value))
    cell.data_type = "s"  # never a formula, whatever the producer's name starts with
    if bold:
        cell.font = Font(bold=True)
    return cell


def export_rewards(table: RewardsTable, extension: str) -> tuple[bytes, str, str]:
    """(content, content type, file name)."""
    content = to_csv(table) if extension == "csv" else to_xlsx(table)
    safe_unit = re.sub(r"[^A-Za-z0-9_-]", "", table.unit) or "unit"
    return content, CONTENT_TYPES[extension], f"thuong-ocop-{safe_unit}-{table.year}.{extension}"
