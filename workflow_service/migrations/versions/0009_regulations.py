"""units through time (unit_periods); a dossier's regulation and receipt day

`unit_periods` holds a unit's name and parent per period (a commune under its district until
30/6/2025, under the province from 1/7/2025). `dossiers.regulation` names the registry entry the
dossier was filed under (bpmn/regulations.yaml); `dossiers.filed_on` the day the commune received a
paper dossier registered later.

Revision ID: 0009_regulations
Revises: 0008_incidents
"""
import sqlalchemy as sa
from alembic import op

revision = '0009_regulations'
down_revision = '0008_incidents'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'unit_periods',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('unit_code', sa.String(length=32), nullable=False),
        sa.Column('name', sa.String(length=200), nullable=False),
        sa.Column('parent_code', sa.String(length=32), nullable=True),
        sa.Column('valid_from', sa.Date(), nullable=True),
        sa.Column('valid_to', sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(['unit_code'], ['units.code'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('unit_periods', schema=None) as batch_op:
        batch_op.create_index('ix_unit_periods_unit_code', ['unit_code'], unique=False)
        batch_op.create_index('ix_unit_periods_parent_code', ['parent_code'], unique=False)
    with op.batch_alter_table('dossiers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('filed_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('regulation', sa.String(length=40), nullable=True))


def downgrade() -> None:
    # Plain DROP COLUMN (SQLite >= 3.35, PostgreSQL): a batch rebuild of `dossiers` on SQLite would drop
    # a table the tasks, attachments and incidents still reference.
    op.execute("ALTER TABLE dossiers DROP COLUMN regulation")
    op.execute("ALTER TABLE dossiers DROP COLUMN filed_on")
    with op.batch_alter_table('unit_periods', schema=None) as batch_op:
        batch_op.drop_index('ix_unit_periods_parent_code')
        batch_op.drop_index('ix_unit_periods_unit_code')
    op.drop_table('unit_periods')
