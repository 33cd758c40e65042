"""The demo certificates a new user finds in the public register after `make run`."""

from __future__ import annotations

import time
from typing import Any

from flask import Flask
from sqlalchemy import select

from tests.conftest import Api
from workflow_service.persistence.models import User
from workflow_service.services.audit.verify import verify_audit
from workflow_service.services.certificates import list_for_producer
from workflow_service.services.demo.certificates import load_demo_certificates


def test_three_demo_certificates_are_in_the_register_once(app: Flask, api: Api) -> None:
    started = time.perf_counter()
    numbers = load_demo_certificates(app.extensions["ocopflow"])
    print(f"demo certificates loaded in {time.perf_counter() - started:.1f} s")
    assert numbers == ["HT-2026-0012", "HT-2026-0031", "BNNMT-2026-005"]
    listed = api.client.get("/api/v1/register/certificates").json
    assert sorted((c["number"], c["stars"]) for c in listed["items"]) == [
        ("BNNMT-2026-005", 5), ("HT-2026-0012", 3), ("HT-2026-0031", 4)]
    honey = api.client.get("/api/v1/register/certificates/HT-2026-0012").json
    assert (honey["issue_date"], honey["expiry_date"]) == ("2026-06-10", "2029-06-10")
    tea = api.get("producer.huongkhe", "/certificates/BNNMT-2026-005").json
    assert tea["issuer"] == {"level": "ministry", "title": "Bộ trưởng Bộ Nông nghiệp và Môi trường",
                             "unit": "Bộ Nông nghiệp và Môi trường"}
    assert load_demo_certificates(app.extensions["ocopflow"]) == []
    ctx = app.extensions["ocopflow"]
    producer_id = load_actor_id(ctx, "producer.huongkhe")
    assert [v.public.number for v in list_for_producer(ctx, producer_id)] == [
        "BNNMT-2026-005", "HT-2026-0031", "HT-2026-0012"]  # newest first (the same day: the later one first)
    assert verify_audit(ctx).intact


def load_actor_id(ctx: Any, username: str) -> int:
    with ctx.uow() as uow:
        found: int = uow.session.scalar(select(User.id).where(User.username == username))
        return found
