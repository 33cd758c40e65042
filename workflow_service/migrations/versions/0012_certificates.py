"""certificates: one row per issued OCOP certificate (state, register fields) and its history

Revision ID: 0012_certificates
Revises: 0010_ops
"""
import sqlalchemy as sa
from alembic import op

revision = '0012_certificates'
down_revision = '0011_migration'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('certificates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('number', sa.String(length=200), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=False),
    sa.Column('product_name', sa.String(length=300), nullable=False),
    sa.Column('product_folded', sa.String(length=300), nullable=False),
    sa.Column('producer_name', sa.String(length=300), nullable=False),
    sa.Column('producer_folded', sa.String(length=300), nullable=False),
    sa.Column('producer_user_id', sa.Integer(), nullable=True),
    sa.Column('stars', sa.Integer(), nullable=False),
    sa.Column('issuer_level', sa.String(length=16), nullable=False),
    sa.Column('issuer_unit_code', sa.String(length=32), nullable=False),
    sa.Column('issuer_unit_name', sa.String(length=200), nullable=False),
    sa.Column('province_code', sa.String(length=32), nullable=False),
    sa.Column('province_name', sa.String(length=200), nullable=False),
    sa.Column('province_folded', sa.String(length=200), nullable=False),
    sa.Column('commune_code', sa.String(length=32), nullable=False),
    sa.Column('regulation', sa.String(length=200), nullable=False),
    sa.Column('decision_number', sa.String(length=200), nullable=False),
    sa.Column('issue_date', sa.Date(), nullable=False),
    sa.Column('expiry_date', sa.Date(), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('listed_until', sa.Date(), nullable=True),
    sa.Column('notice', sa.String(length=16), nullable=False),
    sa.Column('reevaluation_dossier_id', sa.Integer(), nullable=True),
    sa.Column('replaced_by', sa.String(length=200), nullable=True),
    sa.Column('revoked_on', sa.Date(), nullable=True),
    sa.Column('revocation_ground', sa.String(length=40), nullable=True),
    sa.Column('revocation_decision', sa.String(length=200), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('changed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], ),
    sa.ForeignKeyConstraint(['producer_user_id'], ['users.id'], ),
    sa.ForeignKeyConstraint(['reevaluation_dossier_id'], ['dossiers.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('number'),
    sa.UniqueConstraint('dossier_id')
    )
    op.create_index('ix_certificates_register', 'certificates',
                    ['state', 'listed_until', 'province_code', 'stars'], unique=False)
    op.create_index('ix_certificates_expiry', 'certificates', ['province_code', 'expiry_date'], unique=False)
    op.create_index(op.f('ix_certificates_producer_user_id'), 'certificates', ['producer_user_id'], unique=False)
    op.create_table('certificate_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('certificate_id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('state_from', sa.String(length=16), nullable=True),
    sa.Column('state_to', sa.String(length=16), nullable=False),
    sa.Column('actor', sa.String(length=120), nullable=False),
    sa.Column('dossier_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['certificate_id'], ['certificates.id'], ),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossiers.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_certificate_events_cert', 'certificate_events', ['certificate_id', 'id'], unique=False)
    op.create_index(op.f('ix_certificate_events_dossier_id'), 'certificate_events', ['dossier_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_certificate_events_dossier_id'), table_name='certificate_events')
    op.drop_index('ix_certificate_events_cert', table_name='certificate_events')
    op.drop_table('certificate_events')
    op.drop_index(op.f('ix_certificates_producer_user_id'), table_name='certificates')
    op.drop_index('ix_certificates_expiry', table_name='certificates')
    op.drop_index('ix_certificates_register', table_name='certificates')
    op.drop_table('certificates')
