"""a deviation recorded by mistake can be voided (makulerad) and stops counting

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01

Deviations gain a status: registrerad (every existing row) or makulerad. A voided deviation stays stored, with
the reason in the change history, but no longer counts in overviews, sanction proposals, ratings or summaries.
"""

import sqlalchemy as sa
from alembic import op


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('deviations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('status', sa.String(length=20), server_default='registrerad', nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('deviations', schema=None) as batch_op:
        batch_op.drop_column('status')
