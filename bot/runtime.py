"""Assembling the bot from its parts. Both the HTTP server and the terminal chat use this, so they run the
same handler, dialogs, services and database."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from botbuilder.core import ConversationState, UserState
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.card_actions import CardActions
from bot.calendar_links import calendar_links
from bot.checklist_turns import ChecklistTurns
from bot.deviation_turns import DeviationTurns
from bot.export_turns import ExportTurns
from bot.file_turns import FileTurns
from bot.graph_calendar import GraphCalendar
from bot.follow_up_turns import FollowUpTurns
from bot.handler import FollowUpBot
from bot.holiday_source import working_calendar
from bot.identity import TeamsIdentity
from bot.kpi_card_turns import KpiCardTurns
from bot.lesson_turns import LessonTurns
from bot.rating_turns import RatingTurns
from bot.lookup_turns import LookupTurns
from bot.plan_turns import PlanTurns
from bot.summary_turns import SummaryTurns
from bot.process_guide import ProcessGuide
from bot.reminder_messages import ReminderMessages
from bot.reminder_turns import ReminderTurns
from bot.scheduler import Planner
from bot.services.lookups import CatalogueCache, Lookups
from bot.services.reminder_planning import PlanningResult, plan_reminders
from bot.settings import Settings
from bot.swot_turns import SwotTurns
from bot.team_roster import TeamRoster
from dialogs.book_meeting import BookMeetingDialog
from dialogs.change_contract import ChangeContractDialog
from dialogs.checklist import ChangeChecklistAnswerDialog, ChecklistDialog
from dialogs.change_plan import ChangeDefaultPlanDialog, ChangePlanDialog
from dialogs.decide_sanction import DecideSanctionDialog
from dialogs.log_decision import LogDecisionDialog
from dialogs.meeting_notes import MeetingNotesDialog
from dialogs.new_action import NewActionDialog
from dialogs.new_contact import NewContactDialog
from dialogs.new_contract import NewContractDialog
from dialogs.new_kpi import NewKpiDialog
from dialogs.record_lessons import RecordLessonsDialog
from dialogs.register_supplier import RegisterSupplierDialog
from dialogs.report_deviation import ReportDeviationDialog
from dialogs.report_kpi import ReportKpiDialog
from dialogs.segment_supplier import SegmentSupplierDialog
from storage.bot_state import SqlStorage
from storage.conversation_references import ConversationReferenceStore
from storage.unit_of_work import unit_of_work_factory


def build_bot(settings: Settings, engine: AsyncEngine) -> FollowUpBot:
    unit_of_work = unit_of_work_factory(engine)
    storage = SqlStorage(engine)
    card_actions = CardActions()
    zone = ZoneInfo(settings.timezone)

    def today():
        return datetime.now(zone).date()

    catalogue = CatalogueCache(unit_of_work)
    lookups = LookupTurns(Lookups(unit_of_work, catalogue), today=today)
    lookups.register(card_actions)
    conversation_state = ConversationState(storage)
    files = FileTurns(unit_of_work, today, conversation_state.create_property("PendingRegisterFile"), zone=zone)
    files.register(card_actions)
    kpi_cards = KpiCardTurns(unit_of_work, today)
    kpi_cards.register(card_actions)
    references = ConversationReferenceStore(engine)
    reminders = ReminderTurns(unit_of_work, lambda: datetime.now(zone), working_calendar(zone))
    reminders.register(card_actions)
    plans = PlanTurns(unit_of_work, catalogue)
    plans.register(card_actions)
    checklists = ChecklistTurns(unit_of_work, catalogue)
    checklists.register(card_actions)
    follow_up = FollowUpTurns(unit_of_work, catalogue, today, lambda: datetime.now(zone))
    follow_up.register(card_actions)
    summaries = SummaryTurns(unit_of_work, catalogue, today, lambda: datetime.now(zone))
    summaries.register(card_actions)
    swot = SwotTurns(unit_of_work, catalogue, today)
    swot.register(card_actions)
    ratings = RatingTurns(unit_of_work, catalogue, today)
    ratings.register(card_actions)
    exports = ExportTurns(unit_of_work, catalogue, today, zone, conversation_state.create_property("PendingExport"))
    return FollowUpBot(
        conversation_state=conversation_state,
        user_state=UserState(storage),
        identity=TeamsIdentity(unit_of_work),
        references=references,
        card_actions=card_actions,
        lookups=lookups,
        files=files,
        kpi_cards=kpi_cards,
        roster=TeamRoster(unit_of_work, references),
        reminders=reminders,
        plans=plans,
        checklists=checklists,
        guide=ProcessGuide(),
        follow_up=follow_up,
        deviations=DeviationTurns(unit_of_work, today),
        summaries=summaries,
        swot=swot,
        lessons=LessonTurns(unit_of_work, catalogue),
        ratings=ratings,
        exports=exports,
        dialogs=[
            RegisterSupplierDialog(unit_of_work),
            NewContractDialog(unit_of_work),
            ChangeContractDialog(unit_of_work),
            NewContactDialog(unit_of_work),
            ReportKpiDialog(unit_of_work, today),
            NewKpiDialog(unit_of_work),
            SegmentSupplierDialog(unit_of_work, catalogue),
            ChangePlanDialog(unit_of_work, catalogue),
            ChangeDefaultPlanDialog(unit_of_work),
            BookMeetingDialog(unit_of_work, catalogue, _calendar(settings), lambda: datetime.now(zone),
                              calendar_links(settings.public_base_url, settings.link_signing_key.get_secret_value())),
            ChecklistDialog(unit_of_work, catalogue),
            ChangeChecklistAnswerDialog(unit_of_work, catalogue),
            LogDecisionDialog(unit_of_work, catalogue, today),
            NewActionDialog(unit_of_work, catalogue, today),
            MeetingNotesDialog(unit_of_work, catalogue, today, lambda: datetime.now(zone)),
            ReportDeviationDialog(unit_of_work, today),
            DecideSanctionDialog(unit_of_work, today),
            RecordLessonsDialog(unit_of_work, catalogue),
        ],
        tenant_allowed=settings.tenant_allowed,
    )


def _calendar(settings: Settings) -> GraphCalendar | None:
    """Microsoft Graph when its app credentials are set; otherwise meetings get a scheduling link and an .ics."""
    if not settings.graph_configured:
        return None
    return GraphCalendar(
        tenant_id=settings.graph_tenant_id, client_id=settings.graph_client_id,
        client_secret=settings.graph_client_secret.get_secret_value(), base_url=settings.graph_base_url,
        login_url=settings.graph_login_url,
    )


def build_reminder_composer(settings: Settings, engine: AsyncEngine) -> ReminderMessages:
    """The messages the scheduler sends: composed from the register when each reminder goes out."""
    zone = ZoneInfo(settings.timezone)
    return ReminderMessages(unit_of_work_factory(engine), lambda: datetime.now(zone).date(), zone)


def build_reminder_planner(settings: Settings, engine: AsyncEngine) -> Planner:
    """What the scheduler runs every few minutes: the reminder rows that have come due, written once."""
    unit_of_work = unit_of_work_factory(engine)
    calendar = working_calendar(ZoneInfo(settings.timezone))

    async def plan(now: datetime) -> PlanningResult:
        return await plan_reminders(unit_of_work, calendar, now)

    return plan
