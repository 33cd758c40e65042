"""The four evaluation chains in bpmn/ deploy together at start, each with its own decision tables,
and filing still defaults to the current regulation's chain (R4) until a registry chooses by date."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from tests.conftest import ROOT, Api
from tests.engine.test_ocop_evaluation import FILING
from workflow_service.domain.certificates import CERTIFICATE_PROCESSES
from workflow_service.domain.cycle import CYCLE_PROCESSES

CHAINS = {
    "ocop_evaluation": ("Đánh giá, phân hạng sản phẩm OCOP (QĐ 26/2026/QĐ-TTg)", "ocop_evaluation.bpmn"),
    "ocop_qd1048_2019": ("Đánh giá, phân hạng sản phẩm OCOP (QĐ 1048/2019)", "qd1048_2019_evaluation.bpmn"),
    "ocop_qd148_2023": ("Đánh giá, phân hạng sản phẩm OCOP (QĐ 148/2023)", "qd148_2023_evaluation.bpmn"),
    "ocop_qd1489_2025": ("Đánh giá, phân hạng sản phẩm OCOP (QĐ 148/2023 sửa đổi bởi QĐ 1489/2025)",
                         "qd1489_2025_evaluation.bpmn"),
}
DMN = sorted(p.name for p in (ROOT / "bpmn").glob("*.dmn"))


def decision_ids(path: Path) -> list[str]:
    root = etree.parse(str(path)).getroot()
    return [str(d.get("id")) for d in root.iterfind("{*}decision")]


def test_decision_ids_are_unique_across_every_table_bundled_together() -> None:
    ids = [d for name in DMN for d in decision_ids(ROOT / "bpmn" / name)]
    assert len(ids) == len(set(ids))
    assert set(ids) == {"ocop_star_band", "ocop_recognition",
                        *(f"{table}_{v}" for v in ("qd1048_2019", "qd148_2023", "qd1489_2025")
                          for table in ("star_rating", "recognition")),
                        "forwarding_qd1048_2019", "forwarding_qd148_2023"}


def test_every_chain_is_deployed_at_start_with_every_table(api: Api) -> None:
    listed = api.get("designer", "/process-definitions")
    assert listed.status_code == 200
    got = {d["key"]: d for d in listed.json}
    assert set(got) == set(CHAINS) | set(CERTIFICATE_PROCESSES) | set(CYCLE_PROCESSES)  # and the
    # processes started from a certificate, the annual cycle's idea and business-plan processes
    assert {k: (got[k]["name"], got[k]["version"]) for k in CHAINS} == {k: (n, 1) for k, (n, _f) in CHAINS.items()}
    for key, (_name, bpmn) in CHAINS.items():  # every table beside the .bpmn is bundled with it
        assert [f for f in got[key]["files"] if f.endswith((".bpmn", ".dmn"))] == sorted([bpmn, *DMN]), key


def test_filing_defaults_to_the_current_regulation(api: Api) -> None:
    filed = api.post("producer.huongkhe", "/dossiers", {"commune": "18101", "kind": "first_time", "data": FILING})
    assert filed.status_code == 201, filed.json
    assert (filed.json["process_key"], filed.json["version"]) == ("ocop_evaluation", 1)


def test_a_district_chain_needs_a_district_above_the_commune_on_the_filing_day(api: Api) -> None:
    """From 1/7/2025 the communes sit under the province: R2 filed today (an admin's override) is refused."""
    refused = api.post("admin", "/dossiers", {"process_key": "ocop_qd148_2023", "commune": "18101",
                                              "kind": "first_time", "data": FILING,
                                              "override_reason": "Đánh giá lại theo quy định cũ"})
    assert refused.status_code == 422, refused.json
    assert "no district unit above it" in refused.json["detail"]
