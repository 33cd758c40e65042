"""The world the authorisation tests look at: the demo users plus a few more, four dossiers (one per
relation to the producer `producer.huongkhe`) and their attachments, built once per test module."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from werkzeug.security import generate_password_hash

from tests.conftest import ROOT, Api
from tests.engine.test_ocop_evaluation import FILING
from workflow_service import create_app
from workflow_service.config import Settings
from workflow_service.domain.clock import FixedClock
from workflow_service.persistence.models import User
from workflow_service.services.accounts.tokens import issue_access_token
from workflow_service.services.accounts.users import add_user, load_actor
from workflow_service.services.context import ServiceContext
from workflow_service.services.demo.loader import DEMO_PASSWORD, DEMO_USERS, load_demo
from workflow_service.services.documents.reading import list_documents
from workflow_service.services.dossiers.attachments import Upload, attach_to_task
from workflow_service.services.units.importing import import_units

PDF = b"%PDF-1.4\n% test\n"
DEMO_HASH = generate_password_hash(DEMO_PASSWORD, method="pbkdf2:sha256:1000")
EXTRA_USERS = {
    "producer2.huongkhe": ["applicant@18101"],       # a second producer of the same commune
    "officer2.huongkhe": ["commune_officer@18101"],  # holds the open commune steps (not in the matrix)
    "chairman.huongkhe": ["commune_chair@18101"],
    "producer.ngason": ["applicant@16001"],          # Thanh Hóa
    "officer.ngason": ["commune_officer@16001"],
    "district.officer": ["district_officer@4201"],
    "district.council": ["district_council@4201"],
    "district.chair": ["district_chair@4201"],
}
DISTRICT = ("code,name,level,parent_code,valid_from,valid_to\nVN,Bộ Nông nghiệp và Môi trường,central,,,\n"
            "42,Tỉnh Hà Tĩnh,province,VN,,\n4201,Huyện Hương Khê,district,42,,2025-06-30\n")
COMMUNE_REVIEW = {"complete": True, "local_raw_materials": True, "local_labour": True, "idea_origin": True,
                  "local_identity": True, "mau03_report_number": "12/BC-UBND",
                  "proposal_letter_number": "13/TTr-UBND", "samples_sent": True}
ADVISORY = {"supplement_needed": False, "site_survey_done": True, "lab_tests_required": False,
            "report": "Đủ điều kiện trình Hội đồng."}
COMMENT = "Bao bì chưa đạt, đề nghị 2 sao"  # council1's remark: must never reach the producer


@dataclass
class Case:
    """One dossier of the world: its id, a non-council task, a plain attachment, an official document."""

    dossier: int
    task: str
    attachment: int
    document: int = 0


@dataclass
class World:
    app: Flask
    api: Api
    cases: dict[str, Case]     # own (scored by the whole council, at the chair), same_commune, …
    in_council: Case           # filed on paper at 18101, at the council
    sheet_task: str            # council3's open scoresheet on in_council (claimed, with a draft)
    done_sheet_task: str       # council1's completed scoresheet on own
    sheet_attachment: int      # the PDF council1 attached to its sheet on own
    clients: dict[str, FlaskClient] = field(default_factory=dict)

    @property
    def ctx(self) -> ServiceContext:
        context: ServiceContext = self.app.extensions["ocopflow"]
        return context

    def page_client(self, user: str | None) -> FlaskClient:
        """A signed-in browser (or an anonymous one for None); sign-in itself is tested elsewhere."""
        key = user or ""
        if key not in self.clients:
            client = self.app.test_client()
            if user:
                with client.session_transaction() as session:
                    session["user"] = user
            self.clients[key] = client
        if user:  # signing out (a matrix row) ends every session of the user: follow their version
            with self.clients[key].session_transaction() as session:
                session["sv"] = self.session_version(user)
        return self.clients[key]

    def session_version(self, user: str) -> int:
        ctx: ServiceContext = self.app.extensions["ocopflow"]
        with ctx.uow() as uow:
            return int(uow.session.scalar(select(User.session_version).where(User.username == user)) or 0)


def build_world(tmp: Path) -> World:
    clock = FixedClock(datetime(2026, 11, 23, 9, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))
    settings = Settings(database_url=f"sqlite:///{tmp / 'matrix.db'}", secret_key="test-secret-" + "x" * 40,
                        env="testing", bpmn_dir=ROOT / "bpmn", forms_dir=ROOT / "forms",
                        instance_dir=tmp / "instance",
                        # throttling has its own tests; here 19 actors try a wrong password per row
                        sign_in_user_limit="10000 per 15 minutes", sign_in_address_limit="10000 per 15 minutes")
    app = create_app(settings, clock=clock)
    app.config["WTF_CSRF_ENABLED"] = False  # CSRF has its own tests; here only who may do what counts
    ctx: ServiceContext = app.extensions["ocopflow"]
    load_demo(ctx)
    import_units(ctx, DISTRICT)
    for username, grants in EXTRA_USERS.items():
        add_user(ctx, username, DEMO_PASSWORD, grants, password_hash=DEMO_HASH)
    api = Api(app.test_client())
    for username in [*DEMO_USERS, *EXTRA_USERS]:  # sign-in is tested elsewhere: skip its scrypt here
        api._tokens[username] = issue_access_token(ctx, load_actor(ctx, username))
    storage = tmp / "instance" / "attachments"

    def attach(user: str, task_id: str, name: str) -> int:
        return attach_to_task(ctx, load_actor(ctx, user), task_id, Upload(name, PDF), storage).id

    def filed(user: str, commune: str, holder: str) -> Case:
        response = api.file(user, commune, FILING)
        assert response.status_code == 201, response.json
        task = response.json["open_tasks"][0]["id"]
        assert api.post(holder, f"/tasks/{task}/claim").status_code == 200
        registration = list_documents(ctx, load_actor(ctx, "admin"), response.json["id"])[0]  # Mẫu 01
        return Case(response.json["id"], task, attach(holder, task, "bien-ban-xa.pdf"), registration.id)

    own = filed("producer.huongkhe", "18101", "officer.huongkhe")
    sheets = _to_council(api, own)
    assert api.post("council1.hatinh", f"/tasks/{sheets['council1.hatinh']}/claim").status_code == 200
    sheet_attachment = attach("council1.hatinh", sheets["council1.hatinh"], "phieu-cham-diem.pdf")
    scored = api.post("council1.hatinh", f"/tasks/{sheets['council1.hatinh']}/complete", {"data": {
        "part_a": 30, "part_b": 20, "part_c": 28, "minimum_star": 4, "comments": COMMENT}})
    assert scored.status_code == 200, scored.json
    for member, marks in (("council2.hatinh", (32, 19, 27)), ("council3.hatinh", (31, 21, 26))):
        assert api.do(member, sheets[member], dict(zip(("part_a", "part_b", "part_c"), marks, strict=True),
                                                   minimum_star=4)).status_code == 200
    # Filed on paper by the commune officer (no producer account): council3 has drafted a sheet.
    in_council = filed("officer.huongkhe", "18101", "officer.huongkhe")
    council3_task = _to_council(api, in_council)["council3.hatinh"]
    assert api.post("council3.hatinh", f"/tasks/{council3_task}/claim").status_code == 200
    council3 = app.test_client()  # the draft goes through the page, as a member saves it
    with council3.session_transaction() as session:
        session["user"] = "council3.hatinh"
        session["sv"] = 0  # a fresh user's session version
    saved = council3.post(f"/tasks/{council3_task}", data={"action": "save", "part_a": "33"})
    assert saved.status_code == 302, saved.get_data(as_text=True)[:500]
    cases = {
        "own": own,
        "same_commune": filed("producer2.huongkhe", "18101", "officer2.huongkhe"),
        "other_commune": filed("officer.huongpho", "18103", "officer.huongpho"),
        "other_province": filed("producer.ngason", "16001", "officer.ngason"),
    }
    return World(app, api, cases, in_council, council3_task, sheets["council1.hatinh"], sheet_attachment)


def _to_council(api: Api, case: Case) -> dict[str, str]:
    """Take a dossier whose commune step case.task is claimed to the council: its sheets by member."""
    holder = api.get("admin", f"/tasks/{case.task}").json["claimed_by"]
    done = api.post(holder, f"/tasks/{case.task}/complete", {"data": COMMUNE_REVIEW})
    assert done.status_code == 200, done.json
    _do(api, case.dossier, "office.hatinh", "office_check", {"complete": True})
    _do(api, case.dossier, "advisory.hatinh", "advisory_review", ADVISORY)
    return {t["candidate"]: t["id"] for t in _open(api, case.dossier, "office.hatinh")}


def _open(api: Api, dossier_id: int, user: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = api.get(user, f"/dossiers/{dossier_id}").json["open_tasks"]
    return items


def _do(api: Api, dossier_id: int, user: str, element: str, data: dict[str, Any]) -> None:
    task = next(t for t in _open(api, dossier_id, user) if t["element_id"] == element)
    response = api.do(user, task["id"], data)
    assert response.status_code == 200, response.json
