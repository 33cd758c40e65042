"""CSV and XLSX files of a monitored task list, with Vietnamese headers and Vietnam local times."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date, datetime

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from ...domain.clock import VN_TZ
from .task_list import MonitoredTask

HEADERS = ("Số đăng ký", "Chủ thể", "Sản phẩm", "Đơn vị", "Mã đơn vị", "Bước", "Mã bước", "Người xử lý",
           "Giao cho", "Hạn xử lý", "Trạng thái", "Số ngày làm việc quá hạn", "Mã nhiệm vụ")
STATUS_VI = {"overdue": "Quá hạn", "due_soon": "Sắp đến hạn", "on_time": "Trong hạn", None: "Không có hạn"}
DATE_FORMAT = "%d/%m/%Y %H:%M"
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


# Text a spreadsheet would read as a formula (OWASP "CSV injection"): = + - @ and tab / carriage return.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """Text that would start a formula gets a leading single quote; other values pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _values(item: MonitoredTask) -> list[object]:
    task = item.task
    local_due = task.due_at.astimezone(VN_TZ).replace(tzinfo=None) if task.due_at else None
    return [task.dossier.registration_number, task.dossier.producer_name, task.dossier.product_name,
            item.unit_name, task.unit_code, task.name, task.element_id, task.claimed_by or "",
            f"{task.role}@{task.unit_code}", local_due, STATUS_VI.get(item.deadline_status, ""),
            item.days_overdue, task.id]


def to_csv(items: list[MonitoredTask]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for item in items:
        writer.writerow([v.strftime(DATE_FORMAT) if isinstance(v, datetime) else neutralise(v)
                         for v in _values(item)])
    # The byte-order mark makes Excel read the file as UTF-8 (Vietnamese diacritics intact).
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def to_xlsx(items: list[MonitoredTask], title: str) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title[:31])
    sheet.append(_header_cells(sheet))
    for item in items:
        sheet.append(list(_cells(sheet, _values(item))))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _header_cells(sheet: object) -> list[WriteOnlyCell]:
    cells = []
    for text in HEADERS:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = Font(bold=True)
        cells.append(cell)
    return cells


def _cells(sheet: object, values: list[object]) -> Iterator[object]:
    for value in values:
        if isinstance(value, datetime):
            cell = WriteOnlyCell(sheet, value=value)
            cell.number_format = "dd/mm/yyyy hh:mm"
            yield cell
        elif isinstance(value, str):  # always a string cell: openpyxl would store "=…" as a formula
            cell = WriteOnlyCell(sheet, value=neutralise(value))
            cell.data_type = "s"
            yield cell
        else:
            yield value


def filename(unit: str, status: str | None, today: date, extension: str) -> str:
    safe_unit = re.sub(r"[^A-Za-z0-9_-]", "", unit) or "unit"
    return f"giam-sat-{safe_unit}-{(status or 'tat-ca').replace('_', '-')}-{today:%Y%m%d}.{extension}"


def export_file(unit: str, items: list[MonitoredTask], status: str | None, today: date,
                extension: str) -> tuple[bytes, str, str]:
    """(content, content type, file name) of the export in `extension` (csv or xlsx)."""
    content = to_csv(items) if extension == "csv" else to_xlsx(items, f"Giám sát {unit}")
    return content, CONTENT_TYPES[extension], filename(unit, status, today, extension)
