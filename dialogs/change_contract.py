""""ändra avtal 2024-017": which fact (a card of choices, answered by number or name) → the new value →
confirm, showing before and after → saved. Nothing is written before the yes."""

from __future__ import annotations

from typing import Any

from botbuilder.core import MessageFactory
from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import PromptOptions, TextPrompt

from bot.domain.errors import ContractNotFound, DomainError, InvalidInput
from bot.domain.typed_input import parse_reference
from bot.services.ports import UnitOfWorkFactory
from bot.services.register_edits import change_contract, find_contract, find_supplier_by_id
from cards.render import attachment, render_card
from dialogs.contract_fields import (
    FIELDS,
    ContractField,
    domain_value,
    field_label,
    field_named,
    read_answer,
    shown,
    values_of,
)
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


class InvalidField(InvalidInput):
    """The answer names none of the fields on the change card."""

    code = "edit.error.field"


class ChangeContractDialog(InterruptibleDialog):
    """Begun with the contract's reference as its options when the command named one."""

    def __init__(self, unit_of_work: UnitOfWorkFactory) -> None:
        super().__init__(ChangeContractDialog.__name__)
        self._unit_of_work = unit_of_work
        self.add_dialog(TextPrompt("edit.reference", parsing_validator(self._existing_reference)))
        self.add_dialog(TextPrompt("edit.field", parsing_validator(self._field)))
        for field in FIELDS:
            self.add_dialog(TextPrompt(f"edit.{field.name}", parsing_validator(self._reader(field))))
        self.add_dialog(TextPrompt("edit.confirm", yes_no_validator("edit.confirm_reask")))
        self.add_dialog(
            WaterfallDialog(
                "edit.steps", [self._start, self._choose_field, self._ask_value, self._confirm, self._save]
            )
        )
        self.initial_dialog_id = "edit.steps"

    async def _start(self, step: WaterfallStepContext) -> DialogTurnResult:
        if not await may_edit_register(step.context):
            return await step.end_dialog()
        if isinstance(step.options, str) and step.options:
            return await step.next(step.options)
        texts = texts_of(step.context)
        return await step.prompt("edit.reference", text_prompt(texts("edit.ask_reference")))

    async def _choose_field(self, step: WaterfallStepContext) -> DialogTurnResult:
        contract = await find_contract(self._unit_of_work, step.result)
        supplier = await find_supplier_by_id(self._unit_of_work, contract.supplier_id) if contract else None
        if contract is None or supplier is None:
            await say(step.context, "contract.error.not_found", reference=step.result[:60])
            return await step.end_dialog()
        step.values["current"] = current = values_of(contract, supplier)
        texts = texts_of(step.context)
        choices = [
            {"label": f"{number}. {field_label(texts, field.name)}", "answer": field_label(texts, field.name),
             "value": shown(texts, field.name, current[field.name])}
            for number, field in enumerate(FIELDS, start=1)
        ]
        card = render_card("choices", {
            "title": texts("edit.choose_title", reference=contract.reference, title=contract.title),
            "choices": choices,
            "question": texts("edit.choose_question"),
        })
        return await step.prompt("edit.field", PromptOptions(prompt=MessageFactory.attachment(attachment(card))))

    async def _ask_value(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["field"] = name = step.result
        current = step.values["current"]
        texts = texts_of(step.context)
        prompt = "\n\n".join((texts(f"contract.ask.{name}"), texts("edit.current", value=shown(texts, name, current[name]))))
        known = {"start_date": current["start_date"], "end_date": current["end_date"]}
        return await step.prompt(f"edit.{name}", text_prompt(prompt, known))

    async def _confirm(self, step: WaterfallStepContext) -> DialogTurnResult:
        name, current, new = step.values["field"], step.values["current"], step.result
        step.values["new"] = new
        texts = texts_of(step.context)
        if new == current[name]:
            await say(step.context, "edit.unchanged", field=field_label(texts, name))
            return await step.end_dialog()
        facts = [
            (texts("contract.field.reference"), f"{current['reference']} – {current['title']}"),
            (texts("edit.fact_field"), field_label(texts, name)),
            (texts("edit.fact_before"), shown(texts, name, current[name])),
            (texts("edit.fact_after"), shown(texts, name, new)),
        ]
        return await step.prompt(
            "edit.confirm", confirm_prompt(texts, texts("edit.confirm_title"), facts, texts("edit.confirm_question"))
        )

    async def _save(self, step: WaterfallStepContext) -> DialogTurnResult:
        if not step.result:
            await say(step.context, "edit.not_saved")
            return await step.end_dialog()
        name, current = step.values["field"], step.values["current"]
        try:
            await change_contract(
                self._unit_of_work, person_of(step.context), current["reference"], name,
                domain_value(name, step.values["new"]),
            )
        except DomainError as error:
            await say(step.context, error.code, **error.params)
            return await step.end_dialog()
        texts = texts_of(step.context)
        await say(step.context, "edit.saved", reference=current["reference"], field=field_label(texts, name),
                  before=shown(texts, name, current[name]), after=shown(texts, name, step.values["new"]))
        return await step.end_dialog()

    # --- what each answer must be ---

    async def _existing_reference(self, text: str, _known: dict[str, Any]) -> str:
        reference = parse_reference(text)
        contract = await find_contract(self._unit_of_work, reference)
        if contract is None:
            raise ContractNotFound(reference=reference)
        return contract.reference

    async def _field(self, text: str, _known: dict[str, Any]) -> str:
        field = field_named(text)
        if field is None:
            raise InvalidField(count=len(FIELDS))
        return field.name

    def _reader(self, field: ContractField):
        async def read(text: str, known: dict[str, Any]) -> Any:
            return await read_answer(self._unit_of_work, field, text, known)

        return read

