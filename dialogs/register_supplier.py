""""ny leverantör": name → organisation number → confirm → saved. Nothing is written before the yes."""

from __future__ import annotations

from botbuilder.core import MessageFactory
from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import PromptOptions, PromptValidatorContext, TextPrompt

from bot.domain.access import Permission, allowed
from bot.domain.errors import DomainError, InvalidOrgNumber
from bot.domain.suppliers import normalise_org_number
from bot.services.ports import UnitOfWorkFactory
from bot.services.suppliers import find_supplier, register_supplier
from cards.render import attachment, render_card
from dialogs.answers import yes_or_no
from dialogs.interruptible import InterruptibleDialog
from dialogs.turn import person_of, texts_of

NAME_MAX_LENGTH = 200


class RegisterSupplierDialog(InterruptibleDialog):
    def __init__(self, unit_of_work: UnitOfWorkFactory) -> None:
        super().__init__(RegisterSupplierDialog.__name__)
        self._unit_of_work = unit_of_work
        self.add_dialog(TextPrompt("supplier.name", self._valid_name))
        self.add_dialog(TextPrompt("supplier.org_number", self._valid_org_number))
        self.add_dialog(TextPrompt("supplier.confirm", self._valid_yes_no))
        self.add_dialog(
            WaterfallDialog(
                "supplier.steps", [self._ask_name, self._ask_org_number, self._confirm, self._save]
            )
        )
        self.initial_dialog_id = "supplier.steps"

    async def _ask_name(self, step: WaterfallStepContext) -> DialogTurnResult:
        texts = texts_of(step.context)
        if not allowed(person_of(step.context), Permission.EDIT_REGISTER):
            await step.context.send_activity(MessageFactory.text(texts("error.not_allowed")))
            return await step.end_dialog()
        return await step.prompt(
            "supplier.name", PromptOptions(prompt=MessageFactory.text(texts("supplier.ask_name")))
        )

    async def _ask_org_number(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["name"] = " ".join(step.result.split())
        texts = texts_of(step.context)
        prompt = texts("supplier.ask_org_number", name=step.values["name"])
        return await step.prompt("supplier.org_number", PromptOptions(prompt=MessageFactory.text(prompt)))

    async def _confirm(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["org_number"] = normalise_org_number(step.result)
        texts = texts_of(step.context)
        card = render_card(
            "confirm",
            {
                "title": texts("supplier.confirm_title"),
                "facts": [
                    {"title": texts("supplier.fact_name"), "value": step.values["name"]},
                    {"title": texts("supplier.fact_org_number"), "value": step.values["org_number"]},
                ],
                "question": texts("supplier.confirm_question"),
                "yes": texts("answer.yes"),
                "no": texts("answer.no"),
            },
        )
        prompt = MessageFactory.attachment(attachment(card))
        return await step.prompt("supplier.confirm", PromptOptions(prompt=prompt))

    async def _save(self, step: WaterfallStepContext) -> DialogTurnResult:
        texts = texts_of(step.context)
        if not yes_or_no(texts, step.result):
            await step.context.send_activity(MessageFactory.text(texts("supplier.not_saved")))
            return await step.end_dialog()
        try:
            supplier = await register_supplier(
                self._unit_of_work, person_of(step.context),
                name=step.values["name"], org_number=step.values["org_number"],
            )
        except DomainError as error:
            await step.context.send_activity(MessageFactory.text(texts(error.code, **error.params)))
            return await step.end_dialog()
        reply = texts("supplier.saved", name=supplier.name, org_number=supplier.org_number)
        await step.context.send_activity(MessageFactory.text(reply))
        return await step.end_dialog(supplier.id)

    # --- validators: each says why an answer was not accepted, and the prompt waits for a new one ---

    async def _valid_name(self, prompt: PromptValidatorContext) -> bool:
        texts = texts_of(prompt.context)
        name = " ".join((prompt.recognized.value or "").split())
        if not name:
            await prompt.context.send_activity(MessageFactory.text(texts("error.text_empty")))
            return False
        if len(name) > NAME_MAX_LENGTH:
            reason = texts("error.text_too_long", max_length=NAME_MAX_LENGTH)
            await prompt.context.send_activity(MessageFactory.text(reason))
            return False
        return True

    async def _valid_org_number(self, prompt: PromptValidatorContext) -> bool:
        texts = texts_of(prompt.context)
        typed = prompt.recognized.value or ""
        try:
            existing = await find_supplier(self._unit_of_work, typed)
        except InvalidOrgNumber as error:
            await prompt.context.send_activity(MessageFactory.text(texts(error.code, **error.params)))
            return False
        if existing is not None:
            reason = texts("error.supplier_exists", name=existing.name, org_number=existing.org_number)
            await prompt.context.send_activity(MessageFactory.text(reason))
            return False
        return True

    async def _valid_yes_no(self, prompt: PromptValidatorContext) -> bool:
        texts = texts_of(prompt.context)
        if yes_or_no(texts, prompt.recognized.value or "") is None:
            await prompt.context.send_activity(MessageFactory.text(texts("supplier.confirm_reask")))
            return False
        return True
