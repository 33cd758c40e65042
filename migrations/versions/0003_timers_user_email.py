"""users.email for deadline e-mails

Revision ID: 0003_timers
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa


revision = '0003_timers'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=254), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('email')
