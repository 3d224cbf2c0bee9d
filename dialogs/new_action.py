""""ny aktivitet [för 2024-017]": contract (skipped when named) → what is to be done → the owner, a contact of the
contract's team named as typed (typos and å/ä/ö as a/a/o allowed) → due date (today or later) → the party
responsible (a dash: the owner's) → confirm → saved, and reminded by the reminder planner. Nothing is written
before the yes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import PromptValidatorContext, TextPrompt

from bot.domain.actions import TITLE_MAX_LENGTH, Action, parse_due_date
from bot.domain.errors import DomainError, InvalidInput
from bot.domain.meeting_notes import owner_named
from bot.domain.typed_input import clean_text, is_skip, parse_party
from bot.services.actions import add_action
from bot.services.follow_up_access import contract_to_record, team_contacts
from bot.services.lookups import CatalogueCache
from bot.services.ports import UnitOfWorkFactory
from dialogs.follow_up_steps import choose_contract, contract_answer
from dialogs.interruptible import InterruptibleDialog
from dialogs.register_prompts import confirm_prompt, prompt_validator, say, text_prompt, yes_no_validator
from dialogs.turn import person_of, texts_of


class OwnerNotNamed(InvalidInput):
    code = "action.error.owner_named"


class NewActionDialog(InterruptibleDialog):
    def __init__(self, unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache, today: Callable[[], date]) -> None:
        super().__init__(NewActionDialog.__name__)
        self._unit_of_work = unit_of_work
        self._catalogue = catalogue
        self._today = today
        self.add_dialog(TextPrompt("action.contract", prompt_validator(contract_answer(catalogue))))
        self.add_dialog(TextPrompt("action.title", prompt_validator(_title_answer)))
        self.add_dialog(TextPrompt("action.owner", prompt_validator(self._owner_answer)))
        self.add_dialog(TextPrompt("action.due", prompt_validator(self._due_answer)))
        self.add_dialog(TextPrompt("action.party", prompt_validator(_party_answer)))
        self.add_dialog(TextPrompt("action.confirm", yes_no_validator("edit.confirm_reask")))
        self.add_dialog(WaterfallDialog("action.steps", [
            self._contract, self._ask_title, self._ask_owner, self._ask_due, self._ask_party, self._confirm,
            self._save,
        ]))
        self.initial_dialog_id = "action.steps"

    async def _contract(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await choose_contract(step, self._catalogue, "action.contract")

    async def _ask_title(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["contract_id"] = step.result
        return await step.prompt("action.title", text_prompt(texts_of(step.context)("action.ask.title")))

    async def _ask_owner(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["title"] = step.result
        contacts = await self._contacts(step.context, step.values["contract_id"])
        text = texts_of(step.context)("action.ask.owner", names=", ".join(contacts.values()))
        return await step.prompt("action.owner", text_prompt(text, {"contract_id": step.values["contract_id"]}))

    async def _ask_due(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["owner_id"] = step.result
        return await step.prompt("action.due", text_prompt(texts_of(step.context)("action.ask.due")))

    async def _ask_party(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["due"] = step.result
        return await step.prompt("action.party", text_prompt(texts_of(step.context)("action.ask.party")))

    async def _confirm(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["party"] = step.result
        values, texts = step.values, texts_of(step.context)
        contacts = await self._contacts(step.context, values["contract_id"])
        reference = (await self._catalogue.current()).contracts[values["contract_id"]].reference
        facts = [
            (texts("decision.fact.contract"), reference),
            (texts("action.fact.title"), values["title"]),
            (texts("action.fact.owner"), contacts.get(values["owner_id"], "–")),
            (texts("action.fact.due"), values["due"]),
            (texts("action.fact.party"), values["party"] or "–"),
        ]
        return await step.prompt("action.confirm", confirm_prompt(
            texts, texts("action.confirm_title"), facts, texts("action.confirm_question")))

    async def _save(self, step: WaterfallStepContext) -> DialogTurnResult:
        if not step.result:
            await say(step.context, "edit.not_saved")
            return await step.end_dialog()
        values = step.values
        action = Action(None, values["contract_id"], values["title"], values["owner_id"],
                        date.fromisoformat(values["due"]), party=values["party"])
        try:
            added = await add_action(self._unit_of_work, self._catalogue, person_of(step.context), action,
                                     self._today())
        except DomainError as error:
            await say(step.context, error.code, **error.params)
            return await step.end_dialog()
        await say(step.context, "action.saved", id=added.id)
        return await step.end_dialog()

    async def _contacts(self, turn_context, contract_id: int) -> dict[int, str]:
        file = await contract_to_record(self._catalogue, person_of(turn_context), contract_id)
        return dict(team_contacts(file))

    async def _owner_answer(self, prompt: PromptValidatorContext, text: str, known: dict[str, Any]) -> int:
        owner = owner_named(text, await self._contacts(prompt.context, known["contract_id"]))
        if owner is None:
            raise OwnerNotNamed(value=text.strip()[:60])
        return owner

    async def _due_answer(self, _prompt: PromptValidatorContext, text: str, _known: dict[str, Any]) -> str:
        return parse_due_date(text, self._today()).isoformat()


async def _title_answer(_prompt: PromptValidatorContext, text: str, _known: dict[str, Any]) -> str:
    return clean_text(text, max_length=TITLE_MAX_LENGTH)


async def _party_answer(_prompt: PromptValidatorContext, text: str, _known: dict[str, Any]) -> str | None:
    return None if is_skip(text) else parse_party(text).value
