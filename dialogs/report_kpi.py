""""rapportera KPI" / "registrera nyckeltal för Städbolaget": contract (skipped when there is one) → KPI →
period (the due one proposed; one already reported may be corrected) → value → comment → confirm → saved,
answered with a card of status, change and trend. Nothing is written before the yes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from botbuilder.core import MessageFactory
from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import PromptOptions, PromptValidatorContext, TextPrompt

from bot.domain.errors import DomainError, InvalidInput
from bot.domain.kpis import KpiDefinition, Period
from bot.domain.typed_input import clean_text, is_skip
from bot.i18n import Texts
from bot.kpi_words import kpi_error_text
from bot.services.kpi_reporting import (
    COMMENT_MAX_LENGTH,
    find_kpi,
    kpis_to_report,
    period_to_report,
    record_kpi_value,
    reportable_contracts,
    value_to_report,
)
from bot.services.ports import UnitOfWorkFactory
from cards.kpi_result import format_number, kpi_result_card, with_unit
from dialogs.answers import chosen_id, yes_or_no
from dialogs.interruptible import InterruptibleDialog
from dialogs.register_prompts import choices_card, confirm_prompt, say, text_prompt, yes_no_validator
from dialogs.turn import person_of, texts_of


class NotAChoice(InvalidInput):
    """The answer names none of the contracts or KPIs offered."""


class ReportKpiDialog(InterruptibleDialog):
    """Begun with what the command named (a contract reference or a supplier) as its options, if anything."""

    def __init__(self, unit_of_work: UnitOfWorkFactory, today: Callable[[], date]) -> None:
        super().__init__(ReportKpiDialog.__name__)
        self._unit_of_work = unit_of_work
        self._today = today
        self.add_dialog(TextPrompt("kpi.contract", self._validator(self._contract_answer)))
        self.add_dialog(TextPrompt("kpi.kpi", self._validator(self._kpi_answer)))
        self.add_dialog(TextPrompt("kpi.period", self._validator(self._period_answer)))
        self.add_dialog(TextPrompt("kpi.correct", yes_no_validator("kpi.correct_reask")))
        self.add_dialog(TextPrompt("kpi.value", self._validator(self._value_answer)))
        self.add_dialog(TextPrompt("kpi.comment", self._validator(self._comment_answer)))
        self.add_dialog(TextPrompt("kpi.confirm", yes_no_validator("edit.confirm_reask")))
        self.add_dialog(WaterfallDialog("kpi.period_loop", [self._ask_period, self._ask_correct, self._period_chosen]))
        self.add_dialog(WaterfallDialog("kpi.steps", [
            self._choose_contract, self._choose_kpi, self._choose_period, self._ask_value, self._ask_comment,
            self._confirm, self._save,
        ]))
        self.initial_dialog_id = "kpi.steps"

    # --- the steps ---

    async def _choose_contract(self, step: WaterfallStepContext) -> DialogTurnResult:
        person, texts = person_of(step.context), texts_of(step.context)
        contracts = await reportable_contracts(self._unit_of_work, person)
        if not contracts:
            await say(step.context, "kpi.no_contracts")
            return await step.end_dialog()
        typed = step.options if isinstance(step.options, str) and step.options else None
        if typed:
            named = await reportable_contracts(self._unit_of_work, person, typed)
            if len(named) == 1:
                return await step.next(named[0].id)
            if named:
                contracts = named
            else:
                await say(step.context, "kpi.no_match", value=typed[:60])
        if len(contracts) == 1:
            return await step.next(contracts[0].id)
        choices = [
            {"id": contract.id, "answer": contract.reference, "value": f"{contract.title} – {contract.supplier_name}"}
            for contract in contracts
        ]
        card = choices_card(choices, texts("kpi.ask.contract_title"), texts("kpi.ask.contract_question"))
        return await step.prompt("kpi.contract", PromptOptions(prompt=card, validations={"choices": choices}))

    async def _choose_kpi(self, step: WaterfallStepContext) -> DialogTurnResult:
        texts = texts_of(step.context)
        kpis = await kpis_to_report(self._unit_of_work, person_of(step.context), step.result)
        if not kpis:
            await say(step.context, "kpi.no_kpis")
            return await step.end_dialog()
        if len(kpis) == 1:
            return await step.next(kpis[0].id)
        choices = [{"id": kpi.id, "answer": kpi.name, "value": _kpi_summary(texts, kpi)} for kpi in kpis]
        contract = kpis[0].contract
        title = texts("kpi.ask.kpi_title", reference=contract.reference, supplier=contract.supplier_name)
        card = choices_card(choices, title, texts("kpi.ask.kpi_question"))
        return await step.prompt("kpi.kpi", PromptOptions(prompt=card, validations={"choices": choices}))

    async def _choose_period(self, step: WaterfallStepContext) -> DialogTurnResult:
        kpi = await find_kpi(self._unit_of_work, person_of(step.context), step.result)
        step.values.update(kpi_id=kpi.id, kpi=kpi.name, unit=kpi.unit)
        return await step.begin_dialog("kpi.period_loop", {"kpi_id": kpi.id, "proposed": self._proposed(kpi).label})

    async def _ask_value(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values.update(step.result)  # period, correct, before
        texts = texts_of(step.context)
        if step.values["before"] is not None:
            text = texts("kpi.ask.value_correct", kpi=step.values["kpi"], period=step.values["period"],
                         before=self._shown(texts, step.values, step.values["before"]))
        else:
            text = texts("kpi.ask.value", kpi=step.values["kpi"], period=step.values["period"],
                         example=format_number(texts, Decimal("91.5")))
        return await step.prompt("kpi.value", text_prompt(text, {"kpi_id": step.values["kpi_id"]}))

    async def _ask_comment(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["value"] = step.result
        return await step.prompt("kpi.comment", text_prompt(texts_of(step.context)("kpi.ask.comment")))

    async def _confirm(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["comment"] = step.result
        values, texts = step.values, texts_of(step.context)
        facts = [(texts("kpi.fact.kpi"), values["kpi"]), (texts("kpi.fact.period"), values["period"])]
        if values["before"] is not None:
            facts.append((texts("kpi.fact.before"), self._shown(texts, values, values["before"])))
        facts.append((texts("kpi.fact.value"), self._shown(texts, values, values["value"])))
        facts.append((texts("kpi.fact.comment"), values["comment"] or "–"))
        title = texts("kpi.confirm_title_correct" if values["correct"] else "kpi.confirm_title")
        return await step.prompt("kpi.confirm", confirm_prompt(texts, title, facts, texts("kpi.confirm_question")))

    async def _save(self, step: WaterfallStepContext) -> DialogTurnResult:
        if not step.result:
            await say(step.context, "edit.not_saved")
            return await step.end_dialog()
        values, texts = step.values, texts_of(step.context)
        try:
            result = await record_kpi_value(
                self._unit_of_work, person_of(step.context), values["kpi_id"], values["period"],
                Decimal(values["value"]), values["comment"], self._today(), correct=values["correct"],
            )
        except DomainError as error:
            await step.context.send_activity(MessageFactory.text(_words(texts, error)))
            return await step.end_dialog()
        await step.context.send_activity(MessageFactory.attachment(kpi_result_card(texts, result)))
        return await step.end_dialog()

    # --- the period, and whether to correct one already reported ---

    async def _ask_period(self, step: WaterfallStepContext) -> DialogTurnResult:
        options = step.options
        step.values["kpi_id"] = options["kpi_id"]
        texts = texts_of(step.context)
        if options.get("proposed"):
            text = texts("kpi.ask.period", period=options["proposed"])
        else:
            text = texts("kpi.ask.other_period", example=options["example"])
        validations = {"kpi_id": options["kpi_id"], "proposed": options.get("proposed")}
        return await step.prompt("kpi.period", text_prompt(text, validations))

    async def _ask_correct(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values.update(step.result)
        if step.result["before"] is None:
            return await step.end_dialog({**step.result, "correct": False})
        texts = texts_of(step.context)
        text = texts("kpi.error.already_reported", period=step.result["period"],
                     value=format_number(texts, Decimal(step.result["before"])))
        return await step.prompt("kpi.correct", text_prompt(text))

    async def _period_chosen(self, step: WaterfallStepContext) -> DialogTurnResult:
        if step.result:
            return await step.end_dialog({"period": step.values["period"], "before": step.values["before"],
                                          "correct": True})
        return await step.replace_dialog(
            "kpi.period_loop", {"kpi_id": step.values["kpi_id"], "example": step.values["period"]}
        )

    # --- what each answer must be ---

    def _validator(self, parse: Callable[[PromptValidatorContext, str, dict[str, Any]], Any]):
        async def validate(prompt: PromptValidatorContext) -> bool:
            try:
                value = await parse(prompt, prompt.recognized.value or "", prompt.options.validations or {})
            except DomainError as error:
                await prompt.context.send_activity(MessageFactory.text(_words(texts_of(prompt.context), error)))
                return False
            prompt.recognized.value = value
            return True

        return validate

    async def _contract_answer(self, prompt: PromptValidatorContext, text: str, known: dict[str, Any]) -> int:
        chosen = chosen_id(known["choices"], text)
        if chosen is not None:
            return chosen
        named = await reportable_contracts(self._unit_of_work, person_of(prompt.context), text.strip())
        if len(named) == 1:  # a contract beyond the listed ones, named by its reference
            return named[0].id
        raise NotAChoice(value=text.strip()[:60], count=len(known["choices"]), what="contract")

    async def _kpi_answer(self, _prompt: PromptValidatorContext, text: str, known: dict[str, Any]) -> int:
        chosen = chosen_id(known["choices"], text)
        if chosen is None:
            raise NotAChoice(value=text.strip()[:60], count=len(known["choices"]), what="kpi")
        return chosen

    async def _period_answer(self, prompt: PromptValidatorContext, text: str, known: dict[str, Any]) -> dict:
        label = text
        if known.get("proposed"):
            answer = yes_or_no(texts_of(prompt.context), text)
            if answer is False:  # not the proposed period: which one, then?
                raise OtherPeriodWanted(example=known["proposed"])
            if answer is True:
                label = known["proposed"]
        period, before = await period_to_report(
            self._unit_of_work, person_of(prompt.context), known["kpi_id"], label, self._today()
        )
        return {"period": period.label, "before": str(before.value) if before is not None else None}

    async def _value_answer(self, prompt: PromptValidatorContext, text: str, known: dict[str, Any]) -> str:
        return str(await value_to_report(self._unit_of_work, person_of(prompt.context), known["kpi_id"], text))

    async def _comment_answer(self, _prompt: PromptValidatorContext, text: str, _known: dict[str, Any]) -> str | None:
        if is_skip(text):
            return None
        return clean_text(text, max_length=COMMENT_MAX_LENGTH)

    # --- helpers ---

    def _proposed(self, kpi: KpiDefinition) -> Period:
        return kpi.period_due(self._today())

    @staticmethod
    def _shown(texts: Texts, values: dict[str, Any], number: str) -> str:
        return with_unit(texts, Decimal(number), values.get("unit"))


def _kpi_summary(texts: Texts, kpi: KpiDefinition) -> str:
    frequency = texts(f"kpi.frequency.{kpi.frequency.value}")
    target = kpi.thresholds.target
    if target is None:
        return frequency
    return texts("kpi.choice.kpi", frequency=frequency, target=with_unit(texts, target, kpi.unit))


class OtherPeriodWanted(InvalidInput):
    code = "kpi.ask.other_period"


def _words(texts: Texts, error: DomainError) -> str:
    """The error in the user's language, with its numbers written the way the language writes them."""
    if isinstance(error, NotAChoice):
        return texts(f"kpi.error.{error.params['what']}", value=error.params["value"], count=error.params["count"])
    return kpi_error_text(texts, error)
