"""Names that look like spreadsheet formulas reach the supervisor's CSV and XLSX as inert text."""

from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from tests.conftest import Api
from tests.engine.test_ocop_evaluation import FILING

SUPERVISOR = "supervisor.hatinh"
HOSTILE_PRODUCER = '=HYPERLINK("http://evil.example","click")'
HOSTILE_PRODUCT = "@SUM(1+1)*cmd|' /C calc'!A0"


def _file_hostile(api: Api) -> str:
    data = {"producer": FILING["producer"] | {"name": HOSTILE_PRODUCER},
            "product": FILING["product"] | {"name": HOSTILE_PRODUCT}}
    filed = api.file("producer.huongkhe", "18101", data)
    assert filed.status_code == 201, filed.json
    number: str = filed.json["registration_number"]
    return number


def test_csv_cells_that_would_start_a_formula_are_quoted(api: Api) -> None:
    number = _file_hostile(api)
    response = api.get(SUPERVISOR, "/monitoring/tasks", query_string={"format": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    row = next(r for r in rows if r[0] == number)
    assert row[1] == "'" + HOSTILE_PRODUCER and row[2] == "'" + HOSTILE_PRODUCT
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows for cell in r)


def test_xlsx_cells_are_strings_never_formulas(api: Api) -> None:
    number = _file_hostile(api)
    response = api.get(SUPERVISOR, "/monitoring/tasks", query_string={"format": "xlsx"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    row = next(r for r in sheet.iter_rows() if r[0].value == number)
    assert row[1].value == "'" + HOSTILE_PRODUCER and row[1].data_type == "s"
    assert row[2].value == "'" + HOSTILE_PRODUCT and row[2].data_type == "s"
    assert not any(cell.data_type == "f" for r in sheet.iter_rows() for cell in r)
