"""PostgreSQL: dossier rows leave room for their next version, and the engine state compresses with lz4.

Every step of a dossier (a user's complete, a timer) rewrites its row. Packed full (fillfactor 100),
each new version lands on another page and every one of the table's ten indexes gets a new entry;
with 30 % of each page free the new version stays on its page and no index is touched (a HOT
update) as long as no indexed column changes, which a step rarely does. lz4 compresses the state
several times faster than the default pglz (servers built without lz4 keep pglz). Both apply to
rows written from now on; `VACUUM FULL dossiers` rewrites existing ones. SQLite: nothing to do.

Revision ID: 0020_dossier_storage
Revises: 0019_register
"""
import sqlalchemy as sa
from alembic import op

revision = '0020_dossier_storage'
down_revision = '0019_register'
branch_labels = None
depends_on = None

FILLFACTOR = 70


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != 'postgresql':
        return
    op.execute(f'ALTER TABLE dossiers SET (fillfactor = {FILLFACTOR})')
    if _has_lz4(bind):
        op.execute('ALTER TABLE dossiers ALTER COLUMN state SET COMPRESSION lz4')


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != 'postgresql':
        return
    if _has_lz4(bind):
        op.execute('ALTER TABLE dossiers ALTER COLUMN state SET COMPRESSION DEFAULT')
    op.execute('ALTER TABLE dossiers RESET (fillfactor)')


def _has_lz4(bind: sa.Connection) -> bool:
    """PostgreSQL 14+ built with lz4 lists it among default_toast_compression's values."""
    return bool(bind.scalar(sa.text("SELECT count(*) FROM pg_settings WHERE name = 'default_toast_compression' "
                                    "AND 'lz4' = ANY(enumvals)")))
