""""nytt avtal": reference → title → supplier → category → owning unit → start → end → notice period →
yearly value → status → confirm → saved. Nothing is written before the yes."""

from __future__ import annotations

from typing import Any

from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import TextPrompt

from bot.domain.errors import ContractExists, DomainError
from bot.domain.typed_input import parse_reference
from bot.services.ports import UnitOfWorkFactory
from bot.services.register_edits import create_contract, find_contract
from dialogs.contract_fields import FIELDS, ContractField, contract_from, field_label, read_answer, shown
from dialogs.interruptible import InterruptibleDialog
from dialogs.register_prompts import (
    confirm_prompt,
    may_edit_register,
    parsing_validator,
    say,
    text_prompt,
    yes_no_validator,
)
from dialogs.turn import person_of, texts_of


class NewContractDialog(InterruptibleDialog):
    def __init__(self, unit_of_work: UnitOfWorkFactory) -> None:
        super().__init__(NewContractDialog.__name__)
        self._unit_of_work = unit_of_work
        self.add_dialog(TextPrompt("contract.reference", parsing_validator(self._new_reference)))
        for field in FIELDS:
            self.add_dialog(TextPrompt(f"contract.{field.name}", parsing_validator(self._reader(field))))
        self.add_dialog(TextPrompt("contract.confirm", yes_no_validator("edit.confirm_reask")))
        steps = [self._ask_reference, *(self._asker(index) for index in range(len(FIELDS))), self._confirm,
                 self._save]
        self.add_dialog(WaterfallDialog("contract.steps", steps))
        self.initial_dialog_id = "contract.steps"

    async def _ask_reference(self, step: WaterfallStepContext) -> DialogTurnResult:
        if not await may_edit_register(step.context):
            return await step.end_dialog()
        texts = texts_of(step.context)
        return await step.prompt("contract.reference", text_prompt(texts("contract.ask.reference")))

    def _asker(self, index: int):
        """The step that keeps the previous answer and asks for FIELDS[index]."""
        field = FIELDS[index]
        previous = FIELDS[index - 1].name if index else "reference"

        async def ask(step: WaterfallStepContext) -> DialogTurnResult:
            step.values[previous] = step.result
            texts = texts_of(step.context)
            known = {name: step.values.get(name) for name in ("start_date", "end_date")}
            return await step.prompt(f"contract.{field.name}", text_prompt(texts(f"contract.ask.{field.name}"), known))

        ask.__name__ = f"ask_{field.name}"
        return ask

    async def _confirm(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values[FIELDS[-1].name] = step.result
        texts = texts_of(step.context)
        facts = [(texts("contract.field.reference"), step.values["reference"])]
        facts += [(field_label(texts, field.name), shown(texts, field.name, step.values[field.name]))
                  for field in FIELDS]
        return await step.prompt(
            "contract.confirm",
            confirm_prompt(texts, texts("contract.confirm_title"), facts, texts("contract.confirm_question")),
        )

    async def _save(self, step: WaterfallStepContext) -> DialogTurnResult:
        if not step.result:
            await say(step.context, "edit.not_saved")
            return await step.end_dialog()
        try:
            contract = await create_contract(self._unit_of_work, person_of(step.context), contract_from(step.values))
        except DomainError as error:
            await say(step.context, error.code, **error.params)
            return await step.end_dialog()
        await say(step.context, "contract.saved", reference=contract.reference, title=contract.title)
        return await step.end_dialog(contract.id)

    # --- what each answer must be ---

    async def _new_reference(self, text: str, _known: dict[str, Any]) -> str:
        reference = parse_reference(text)
        existing = await find_contract(self._unit_of_work, reference)
        if existing is not None:
            raise ContractExists(reference=existing.reference, title=existing.title)
        return reference

    def _reader(self, field: ContractField):
        async def read(text: str, known: dict[str, Any]) -> Any:
            return await read_answer(self._unit_of_work, field, text, known)

        return read
