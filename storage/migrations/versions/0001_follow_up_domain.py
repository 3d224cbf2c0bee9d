"""the whole follow-up domain

Revision ID: 0001
Revises: 
Create Date: 2026-11-23

Every table of PRODUCT.md, and the default follow-up plan per Kraljic segment.
"""

from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op

import storage.types


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('app_settings',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('updated_at', storage.types.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_app_settings'))
    )
    op.create_table('bot_state',
    sa.Column('key', sa.Text(), nullable=False),
    sa.Column('data', sa.Text(), nullable=False),
    sa.Column('e_tag', sa.String(length=40), nullable=False),
    sa.Column('updated_at', storage.types.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_bot_state'))
    )
    op.create_table('follow_up_plan_defaults',
    sa.Column('segment', sa.String(length=20), nullable=False),
    sa.Column('kpi_frequency', sa.String(length=10), nullable=False),
    sa.Column('meeting_interval_months', sa.Integer(), nullable=False),
    sa.Column('meeting_form', sa.String(length=60), nullable=False),
    sa.Column('extra_meetings', sa.Text(), nullable=True),
    sa.Column('grace_days', sa.Integer(), nullable=False),
    sa.Column('reminder_lead_days', sa.Integer(), nullable=False),
    sa.Column('max_reminders', sa.Integer(), nullable=False),
    sa.Column('updated_at', storage.types.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('segment', name=op.f('pk_follow_up_plan_defaults'))
    )
    op.create_table('suppliers',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('org_number', sa.String(length=11), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_folded', sa.String(length=200), nullable=False),
    sa.Column('created_at', storage.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', storage.types.UtcDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suppliers')),
    sa.UniqueConstraint('org_number', name=op.f('uq_suppliers_org_number'))
    )
    with op.batch_alter_table('suppliers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_suppliers_name_folded'), ['name_folded'], unique=False)

    op.create_table('contacts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('name_folded', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=True),
    sa.Column('phone', sa.String(length=50), nullable=True),
    sa.Column('party', sa.String(length=20), nullable=False),
    sa.Column('organisation', sa.String(length=200), nullable=True),
    sa.Column('supplier_id', sa.Integer(), nullable=True),
    sa.Column('global_role', sa.String(length=30), nullable=False),
    sa.Column('aad_object_id', sa.String(length=64), nullable=True),
    sa.Column('teams_unreachable_since', storage.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('erased_at', storage.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('created_at', storage.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', storage.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['supplier_id'], ['suppliers.id'], name=op.f('fk_contacts_supplier_id_suppliers'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contacts')),
    sa.UniqueConstraint('aad_object_id', name=op.f('uq_contacts_aad_object_id')),
    sa.UniqueConstraint('email', name=op.f('uq_contacts_email'))
    )
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contacts_name_folded'), ['name_folded'], unique=False)
        batch_op.create_index(batch_op.f('ix_contacts_supplier_id'), ['supplier_id'], unique=False)

    op.create_table('contracts',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('reference', sa.String(length=60), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('title_folded', sa.String(length=300), nullable=False),
    sa.Column('category', sa.String(length=200), nullable=True),
    sa.Column('supplier_id', sa.Integer(), nullable=False),
    sa.Column('owning_unit', sa.String(length=200), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('end_date', sa.Date(), nullable=True),
    sa.Column('notice_period_months', sa.Integer(), nullable=True),
    sa.Column('extension_options', sa.Text(), nullable=True),
    sa.Column('estimated_yearly_value_sek', sa.Numeric(precision=16, scale=2), nullable=True),
    sa.Column('payment_terms', sa.String(length=200), nullable=True),
    sa.Column('price_adjustment_clause', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=30), nullable=False),
    sa.Column('created_at', storage.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', storage.types.UtcDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('end_date IS NULL OR start_date IS NULL OR end_date >= start_date', name=op.f('ck_contracts_period')),
    sa.ForeignKeyConstraint(['supplier_id'], ['suppliers.id'], name=op.f('fk_contracts_supplier_id_suppliers'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contracts')),
    sa.UniqueConstraint('reference', name=op.f('uq_contracts_reference'))
    )
    with op.batch_alter_table('contracts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contracts_supplier_id'), ['supplier_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contracts_title_folded'), ['title_folded'], unique=False)

    op.create_table('amendments',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('created_at', storage.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_amendments_contract_id_contracts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_amendments'))
    )
    with op.batch_alter_table('amendments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_amendments_contract_id'), ['contract_id'], unique=False)

    op.create_table('change_history',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('at', storage.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_label', sa.String(length=320), nullable=True),
    sa.Column('entity', sa.String(length=60), nullable=False),
    sa.Column('entity_id', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=20), nullable=False),
    sa.Column('before', sa.JSON(), nullable=True),
    sa.Column('after', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['contacts.id'], name=op.f('fk_change_history_actor_id_contacts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_change_history'))
    )
    with op.batch_alter_table('change_history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_change_history_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index('ix_change_history_entity', ['entity', 'entity_id'], unique=False)

    op.create_table('checklist_answers',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('part', sa.String(length=40), nullable=False),
    sa.Column('item_key', sa.String(length=80), nullable=False),
    sa.Column('answer', sa.String(length=20), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('answered_by_id', sa.Integer(), nullable=True),
    sa.Column('answered_at', storage.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['answered_by_id'], ['contacts.id'], name=op.f('fk_checklist_answers_answered_by_id_contacts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_checklist_answers_contract_id_contracts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checklist_answers')),
    sa.UniqueConstraint('contract_id', 'part', 'item_key', name='uq_checklist_answers_item')
    )
    with op.batch_alter_table('checklist_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_checklist_answers_answered_by_id'), ['answered_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_checklist_answers_contract_id'), ['contract_id'], unique=False)

    op.create_table('contract_roles',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=40), nullable=False),
    sa.Column('is_key_contact', sa.Boolean(), nullable=False),
    sa.Column('created_at', storage.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_contract_roles_contact_id_contacts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_contract_roles_contract_id_contracts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contract_roles')),
    sa.UniqueConstraint('contract_id', 'contact_id', 'role', name='uq_contract_roles_member')
    )
    with op.batch_alter_table('contract_roles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contract_roles_contact_id'), ['contact_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_contract_roles_contract_id'), ['contract_id'], unique=False)

    op.create_table('conversation_references',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('channel_id', sa.String(length=40), nullable=False),
    sa.Column('conversation_id', sa.String(length=500), nullable=False),
    sa.Column('user_id', sa.String(length=300), nullable=False),
    sa.Column('user_aad_object_id', sa.String(length=64), nullable=True),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('conversation_type', sa.String(length=20), nullable=True),
    sa.Column('tenant_id', sa.String(length=64), nullable=True),
    sa.Column('service_url', sa.String(length=500), nullable=False),
    sa.Column('reference', sa.JSON(), nullable=False),
    sa.Column('updated_at', storage.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_conversation_references_contact_id_contacts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_conversation_references')),
    sa.UniqueConstraint('channel_id', 'conversation_id', 'user_id', name='uq_conversation_references_key')
    )
    with op.batch_alter_table('conversation_references', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_conversation_references_contact_id'), ['contact_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_conversation_references_user_aad_object_id'), ['user_aad_object_id'], unique=False)

    op.create_table('deviations',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('type', sa.String(length=30), nullable=False),
    sa.Column('severity', sa.String(length=20), nullable=False),
    sa.Column('is_complaint', sa.Boolean(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('reported_by_id', sa.Integer(), nullable=True),
    sa.Column('source_message_id', sa.String(length=300), nullable=True),
    sa.Column('created_at', storage.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_deviations_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reported_by_id'], ['contacts.id'], name=op.f('fk_deviations_reported_by_id_contacts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deviations'))
    )
    with op.batch_alter_table('deviations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deviations_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deviations_reported_by_id'), ['reported_by_id'], unique=False)

    op.create_table('follow_up_plans',
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('kpi_frequency', sa.String(length=10), nullable=False),
    sa.Column('meeting_interval_months', sa.Integer(), nullable=False),
    sa.Column('meeting_form', sa.String(length=60), nullable=False),
    sa.Column('grace_days', sa.Integer(), nullable=False),
    sa.Column('reminder_lead_days', sa.Integer(), nullable=False),
    sa.Column('max_reminders', sa.Integer(), nullable=False),
    sa.Column('escalation', sa.JSON(), nullable=True),
    sa.Column('communication_paths', sa.Text(), nullable=True),
    sa.Column('adjusted', sa.Boolean(), nullable=False),
    sa.Column('adjusted_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', storage.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['adjusted_by_id'], ['contacts.id'], name=op.f('fk_follow_up_plans_adjusted_by_id_contacts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_follow_up_plans_contract_id_contracts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('contract_id', name=op.f('pk_follow_up_plans'))
    )
    with op.batch_alter_table('follow_up_plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_follow_up_plans_adjusted_by_id'), ['adjusted_by_id'], unique=False)

    op.create_table('kpi_definitions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('unit', sa.String(length=40), nullable=True),
    sa.Column('target', sa.Numeric(precision=18, scale=4), nullable=True),
    sa.Column('direction', sa.String(length=10), nullable=False),
    sa.Column('yellow_threshold', sa.Numeric(precision=18, scale=4), nullable=True),
    sa.Column('red_threshold', sa.Numeric(precision=18, scale=4), nullable=True),
    sa.Column('min_value', sa.Numeric(precision=18, scale=4), nullable=True),
    sa.Column('max_value', sa.Numeric(precision=18, scale=4), nullable=True),
    sa.Column('frequency', sa.String(length=10), nullable=False),
    sa.Column('reporter_contact_id', sa.Integer(), nullable=True),
    sa.Column('reporter_party', sa.String(length=20), nullable=True),
    sa.Column('source', sa.Text(), nullable=True),
    sa.Column('active_from', sa.Date(), nullable=True),
    sa.Column('active_to', sa.Date(), nullable=True),
    sa.Column('created_at', storage.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_kpi_definitions_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reporter_contact_id'], ['contacts.id'], name=op.f('fk_kpi_definitions_reporter_contact_id_contacts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kpi_definitions')),
    sa.UniqueConstraint('contract_id', 'name', name='uq_kpi_definitions_name')
    )
    with op.batch_alter_table('kpi_definitions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kpi_definitions_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_kpi_definitions_reporter_contact_id'), ['reporter_contact_id'], unique=False)

    op.create_table('lessons',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', storage.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_lessons_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['contacts.id'], name=op.f('fk_lessons_recorded_by_id_contacts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lessons'))
    )
    with op.batch_alter_table('lessons', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lessons_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lessons_recorded_by_id'), ['recorded_by_id'], unique=False)

    op.create_table('meetings',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('form', sa.String(length=40), nullable=False),
    sa.Column('starts_at', storage.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('duration_minutes', sa.Integer(), nullable=False),
    sa.Column('location', sa.String(length=300), nullable=True),
    sa.Column('join_url', sa.Text(), nullable=True),
    sa.Column('calendar_event_id', sa.String(length=300), nullable=True),
    sa.Column('agenda', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('organiser_id', sa.Integer(), nullable=True),
    sa.Column('created_at', storage.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_meetings_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organiser_id'], ['contacts.id'], name=op.f('fk_meetings_organiser_id_contacts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meetings_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meetings_organiser_id'), ['organiser_id'], unique=False)

    op.create_table('raci_assignments',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('activity', sa.String(length=60), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('responsibility', sa.String(length=1), nullable=False),
    sa.CheckConstraint("responsibility IN ('R', 'A', 'C', 'I')", name=op.f('ck_raci_assignments_letter')),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_raci_assignments_contact_id_contacts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_raci_assignments_contract_id_contracts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_raci_assignments')),
    sa.UniqueConstraint('contract_id', 'activity', 'contact_id', 'responsibility', name='uq_raci_cell')
    )
    with op.batch_alter_table('raci_assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_raci_assignments_contact_id'), ['contact_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_raci_assignments_contract_id'), ['contract_id'], unique=False)

    op.create_table('reminders',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('subject_key', sa.String(length=200), nullable=False),
    sa.Column('recipient_id', sa.Integer(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('due_at', storage.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('claimed_by', sa.String(length=100), nullable=True),
    sa.Column('claimed_until', storage.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('sent_at', storage.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('snoozed_until', storage.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['recipient_id'], ['contacts.id'], name=op.f('fk_reminders_recipient_id_contacts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reminders')),
    sa.UniqueConstraint('kind', 'subject_key', 'recipient_id', 'sequence', name='uq_reminders_item')
    )
    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reminders_due_at'), ['due_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_reminders_recipient_id'), ['recipient_id'], unique=False)

    op.create_table('sanctions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=30), nullable=False),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('basis', sa.Text(), nullable=True),
    sa.Column('decided_by', sa.String(length=300), nullable=True),
    sa.Column('amount_sek', sa.Numeric(precision=16, scale=2), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', storage.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_sanctions_contract_id_contracts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sanctions'))
    )
    with op.batch_alter_table('sanctions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sanctions_contract_id'), ['contract_id'], unique=False)

    op.create_table('segmentations',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=False),
    sa.Column('segment', sa.String(length=20), nullable=False),
    sa.Column('financial_risk', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('supply_risk', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('answers', sa.JSON(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('overridden', sa.Boolean(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', storage.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['decided_by_id'], ['contacts.id'], name=op.f('fk_segmentations_decided_by_id_contacts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['supplier_id'], ['suppliers.id'], name=op.f('fk_segmentations_supplier_id_suppliers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_segmentations'))
    )
    with op.batch_alter_table('segmentations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_segmentations_decided_by_id'), ['decided_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_segmentations_supplier_id'), ['supplier_id'], unique=False)

    op.create_table('spend',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('area', sa.String(length=200), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('amount_sek', sa.Numeric(precision=16, scale=2), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_spend_contract_id_contracts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_spend')),
    sa.UniqueConstraint('contract_id', 'area', 'period', name='uq_spend_cell')
    )
    with op.batch_alter_table('spend', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_spend_contract_id'), ['contract_id'], unique=False)

    op.create_table('supplier_ratings',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('rated_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', storage.types.UtcDateTime(timezone=True), nullable=False),
    sa.CheckConstraint('score BETWEEN 1 AND 5', name=op.f('ck_supplier_ratings_score')),
    sa.ForeignKeyConstraint(['rated_by_id'], ['contacts.id'], name=op.f('fk_supplier_ratings_rated_by_id_contacts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['supplier_id'], ['suppliers.id'], name=op.f('fk_supplier_ratings_supplier_id_suppliers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supplier_ratings'))
    )
    with op.batch_alter_table('supplier_ratings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_supplier_ratings_rated_by_id'), ['rated_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_supplier_ratings_supplier_id'), ['supplier_id'], unique=False)

    op.create_table('swot_items',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('supplier_id', sa.Integer(), nullable=False),
    sa.Column('quadrant', sa.String(length=12), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', storage.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['contacts.id'], name=op.f('fk_swot_items_created_by_id_contacts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['supplier_id'], ['suppliers.id'], name=op.f('fk_swot_items_supplier_id_suppliers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_swot_items'))
    )
    with op.batch_alter_table('swot_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_swot_items_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_swot_items_supplier_id'), ['supplier_id'], unique=False)

    op.create_table('actions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('party', sa.String(length=20), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('closed_at', storage.types.UtcDateTime(timezone=True), nullable=True),
    sa.Column('created_at', storage.types.UtcDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', storage.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_actions_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_actions_meeting_id_meetings'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['contacts.id'], name=op.f('fk_actions_owner_id_contacts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_actions'))
    )
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_actions_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_actions_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_actions_owner_id'), ['owner_id'], unique=False)

    op.create_table('decisions',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('contract_id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=True),
    sa.Column('decided_on', sa.Date(), nullable=False),
    sa.Column('what', sa.Text(), nullable=False),
    sa.Column('decided_by', sa.String(length=300), nullable=True),
    sa.Column('basis', sa.Text(), nullable=True),
    sa.Column('corrects_id', sa.Integer(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', storage.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['contract_id'], ['contracts.id'], name=op.f('fk_decisions_contract_id_contracts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['corrects_id'], ['decisions.id'], name=op.f('fk_decisions_corrects_id_decisions'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_decisions_meeting_id_meetings'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['contacts.id'], name=op.f('fk_decisions_recorded_by_id_contacts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decisions'))
    )
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decisions_contract_id'), ['contract_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_decisions_corrects_id'), ['corrects_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_decisions_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_decisions_recorded_by_id'), ['recorded_by_id'], unique=False)

    op.create_table('kpi_values',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('kpi_id', sa.Integer(), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('value', sa.Numeric(precision=18, scale=4), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('reported_by_id', sa.Integer(), nullable=True),
    sa.Column('reported_at', storage.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['kpi_id'], ['kpi_definitions.id'], name=op.f('fk_kpi_values_kpi_id_kpi_definitions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reported_by_id'], ['contacts.id'], name=op.f('fk_kpi_values_reported_by_id_contacts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_kpi_values')),
    sa.UniqueConstraint('kpi_id', 'period', name='uq_kpi_values_period')
    )
    with op.batch_alter_table('kpi_values', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_kpi_values_kpi_id'), ['kpi_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_kpi_values_reported_by_id'), ['reported_by_id'], unique=False)

    op.create_table('meeting_attendees',
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_meeting_attendees_contact_id_contacts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_attendees_meeting_id_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('meeting_id', 'contact_id', name=op.f('pk_meeting_attendees'))
    )
    op.create_table('meeting_notes',
    sa.Column('id', sa.Integer(), autoincrement=True, nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('submitted_by_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', storage.types.UtcDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_meeting_notes_meeting_id_meetings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['submitted_by_id'], ['contacts.id'], name=op.f('fk_meeting_notes_submitted_by_id_contacts'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_notes'))
    )
    with op.batch_alter_table('meeting_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_meeting_notes_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_meeting_notes_submitted_by_id'), ['submitted_by_id'], unique=False)

    op.create_table('sanction_deviations',
    sa.Column('sanction_id', sa.Integer(), nullable=False),
    sa.Column('deviation_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['deviation_id'], ['deviations.id'], name=op.f('fk_sanction_deviations_deviation_id_deviations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sanction_id'], ['sanctions.id'], name=op.f('fk_sanction_deviations_sanction_id_sanctions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('sanction_id', 'deviation_id', name=op.f('pk_sanction_deviations'))
    )
    _insert_plan_defaults()


def _insert_plan_defaults() -> None:
    # PRODUCT.md: only the non-critical row is stated in the process deck; the rest are our defaults.
    table = sa.table(
        "follow_up_plan_defaults",
        *(sa.column(name) for name in ("segment", "kpi_frequency", "meeting_interval_months", "meeting_form",
                                      "extra_meetings", "grace_days", "reminder_lead_days", "max_reminders")),
        sa.column("updated_at", storage.types.UtcDateTime()),
    )
    now = datetime(2026, 11, 23, tzinfo=timezone.utc)
    rows = [
        ("strategisk", "månad", 2, "uppföljningsmöte", "utvecklingsmöte en gång per år"),
        ("hävstång", "månad", 3, "uppföljningsmöte", None),
        ("flaskhals", "kvartal", 3, "uppföljningsmöte", None),
        ("icke-kritisk", "halvår", 12, "kort årligt möte", None),
    ]
    op.bulk_insert(table, [
        {"segment": s, "kpi_frequency": f, "meeting_interval_months": m, "meeting_form": form,
         "extra_meetings": extra, "grace_days": 10, "reminder_lead_days": 5, "max_reminders": 3,
         "updated_at": now}
        for s, f, m, form, extra in rows
    ])


def downgrade() -> None:
    op.drop_table('sanction_deviations')
    with op.batch_alter_table('meeting_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meeting_notes_submitted_by_id'))
        batch_op.drop_index(batch_op.f('ix_meeting_notes_meeting_id'))

    op.drop_table('meeting_notes')
    op.drop_table('meeting_attendees')
    with op.batch_alter_table('kpi_values', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kpi_values_reported_by_id'))
        batch_op.drop_index(batch_op.f('ix_kpi_values_kpi_id'))

    op.drop_table('kpi_values')
    with op.batch_alter_table('decisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decisions_recorded_by_id'))
        batch_op.drop_index(batch_op.f('ix_decisions_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_decisions_corrects_id'))
        batch_op.drop_index(batch_op.f('ix_decisions_contract_id'))

    op.drop_table('decisions')
    with op.batch_alter_table('actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_actions_owner_id'))
        batch_op.drop_index(batch_op.f('ix_actions_meeting_id'))
        batch_op.drop_index(batch_op.f('ix_actions_contract_id'))

    op.drop_table('actions')
    with op.batch_alter_table('swot_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_swot_items_supplier_id'))
        batch_op.drop_index(batch_op.f('ix_swot_items_created_by_id'))

    op.drop_table('swot_items')
    with op.batch_alter_table('supplier_ratings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_supplier_ratings_supplier_id'))
        batch_op.drop_index(batch_op.f('ix_supplier_ratings_rated_by_id'))

    op.drop_table('supplier_ratings')
    with op.batch_alter_table('spend', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_spend_contract_id'))

    op.drop_table('spend')
    with op.batch_alter_table('segmentations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_segmentations_supplier_id'))
        batch_op.drop_index(batch_op.f('ix_segmentations_decided_by_id'))

    op.drop_table('segmentations')
    with op.batch_alter_table('sanctions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sanctions_contract_id'))

    op.drop_table('sanctions')
    with op.batch_alter_table('reminders', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reminders_recipient_id'))
        batch_op.drop_index(batch_op.f('ix_reminders_due_at'))

    op.drop_table('reminders')
    with op.batch_alter_table('raci_assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_raci_assignments_contract_id'))
        batch_op.drop_index(batch_op.f('ix_raci_assignments_contact_id'))

    op.drop_table('raci_assignments')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_meetings_organiser_id'))
        batch_op.drop_index(batch_op.f('ix_meetings_contract_id'))

    op.drop_table('meetings')
    with op.batch_alter_table('lessons', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lessons_recorded_by_id'))
        batch_op.drop_index(batch_op.f('ix_lessons_contract_id'))

    op.drop_table('lessons')
    with op.batch_alter_table('kpi_definitions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_kpi_definitions_reporter_contact_id'))
        batch_op.drop_index(batch_op.f('ix_kpi_definitions_contract_id'))

    op.drop_table('kpi_definitions')
    with op.batch_alter_table('follow_up_plans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_follow_up_plans_adjusted_by_id'))

    op.drop_table('follow_up_plans')
    with op.batch_alter_table('deviations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deviations_reported_by_id'))
        batch_op.drop_index(batch_op.f('ix_deviations_contract_id'))

    op.drop_table('deviations')
    with op.batch_alter_table('conversation_references', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_conversation_references_user_aad_object_id'))
        batch_op.drop_index(batch_op.f('ix_conversation_references_contact_id'))

    op.drop_table('conversation_references')
    with op.batch_alter_table('contract_roles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contract_roles_contract_id'))
        batch_op.drop_index(batch_op.f('ix_contract_roles_contact_id'))

    op.drop_table('contract_roles')
    with op.batch_alter_table('checklist_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_checklist_answers_contract_id'))
        batch_op.drop_index(batch_op.f('ix_checklist_answers_answered_by_id'))

    op.drop_table('checklist_answers')
    with op.batch_alter_table('change_history', schema=None) as batch_op:
        batch_op.drop_index('ix_change_history_entity')
        batch_op.drop_index(batch_op.f('ix_change_history_actor_id'))

    op.drop_table('change_history')
    with op.batch_alter_table('amendments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_amendments_contract_id'))

    op.drop_table('amendments')
    with op.batch_alter_table('contracts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contracts_title_folded'))
        batch_op.drop_index(batch_op.f('ix_contracts_supplier_id'))

    op.drop_table('contracts')
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contacts_supplier_id'))
        batch_op.drop_index(batch_op.f('ix_contacts_name_folded'))

    op.drop_table('contacts')
    with op.batch_alter_table('suppliers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_suppliers_name_folded'))

    op.drop_table('suppliers')
    op.drop_table('follow_up_plan_defaults')
    op.drop_table('bot_state')
    op.drop_table('app_settings')
