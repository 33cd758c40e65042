"""Input is checked before anything runs: wrong shapes, huge ids, deep or huge JSON get small 4xx answers."""

from __future__ import annotations

import json
import time

from tests.conftest import Api

PRODUCER = "producer.huongkhe"


def _post_raw(api: Api, user: str, path: str, data: bytes | str, content_type: str = "application/json") -> object:
    return api.client.post(f"/api/v1{path}", data=data, content_type=content_type, headers=api.headers(user))


def test_filing_data_of_the_wrong_shape_is_refused_by_the_registration_form(api: Api) -> None:
    response = api.file(PRODUCER, "18101", {"product": "Mật ong"})
    assert response.status_code == 422
    assert response.content_type == "application/problem+json"
    assert "not of type 'object'" in response.json["errors"]["product"][0]
    assert "producer" in response.json["errors"]
    assert api.get(PRODUCER, "/dossiers").json["total"] == 0  # nothing was filed


def test_a_process_without_a_start_form_takes_any_object_without_failing(mini_api: Api) -> None:
    response = mini_api.file("officer.huongkhe", "18101", {"product": "Mật ong", "producer": ["x"]},
                             process_key="mini_review")
    assert response.status_code == 201, response.json
    assert response.json["product_name"] == "" and response.json["producer_name"] == ""


def test_ids_out_of_range_are_not_found(api: Api) -> None:
    for path in ("/dossiers/9223372036854775808", "/dossiers/0", "/dossiers/-1", "/dossiers/1e3",
                 "/dossiers/99999999999999999999999999/diagram", "/plans/9223372036854775808"):
        response = api.get(PRODUCER, path)
        assert response.status_code == 404, path
        assert response.content_type == "application/problem+json"
    for largest in ("2147483647", "2147483648", "9223372036854775807"):  # INTEGER ids: 32-bit on PostgreSQL
        assert api.get(PRODUCER, f"/dossiers/{largest}").status_code == 404


def test_query_numbers_out_of_range_are_named(api: Api) -> None:
    response = api.get(PRODUCER, "/tasks", query_string={"dossier_id": str(2**64), "limit": "0"})
    assert response.status_code == 422
    assert set(response.json["errors"]) == {"dossier_id", "limit"}
    response = api.get(PRODUCER, "/dossiers", query_string={"offset": "-1", "limit": "x"})
    assert response.status_code == 422 and set(response.json["errors"]) == {"offset", "limit"}


def test_deeply_nested_json_is_refused_before_parsing(api: Api) -> None:
    response = _post_raw(api, PRODUCER, "/dossiers", "[" * 10_000 + "]" * 10_000)
    assert response.status_code == 422
    assert response.json["errors"] == {"body": ["at most 32 levels of nesting"]}
    nested: object = {"name": "x"}
    for _ in range(40):
        nested = {"a": nested}
    response = api.post(PRODUCER, "/dossiers", {"commune": "18101", "kind": "first_time", "data": nested})
    assert response.status_code == 422 and "nesting" in response.json["errors"]["body"][0]


def test_a_huge_body_is_refused_at_once_and_not_echoed(api: Api) -> None:
    body = "{" + ",".join(f'"k{i}":1' for i in range(1_600_000)) + "}"
    assert len(body) > 18 * 2**20
    started = time.perf_counter()
    response = _post_raw(api, PRODUCER, "/dossiers", body)
    elapsed = time.perf_counter() - started
    assert response.status_code == 413 and response.content_type == "application/problem+json"
    assert elapsed < 1.0 and len(response.data) < 1000


def test_too_many_keys_within_the_size_bound_are_refused(api: Api) -> None:
    body = "{" + ",".join(f'"k{i}":1' for i in range(60_000)) + "}"
    assert len(body) < 2**20
    response = _post_raw(api, PRODUCER, "/dossiers", body)
    assert response.status_code == 422
    assert response.json["errors"] == {"body": ["at most 10000 object keys"]}


def test_error_answers_are_bounded_and_do_not_echo_the_input(api: Api) -> None:
    unknown = {f"field-{i}-" + "x" * 150: i for i in range(5_000)}
    response = api.post(PRODUCER, "/dossiers", {"commune": "18101", "kind": "first_time", **unknown})
    assert response.status_code == 422
    errors = response.json["errors"]
    assert len(errors) <= 51 and all(len(name) <= 80 for name in errors)
    assert len(response.data) < 20_000


def test_malformed_json_and_other_media_types_are_client_errors(api: Api) -> None:
    assert _post_raw(api, PRODUCER, "/dossiers", b'{"commune": "18101",').status_code == 400
    assert _post_raw(api, PRODUCER, "/dossiers", b"\xff\xfe{", "application/json").status_code == 400
    response = _post_raw(api, PRODUCER, "/dossiers", "commune=18101", "application/x-www-form-urlencoded")
    assert response.status_code == 415


def test_strangers_are_refused_before_their_body_is_read(api: Api) -> None:
    response = api.client.post("/api/v1/process-definitions/validate", json={})
    assert response.status_code == 401
    response = api.client.post("/api/v1/dossiers", data="[" * 10_000, content_type="application/json")
    assert response.status_code == 401


def test_api_answers_carry_nosniff_a_restrictive_csp_and_allow_on_405(api: Api) -> None:
    for response in (api.get(PRODUCER, "/dossiers"), api.client.get("/api/v1/nowhere"),
                     api.client.open("/api/v1/health", method="TRACE"), api.client.delete("/api/v1/dossiers")):
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Content-Security-Policy"] == "default-src 'none'; frame-ancestors 'none'"
    response = api.client.delete("/api/v1/dossiers")
    assert response.status_code == 405 and response.content_type == "application/problem+json"
    assert set(response.headers["Allow"].split(", ")) == {"GET", "POST", "HEAD", "OPTIONS"}
    assert json.loads(response.data)["status"] == 405
