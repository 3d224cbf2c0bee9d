""""besluta sanktion för X" / "decide sanction for X": a person records the step of the sanctions ladder they
decided. Step (the proposed one first; uppsägning or hävning past undecided steps only after an explicit yes)
→ basis (the deviations since the last step: all, some by number, or none) → decided by → amount (for
innehållen betalning, prisavdrag and vite) → date → confirm → saved. Nothing is written before the yes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from botbuilder.core import MessageFactory
from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import PromptOptions, TextPrompt

from bot.commands import normalise
from bot.deviation_words import amount_text, severity_name, step_name, type_name
from bot.domain.access import may_decide_sanction
from bot.domain.deviations import parse_past_day
from bot.domain.errors import DomainError, InvalidInput
from bot.domain.sanctions import (
    LADDER,
    Sanction,
    SanctionStep,
    check_amount,
    needs_explicit_choice,
    parse_step,
    skipped_steps,
    takes_amount,
)
from bot.domain.typed_input import clean_text, is_skip, parse_amount_sek
from bot.services.deviations import deviation_contracts
from bot.services.ports import UnitOfWorkFactory
from bot.services.sanctions import (
    DECIDED_BY_MAX_LENGTH,
    decide_sanction,
    sanction_ladder,
)
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
from dialogs.report_deviation import NotAContract
from dialogs.turn import person_of, texts_of


class NotABasis(InvalidInput):
    code = "sanction.error.not_a_basis"


class DecideSanctionDialog(InterruptibleDialog):
    """Begun with what the command named (a contract reference or a supplier), if anything."""

    def __init__(self, unit_of_work: UnitOfWorkFactory, today: Callable[[], date]) -> None:
        super().__init__(DecideSanctionDialog.__name__)
        self._unit_of_work = unit_of_work
        self._today = today
        self.add_dialog(TextPrompt("sanction.contract", parsing_validator(_chosen)))
        self.add_dialog(TextPrompt("sanction.step", parsing_validator(self._step_answer)))
        self.add_dialog(TextPrompt("sanction.skip", yes_no_validator("sanction.skip_reask")))
        self.add_dialog(TextPrompt("sanction.basis", parsing_validator(self._basis_answer)))
        self.add_dialog(TextPrompt("sanction.decided_by", parsing_validator(self._decided_by_answer)))
        self.add_dialog(TextPrompt("sanction.amount", parsing_validator(_amount_answer)))
        self.add_dialog(TextPrompt("sanction.day", parsing_validator(self._day_answer)))
        self.add_dialog(TextPrompt("sanction.confirm", yes_no_validator("edit.confirm_reask")))
        self.add_dialog(WaterfallDialog("sanction.steps", [
            self._choose_contract, self._ask_step, self._ask_skip, self._ask_basis, self._ask_decided_by,
            self._ask_amount, self._ask_day, self._confirm, self._save,
        ]))
        self.initial_dialog_id = "sanction.steps"

    async def _choose_contract(self, step: WaterfallStepContext) -> DialogTurnResult:
        person, texts = person_of(step.context), texts_of(step.context)
        typed = step.options if isinstance(step.options, str) and step.options else None
        visible = await deviation_contracts(self._unit_of_work, person, typed, to_report=False)
        contracts = [contract for contract in visible if may_decide_sanction(person, contract.id)]
        if not contracts:
            await say(step.context, "sanction.not_allowed" if visible else "sanction.no_contracts", value=(typed or "")[:60])
            return await step.end_dialog()
        if len(contracts) == 1:
            return await step.next(contracts[0].id)
        choices = [{"id": c.id, "answer": c.reference, "value": f"{c.title} – {c.supplier_name}"} for c in contracts]
        card = choices_card(choices, texts("deviation.ask.contract_title"), texts("sanction.ask.contract_question"))
        return await step.prompt("sanction.contract", PromptOptions(prompt=card, validations={"choices": choices}))

    async def _ask_step(self, step: WaterfallStepContext) -> DialogTurnResult:
        texts = texts_of(step.context)
        ladder = await sanction_ladder(self._unit_of_work, person_of(step.context), step.result, self._today())
        proposed = ladder.proposal.step if ladder.proposal else None
        step.values.update(
            contract_id=ladder.contract.id, reference=ladder.contract.reference,
            decided=[sanction.step.value for sanction in ladder.sanctions],
            since=[{"id": d.id, "text": f"{d.occurred_on.isoformat()} {type_name(texts, d.type)} "
                    f"({severity_name(texts, d.severity)}): {d.description[:80]}"} for d in ladder.since_last_step],
        )
        ordered = ([proposed] if proposed else []) + [s for s in LADDER if s is not proposed]
        choices = [{"id": s.value, "answer": step_name(texts, s),
                    "value": texts("sanction.proposed") if s is proposed else (texts("sanction.decided_before") if s.value in step.values["decided"] else " ")}
                   for s in ordered]
        question = texts("sanction.ask.step_proposed", step=step_name(texts, proposed)) if proposed else texts("sanction.ask.step")
        card = choices_card(choices, texts("sanction.ask.step_title", reference=ladder.contract.reference), question)
        validations = {"choices": choices, "proposed": proposed.value if proposed else None}
        return await step.prompt("sanction.step", PromptOptions(prompt=card, validations=validations))

    async def _ask_skip(self, step: WaterfallStepContext) -> DialogTurnResult:
        chosen = SanctionStep(step.result)
        step.values["step"] = chosen.value
        decided = _decided(step.values)
        if not needs_explicit_choice(chosen, decided):
            return await step.next(False)
        texts = texts_of(step.context)
        skipped = ", ".join(step_name(texts, s) for s in skipped_steps(chosen, decided))
        text = texts("sanction.ask.skip", step=step_name(texts, chosen), skipped=skipped)
        return await step.prompt("sanction.skip", text_prompt(text))

    async def _ask_basis(self, step: WaterfallStepContext) -> DialogTurnResult:
        if needs_explicit_choice(SanctionStep(step.values["step"]), _decided(step.values)) and not step.result:
            await say(step.context, "edit.not_saved")
            return await step.end_dialog()
        step.values["explicit"] = bool(step.result)
        since = step.values["since"]
        if not since:
            return await step.next([])
        texts = texts_of(step.context)
        lines = "\n\n".join(f"{number}. {item['text']}" for number, item in enumerate(since, 1))
        card = render_card("choice", {
            "title": texts("sanction.ask.basis_title"),
            "text": f"{lines}\n\n{texts('sanction.ask.basis_question')}",
            "options": [{"title": texts("sanction.basis_all"),
                         "data": {"msteams": {"type": "imBack", "value": texts("sanction.basis_all")}}}],
        })
        prompt = MessageFactory.attachment(attachment(card))
        return await step.prompt("sanction.basis", PromptOptions(prompt=prompt, validations={"ids": [i["id"] for i in since]}))

    async def _ask_decided_by(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["basis"] = step.result
        return await step.prompt("sanction.decided_by", text_prompt(texts_of(step.context)("sanction.ask.decided_by")))

    async def _ask_amount(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["decided_by"] = step.result
        if not takes_amount(SanctionStep(step.values["step"])):
            return await step.next(None)
        texts = texts_of(step.context)
        text = texts("sanction.ask.amount", step=step_name(texts, SanctionStep(step.values["step"])))
        return await step.prompt("sanction.amount", text_prompt(text))

    async def _ask_day(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["amount"] = step.result
        return await step.prompt("sanction.day", text_prompt(texts_of(step.context)("sanction.ask.day")))

    async def _confirm(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["day"] = step.result
        values, texts = step.values, texts_of(step.context)
        facts = [(texts("deviation.fact.contract"), values["reference"]),
                 (texts("sanction.fact.step"), step_name(texts, SanctionStep(values["step"]))),
                 (texts("sanction.fact.basis"), texts("sanction.basis_count", count=len(values["basis"]))),
                 (texts("sanction.fact.decided_by"), values["decided_by"]),
                 (texts("sanction.fact.day"), values["day"])]
        if values["amount"] is not None:
            facts.append((texts("sanction.fact.amount"), amount_text(texts, Decimal(values["amount"]))))
        return await step.prompt("sanction.confirm", confirm_prompt(texts, texts("sanction.confirm_title"), facts,
                                                                     texts("sanction.confirm_question")))

    async def _save(self, step: WaterfallStepContext) -> DialogTurnResult:
        if not step.result:
            await say(step.context, "edit.not_saved")
            return await step.end_dialog()
        values, texts = step.values, texts_of(step.context)
        decision = Sanction(
            contract_id=values["contract_id"], step=SanctionStep(values["step"]),
            decided_on=date.fromisoformat(values["day"]), decided_by=values["decided_by"],
            amount_sek=Decimal(values["amount"]) if values["amount"] is not None else None,
            deviation_ids=tuple(values["basis"]),
        )
        try:
            await decide_sanction(self._unit_of_work, person_of(step.context), decision, self._today(),
                                  explicit=values["explicit"])
        except DomainError as error:
            await step.context.send_activity(MessageFactory.text(texts(error.code, **error.params)))
            return await step.end_dialog()
        await say(step.context, "sanction.saved", step=step_name(texts, decision.step), reference=values["reference"])
        return await step.end_dialog()

    async def _step_answer(self, text: str, known: dict[str, Any]) -> str:
        chosen = chosen_id(known["choices"], text)
        if chosen is None and known.get("proposed") and normalise(text) in {"ja", "yes", "ok"}:
            chosen = known["proposed"]
        return chosen or parse_step(text).value

    async def _basis_answer(self, text: str, known: dict[str, Any]) -> list[int]:
        ids, typed = known["ids"], normalise(text)
        if typed in {"alla", "all", "alla sedan senaste steget", "all since the last step"}:
            return list(ids)
        if is_skip(text) or typed in {"inga", "none"}:
            return []
        numbers = [part.strip() for part in typed.replace(" och ", ",").replace(" and ", ",").split(",")]
        if not all(n.isdigit() and 1 <= int(n) <= len(ids) for n in numbers):
            raise NotABasis(value=text.strip()[:40], count=len(ids))
        return sorted({ids[int(n) - 1] for n in numbers})

    async def _decided_by_answer(self, text: str, _known: dict[str, Any]) -> str:
        return clean_text(text, max_length=DECIDED_BY_MAX_LENGTH)

    async def _day_answer(self, text: str, _known: dict[str, Any]) -> str:
        return parse_past_day(text, self._today()).isoformat()


async def _chosen(text: str, known: dict[str, Any]) -> int:
    chosen = chosen_id(known["choices"], text)
    if chosen is None:
        raise NotAContract(value=text.strip()[:60], count=len(known["choices"]))
    return chosen


async def _amount_answer(text: str, _known: dict[str, Any]) -> str:
    return str(check_amount(parse_amount_sek(text)))


def _decided(values: dict[str, Any]) -> list[Sanction]:
    return [Sanction(contract_id=values["contract_id"], step=SanctionStep(step), decided_on=date.min, decided_by="")
            for step in values["decided"]]
