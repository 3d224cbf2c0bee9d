"""reminders that are claimed, paused and escalated; plan settings for repeats and notice dates

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30

Reminders learn their contract, their rung on the escalation ladder, what the message needs (payload) and when
they were answered. Pauses per contract or supplier, and the live scheduler instances that share the send rate.
The follow-up plan gains the days between repeated reminders and the months before notice and end dates.
"""

import sqlalchemy as sa
from alembic import op

import storage.types


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

_LADDER = ["processägare", "processkoordinator"]
_NOTICE_MONTHS = [9, 6, 3]


def upgrade() -> None:
    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('contract_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('step', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('payload', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('answered_at', storage.types.UtcDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('created_at', storage.types.UtcDateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_reminders_contract_id_contracts'), 'contracts',
                                    ['contract_id'], ['id'], ondelete='CASCADE')
        batch_op.create_index(batch_op.f('ix_reminders_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index('ix_reminders_status_due_at', ['status', 'due_at'], unique=False)
    op.execute("UPDATE reminders SET created_at = due_at WHERE created_at IS NULL")
    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.alter_column('created_at', existing_type=storage.types.UtcDateTime(timezone=True), nullable=False)

    for table in ('follow_up_plan_defaults', 'follow_up_plans'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('reminder_interval_days', sa.Integer(), server_default='3',
                                          nullable=False))
            batch_op.add_column(sa.Column('notice_lead_months', sa.JSON(), nullable=True))
    with op.batch_alter_table('follow_up_plan_defaults', schema=None) as batch_op:
        batch_op.add_column(sa.Column('escalation', sa.JSON(), nullable=True))
    defaults = sa.table('follow_up_plan_defaults', sa.column('escalation', sa.JSON()),
                        sa.column('notice_lead_months', sa.JSON()))
    op.execute(defaults.update().values(escalation=_LADDER, notice_lead_months=_NOTICE_MONTHS))

    op.create_table('reminder_pauses',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=True),
    sa.Column('supplier_id', sa.Integer(), nullable=True),
    sa.Column('paused_until', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', storage.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_reminder_pauses_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['contacts.id'], name=op.f('fk_reminder_pauses_created_by_id_contacts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['supplier_id'], ['suppliers.id'], name=op.f('fk_reminder_pauses_supplier_id_suppliers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_pauses'))
    )
    with op.batch_alter_table('reminder_pauses', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminder_pauses_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reminder_pauses_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_reminder_pauses_supplier_id'), ['supplier_id'], unique=False)

    op.create_table('scheduler_instances',
    sa.Column('instance_id', sa.String(length=100), nullable=False),
    sa.Column('started_at', storage.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('heartbeat_at', storage.types.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('instance_id', name=op.f('pk_scheduler_instances'))
    )


def downgrade() -> None:
    op.drop_table('scheduler_instances')
    op.drop_table('reminder_pauses')
    with op.batch_alter_table('follow_up_plan_defaults', schema=None) as batch_op:
        batch_op.drop_column('escalation')
    for table in ('follow_up_plan_defaults', 'follow_up_plans'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('notice_lead_months')
            batch_op.drop_column('reminder_interval_days')
    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.drop_index('ix_reminders_status_due_at')
        batch_op.drop_index(batch_op.f('ix_reminders_contract_id'))
        batch_op.drop_constraint(batch_op.f('fk_reminders_contract_id_contracts'), type_='foreignkey')
        batch_op.drop_column('created_at')
        batch_op.drop_column('answered_at')
        batch_op.drop_column('payload')
        batch_op.drop_column('step')
        batch_op.drop_column('contract_id')
