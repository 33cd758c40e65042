"""scheduler heartbeats: each scheduler process stamps its last timer sweep; readiness reads the newest

Revision ID: 0010_ops
Revises: 0009_regulations
"""
import sqlalchemy as sa
from alembic import op

revision = '0010_ops'
down_revision = '0009_regulations'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('scheduler_heartbeats',
    sa.Column('worker', sa.String(length=120), nullable=False),
    sa.Column('beat_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('worker')
    )


def downgrade() -> None:
    op.drop_table('scheduler_heartbeats')
