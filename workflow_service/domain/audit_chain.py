"""The audit hash chain: each record's SHA-256 covers its fields and the hash of the record before it.

One chain per dossier; records without a dossier form the "system" chain. The canonical form is
sorted-key JSON (ASCII, no spaces) of the record's fields, the timestamp as a UTC ISO string with
microseconds. Editing a record changes its hash; deleting one breaks the next record's link.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

SYSTEM_CHAIN = "system"


def chain_name(dossier_id: int | None) -> str:
    return SYSTEM_CHAIN if dossier_id is None else f"dossier {dossier_id}"


def canonical_data(data: dict[str, Any] | None) -> dict[str, Any]:
    """The data as the database hands it back (JSON round trip), so the hash holds after reading."""
    result: dict[str, Any] = json.loads(json.dumps(data or {}, allow_nan=False))
    return result


def record_hash(*, dossier_id: int | None, task_id: str | None, actor: str, acting_as: str, action: str,
                at: datetime, data: dict[str, Any], prev_hash: str | None) -> str:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("audit timestamps must be timezone-aware")
    record = {"dossier": dossier_id, "task": task_id, "actor": actor, "acting_as": acting_as, "action": action,
              "at": at.astimezone(UTC).isoformat(timespec="microseconds"), "data": data, "prev": prev_hash}
    canonical = json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False)
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    """The first record of a chain that does not match."""

    chain: str
    entry_id: int
    reason: str


@dataclass
class ChainWalker:
    """Feeds a chain's records in order; remembers the first one that does not match."""

    chain: str
    last_hash: str | None = None
    last_id: int | None = None
    checked: int = 0
    broken: ChainBreak | None = None

    def check(self, entry_id: int, stored_hash: str, prev_hash: str | None, fields: dict[str, Any]) -> None:
        if self.broken is not None:
            return
        self.checked += 1
        if record_hash(prev_hash=prev_hash, **fields) != stored_hash:
            self.broken = ChainBreak(self.chain, entry_id, "its content does not match its hash (altered)")
        elif prev_hash != self.last_hash:
            after = f"record {self.last_id}" if self.last_id is not None else "the start of the chain"
            self.broken = ChainBreak(self.chain, entry_id,
                                     f"it does not follow {after}: a record before it is missing or altered")
        self.last_hash, self.last_id = stored_hash, entry_id
