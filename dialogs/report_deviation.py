""""rapportera avvikelse [för X]" / "reklamation [för X]": contract (skipped when there is one) → day → type →
severity → description → complaint or not (already yes for "reklamation") → confirm → saved. When deviations
repeat, the bot then proposes the next step of the sanctions ladder with a button that begins deciding it.
Nothing is written before the yes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import PromptOptions, TextPrompt

from bot.deviation_words import proposal_text, severity_name, type_name
from bot.domain.access import may_decide_sanction
from bot.domain.deviations import (
    Deviation,
    DeviationType,
    Severity,
    clean_description,
    parse_deviation_type,
    parse_past_day,
    parse_severity,
)
from bot.domain.errors import DomainError, InvalidInput
from bot.services.deviations import (
    ReportedDeviation,
    deviation_contracts,
    report_deviation,
)
from bot.services.ports import UnitOfWorkFactory
from cards.render import attachment, render_card
from dialogs.answers import chosen_id
from dialogs.interruptible import InterruptibleDialog
from dialogs.register_prompts import (
    choices_card,
    confirm_prompt,
    parsing_validator,
    say,
    text_prompt,
    yes_no_validator,
)
from dialogs.turn import person_of, texts_of


class NotAContract(InvalidInput):
    code = "deviation.error.not_a_contract"


class ReportDeviationDialog(InterruptibleDialog):
    """Begun with {"argument": what the command named, "complaint": True for "reklamation", else None}."""

    def __init__(self, unit_of_work: UnitOfWorkFactory, today: Callable[[], date]) -> None:
        super().__init__(ReportDeviationDialog.__name__)
        self._unit_of_work = unit_of_work
        self._today = today
        self.add_dialog(TextPrompt("deviation.contract", parsing_validator(self._contract_answer)))
        self.add_dialog(TextPrompt("deviation.day", parsing_validator(self._day_answer)))
        self.add_dialog(TextPrompt("deviation.type", parsing_validator(_type_answer)))
        self.add_dialog(TextPrompt("deviation.severity", parsing_validator(_severity_answer)))
        self.add_dialog(TextPrompt("deviation.description", parsing_validator(_description_answer)))
        self.add_dialog(TextPrompt("deviation.complaint", yes_no_validator("deviation.complaint_reask")))
        self.add_dialog(TextPrompt("deviation.confirm", yes_no_validator("edit.confirm_reask")))
        self.add_dialog(WaterfallDialog("deviation.steps", [
            self._choose_contract, self._ask_day, self._ask_type, self._ask_severity, self._ask_description,
            self._ask_complaint, self._confirm, self._save,
        ]))
        self.initial_dialog_id = "deviation.steps"

    async def _choose_contract(self, step: WaterfallStepContext) -> DialogTurnResult:
        options = step.options if isinstance(step.options, dict) else {}
        step.values["complaint"] = options.get("complaint")
        texts, person = texts_of(step.context), person_of(step.context)
        contracts = await deviation_contracts(self._unit_of_work, person)
        if not contracts:
            await say(step.context, "deviation.no_contracts")
            return await step.end_dialog()
        typed = options.get("argument")
        if typed:
            named = await deviation_contracts(self._unit_of_work, person, typed)
            if not named:
                await say(step.context, "deviation.no_match", value=typed[:60])
            contracts = named or contracts
        step.values["references"] = {str(contract.id): contract.reference for contract in contracts}
        if len(contracts) == 1:
            return await step.next(contracts[0].id)
        choices = [{"id": c.id, "answer": c.reference, "value": f"{c.title} – {c.supplier_name}"} for c in contracts]
        card = choices_card(choices, texts("deviation.ask.contract_title"), texts("deviation.ask.contract_question"))
        return await step.prompt("deviation.contract", PromptOptions(prompt=card, validations={"choices": choices}))

    async def _ask_day(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["contract_id"] = step.result
        return await step.prompt("deviation.day", text_prompt(texts_of(step.context)("deviation.ask.day")))

    async def _ask_type(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["day"] = step.result
        return await _choose(step, "type", DeviationType, type_name)

    async def _ask_severity(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["type"] = step.result
        return await _choose(step, "severity", Severity, severity_name)

    async def _ask_description(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["severity"] = step.result
        return await step.prompt("deviation.description", text_prompt(texts_of(step.context)("deviation.ask.description")))

    async def _ask_complaint(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["description"] = step.result
        if step.values["complaint"] is not None:
            return await step.next(step.values["complaint"])
        return await step.prompt("deviation.complaint", text_prompt(texts_of(step.context)("deviation.ask.complaint")))

    async def _confirm(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["complaint"] = step.result
        values, texts = step.values, texts_of(step.context)
        reference = values["references"].get(str(values["contract_id"]))
        facts = [(texts("deviation.fact.day"), values["day"]),
                 (texts("deviation.fact.type"), type_name(texts, DeviationType(values["type"]))),
                 (texts("deviation.fact.severity"), severity_name(texts, Severity(values["severity"]))),
                 (texts("deviation.fact.complaint"), texts("answer.yes" if values["complaint"] else "answer.no")),
                 (texts("deviation.fact.description"), values["description"])]
        facts.insert(0, (texts("deviation.fact.contract"), reference or "–"))
        title = texts("deviation.confirm_title_complaint" if values["complaint"] else "deviation.confirm_title")
        return await step.prompt("deviation.confirm", confirm_prompt(texts, title, facts, texts("deviation.confirm_question")))

    async def _save(self, step: WaterfallStepContext) -> DialogTurnResult:
        if not step.result:
            await say(step.context, "edit.not_saved")
            return await step.end_dialog()
        values, texts = step.values, texts_of(step.context)
        deviation = Deviation(
            contract_id=values["contract_id"], occurred_on=date.fromisoformat(values["day"]),
            type=DeviationType(values["type"]), severity=Severity(values["severity"]),
            is_complaint=values["complaint"], description=values["description"],
        )
        try:
            reported = await report_deviation(self._unit_of_work, person_of(step.context), deviation, self._today())
        except DomainError as error:
            await step.context.send_activity(MessageFactory.text(texts(error.code, **error.params)))
            return await step.end_dialog()
        await send_saved(step.context, reported)
        return await step.end_dialog()

    async def _contract_answer(self, text: str, known: dict[str, Any]) -> int:
        chosen = chosen_id(known["choices"], text)
        if chosen is None:
            raise NotAContract(value=text.strip()[:60], count=len(known["choices"]))
        return chosen

    async def _day_answer(self, text: str, _known: dict[str, Any]) -> str:
        return parse_past_day(text, self._today()).isoformat()


async def _type_answer(text: str, known: dict[str, Any]) -> str:
    return chosen_id(known["choices"], text) or parse_deviation_type(text).value


async def _severity_answer(text: str, known: dict[str, Any]) -> str:
    return chosen_id(known["choices"], text) or parse_severity(text).value


async def _description_answer(text: str, _known: dict[str, Any]) -> str:
    return clean_description(text)


async def send_saved(turn_context: TurnContext, reported: ReportedDeviation) -> None:
    """"Sparat", and the proposed next step of the ladder when deviations repeat: with a button that begins
    deciding it for those who decide sanctions on the contract."""
    texts = texts_of(turn_context)
    key = "deviation.saved_complaint" if reported.deviation.is_complaint else "deviation.saved"
    await say(turn_context, key, reference=reported.contract.reference, supplier=reported.contract.supplier_name)
    if reported.proposal is None:
        return
    command = texts("sanction.decide_command", reference=reported.contract.reference)
    may_decide = may_decide_sanction(person_of(turn_context), reported.contract.id)
    options = [{"title": texts("sanction.propose_button"), "data": {"msteams": {"type": "imBack", "value": command}}}]
    card = render_card("choice", {
        "title": proposal_text(texts, reported.proposal),
        "text": texts("sanction.propose_question") if may_decide else texts("sanction.propose_to_decider"),
        "options": options if may_decide else [],
    })
    await turn_context.send_activity(MessageFactory.attachment(attachment(card)))


async def _choose(step: WaterfallStepContext, asked: str, options, name) -> DialogTurnResult:
    """A choice card of every member of `options` (the deviation's type or severity), named and explained."""
    texts = texts_of(step.context)
    choices = [{"id": option.value, "answer": name(texts, option),
                "value": texts(f"deviation.{asked}.{option.name.lower()}.text")} for option in options]
    card = choices_card(choices, texts(f"deviation.ask.{asked}_title"), texts(f"deviation.ask.{asked}_question"))
    return await step.prompt(f"deviation.{asked}", PromptOptions(prompt=card, validations={"choices": choices}))
