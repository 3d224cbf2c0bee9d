""""logga beslut [för 2024-017]" and "rätta beslut 7": contract (skipped when named, or taken from the decision
corrected) → what was decided → the day (idag, igår or a date, never in the future) → decided by (a dash: the
user) → basis → the meeting it was made at (when the contract has meetings) → confirm → logged. A correction is
a new entry pointing at the old one. Nothing is written before the yes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import PromptValidatorContext, TextPrompt

from bot.domain.decisions import WHAT_MAX_LENGTH, Decision, parse_past_date
from bot.domain.errors import DomainError
from bot.domain.typed_input import clean_text, is_skip
from bot.services.decisions import correct_decision, decision_to_correct, log_decision
from bot.services.lookups import CatalogueCache
from bot.services.meeting_notes import recent_meetings
from bot.services.ports import UnitOfWorkFactory
from dialogs.follow_up_steps import (
    choice_answer,
    choices_prompt,
    choose_contract,
    contract_answer,
    optional_text,
)
from dialogs.interruptible import InterruptibleDialog
from dialogs.register_prompts import confirm_prompt, prompt_validator, say, text_prompt, yes_no_validator
from dialogs.turn import person_of, texts_of

BY_MAX_LENGTH = 300
NO_MEETING = 0


class LogDecisionDialog(InterruptibleDialog):
    """Begun with a typed contract (str), or `{"corrects": id}` for a correction."""

    def __init__(self, unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache, today: Callable[[], date]) -> None:
        super().__init__(LogDecisionDialog.__name__)
        self._unit_of_work = unit_of_work
        self._catalogue = catalogue
        self._today = today
        self.add_dialog(TextPrompt("decision.contract", prompt_validator(contract_answer(catalogue))))
        self.add_dialog(TextPrompt("decision.what", prompt_validator(_what_answer)))
        self.add_dialog(TextPrompt("decision.day", prompt_validator(self._day_answer)))
        self.add_dialog(TextPrompt("decision.by", prompt_validator(_by_answer)))
        self.add_dialog(TextPrompt("decision.basis", prompt_validator(_basis_answer)))
        self.add_dialog(TextPrompt("decision.meeting", prompt_validator(choice_answer)))
        self.add_dialog(TextPrompt("decision.confirm", yes_no_validator("edit.confirm_reask")))
        self.add_dialog(WaterfallDialog("decision.steps", [
            self._contract, self._ask_what, self._ask_day, self._ask_by, self._ask_basis, self._ask_meeting,
            self._confirm, self._save,
        ]))
        self.initial_dialog_id = "decision.steps"

    async def _contract(self, step: WaterfallStepContext) -> DialogTurnResult:
        if isinstance(step.options, dict) and "corrects" in step.options:
            try:
                original = await decision_to_correct(self._unit_of_work, self._catalogue, person_of(step.context),
                                                     int(step.options["corrects"]))
            except DomainError as error:
                await say(step.context, error.code, **error.params)
                return await step.end_dialog()
            step.values["corrects"] = original.id
            await say(step.context, "decision.correcting", id=original.id, what=original.what)
            return await step.next(original.contract_id)
        return await choose_contract(step, self._catalogue, "decision.contract")

    async def _ask_what(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["contract_id"] = step.result
        return await step.prompt("decision.what", text_prompt(texts_of(step.context)("decision.ask.what")))

    async def _ask_day(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["what"] = step.result
        return await step.prompt("decision.day", text_prompt(texts_of(step.context)("decision.ask.day")))

    async def _ask_by(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["day"] = step.result
        texts = texts_of(step.context)
        return await step.prompt("decision.by", text_prompt(texts("decision.ask.by", name=person_of(step.context).name)))

    async def _ask_basis(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["by"] = step.result or person_of(step.context).name
        return await step.prompt("decision.basis", text_prompt(texts_of(step.context)("decision.ask.basis")))

    async def _ask_meeting(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["basis"] = step.result
        texts = texts_of(step.context)
        meetings = await recent_meetings(self._unit_of_work, self._catalogue, person_of(step.context),
                                         step.values["contract_id"])
        if not meetings:
            return await step.next(NO_MEETING)
        choices = [{"id": NO_MEETING, "answer": texts("decision.no_meeting"), "value": "–"}] + [
            {"id": meeting.id, "answer": texts("notes.meeting_answer", id=meeting.id),
             "value": f"{meeting.starts_at.date().isoformat()} {meeting.form}"}
            for meeting in meetings
        ]
        return await step.prompt("decision.meeting", choices_prompt(
            choices, texts("decision.ask.meeting_title"), texts("decision.ask.meeting")))

    async def _confirm(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["meeting_id"] = step.result or None
        values, texts = step.values, texts_of(step.context)
        current = await self._catalogue.current()
        reference = current.contracts[values["contract_id"]].reference
        facts = [
            (texts("decision.fact.contract"), reference),
            (texts("decision.fact.what"), values["what"]),
            (texts("decision.fact.day"), values["day"]),
            (texts("decision.fact.by"), values["by"]),
            (texts("decision.fact.basis"), values["basis"] or "–"),
            (texts("decision.fact.meeting"), str(values["meeting_id"]) if values["meeting_id"] else "–"),
        ]
        if values.get("corrects"):
            facts.append((texts("decision.fact.corrects"), str(values["corrects"])))
        return await step.prompt("decision.confirm", confirm_prompt(
            texts, texts("decision.confirm_title"), facts, texts("decision.confirm_question")))

    async def _save(self, step: WaterfallStepContext) -> DialogTurnResult:
        if not step.result:
            await say(step.context, "edit.not_saved")
            return await step.end_dialog()
        values, person = step.values, person_of(step.context)
        decision = Decision(None, values["contract_id"], date.fromisoformat(values["day"]), values["what"],
                            decided_by=values["by"], basis=values["basis"], meeting_id=values["meeting_id"])
        try:
            if values.get("corrects"):
                logged = await correct_decision(self._unit_of_work, self._catalogue, person, values["corrects"],
                                                decision)
            else:
                logged = await log_decision(self._unit_of_work, self._catalogue, person, decision)
        except DomainError as error:
            await say(step.context, error.code, **error.params)
            return await step.end_dialog()
        await say(step.context, "decision.saved", id=logged.id)
        return await step.end_dialog()

    async def _day_answer(self, _prompt: PromptValidatorContext, text: str, _known: dict[str, Any]) -> str:
        return (self._today() if is_skip(text) else parse_past_date(text, self._today())).isoformat()


async def _what_answer(_prompt: PromptValidatorContext, text: str, _known: dict[str, Any]) -> str:
    return clean_text(text, max_length=WHAT_MAX_LENGTH)


async def _by_answer(_prompt: PromptValidatorContext, text: str, _known: dict[str, Any]) -> str | None:
    return optional_text(text, BY_MAX_LENGTH)


async def _basis_answer(_prompt: PromptValidatorContext, text: str, _known: dict[str, Any]) -> str | None:
    return optional_text(text, WHAT_MAX_LENGTH)
