"""users.email for deadline e-mails

Revision ID: 0005_timers
Revises: 0004_web_inbox_order
"""
import sqlalchemy as sa
from alembic import op

revision = '0005_timers'
down_revision = '0004_web_inbox_order'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=254), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('email')
