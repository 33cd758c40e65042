"""audit_entries: hash chain per dossier (prev_hash, hash), existing rows chained in id order

Revision ID: 0006_audit_chain
Revises: 0005_timers
"""
from datetime import UTC

import sqlalchemy as sa
from alembic import op

from workflow_service.domain.audit_chain import record_hash

revision = '0006_audit_chain'
down_revision = '0005_timers'
branch_labels = None
depends_on = None

ENTRIES = sa.table('audit_entries', sa.column('id', sa.Integer), sa.column('dossier_id', sa.Integer),
                   sa.column('task_id', sa.String), sa.column('actor', sa.String),
                   sa.column('acting_as', sa.String), sa.column('action', sa.String),
                   sa.column('at', sa.DateTime), sa.column('data', sa.JSON),
                   sa.column('prev_hash', sa.String), sa.column('hash', sa.String))


def upgrade() -> None:
    _allow_audit_changes()
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('prev_hash', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('hash', sa.String(length=64), nullable=True))
    _chain_existing_rows()
    with op.batch_alter_table('audit_entries', schema=None, recreate='auto') as batch_op:
        batch_op.alter_column('hash', existing_type=sa.String(length=64), nullable=False)
        batch_op.drop_index('ix_audit_entries_dossier_id')
        batch_op.create_index('ix_audit_entries_chain', ['dossier_id', 'id'], unique=False)
    _forbid_audit_changes()


def downgrade() -> None:
    _allow_audit_changes()
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entries_chain')
        batch_op.create_index('ix_audit_entries_dossier_id', ['dossier_id'], unique=False)
        batch_op.drop_column('hash')
        batch_op.drop_column('prev_hash')
    _forbid_audit_changes()


def _chain_existing_rows() -> None:
    """Every row written before this migration, linked in id order within its dossier (or system) chain."""
    bind = op.get_bind()
    heads: dict[int | None, str | None] = {}
    updates = []
    for row in bind.execute(sa.select(ENTRIES).order_by(ENTRIES.c.id)).mappings():
        prev = heads.get(row['dossier_id'])
        digest = record_hash(dossier_id=row['dossier_id'], task_id=row['task_id'], actor=row['actor'],
                             acting_as=row['acting_as'], action=row['action'],
                             at=row['at'].replace(tzinfo=UTC), data=row['data'] or {}, prev_hash=prev)
        heads[row['dossier_id']] = digest
        updates.append({'entry_id': row['id'], 'prev': prev, 'digest': digest})
    if updates:
        bind.execute(ENTRIES.update().where(ENTRIES.c.id == sa.bindparam('entry_id'))
                     .values(prev_hash=sa.bindparam('prev'), hash=sa.bindparam('digest')), updates)


def _allow_audit_changes() -> None:
    # The append-only triggers (0001) step aside for this migration only.
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE audit_entries DISABLE TRIGGER audit_entries_no_change")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_entries_no_update")
        op.execute("DROP TRIGGER IF EXISTS audit_entries_no_delete")


def _forbid_audit_changes() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE audit_entries ENABLE TRIGGER audit_entries_no_change")
    else:
        for verb in ("UPDATE", "DELETE"):
            op.execute(f"""CREATE TRIGGER audit_entries_no_{verb.lower()} BEFORE {verb} ON audit_entries
                           BEGIN SELECT RAISE(ABORT, 'audit_entries is append-only'); END""")
