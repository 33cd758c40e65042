"""inbox: ix_tasks_inbox carries the whole inbox order (due_at, created_at, id)

With it each branch of the inbox (one per role grant) reads its first page straight from the index;
without it a province office with ~19k open tasks sorted them all per page (100 ms → 0.2 ms on SQLite).

Revision ID: 0004_web_inbox_order
Revises: 0003_web_monitoring
Create Date: 2026-11-23 17:58:00
"""
from alembic import op

revision = '0004_web_inbox_order'
down_revision = '0003_web_monitoring'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index('ix_tasks_inbox')
        batch_op.create_index('ix_tasks_inbox', ['status', 'role', 'unit_code', 'due_at', 'created_at', 'id'],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index('ix_tasks_inbox')
        batch_op.create_index('ix_tasks_inbox', ['status', 'role', 'unit_code', 'due_at'], unique=False)
