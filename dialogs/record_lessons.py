""""lärdomar för avtal 2024-017" / "record lessons for 2024-017": contract (skipped when named) → what worked
well → what should be different in the next procurement → a confirm card listing them → saved together.
Each question takes one lesson per line, in as many messages as the user likes, until "klart" (or a dash).
Nothing is written before the yes."""

from __future__ import annotations

from typing import Any

from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import PromptValidatorContext, TextPrompt

from bot.domain.errors import DomainError
from bot.domain.lessons import lesson_lines
from bot.services.lessons import record_lessons
from bot.services.lookups import CatalogueCache
from bot.services.ports import UnitOfWorkFactory
from dialogs.follow_up_steps import choose_contract, contract_answer
from dialogs.interruptible import InterruptibleDialog
from dialogs.register_prompts import (
    confirm_prompt,
    prompt_validator,
    say,
    text_prompt,
    yes_no_validator,
)
from dialogs.turn import person_of, texts_of


_COLLECT = "lesson.collect"


class RecordLessonsDialog(InterruptibleDialog):
    """Begun with the contract as typed, or none."""

    def __init__(self, unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache) -> None:
        super().__init__(RecordLessonsDialog.__name__)
        self._unit_of_work = unit_of_work
        self._catalogue = catalogue
        self.add_dialog(TextPrompt("lesson.contract", prompt_validator(contract_answer(catalogue))))
        self.add_dialog(TextPrompt("lesson.lines", prompt_validator(_lines_answer)))
        self.add_dialog(TextPrompt("lesson.confirm", yes_no_validator("edit.confirm_reask")))
        self.add_dialog(WaterfallDialog("lesson.steps", [
            self._contract, self._ask_worked, self._ask_change, self._confirm, self._save,
        ]))
        self.add_dialog(WaterfallDialog(_COLLECT, [self._ask_lines, self._more_lines]))
        self.initial_dialog_id = "lesson.steps"

    async def _contract(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await choose_contract(step, self._catalogue, "lesson.contract")

    async def _ask_worked(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["contract_id"] = step.result
        current = await self._catalogue.current()
        reference = current.contracts[step.result].reference
        question = texts_of(step.context)("lesson.ask.worked", reference=reference)
        return await step.begin_dialog(_COLLECT, {"question": question, "lines": []})

    async def _ask_change(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["worked"] = step.result
        question = texts_of(step.context)("lesson.ask.change")
        return await step.begin_dialog(_COLLECT, {"question": question, "lines": []})

    # --- one question's lessons, over as many messages as the user sends, until "klart" ---

    async def _ask_lines(self, step: WaterfallStepContext) -> DialogTurnResult:
        return await step.prompt("lesson.lines", text_prompt(step.options["question"]))

    async def _more_lines(self, step: WaterfallStepContext) -> DialogTurnResult:
        lines = step.options["lines"] + step.result
        if not step.result:
            return await step.end_dialog(lines)
        return await step.replace_dialog(_COLLECT, {"question": texts_of(step.context)("lesson.ask.more"),
                                                    "lines": lines})

    async def _confirm(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["change"] = step.result
        values, texts = step.values, texts_of(step.context)
        if not values["worked"] and not values["change"]:
            await say(step.context, "lesson.nothing")
            return await step.end_dialog()
        reference = (await self._catalogue.current()).contracts[values["contract_id"]].reference
        facts = [(texts("lesson.fact.contract"), reference)]
        facts += [(texts("lesson.fact.worked", number=n), text) for n, text in enumerate(values["worked"], 1)]
        facts += [(texts("lesson.fact.change", number=n), text) for n, text in enumerate(values["change"], 1)]
        return await step.prompt("lesson.confirm", confirm_prompt(
            texts, texts("lesson.confirm_title"), facts, texts("lesson.confirm_question")))

    async def _save(self, step: WaterfallStepContext) -> DialogTurnResult:
        if not step.result:
            await say(step.context, "edit.not_saved")
            return await step.end_dialog()
        values = step.values
        try:
            saved = await record_lessons(self._unit_of_work, self._catalogue, person_of(step.context),
                                         values["contract_id"], values["worked"], values["change"])
        except DomainError as error:
            await say(step.context, error.code, **error.params)
            return await step.end_dialog()
        await say(step.context, "lesson.saved", count=len(saved))
        return await step.end_dialog()


async def _lines_answer(prompt: PromptValidatorContext, text: str, _known: dict[str, Any]) -> list[str]:
    return lesson_lines(text, texts_of(prompt.context).words("lesson.done_words"))
