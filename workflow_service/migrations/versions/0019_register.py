"""The public register at national scale: certificates listed in the register's order
(province, product) by an index; on PostgreSQL, words found anywhere in product and producer names
by trigram GIN indexes that also hold the province (pg_trgm + btree_gin: a word searched within one
province reads only that province's matches), or trigram-only ones without btree_gin. Without pg_trgm
searches still work, by a scan.

Revision ID: 0019_register
Revises: 0018_perf
"""
import logging

import sqlalchemy as sa
from alembic import op

revision = '0019_register'
down_revision = '0018_perf'
branch_labels = None
depends_on = None

log = logging.getLogger("alembic.runtime.migration")
TRIGRAM_COLUMNS = ("product_folded", "producer_folded")


def upgrade() -> None:
    op.create_index('ix_certificates_listing', 'certificates', ['province_code', 'product_folded', 'id'])
    bind = op.get_bind()
    if bind.dialect.name != 'postgresql':
        return
    if not _extension(bind, 'pg_trgm'):
        log.warning("pg_trgm is not available on this server: register searches scan the certificates")
        return
    province = 'province_code, ' if _extension(bind, 'btree_gin') else ''
    for column in TRIGRAM_COLUMNS:
        op.execute(f'CREATE INDEX ix_certificates_{column}_trgm ON certificates '
                   f'USING gin ({province}{column} gin_trgm_ops)')


def downgrade() -> None:
    if op.get_bind().dialect.name == 'postgresql':
        for column in TRIGRAM_COLUMNS:
            op.execute(f'DROP INDEX IF EXISTS ix_certificates_{column}_trgm')
    op.drop_index('ix_certificates_listing', table_name='certificates')


def _extension(bind: sa.Connection, name: str) -> bool:
    """Create the extension if this role may (pg_trgm and btree_gin are trusted since PostgreSQL 13)."""
    if bind.scalar(sa.text("SELECT count(*) FROM pg_available_extensions WHERE name = :n"), {"n": name}) == 0:
        return False
    savepoint = bind.begin_nested()
    try:
        bind.execute(sa.text(f"CREATE EXTENSION IF NOT EXISTS {name}"))
    except sa.exc.DBAPIError:
        savepoint.rollback()
        return False
    savepoint.commit()
    return True
