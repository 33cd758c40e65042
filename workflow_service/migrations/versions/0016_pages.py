"""pages: dossiers.search_text (registration number, producer and product without diacritics or case, so
"mat ong" finds "Mật ong") filled for the dossiers already filed; attachments.kind (Mẫu 02, the product's
papers) for the files attached when filing

Revision ID: 0016_pages
Revises: 0010_ops
"""
import sqlalchemy as sa
from alembic import op

from workflow_service.domain.search import dossier_search_text

revision = '0016_pages'
down_revision = '0014_documents'
branch_labels = None
depends_on = None

BATCH = 1000


def upgrade() -> None:
    op.add_column('dossiers', sa.Column('search_text', sa.String(length=800), server_default='', nullable=False))
    op.add_column('attachments', sa.Column('kind', sa.String(length=32), nullable=True))
    dossiers = sa.table('dossiers', sa.column('id', sa.Integer), sa.column('registration_number', sa.String),
                        sa.column('producer_name', sa.String), sa.column('product_name', sa.String),
                        sa.column('search_text', sa.String))
    bind = op.get_bind()
    last = 0
    while True:  # in batches by id: a province's dossiers never sit in memory at once
        rows = bind.execute(sa.select(dossiers.c.id, dossiers.c.registration_number, dossiers.c.producer_name,
                                      dossiers.c.product_name).where(dossiers.c.id > last)
                            .order_by(dossiers.c.id).limit(BATCH)).all()
        if not rows:
            break
        bind.execute(dossiers.update().where(dossiers.c.id == sa.bindparam('row_id'))
                     .values(search_text=sa.bindparam('text')),
                     [{'row_id': r.id, 'text': dossier_search_text(r.registration_number, r.producer_name,
                                                                   r.product_name)} for r in rows])
        last = rows[-1].id


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite >= 3.35, PostgreSQL): a batch rebuild of `dossiers` on SQLite would drop
    # a table the tasks, attachments and incidents still reference.
    op.execute("ALTER TABLE attachments DROP COLUMN kind")
    op.execute("ALTER TABLE dossiers DROP COLUMN search_text")
