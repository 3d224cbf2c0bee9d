"""The Teams activity handler: works out who is talking and in which language, then hands the turn to a
dialog, a command or a card action. It holds no business rules of its own."""

from __future__ import annotations

import logging
from http import HTTPStatus

from botbuilder.core import (
    ConversationState,
    InvokeResponse,
    MessageFactory,
    TurnContext,
    UserState,
)
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.dialogs import DialogSet, DialogTurnStatus
from botbuilder.schema import ActivityTypes, ChannelAccount
from botbuilder.schema.teams import TeamsChannelAccount

from bot.card_actions import CardActions
from bot.checklist_turns import ChecklistTurns
from bot.commands import Command, parse_command_with_argument
from bot.conversations import reference_of, tenant_of
from bot.deviation_turns import DeviationTurns
from bot.domain.people import Person
from bot.export_turns import ExportTurns
from bot.file_turns import FileTurns, file_attachment
from bot.follow_up_turns import FollowUpTurns
from bot.i18n import Texts, language_for, texts_for
from bot.identity import TeamsIdentity
from bot.kpi_card_turns import KpiCardTurns
from bot.lesson_turns import LessonTurns
from bot.lookup_turns import LookupTurns
from bot.rating_turns import RatingTurns
from bot.reminder_turns import ReminderTurns
from bot.summary_turns import SummaryTurns
from bot.replies import help_card, welcome_card, whoami_text
from bot.swot_turns import SwotTurns
from bot.team_roster import TeamRoster
from bot.plan_turns import PlanTurns
from dialogs.book_meeting import BookMeetingDialog
from bot.process_guide import ProcessGuide
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
from dialogs.turn import PERSON, SWITCHED, TEXTS
from storage.conversation_references import ConversationReferenceStore

log = logging.getLogger(__name__)

_DIALOGS_BY_COMMAND = {
    Command.NEW_SUPPLIER: RegisterSupplierDialog.__name__,
    Command.NEW_CONTRACT: NewContractDialog.__name__,
    Command.CHANGE_CONTRACT: ChangeContractDialog.__name__,  # begun with the reference typed after it
    Command.NEW_CONTACT: NewContactDialog.__name__,
    Command.REPORT_KPI: ReportKpiDialog.__name__,  # begun with the contract or supplier typed after it
    Command.NEW_KPI: NewKpiDialog.__name__,  # begun with the reference typed after it
    Command.SEGMENT_SUPPLIER: SegmentSupplierDialog.__name__,  # begun with the supplier typed after it
    Command.CHANGE_PLAN: ChangePlanDialog.__name__,  # begun with the contract or supplier typed after it
    Command.CHANGE_DEFAULT_PLAN: ChangeDefaultPlanDialog.__name__,  # begun with the segment typed after it
    Command.BOOK_MEETING: BookMeetingDialog.__name__,  # begun with the contract or supplier typed after it
    Command.CHECKLIST: ChecklistDialog.__name__,  # begun with the part and contract typed after it
    Command.CHANGE_CHECKLIST_ANSWER: ChangeChecklistAnswerDialog.__name__,  # begun with "3 samarbetsmodell för X"
    Command.LOG_DECISION: LogDecisionDialog.__name__,  # begun with the contract or supplier typed after it
    Command.NEW_ACTION: NewActionDialog.__name__,  # begun with the contract or supplier typed after it
    Command.MEETING_NOTES: MeetingNotesDialog.__name__,  # begun with "möte 12" or a contract typed after it
    Command.DECIDE_SANCTION: DecideSanctionDialog.__name__,  # begun with the contract or supplier typed after it
    Command.RECORD_LESSONS: RecordLessonsDialog.__name__,  # begun with the contract or supplier typed after it
}
_DEVIATION_COMMANDS = (Command.REPORT_DEVIATION, Command.REPORT_COMPLAINT)


class FollowUpBot(TeamsActivityHandler):
    def __init__(
        self,
        *,
        conversation_state: ConversationState,
        user_state: UserState,
        identity: TeamsIdentity,
        references: ConversationReferenceStore,
        card_actions: CardActions,
        lookups: LookupTurns,
        files: FileTurns,
        kpi_cards: KpiCardTurns,
        roster: TeamRoster,
        reminders: ReminderTurns,
        plans: PlanTurns,
        checklists: ChecklistTurns,
        guide: ProcessGuide,
        follow_up: FollowUpTurns,
        deviations: DeviationTurns,
        summaries: SummaryTurns,
        swot: SwotTurns,
        lessons: LessonTurns,
        ratings: RatingTurns,
        exports: ExportTurns,
        dialogs: list,
        tenant_allowed,
    ) -> None:
        self._conversation_state = conversation_state
        self._user_state = user_state
        self._identity = identity
        self._references = references
        self._card_actions = card_actions
        self._lookups = lookups
        self._files = files
        self._kpi_cards = kpi_cards
        self._roster = roster
        self._reminders = reminders
        self._plans = plans
        self._checklists = checklists
        self._guide = guide
        self._follow_up = follow_up
        self._deviations = deviations
        self._summaries = summaries
        self._swot = swot
        self._lessons = lessons
        self._ratings = ratings
        self._exports = exports
        self._tenant_allowed = tenant_allowed
        self._dialogs = DialogSet(conversation_state.create_property("DialogState"))
        for dialog in dialogs:
            self._dialogs.add(dialog)

    async def warm_up(self) -> None:
        """What is worth loading before the first user asks (the lookup catalogue)."""
        await self._lookups.warm_up()

    async def on_turn(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        texts = texts_for(language_for(activity.locale))
        turn_context.turn_state[TEXTS] = texts
        if not self._tenant_allowed(tenant_of(activity)):
            log.warning("refused activity %s from tenant %s", activity.id, tenant_of(activity))
            if activity.type == ActivityTypes.message:
                await turn_context.send_activity(MessageFactory.text(texts("tenant.refused")))
            return
        person = await self._identity.person_for(turn_context)
        turn_context.turn_state[PERSON] = person
        await self._references.save(reference_of(activity, person))
        await super().on_turn(turn_context)
        await self._conversation_state.save_changes(turn_context)
        await self._user_state.save_changes(turn_context)

    async def on_message_activity(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        if activity.value and not activity.text:
            submitted_text = _typed_by_button(activity.value)
            if submitted_text is None:
                await self._card_actions.on_submit(turn_context)
                return
            activity.text = submitted_text
        file = file_attachment(activity)
        if file is not None:
            await self._files.on_file(turn_context, file)
            return
        TurnContext.remove_recipient_mention(activity)
        activity.text = (activity.text or "").strip()

        dialog_context = await self._dialogs.create_context(turn_context)
        if dialog_context.active_dialog is not None:
            result = await dialog_context.continue_dialog()
            if result.status != DialogTurnStatus.Empty and not turn_context.turn_state.get(SWITCHED):
                return
        await self._on_command(turn_context, dialog_context)

    async def _on_command(self, turn_context: TurnContext, dialog_context) -> None:
        texts: Texts = turn_context.turn_state[TEXTS]
        person: Person = turn_context.turn_state[PERSON]
        text = turn_context.activity.text
        command, argument = parse_command_with_argument(text) if text else (None, None)
        if command in _DIALOGS_BY_COMMAND:
            await dialog_context.begin_dialog(_DIALOGS_BY_COMMAND[command], argument)
        elif command is Command.CORRECT_DECISION:
            await dialog_context.begin_dialog(LogDecisionDialog.__name__, {"corrects": int(argument)})
        elif command in _DEVIATION_COMMANDS:
            complaint = True if command is Command.REPORT_COMPLAINT else None
            await dialog_context.begin_dialog(ReportDeviationDialog.__name__,
                                              {"argument": argument, "complaint": complaint})
        elif command in DeviationTurns.COMMANDS:
            await self._deviations.on_command(turn_context, command, argument)
        elif command is Command.SUMMARY:
            await self._summaries.send_summary(turn_context, argument)
        elif command is Command.KPI_CARD:
            await self._kpi_cards.send_card(turn_context, argument)
        elif command in ReminderTurns.COMMANDS:
            await self._reminders.on_command(turn_context, command, argument)
        elif command in FollowUpTurns.COMMANDS:
            await self._follow_up.on_command(turn_context, command, argument)
        elif command in SwotTurns.COMMANDS:
            await self._swot.on_command(turn_context, command, argument)
        elif command is Command.SEARCH_LESSONS:
            await self._lessons.search(turn_context, argument)
        elif command in RatingTurns.COMMANDS:
            await self._ratings.on_command(turn_context, command, argument)
        elif command in ExportTurns.COMMANDS:
            await self._exports.on_command(turn_context, command, argument)
        elif command is Command.SHOW_PLAN:
            await self._plans.send_plan(turn_context, argument)
        elif command is Command.SHOW_CHECKLIST:
            await self._checklists.show(turn_context, argument)
        elif command is Command.PROCESS_GUIDE:
            await self._guide.ask(turn_context, argument)
        elif command is Command.HELP:
            await turn_context.send_activity(MessageFactory.attachment(help_card(texts)))
        elif command is Command.WHOAMI:
            await turn_context.send_activity(MessageFactory.text(whoami_text(texts, person)))
        elif command is Command.CANCEL:
            await turn_context.send_activity(MessageFactory.text(texts("cancel.nothing")))
        elif not text:
            await turn_context.send_activity(MessageFactory.text(texts("unknown.empty")))
        elif await self._lookups.answer(turn_context, text):
            return
        elif await self._guide.answer(turn_context, text):
            return
        else:
            await turn_context.send_activity(MessageFactory.text(texts("unknown.reply")))

    async def on_members_added_activity(
        self, members_added: list[ChannelAccount], turn_context: TurnContext
    ) -> None:
        bot_id = turn_context.activity.recipient.id if turn_context.activity.recipient else None
        in_a_group = (turn_context.activity.conversation.conversation_type or "personal") != "personal"
        if not any(member.id == bot_id for member in members_added):
            if in_a_group:
                await self._roster.learn(turn_context, members_added)
            return
        if in_a_group:
            await self._roster.learn_all_members(turn_context)
        texts: Texts = turn_context.turn_state[TEXTS]
        person: Person = turn_context.turn_state[PERSON]
        await turn_context.send_activity(MessageFactory.attachment(welcome_card(texts, person)))

    async def on_teams_members_added(
        self, teams_members_added: list[TeamsChannelAccount], team_info, turn_context: TurnContext
    ) -> None:
        await self.on_members_added_activity(teams_members_added, turn_context)

    async def on_teams_messaging_extension_query(self, turn_context: TurnContext, query):
        return await self._lookups.search(turn_context, query)

    async def on_teams_messaging_extension_fetch_task(self, turn_context: TurnContext, action):
        return await self._deviations.fetch_task(turn_context, action)

    async def on_teams_messaging_extension_submit_action(self, turn_context: TurnContext, action):
        return await self._deviations.submit_action(turn_context, action)

    async def on_teams_file_consent_accept(self, turn_context: TurnContext, file_consent_card_response) -> None:
        await self._exports.on_accept(turn_context, file_consent_card_response)

    async def on_teams_file_consent_decline(self, turn_context: TurnContext, file_consent_card_response) -> None:
        await self._exports.on_decline(turn_context, file_consent_card_response)

    async def on_adaptive_card_invoke(self, turn_context: TurnContext, invoke_value):
        return await self._card_actions.on_execute(turn_context, invoke_value)

    @staticmethod
    def _create_invoke_response(body: object = None) -> InvokeResponse:
        # botbuilder 4.17 serializes the body here and CloudAdapter serializes it again, which turns every
        # invoke with a body into HTTP 500. Hand the body over as it is; the adapter serializes it once.
        return InvokeResponse(status=int(HTTPStatus.OK), body=body)

    async def on_error(self, turn_context: TurnContext, error: Exception) -> None:
        """The adapter's turn-error handler: log, apologise in the user's language, forget the conversation."""
        activity = turn_context.activity
        log.error(
            "turn failed: activity %s (%s) in conversation %s",
            activity.id, activity.type, activity.conversation.id if activity.conversation else None,
            exc_info=error,
        )
        texts = turn_context.turn_state.get(TEXTS) or texts_for(language_for(activity.locale))
        try:
            if activity.type in (ActivityTypes.message, ActivityTypes.invoke):
                await turn_context.send_activity(MessageFactory.text(texts("error.turn")))
        except Exception:  # the channel may be what failed; there is no one left to tell
            log.warning("could not send the apology to conversation %s", activity.conversation.id if activity.conversation else None)
        finally:
            await self._forget_conversation(turn_context)

    async def _forget_conversation(self, turn_context: TurnContext) -> None:
        try:
            await self._conversation_state.load(turn_context)
            await self._conversation_state.delete(turn_context)
        except Exception:  # the store itself may be what failed; the apology has been sent
            log.exception("could not clear the state of conversation %s", turn_context.activity.conversation.id)


def _typed_by_button(value: object) -> str | None:
    """The text of an `imBack` or `messageBack` button (Teams posts it as a message; other clients as a value,
    which for `messageBack` also carries the card's inputs and stays on the activity)."""
    if isinstance(value, dict):
        msteams = value.get("msteams")
        if isinstance(msteams, dict) and msteams.get("type") == "imBack" and isinstance(msteams.get("value"), str):
            return msteams["value"]
        if isinstance(msteams, dict) and msteams.get("type") == "messageBack" and isinstance(msteams.get("text"), str):
            return msteams["text"]
    return None
