"""district rounds: evaluation_rounds names the unit holding the round (a district, or a province for all
its districts) and an optional name; the unique key moves from the province to that unit

Revision ID: 0017_gaps
Revises: 0010_ops
"""
import sqlalchemy as sa
from alembic import op

revision = '0017_gaps'
down_revision = '0013_cycle'
branch_labels = None
depends_on = None

NEW_UNIQUE = 'uq_evaluation_rounds_unit_level_proposals_by'
# 0002 left the old key unnamed: PostgreSQL named it itself; on SQLite the batch copy names it by convention.
NAMING = {'uq': 'uq_%(table_name)s_%(column_0_name)s'}
OLD_UNIQUE = {'postgresql': 'evaluation_rounds_province_code_level_proposals_by_key'}


def upgrade() -> None:
    op.add_column('evaluation_rounds', sa.Column('unit_code', sa.String(length=32), nullable=True))
    op.add_column('evaluation_rounds', sa.Column('name', sa.String(length=200), nullable=True))
    op.execute('UPDATE evaluation_rounds SET unit_code = province_code')
    old = OLD_UNIQUE.get(op.get_bind().dialect.name, 'uq_evaluation_rounds_province_code')
    with op.batch_alter_table('evaluation_rounds', naming_convention=NAMING) as batch_op:
        batch_op.alter_column('unit_code', existing_type=sa.String(length=32), nullable=False)
        batch_op.drop_constraint(old, type_='unique')
        batch_op.create_unique_constraint(NEW_UNIQUE, ['unit_code', 'level', 'proposals_by'])


def downgrade() -> None:
    op.execute("DELETE FROM evaluation_rounds WHERE level = 'district'")
    with op.batch_alter_table('evaluation_rounds', naming_convention=NAMING) as batch_op:
        batch_op.drop_constraint(NEW_UNIQUE, type_='unique')
        batch_op.create_unique_constraint(OLD_UNIQUE.get(op.get_bind().dialect.name,
                                                         'uq_evaluation_rounds_province_code'),
                                          ['province_code', 'level', 'proposals_by'])
        batch_op.drop_column('name')
        batch_op.drop_column('unit_code')
