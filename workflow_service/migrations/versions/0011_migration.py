"""migration runs: a run of a migration plan and one row per dossier it moves (with its snapshot)

Revision ID: 0011_migration
Revises: 0010_ops
"""
import sqlalchemy as sa
from alembic import op

revision = '0011_migration'
down_revision = '0010_ops'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('migration_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_name', sa.String(length=120), nullable=False),
    sa.Column('plan_text', sa.Text(), nullable=False),
    sa.Column('plan_hash', sa.String(length=64), nullable=False),
    sa.Column('target_definition_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('started_by', sa.String(length=80), nullable=False),
    sa.Column('acting_as', sa.String(length=120), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=False),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['target_definition_id'], ['process_definitions.id']),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('migration_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('registration_number', sa.String(length=80), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('error', sa.Text(), nullable=True),
    sa.Column('from_definition_id', sa.Integer(), nullable=True),
    sa.Column('from_elements', sa.JSON(), nullable=True),
    sa.Column('to_elements', sa.JSON(), nullable=True),
    sa.Column('snapshot', sa.JSON(), nullable=True),
    sa.Column('row_version_after', sa.Integer(), nullable=True),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.Column('reverted_at', sa.DateTime(), nullable=True),
    sa.Column('reverted_by', sa.String(length=80), nullable=True),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id']),
    sa.ForeignKeyConstraint(['run_id'], ['migration_runs.id']),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('run_id', 'dossier_id')
    )
    op.create_index('ix_migration_items_run', 'migration_items', ['run_id', 'status'])
    op.create_index(op.f('ix_migration_items_dossier_id'), 'migration_items', ['dossier_id'])


def downgrade() -> None:
    op.drop_index(op.f('ix_migration_items_dossier_id'), table_name='migration_items')
    op.drop_index('ix_migration_items_run', table_name='migration_items')
    op.drop_table('migration_items')
    op.drop_table('migration_runs')
