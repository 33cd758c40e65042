"""Walking the audit chains: every record must hash to its stored hash and link to the one before it."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from ...domain.audit_chain import ChainBreak, ChainWalker, chain_name
from ...persistence.models import AuditEntry
from ..context import ServiceContext


@dataclass
class Verification:
    checked: int = 0
    chains: int = 0
    breaks: list[ChainBreak] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.breaks


def verify_audit(ctx: ServiceContext, dossier_id: int | None = None, batch: int = 2000) -> Verification:
    """Verify every chain (or one dossier's), reading in id order within each chain."""
    result = Verification()
    walkers: dict[int | None, ChainWalker] = {}
    query = select(AuditEntry).order_by(func.coalesce(AuditEntry.dossier_id, 0), AuditEntry.id)
    if dossier_id is not None:
        query = query.where(AuditEntry.dossier_id == dossier_id)
    with ctx.uow() as uow:
        for entry in uow.session.scalars(query.execution_options(yield_per=batch)):
            walker = walkers.get(entry.dossier_id)
            if walker is None:
                walker = walkers[entry.dossier_id] = ChainWalker(chain_name(entry.dossier_id))
            walker.check(entry.id, entry.hash, entry.prev_hash,
                         {"dossier_id": entry.dossier_id, "task_id": entry.task_id, "actor": entry.actor,
                          "acting_as": entry.acting_as, "action": entry.action, "at": entry.at,
                          "data": entry.data})
    for walker in walkers.values():
        result.checked += walker.checked
        result.chains += 1
        if walker.broken is not None:
            result.breaks.append(walker.broken)
    result.breaks.sort(key=lambda b: b.entry_id)
    return result
