""""mötesanteckningar [för möte 12 | för Städbolaget]" (also the button on a meeting's card): the meeting (one
named by its number, or chosen among the contract's recent ones) → the notes, free text in one message → the
"Beslut:" and "Aktivitet:" lines found in them, each kept or dropped → more decisions and actions one by one
("lägg till beslut", "lägg till aktivitet", "klar") → confirm → the notes, decisions and actions saved together,
linked to the meeting and its contract; a planned meeting whose time has passed becomes genomfört. Nothing is
written before the yes."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from botbuilder.dialogs import (
    ComponentDialog,
    DialogContext,
    DialogTurnResult,
    WaterfallDialog,
    WaterfallStepContext,
)
from botbuilder.core import MessageFactory
from botbuilder.dialogs.prompts import PromptOptions, PromptValidatorContext, TextPrompt

from bot.commands import normalise
from bot.domain.actions import DueDateInPast
from bot.domain.decisions import WHAT_MAX_LENGTH
from bot.domain.errors import DomainError, InvalidInput, TextEmpty, TextTooLong
from bot.domain.meeting_notes import NOTES_MAX_LENGTH, ProposedAction, ProposedDecision
from bot.domain.typed_input import clean_text
from bot.i18n import Texts
from bot.services.follow_up_access import contract_to_record, team_contacts
from bot.services.lookups import CatalogueCache
from bot.services.meeting_notes import meeting_to_note, read_notes, recent_meetings, save_meeting_notes
from bot.services.ports import UnitOfWorkFactory
from cards.render import attachment, render_card
from dialogs.follow_up_steps import choice_answer, choices_prompt, choose_contract, contract_answer
from dialogs.interruptible import InterruptibleDialog
from dialogs.register_prompts import confirm_prompt, prompt_validator, say, text_prompt, yes_no_validator
from dialogs.turn import person_of, texts_of

_MEETING_NUMBER = re.compile(r"^(?:mote|meeting|nr|#)?\s*(\d{1,9})$")  # an id the database can hold
DECISION, ACTION, DONE = "decision", "action", "done"
MORE_PROMPT = "notes.more"


class NotAKeepAnswer(InvalidInput):
    code = "notes.error.keep"


class NotAMoreAnswer(InvalidInput):
    code = "notes.error.more"


def meeting_number(typed: str | None) -> int | None:
    """The meeting a command names by number ("möte 12", "meeting 12", "12"); None when it names a contract."""
    match = _MEETING_NUMBER.match(normalise(typed)) if typed else None
    return int(match.group(1)) if match else None


def more_answer(texts: Texts, text: str) -> str | None:
    typed = normalise(text)
    for answer in (DECISION, ACTION, DONE):
        if typed in {normalise(word) for word in texts.words(f"notes.more_words.{answer}")}:
            return answer
    return None


class MeetingNotesDialog(InterruptibleDialog):
    def __init__(self, unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache, today: Callable[[], date],
                 now: Callable[[], datetime]) -> None:
        super().__init__(MeetingNotesDialog.__name__)
        self._unit_of_work = unit_of_work
        self._catalogue = catalogue
        self._today = today
        self._now = now
        self.add_dialog(TextPrompt("notes.contract", prompt_validator(contract_answer(catalogue))))
        self.add_dialog(TextPrompt("notes.meeting", prompt_validator(choice_answer)))
        self.add_dialog(TextPrompt("notes.text", prompt_validator(_notes_answer)))
        self.add_dialog(TextPrompt("notes.keep", prompt_validator(_keep_answer)))
        self.add_dialog(TextPrompt(MORE_PROMPT, prompt_validator(_more_answer)))
        self.add_dialog(TextPrompt("notes.add_decision", prompt_validator(_decision_answer)))
        self.add_dialog(TextPrompt("notes.add_action", prompt_validator(self._action_answer)))
        self.add_dialog(TextPrompt("notes.confirm", yes_no_validator("edit.confirm_reask")))
        self.add_dialog(WaterfallDialog("notes.more_loop", [self._ask_more, self._more_chosen, self._more_added]))
        self.add_dialog(WaterfallDialog("notes.steps", [
            self._contract, self._choose_meeting, self._ask_notes, self._review, self._more, self._confirm,
            self._save,
        ]))
        self.initial_dialog_id = "notes.steps"

    async def on_continue_dialog(self, inner_dc: DialogContext) -> DialogTurnResult:
        """"lägg till aktivitet" answers the question of what to add next; it does not begin "ny aktivitet"."""
        waiting = inner_dc.active_dialog is not None and inner_dc.active_dialog.id == MORE_PROMPT
        if waiting and more_answer(texts_of(inner_dc.context), inner_dc.context.activity.text or "") is not None:
            return await ComponentDialog.on_continue_dialog(self, inner_dc)
        return await super().on_continue_dialog(inner_dc)

    # --- which meeting ---

    async def _contract(self, step: WaterfallStepContext) -> DialogTurnResult:
        typed = step.options if isinstance(step.options, str) else None
        number = meeting_number(typed)
        if number is None:
            return await choose_contract(step, self._catalogue, "notes.contract")
        try:
            meeting = await meeting_to_note(self._unit_of_work, self._catalogue, person_of(step.context), number)
        except DomainError as error:
            await say(step.context, error.code, **error.params)
            return await step.end_dialog()
        step.values["meeting_id"] = meeting.id
        return await step.next(meeting.contract_id)

    async def _choose_meeting(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["contract_id"] = step.result
        if "meeting_id" in step.values:
            return await step.next(step.values["meeting_id"])
        texts = texts_of(step.context)
        meetings = await recent_meetings(self._unit_of_work, self._catalogue, person_of(step.context), step.result)
        if not meetings:
            await say(step.context, "notes.no_meetings")
            return await step.end_dialog()
        choices = [{"id": meeting.id, "answer": texts("notes.meeting_answer", id=meeting.id),
                    "value": f"{meeting.starts_at.date().isoformat()} {meeting.form} ({meeting.status})"}
                   for meeting in meetings]
        return await step.prompt("notes.meeting", choices_prompt(
            choices, texts("notes.ask.meeting_title"), texts("notes.ask.meeting")))

    # --- the notes and what they propose ---

    async def _ask_notes(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["meeting_id"] = step.result
        return await step.prompt("notes.text", text_prompt(texts_of(step.context)("notes.ask.text",
                                                                                   id=step.result)))

    async def _review(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["text"] = step.result
        texts = texts_of(step.context)
        notes = await read_notes(self._catalogue, person_of(step.context), step.values["contract_id"], step.result)
        contacts = await self._contacts(step.context, step.values["contract_id"])
        proposed = [_decision_item(decision) for decision in notes.decisions]
        proposed += [self._action_item(action) for action in notes.actions]
        step.values["proposed"] = proposed
        if not proposed:
            await say(step.context, "notes.none_found")
            return await step.next([])
        lines = [{"id": number, "answer": str(number), "value": _shown(texts, item, contacts)}
                 for number, item in enumerate(proposed, 1)]
        card = render_card("choices", {
            "title": texts("notes.found_title", count=len(proposed)),
            "choices": [{**line, "label": f"{line['id']}."} for line in lines],
            "question": texts("notes.ask.keep"),
        })
        card["actions"] = [
            {"type": "Action.Submit", "title": texts(f"notes.keep_button.{key}"),
             "data": {"msteams": {"type": "imBack", "value": texts(f"notes.keep_button.{key}")}}}
            for key in ("all", "none")
        ]
        return await step.prompt("notes.keep", PromptOptions(prompt=MessageFactory.attachment(attachment(card)),
                                                             validations={"count": len(proposed)}))

    async def _more(self, step: WaterfallStepContext) -> DialogTurnResult:
        kept = [step.values["proposed"][number - 1] for number in step.result]
        return await step.begin_dialog("notes.more_loop", {"items": kept, "contract_id": step.values["contract_id"]})

    # --- more, one by one ---

    async def _ask_more(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values.update(items=step.options["items"], contract_id=step.options["contract_id"])
        return await step.prompt(MORE_PROMPT, text_prompt(texts_of(step.context)("notes.ask.more",
                                                                                  count=len(step.values["items"]))))

    async def _more_chosen(self, step: WaterfallStepContext) -> DialogTurnResult:
        texts = texts_of(step.context)
        if step.result == DONE:
            return await step.end_dialog(step.values["items"])
        if step.result == DECISION:
            return await step.prompt("notes.add_decision", text_prompt(texts("notes.ask.decision")))
        contract_id = step.values["contract_id"]
        contacts = await self._contacts(step.context, contract_id)
        return await step.prompt("notes.add_action", text_prompt(
            texts("notes.ask.action", names=", ".join(contacts.values())), {"contract_id": contract_id}))

    async def _more_added(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await step.replace_dialog("notes.more_loop", {"items": [*step.values["items"], step.result],
                                                             "contract_id": step.values["contract_id"]})

    # --- confirm and save ---

    async def _confirm(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["items"] = step.result
        texts, values = texts_of(step.context), step.values
        contacts = await self._contacts(step.context, values["contract_id"])
        facts = [(texts("notes.fact.meeting"), str(values["meeting_id"])),
                 (texts("notes.fact.text"), values["text"].splitlines()[0][:120])]
        facts += [(str(number), _shown(texts, item, contacts)) for number, item in enumerate(values["items"], 1)]
        return await step.prompt("notes.confirm", confirm_prompt(
            texts, texts("notes.confirm_title"), facts, texts("notes.confirm_question")))

    async def _save(self, step: WaterfallStepContext) -> DialogTurnResult:
        if not step.result:
            await say(step.context, "edit.not_saved")
            return await step.end_dialog()
        values = step.values
        decisions = [ProposedDecision(item["what"]) for item in values["items"] if item["kind"] == DECISION]
        actions = [ProposedAction(item["title"], item["owner_id"], date.fromisoformat(item["due"]) if item["due"]
                                  else None) for item in values["items"] if item["kind"] == ACTION]
        try:
            saved = await save_meeting_notes(self._unit_of_work, self._catalogue, person_of(step.context),
                                             values["meeting_id"], values["text"], decisions, actions, self._today(),
                                             self._now())
        except DomainError as error:
            await say(step.context, error.code, **error.params)
            return await step.end_dialog()
        await say(step.context, "notes.saved", id=values["meeting_id"], decisions=len(saved.decisions),
                  actions=len(saved.actions))
        if saved.marked_held:
            await say(step.context, "notes.marked_held", id=values["meeting_id"])
        return await step.end_dialog()

    # --- helpers ---

    async def _contacts(self, turn_context, contract_id: int) -> dict[int, str]:
        return dict(team_contacts(await contract_to_record(self._catalogue, person_of(turn_context), contract_id)))

    def _action_item(self, action: ProposedAction) -> dict[str, Any]:
        """A recognised action as the dialog keeps it; a due date already past is dropped (the user sees it)."""
        due = action.due_date if action.due_date is None or action.due_date >= self._today() else None
        return {"kind": ACTION, "title": action.title, "owner_id": action.owner_id,
                "due": due.isoformat() if due else None}

    async def _action_answer(self, prompt: PromptValidatorContext, text: str, known: dict[str, Any]) -> dict:
        notes = await read_notes(self._catalogue, person_of(prompt.context), known["contract_id"],
                                 f"Aktivitet: {clean_text(text, max_length=WHAT_MAX_LENGTH)}")
        (action,) = notes.actions
        if action.due_date is not None and action.due_date < self._today():
            raise DueDateInPast(value=action.due_date.isoformat())
        return self._action_item(action)


def _decision_item(decision: ProposedDecision) -> dict[str, Any]:
    return {"kind": DECISION, "what": decision.what}


def _shown(texts: Texts, item: dict[str, Any], contacts: dict[int, str]) -> str:
    if item["kind"] == DECISION:
        return texts("notes.item.decision", what=item["what"])
    return texts("notes.item.action", title=item["title"], owner=contacts.get(item["owner_id"], "–"),
                 due=item["due"] or "–")


async def _notes_answer(_prompt: PromptValidatorContext, text: str, _known: dict[str, Any]) -> str:
    notes = text.strip()
    if not notes:
        raise TextEmpty()
    if len(notes) > NOTES_MAX_LENGTH:
        raise TextTooLong(max_length=NOTES_MAX_LENGTH)
    return notes


async def _keep_answer(prompt: PromptValidatorContext, text: str, known: dict[str, Any]) -> list[int]:
    """All, none, or the numbers to keep ("1 3", "1, 3")."""
    texts, count = texts_of(prompt.context), known["count"]
    typed = normalise(text)
    if typed in {normalise(word) for word in texts.words("notes.keep_words.all")}:
        return list(range(1, count + 1))
    if typed in {normalise(word) for word in texts.words("notes.keep_words.none")}:
        return []
    numbers = re.split(r"[\s,;]+", typed)
    if not all(number.isdigit() and 1 <= int(number) <= count for number in numbers):
        raise NotAKeepAnswer(count=count)
    return sorted({int(number) for number in numbers})


async def _more_answer(prompt: PromptValidatorContext, text: str, _known: dict[str, Any]) -> str:
    answer = more_answer(texts_of(prompt.context), text)
    if answer is None:
        raise NotAMoreAnswer()
    return answer


async def _decision_answer(_prompt: PromptValidatorContext, text: str, _known: dict[str, Any]) -> dict[str, Any]:
    return _decision_item(ProposedDecision(clean_text(text, max_length=WHAT_MAX_LENGTH)))
