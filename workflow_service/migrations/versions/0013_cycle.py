"""the annual cycle: ideas and business plans as numbered process instances, producers' periodic reports

`dossiers.series` says which numbering a row belongs to ("product", "idea", "business_plan"); ideas and
plans keep their reg_seq above an offset per series so the existing (commune, year, seq) key stays unique
without rebuilding `dossiers` (a SQLite rebuild would drop a table others reference). `idea_id` and
`business_plan_id` link a plan to its idea and an evaluation dossier to both.

Revision ID: 0013_cycle
Revises: 0010_ops
"""
import sqlalchemy as sa
from alembic import op

revision = '0013_cycle'
down_revision = '0012_certificates'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('dossiers', sa.Column('series', sa.String(length=16), nullable=False, server_default='product'))
    # Plain ADD COLUMN … REFERENCES works on SQLite and PostgreSQL alike (no table rebuild).
    op.execute("ALTER TABLE dossiers ADD COLUMN idea_id INTEGER REFERENCES dossiers (id)")
    op.execute("ALTER TABLE dossiers ADD COLUMN business_plan_id INTEGER REFERENCES dossiers (id)")
    op.create_index('ix_dossiers_idea_id', 'dossiers', ['idea_id'], unique=False)
    op.create_index('ix_dossiers_business_plan_id', 'dossiers', ['business_plan_id'], unique=False)
    op.create_table(
        'producer_reports',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('plan_id', sa.Integer(), nullable=False),
        sa.Column('producer', sa.String(length=80), nullable=False),
        sa.Column('commune_code', sa.String(length=32), nullable=False),
        sa.Column('step_key', sa.String(length=120), nullable=False),
        sa.Column('title', sa.String(length=300), nullable=False),
        sa.Column('period', sa.String(length=20), nullable=False),
        sa.Column('due_at', sa.DateTime(), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('content', sa.JSON(), nullable=True),
        sa.Column('submitted_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['plan_id'], ['yearly_plans.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('producer', 'step_key', 'period'),
    )
    op.create_index('ix_producer_reports_producer', 'producer_reports', ['producer'], unique=False)
    op.create_index('ix_producer_reports_open', 'producer_reports', ['status', 'commune_code', 'due_at'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_producer_reports_open', table_name='producer_reports')
    op.drop_index('ix_producer_reports_producer', table_name='producer_reports')
    op.drop_table('producer_reports')
    op.drop_index('ix_dossiers_business_plan_id', table_name='dossiers')
    op.drop_index('ix_dossiers_idea_id', table_name='dossiers')
    # Plain DROP COLUMN (SQLite >= 3.35, PostgreSQL), as in 0009.
    op.execute("ALTER TABLE dossiers DROP COLUMN business_plan_id")
    op.execute("ALTER TABLE dossiers DROP COLUMN idea_id")
    op.execute("ALTER TABLE dossiers DROP COLUMN series")
