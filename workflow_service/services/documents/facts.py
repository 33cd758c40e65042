"""What a dossier's documents are made of, read in one short transaction: the dossier, the names of its
units on the days that matter, the data of the steps that issue documents and who completed them."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ...domain.clock import VN_TZ
from ...domain.documents import DocumentKind, DossierFacts, due_kinds
from ...domain.errors import NotFound
from ...domain.units import Level, UnitTree
from ...persistence.models import AuditEntry, Dossier, User
from ..context import ServiceContext
from ..definitions.deploy import runtime_for
from ..units.tree import unit_chain
from .revocation import RevocationFacts
from .revoking import REVOCATION_KIND, REVOCATION_STEPS, revocation_decided, revocation_facts

COMMUNE_REPORT_STEP = "commune_review"
# The step whose completion decides the recognition, by the certificate's `issued_by`.
DECISION_STEPS = {"province": "chair_decision", "ministry": "minister_decision",
                  "district": "district_chair_decision"}
MINISTRY_NAME = "Bộ Nông nghiệp và Môi trường"


@dataclass(frozen=True)
class Step:
    """A completed step: who did it, when (Vietnam's calendar day) and the data they entered."""

    actor: str
    actor_name: str
    on: date
    data: dict[str, Any]


@dataclass(frozen=True)
class Record:
    dossier_id: int
    registration_number: str
    kind: str
    regulation: str | None
    data: dict[str, Any]
    score: float | None
    stars: int | None
    certificate: dict[str, Any] | None
    filed_on: date
    filed_by: str
    filer_name: str
    filed_by_officer: bool
    units: dict[str, str]                  # level → code, as routed at filing
    tree: UnitTree
    labels: dict[str, dict[str, str]]      # "producer.type" / "product.group" → value → label
    commune_step: Step | None
    decision_step: Step | None
    due: list[DocumentKind]                # the documents it calls for and does not have yet
    revoking_step: Step | None = None       # a revocation dossier: the chair's (Minister's) decision
    revocation: RevocationFacts | None = None  # a revocation dossier whose certificate was revoked                # the documents it calls for and does not have yet

    def unit_name(self, level: str, on: date) -> str:
        """The name the dossier's unit of `level` had on `on` ('' when the chain has no such level)."""
        code = self.units.get(level)
        if code and code in self.tree:
            return self.tree.get(code).name_on(on)
        return MINISTRY_NAME if level == Level.CENTRAL.value else ""


def read_record(ctx: ServiceContext, session: Session, dossier_id: int, have: set[str]) -> Record | None:
    """The dossier's record, or None when every document its steps call for is among `have` (kinds):
    the common case after a step, answered from the dossier and its completions alone."""
    dossier = session.get(Dossier, dossier_id)
    if dossier is None:
        raise NotFound(f"dossier {dossier_id} not found")
    completions = list(session.scalars(select(AuditEntry).where(
        AuditEntry.dossier_id == dossier_id, AuditEntry.action == "complete").order_by(AuditEntry.id)))
    commune = next((e for e in completions if _is_commune_report(e.data)), None)
    issued_by = (dossier.certificate or {}).get("issued_by")
    decision_step = DECISION_STEPS.get(issued_by) if isinstance(issued_by, str) else None
    decision = next((e for e in reversed(completions) if decision_step and _element(e.data) == decision_step
                     and _entered(e.data).get("approved") is True), None)
    revoked = revocation_decided(dossier)
    revoking = next((e for e in reversed(completions) if revoked
                     and _element(e.data) == REVOCATION_STEPS.get(str(revoked.get("authority")))), None)
    data = dossier.data or {}
    facts = DossierFacts(has_registration=dossier.kind not in (REVOCATION_KIND, "inspection")
                         and isinstance(data.get("producer"), dict) and isinstance(data.get("product"), dict),
                         commune_reported=commune is not None,
                         certified=bool(dossier.certificate) and decision is not None,
                         revoked=revoking is not None)
    due = [kind for kind in due_kinds(facts) if kind.value not in have]
    if not due:
        return None
    people = {dossier.filed_by} | {e.actor for e in (commune, decision, revoking) if e is not None}
    names = {username: name for username, name in session.execute(
        select(User.username, User.display_name).where(User.username.in_(people)))}
    revoking_step = _step(revoking, names)
    record = Record(
        dossier_id=dossier.id, registration_number=dossier.registration_number, kind=dossier.kind,
        regulation=dossier.regulation, data=data, score=dossier.score, stars=dossier.stars,
        certificate=dossier.certificate, filed_on=dossier.filed_on or dossier.filed_at.astimezone(VN_TZ).date(),
        filed_by=dossier.filed_by, filer_name=names.get(dossier.filed_by) or dossier.filed_by,
        filed_by_officer=not dossier.routing.get("filer_is_applicant", True),
        units=dict(dossier.routing.get("units") or {}), tree=unit_chain(session, dossier.commune_code),
        labels=_labels(ctx, dossier), due=due,
        commune_step=_step(commune, names), decision_step=_step(decision, names), revoking_step=revoking_step)
    if revoked is None or revoking_step is None:
        return record
    authorities = {"province_chair": record.unit_name(Level.PROVINCE.value, revoking_step.on),
                   "minister": MINISTRY_NAME}
    return replace(record, revocation=revocation_facts(session, dossier, revoked, revoking_step.actor_name,
                                                       revoking_step.on, authorities))


def _element(data: dict[str, Any]) -> str | None:
    element = data.get("element")
    return element if isinstance(element, str) else None


def _entered(data: dict[str, Any]) -> dict[str, Any]:
    entered = data.get("data")
    return entered if isinstance(entered, dict) else {}


def _is_commune_report(data: dict[str, Any]) -> bool:
    """The commune's review that found the dossier complete and assessed the four local criteria (Mẫu 03
    exists from QĐ 148/2023 on; QĐ 1048/2019's commune certified ratios instead, which is no Mẫu 03)."""
    entered = _entered(data)
    return _element(data) == COMMUNE_REPORT_STEP and entered.get("complete") is True \
        and "local_raw_materials" in entered


def _step(entry: AuditEntry | None, names: dict[str, str]) -> Step | None:
    if entry is None:
        return None
    return Step(entry.actor, names.get(entry.actor) or entry.actor, entry.at.astimezone(VN_TZ).date(),
                _entered(entry.data))


def _labels(ctx: ServiceContext, dossier: Dossier) -> dict[str, dict[str, str]]:
    """The registration form's names for the producer's type and the product group (x-enumNames)."""
    bundle = runtime_for(ctx, dossier.definition).bundle
    form = bundle.forms.get(bundle.start_form or "") or {}
    labels: dict[str, dict[str, str]] = {}
    for section, name in (("producer", "type"), ("product", "group")):
        prop = form.get("properties", {}).get(section, {}).get("properties", {}).get(name, {})
        values, titles = prop.get("enum") or [], prop.get("x-enumNames") or []
        labels[f"{section}.{name}"] = {str(v): str(t) for v, t in zip(values, titles, strict=False)}
    return labels
