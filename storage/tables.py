"""The database schema: every table of the follow-up domain, as SQLAlchemy Core tables.

Repositories translate rows to the plain objects of `bot.domain`; nothing outside `storage` imports this.
Enumerated values (party, role, status …) are stored as their Swedish codes from `bot.domain` and checked
there; the database keeps them as short strings so that a new value needs no migration.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
)

from storage.types import UtcDateTime, utcnow

# Stable constraint names, so migrations can refer to them on both SQLite and PostgreSQL.
metadata = MetaData(
    naming_convention={
        "ix": "ix_%(column_0_label)s",
        "uq": "uq_%(table_name)s_%(column_0_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

Money = Numeric(16, 2)
Measure = Numeric(18, 4)


def _id() -> Column:
    return Column("id", Integer, primary_key=True, autoincrement=True)


def _created() -> Column:
    return Column("created_at", UtcDateTime(), nullable=False, default=utcnow)


def _updated() -> Column:
    return Column("updated_at", UtcDateTime(), nullable=False, default=utcnow, onupdate=utcnow)


def _fk(name: str, target: str, *, nullable: bool = True, ondelete: str | None = None) -> Column:
    return Column(name, Integer, ForeignKey(target, ondelete=ondelete), nullable=nullable, index=True)


# --- fakta och avtalsinformation -------------------------------------------------------------------

suppliers = Table(
    "suppliers",
    metadata,
    _id(),
    Column("org_number", String(11), nullable=False, unique=True),  # NNNNNN-NNNN
    Column("name", String(200), nullable=False),
    Column("name_folded", String(200), nullable=False, index=True),  # lower case, å/ä/ö → a/a/o
    _created(),
    _updated(),
)

contacts = Table(
    "contacts",
    metadata,
    _id(),
    Column("name", String(200), nullable=False),
    Column("name_folded", String(200), nullable=False, index=True),
    Column("email", String(320), nullable=True, unique=True),  # stored lower case
    Column("phone", String(50), nullable=True),
    Column("party", String(20), nullable=False),  # verksamhet | inköp | leverantör
    Column("organisation", String(200), nullable=True),  # the unit, or the supplier's name
    _fk("supplier_id", "suppliers.id", ondelete="SET NULL"),
    Column("global_role", String(30), nullable=False, default="medarbetare"),
    Column("aad_object_id", String(64), nullable=True, unique=True),
    Column("teams_unreachable_since", UtcDateTime(), nullable=True),  # 403 on a proactive send
    Column("erased_at", UtcDateTime(), nullable=True),  # personal data erased on request
    _created(),
    _updated(),
)

contracts = Table(
    "contracts",
    metadata,
    _id(),
    Column("reference", String(60), nullable=False, unique=True),  # avtalsnummer / diarienummer
    Column("title", String(300), nullable=False),
    Column("title_folded", String(300), nullable=False, index=True),
    Column("category", String(200), nullable=True),
    _fk("supplier_id", "suppliers.id", nullable=False, ondelete="RESTRICT"),
    Column("owning_unit", String(200), nullable=True),
    Column("start_date", Date, nullable=True),
    Column("end_date", Date, nullable=True),
    Column("notice_period_months", Integer, nullable=True),
    Column("extension_options", Text, nullable=True),
    Column("estimated_yearly_value_sek", Money, nullable=True),
    Column("payment_terms", String(200), nullable=True),
    Column("price_adjustment_clause", Text, nullable=True),
    Column("status", String(30), nullable=False, default="aktivt"),
    _created(),
    _updated(),
    CheckConstraint("end_date IS NULL OR start_date IS NULL OR end_date >= start_date", name="period"),
)

amendments = Table(
    "amendments",
    metadata,
    _id(),
    _fk("contract_id", "contracts.id", nullable=False, ondelete="CASCADE"),
    Column("signed_on", Date, nullable=False),
    Column("description", Text, nullable=False),
    _created(),
)

contract_roles = Table(
    "contract_roles",
    metadata,
    _id(),
    _fk("contract_id", "contracts.id", nullable=False, ondelete="CASCADE"),
    _fk("contact_id", "contacts.id", nullable=False, ondelete="CASCADE"),
    Column("role", String(40), nullable=False),  # processägare, processkoordinator, leverantörskontakt …
    Column("is_key_contact", Boolean, nullable=False, default=False),
    _created(),
    UniqueConstraint("contract_id", "contact_id", "role", name="uq_contract_roles_member"),
)

raci_assignments = Table(
    "raci_assignments",
    metadata,
    _id(),
    _fk("contract_id", "contracts.id", nullable=False, ondelete="CASCADE"),
    Column("activity", String(60), nullable=False),  # kpi_rapport, uppfoljningsmote, sammanfattning …
    _fk("contact_id", "contacts.id", nullable=False, ondelete="CASCADE"),
    Column("responsibility", String(1), nullable=False),  # R, A, C or I
    CheckConstraint("responsibility IN ('R', 'A', 'C', 'I')", name="letter"),
    UniqueConstraint("contract_id", "activity", "contact_id", "responsibility", name="uq_raci_cell"),
)

spend = Table(
    "spend",
    metadata,
    _id(),
    _fk("contract_id", "contracts.id", nullable=False, ondelete="CASCADE"),
    Column("area", String(200), nullable=False),  # product or service area
    Column("period", String(7), nullable=False),  # YYYY-MM
    Column("amount_sek", Money, nullable=False),
    UniqueConstraint("contract_id", "area", "period", name="uq_spend_cell"),
)

# --- samarbetsmodell -------------------------------------------------------------------------------

segmentations = Table(  # history: the newest row per supplier is its segment
    "segmentations",
    metadata,
    _id(),
    _fk("supplier_id", "suppliers.id", nullable=False, ondelete="CASCADE"),
    Column("segment", String(20), nullable=False),  # strategisk | hävstång | flaskhals | icke-kritisk
    Column("financial_risk", Numeric(5, 2), nullable=True),
    Column("supply_risk", Numeric(5, 2), nullable=True),
    Column("answers", JSON, nullable=True),
    Column("reason", Text, nullable=True),
    Column("overridden", Boolean, nullable=False, default=False),
    _fk("decided_by_id", "contacts.id", ondelete="SET NULL"),
    Column("decided_at", UtcDateTime(), nullable=False, default=utcnow),
)

follow_up_plan_defaults = Table(
    "follow_up_plan_defaults",
    metadata,
    Column("segment", String(20), primary_key=True),
    Column("kpi_frequency", String(10), nullable=False),  # månad | kvartal | halvår | år
    Column("meeting_interval_months", Integer, nullable=False),
    Column("meeting_form", String(60), nullable=False),
    Column("extra_meetings", Text, nullable=True),  # e.g. a yearly development meeting
    Column("grace_days", Integer, nullable=False, default=10),
    Column("reminder_lead_days", Integer, nullable=False, default=5),
    Column("max_reminders", Integer, nullable=False, default=3),
    Column("reminder_interval_days", Integer, nullable=False, default=3, server_default="3"),  # working days
    Column("escalation", JSON, nullable=True),  # the default eskaleringstrappa: ordered contract roles
    Column("notice_lead_months", JSON, nullable=True),  # e.g. [9, 6, 3] before notice and end dates
    _updated(),
)

follow_up_plans = Table(
    "follow_up_plans",
    metadata,
    Column(
        "contract_id",
        Integer,
        ForeignKey("contracts.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("kpi_frequency", String(10), nullable=False),
    Column("meeting_interval_months", Integer, nullable=False),
    Column("meeting_form", String(60), nullable=False),
    Column("grace_days", Integer, nullable=False),
    Column("reminder_lead_days", Integer, nullable=False),
    Column("max_reminders", Integer, nullable=False),
    Column("reminder_interval_days", Integer, nullable=False, default=3, server_default="3"),  # working days
    Column("notice_lead_months", JSON, nullable=True),
    Column("escalation", JSON, nullable=True),  # the eskaleringstrappa: ordered roles or contact ids
    Column("communication_paths", Text, nullable=True),
    Column("adjusted", Boolean, nullable=False, default=False),
    _fk("adjusted_by_id", "contacts.id", ondelete="SET NULL"),
    _updated(),
)

# --- leverans och prestation: KPIs ---------------------------------------------------------------

kpi_definitions = Table(
    "kpi_definitions",
    metadata,
    _id(),
    _fk("contract_id", "contracts.id", nullable=False, ondelete="CASCADE"),
    Column("name", String(200), nullable=False),
    Column("unit", String(40), nullable=True),
    Column("target", Measure, nullable=True),
    Column("direction", String(10), nullable=False, default="högre"),  # högre | lägre is better
    Column("yellow_threshold", Measure, nullable=True),
    Column("red_threshold", Measure, nullable=True),
    Column("min_value", Measure, nullable=True),
    Column("max_value", Measure, nullable=True),
    Column("frequency", String(10), nullable=False),  # månad | kvartal | halvår | år
    _fk("reporter_contact_id", "contacts.id", ondelete="SET NULL"),
    Column("reporter_party", String(20), nullable=True),  # when a party reports rather than a person
    Column("source", Text, nullable=True),  # the tender's evaluation criterion
    Column("active_from", Date, nullable=True),
    Column("active_to", Date, nullable=True),
    _created(),
    UniqueConstraint("contract_id", "name", name="uq_kpi_definitions_name"),
)

kpi_values = Table(  # the current value per period; corrections leave the old one in change_history
    "kpi_values",
    metadata,
    _id(),
    _fk("kpi_id", "kpi_definitions.id", nullable=False, ondelete="CASCADE"),
    Column("period", String(7), nullable=False),  # 2026-03, 2026-Q1, 2026-H1, 2026
    Column("value", Measure, nullable=False),
    Column("comment", Text, nullable=True),
    _fk("reported_by_id", "contacts.id", ondelete="SET NULL"),
    Column("reported_at", UtcDateTime(), nullable=False, default=utcnow),
    UniqueConstraint("kpi_id", "period", name="uq_kpi_values_period"),
)

# --- möten och dialog ------------------------------------------------------------------------------

meetings = Table(
    "meetings",
    metadata,
    _id(),
    _fk("contract_id", "contracts.id", nullable=False, ondelete="CASCADE"),
    Column("form", String(40), nullable=False),  # startmöte, uppföljningsmöte, kort årligt möte, utvecklingsmöte
    Column("starts_at", UtcDateTime(), nullable=False),
    Column("duration_minutes", Integer, nullable=False, default=60),
    Column("location", String(300), nullable=True),
    Column("join_url", Text, nullable=True),
    Column("calendar_event_id", String(300), nullable=True),  # Microsoft Graph event id
    Column("agenda", Text, nullable=True),
    Column("status", String(20), nullable=False, default="planerat"),  # planerat | genomfört | inställt
    _fk("organiser_id", "contacts.id", ondelete="SET NULL"),
    _created(),
)

meeting_attendees = Table(
    "meeting_attendees",
    metadata,
    Column("meeting_id", Integer, ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    Column("contact_id", Integer, ForeignKey("contacts.id", ondelete="CASCADE"), primary_key=True),
)

meeting_notes = Table(
    "meeting_notes",
    metadata,
    _id(),
    _fk("meeting_id", "meetings.id", nullable=False, ondelete="CASCADE"),
    Column("text", Text, nullable=False),
    _fk("submitted_by_id", "contacts.id", ondelete="SET NULL"),
    Column("submitted_at", UtcDateTime(), nullable=False, default=utcnow),
)

# --- beslut, aktiviteter, avvikelser, sanktioner ---------------------------------------------------

decisions = Table(  # append-only: a correction is a new row pointing at the one it corrects
    "decisions",
    metadata,
    _id(),
    _fk("contract_id", "contracts.id", nullable=False, ondelete="CASCADE"),
    _fk("meeting_id", "meetings.id", ondelete="SET NULL"),
    Column("decided_on", Date, nullable=False),
    Column("what", Text, nullable=False),
    Column("decided_by", String(300), nullable=True),
    Column("basis", Text, nullable=True),
    _fk("corrects_id", "decisions.id", ondelete="SET NULL"),
    _fk("recorded_by_id", "contacts.id", ondelete="SET NULL"),
    _created(),
)

actions = Table(  # aktiviteter in the action plan
    "actions",
    metadata,
    _id(),
    _fk("contract_id", "contracts.id", nullable=False, ondelete="CASCADE"),
    _fk("meeting_id", "meetings.id", ondelete="SET NULL"),
    Column("title", Text, nullable=False),
    _fk("owner_id", "contacts.id", ondelete="SET NULL"),
    Column("party", String(20), nullable=True),
    Column("due_date", Date, nullable=True),
    Column("status", String(20), nullable=False, default="öppen"),  # öppen | pågår | klar | stängd
    Column("closed_at", UtcDateTime(), nullable=True),
    _created(),
    _updated(),
)

deviations = Table(  # avvikelser och reklamationer
    "deviations",
    metadata,
    _id(),
    _fk("contract_id", "contracts.id", nullable=False, ondelete="CASCADE"),
    Column("occurred_on", Date, nullable=False),
    Column("type", String(30), nullable=False),  # kvalitet, leverans, pris/faktura, miljö, CSR, annat
    Column("severity", String(20), nullable=False),  # låg | medel | hög
    Column("is_complaint", Boolean, nullable=False, default=False),  # reklamation
    Column("description", Text, nullable=False),
    _fk("reported_by_id", "contacts.id", ondelete="SET NULL"),
    Column("source_message_id", String(300), nullable=True),  # a Teams message it was reported from
    # registrerad | makulerad (recorded by mistake: kept, but counted nowhere)
    Column("status", String(20), nullable=False, default="registrerad", server_default="registrerad"),
    _created(),
)

sanctions = Table(  # steps of the sanctions ladder
    "sanctions",
    metadata,
    _id(),
    _fk("contract_id", "contracts.id", nullable=False, ondelete="CASCADE"),
    Column("step", String(30), nullable=False),  # skriftligt påpekande … hävning
    Column("decided_on", Date, nullable=False),
    Column("basis", Text, nullable=True),
    Column("decided_by", String(300), nullable=True),
    Column("amount_sek", Money, nullable=True),  # vite, prisavdrag, innehållen betalning
    Column("status", String(20), nullable=False, default="beslutad"),
    _created(),
)

sanction_deviations = Table(
    "sanction_deviations",
    metadata,
    Column("sanction_id", Integer, ForeignKey("sanctions.id", ondelete="CASCADE"), primary_key=True),
    Column("deviation_id", Integer, ForeignKey("deviations.id", ondelete="CASCADE"), primary_key=True),
)

# --- checklistor, sammanfattning -------------------------------------------------------------------

checklist_answers = Table(
    "checklist_answers",
    metadata,
    _id(),
    _fk("contract_id", "contracts.id", nullable=False, ondelete="CASCADE"),
    Column("part", String(40), nullable=False),  # fakta, samarbetsmodell, leverans, sammanfattning
    Column("item_key", String(80), nullable=False),
    Column("answer", String(20), nullable=False),  # ja | delvis | nej | ej aktuellt
    Column("comment", Text, nullable=True),
    _fk("answered_by_id", "contacts.id", ondelete="SET NULL"),
    Column("answered_at", UtcDateTime(), nullable=False, default=utcnow),
    UniqueConstraint("contract_id", "part", "item_key", name="uq_checklist_answers_item"),
)

supplier_ratings = Table(  # the business unit's own view of the supplier, per period
    "supplier_ratings",
    metadata,
    _id(),
    _fk("supplier_id", "suppliers.id", nullable=False, ondelete="CASCADE"),
    Column("period", String(7), nullable=False),
    Column("score", Integer, nullable=False),
    Column("comment", Text, nullable=True),
    _fk("rated_by_id", "contacts.id", ondelete="SET NULL"),
    _created(),
    CheckConstraint("score BETWEEN 1 AND 5", name="score"),
)

swot_items = Table(
    "swot_items",
    metadata,
    _id(),
    _fk("supplier_id", "suppliers.id", nullable=False, ondelete="CASCADE"),
    Column("quadrant", String(12), nullable=False),  # styrka | svaghet | möjlighet | hot
    Column("text", Text, nullable=False),
    Column("status", String(12), nullable=False, default="accepterad"),  # föreslagen | accepterad
    _fk("created_by_id", "contacts.id", ondelete="SET NULL"),
    _created(),
)

lessons = Table(  # lärdomar for the next procurement
    "lessons",
    metadata,
    _id(),
    _fk("contract_id", "contracts.id", nullable=False, ondelete="CASCADE"),
    Column("kind", String(20), nullable=False),  # fungerade | ändra
    Column("text", Text, nullable=False),
    _fk("recorded_by_id", "contacts.id", ondelete="SET NULL"),
    _created(),
)

# --- påminnelser -----------------------------------------------------------------------------------

reminders = Table(  # one row per due item and recipient; claimed before it is sent (exactly once)
    "reminders",
    metadata,
    _id(),
    Column("kind", String(30), nullable=False),  # kpi, meeting, action, notice, end
    Column("subject_key", String(200), nullable=False),  # e.g. kpi:12:2026-03
    _fk("recipient_id", "contacts.id", nullable=False, ondelete="CASCADE"),
    _fk("contract_id", "contracts.id", ondelete="CASCADE"),
    Column("sequence", Integer, nullable=False, default=1),  # 1st, 2nd … reminder of the same item
    Column("step", Integer, nullable=False, default=0, server_default="0"),  # rung of the escalation ladder
    Column("payload", JSON, nullable=True),  # what the message needs: kpi id and period, meeting id …
    Column("due_at", UtcDateTime(), nullable=False, index=True),  # when it may be sent next
    # pending | claimed | sent | answered | cancelled | undeliverable
    Column("status", String(20), nullable=False, default="pending"),
    Column("claimed_by", String(100), nullable=True),
    Column("claimed_until", UtcDateTime(), nullable=True),
    Column("attempts", Integer, nullable=False, default=0),
    Column("sent_at", UtcDateTime(), nullable=True),
    Column("snoozed_until", UtcDateTime(), nullable=True),
    Column("answered_at", UtcDateTime(), nullable=True),
    Column("last_error", Text, nullable=True),
    _created(),
    UniqueConstraint("kind", "subject_key", "recipient_id", "sequence", name="uq_reminders_item"),
    Index("ix_reminders_status_due_at", "status", "due_at"),
)

reminder_pauses = Table(  # "pausa påminnelser för X till 2027-01-10"
    "reminder_pauses",
    metadata,
    _id(),
    _fk("contract_id", "contracts.id", ondelete="CASCADE"),
    _fk("supplier_id", "suppliers.id", ondelete="CASCADE"),
    Column("paused_until", Date, nullable=False),  # reminders resume the day after
    Column("reason", Text, nullable=True),
    _fk("created_by_id", "contacts.id", ondelete="SET NULL"),
    _created(),
)

scheduler_instances = Table(  # live bot instances share the tenant's send rate between them
    "scheduler_instances",
    metadata,
    Column("instance_id", String(100), primary_key=True),
    Column("started_at", UtcDateTime(), nullable=False, default=utcnow),
    Column("heartbeat_at", UtcDateTime(), nullable=False, default=utcnow),
)

# --- förvaltning och spårbarhet --------------------------------------------------------------------

app_settings = Table(  # administrator-set values, e.g. follow-up defaults beyond the plan table
    "app_settings",
    metadata,
    Column("key", String(100), primary_key=True),
    Column("value", JSON, nullable=False),
    _updated(),
)

change_history = Table(  # append-only: who changed what, when, before and after
    "change_history",
    metadata,
    _id(),
    Column("at", UtcDateTime(), nullable=False, default=utcnow),
    _fk("actor_id", "contacts.id", ondelete="SET NULL"),
    Column("actor_label", String(320), nullable=True),  # e-mail, "cli", "import", "scheduler"
    Column("entity", String(60), nullable=False),
    Column("entity_id", String(100), nullable=False),
    Column("action", String(20), nullable=False),  # create | update | delete | erase
    Column("before", JSON, nullable=True),
    Column("after", JSON, nullable=True),
    Index("ix_change_history_entity", "entity", "entity_id"),
)

# --- the bot's own state ---------------------------------------------------------------------------

bot_state = Table(  # botbuilder Storage: conversation state, user state, dialog stacks
    "bot_state",
    metadata,
    Column("key", Text, primary_key=True),
    Column("data", Text, nullable=False),  # jsonpickle-flattened JSON
    Column("e_tag", String(40), nullable=False),
    _updated(),
)

conversation_references = Table(  # for proactive messages; refreshed on every inbound activity
    "conversation_references",
    metadata,
    _id(),
    Column("channel_id", String(40), nullable=False),
    Column("conversation_id", String(500), nullable=False),
    Column("user_id", String(300), nullable=False),
    Column("user_aad_object_id", String(64), nullable=True, index=True),
    _fk("contact_id", "contacts.id", ondelete="SET NULL"),
    Column("conversation_type", String(20), nullable=True),  # personal | channel | groupChat
    Column("tenant_id", String(64), nullable=True),
    Column("service_url", String(500), nullable=False),
    Column("reference", JSON, nullable=False),
    _updated(),
    UniqueConstraint("channel_id", "conversation_id", "user_id", name="uq_conversation_references_key"),
)
