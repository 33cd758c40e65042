"""monitoring: ix_tasks_unit_due also holds the task id (page order due_at, id read from the index alone)

Revision ID: 0003_web_monitoring
Revises: 0002
Create Date: 2026-11-23 17:40:00
"""
from alembic import op

revision = '0003_web_monitoring'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index('ix_tasks_unit_due')
        batch_op.create_index('ix_tasks_unit_due', ['status', 'unit_code', 'due_at', 'id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_index('ix_tasks_unit_due')
        batch_op.create_index('ix_tasks_unit_due', ['status', 'unit_code', 'due_at'], unique=False)
