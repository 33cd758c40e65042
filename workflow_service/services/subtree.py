"""All unit codes below a set of units (inclusive), via a recursive query."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..persistence.models import UnitRow


def subtree_codes(session: Session, roots: set[str]) -> set[str]:
    if not roots:
        return set()
    tree = select(UnitRow.code).where(UnitRow.code.in_(roots)).cte("tree", recursive=True)
    tree = tree.union(select(UnitRow.code).where(UnitRow.parent_code == tree.c.code))
    return set(session.scalars(select(tree.c.code)))
