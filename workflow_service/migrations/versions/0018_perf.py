"""task_counts and task_count_deltas: the supervisors' summary reads counts kept in step by triggers on tasks;
dossiers.filed_by indexed (the dossier list's visibility OR can use two indexes instead of a scan)

Revision ID: 0018_perf
Revises: 0016_pages
"""
import sqlalchemy as sa
from alembic import op

from workflow_service.persistence.task_count_sql import create_triggers, drop_triggers, fill_counts

revision = '0018_perf'
down_revision = '0016_pages'
branch_labels = None
depends_on = None


def _bucket_columns() -> list[sa.Column]:  # type: ignore[type-arg]
    return [sa.Column('kind', sa.String(length=8), nullable=False),
            sa.Column('unit_code', sa.String(length=32), nullable=False),
            sa.Column('element_id', sa.String(length=120), nullable=False),
            sa.Column('name', sa.String(length=300), nullable=False),
            sa.Column('day', sa.Date(), nullable=False),
            sa.Column('on_time', sa.Boolean(), nullable=False)]


def upgrade() -> None:
    op.create_table('task_counts',
    sa.Column('id', sa.Integer(), nullable=False),
    *_bucket_columns(),
    sa.Column('n', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('kind', 'unit_code', 'element_id', 'name', 'day', 'on_time', name='uq_task_counts_bucket')
    )
    op.create_table('task_count_deltas',
    sa.Column('id', sa.Integer(), nullable=False),
    *_bucket_columns(),
    sa.Column('delta', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('task_count_deltas', schema=None) as batch_op:
        batch_op.create_index('ix_task_count_deltas_unit', ['kind', 'unit_code'], unique=False)
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.create_index('ix_dossiers_filed_by', ['filed_by'], unique=False)
    dialect = op.get_bind().dialect.name
    op.execute(fill_counts(dialect))
    for statement in create_triggers(dialect):
        op.execute(statement)


def downgrade() -> None:
    for statement in drop_triggers(op.get_bind().dialect.name):
        op.execute(statement)
    op.drop_table('task_count_deltas')
    op.drop_table('task_counts')
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.drop_index('ix_dossiers_filed_by')
