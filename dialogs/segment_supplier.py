""""segmentera Städbolaget": supplier (chosen when several match) → six questions, one at a time, each answered
with its number, its words or the card's button → the Kraljic matrix card → **ja** saves, **nej** saves nothing,
**ändra segment** lets a coordinator choose another segment with a stated reason. Nothing is written before
that last answer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from botbuilder.core import MessageFactory
from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import PromptOptions, PromptValidatorContext, TextPrompt

from bot.domain.access import may_segment
from bot.domain.contracts import Segment
from bot.domain.errors import DomainError, InvalidInput, NotAllowed
from bot.domain.segmentation import QUESTIONS, SCORES, Question, Segmentation, segment_from_answers, stated_reason
from bot.i18n import Texts
from bot.plan_words import SEGMENTS, option_label, read_option, read_segment, reason_text, segment_name
from bot.services.follow_up_plans import defaults_of
from bot.services.lookups import CatalogueCache
from bot.services.ports import UnitOfWorkFactory
from bot.services.segmentation import SupplierToSegment, segment_supplier, supplier_to_segment, suppliers_named
from cards.kraljic import kraljic_card
from cards.render import attachment, render_card
from bot.commands import normalise
from dialogs.answers import chosen_id, yes_or_no
from dialogs.interruptible import InterruptibleDialog
from dialogs.register_prompts import prompt_validator, say, text_prompt
from dialogs.turn import person_of, texts_of

SAVE, DISCARD, OVERRIDE = "save", "discard", "override"


class NotASupplierChoice(InvalidInput):
    code = "segment.error.supplier_choice"


class NoSupplierNamed(InvalidInput):
    code = "segment.no_match"


class SeveralSuppliersNamed(InvalidInput):
    code = "segment.several"


class NotADecision(InvalidInput):
    code = "segment.confirm_reask"


class SegmentSupplierDialog(InterruptibleDialog):
    """Begun with what the command named (a supplier's name or org number, or a contract), if anything."""

    def __init__(self, unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache) -> None:
        super().__init__(SegmentSupplierDialog.__name__)
        self._unit_of_work = unit_of_work
        self._catalogue = catalogue
        self.add_dialog(TextPrompt("segment.supplier", _validator(self._supplier_answer)))
        for question in QUESTIONS:
            self.add_dialog(TextPrompt(f"segment.{question.value}", _validator(_option_answer(question))))
        self.add_dialog(TextPrompt("segment.decision", _validator(_decision)))
        self.add_dialog(TextPrompt("segment.override", _validator(_segment_answer)))
        self.add_dialog(TextPrompt("segment.reason", _validator(_reason_answer)))
        steps = [self._choose_supplier, self._start]
        steps += [self._next_question(question) for question in QUESTIONS[1:]]
        steps += [self._show_matrix, self._decided, self._override_chosen, self._save_override]
        self.add_dialog(WaterfallDialog("segment.steps", steps))
        self.initial_dialog_id = "segment.steps"

    # --- the supplier ---

    async def _choose_supplier(self, step: WaterfallStepContext) -> DialogTurnResult:
        texts, person = texts_of(step.context), person_of(step.context)
        if not may_segment(person, person.contract_roles):  # no supplier at all: refused before any question
            await say(step.context, "error.not_allowed")
            return await step.end_dialog()
        typed = step.options if isinstance(step.options, str) and step.options else None
        if typed is None:
            return await step.prompt("segment.supplier", text_prompt(texts("segment.ask_supplier")))
        hits = await suppliers_named(self._catalogue, person, typed)
        if not hits:
            await say(step.context, "segment.no_match", value=typed[:60])
            return await step.end_dialog()
        if len(hits) == 1:
            return await step.next(hits[0].id)
        choices = [{"id": hit.id, "answer": hit.label} for hit in hits]
        card = render_card("choices", {
            "title": texts("segment.choose_title", value=typed[:60]),
            "choices": [{**choice, "label": f"{number}.", "value": choice["answer"]}
                        for number, choice in enumerate(choices, 1)],
            "question": texts("segment.choose_question"),
        })
        return await step.prompt("segment.supplier", PromptOptions(
            prompt=MessageFactory.attachment(attachment(card)), validations={"choices": choices}))

    async def _start(self, step: WaterfallStepContext) -> DialogTurnResult:
        try:
            start = await supplier_to_segment(self._unit_of_work, person_of(step.context), step.result)
        except NotAllowed:
            await say(step.context, "error.not_allowed")
            return await step.end_dialog()
        step.values.update(supplier_id=start.supplier.id, supplier=start.supplier.name, answers={})
        await say(step.context, "segment.start", supplier=start.supplier.name, count=len(QUESTIONS))
        return await _ask(step, QUESTIONS[0])

    # --- the questions ---

    def _next_question(self, question: Question) -> Callable[[WaterfallStepContext], Awaitable[DialogTurnResult]]:
        previous = QUESTIONS[QUESTIONS.index(question) - 1]

        async def ask(step: WaterfallStepContext) -> DialogTurnResult:
            step.values["answers"][previous.value] = step.result
            return await _ask(step, question)

        return ask

    async def _show_matrix(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["answers"][QUESTIONS[-1].value] = step.result
        texts = texts_of(step.context)
        segmentation = _segmentation(step.values)
        start = await supplier_to_segment(self._unit_of_work, person_of(step.context), step.values["supplier_id"])
        card = _matrix(texts, start, segmentation, buttons=(
            texts("answer.yes"), texts("segment.button.override"), texts("answer.no")),
            question=texts("segment.card.question"))
        return await step.prompt("segment.decision", PromptOptions(prompt=MessageFactory.attachment(attachment(card))))

    async def _decided(self, step: WaterfallStepContext) -> DialogTurnResult:
        if step.result == DISCARD:
            await say(step.context, "edit.not_saved")
            return await step.end_dialog()
        if step.result == SAVE:
            return await self._save(step, _segmentation(step.values))
        texts = texts_of(step.context)
        choices = [{"id": segment.value, "answer": segment_name(texts, segment)} for segment in SEGMENTS]
        card = render_card("choices", {
            "title": texts("segment.ask_override"),
            "choices": [{**choice, "label": f"{number}.", "value": choice["answer"]}
                        for number, choice in enumerate(choices, 1)],
            "question": texts("segment.choose_question"),
        })
        return await step.prompt("segment.override", PromptOptions(prompt=MessageFactory.attachment(attachment(card))))

    async def _override_chosen(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["override"] = step.result
        texts = texts_of(step.context)
        text = texts("segment.ask_reason", segment=segment_name(texts, Segment(step.result)))
        return await step.prompt("segment.reason", text_prompt(text))

    async def _save_override(self, step: WaterfallStepContext) -> DialogTurnResult:
        overridden = _segmentation(step.values).overridden_to(Segment(step.values["override"]), step.result)
        return await self._save(step, overridden)

    async def _save(self, step: WaterfallStepContext, segmentation: Segmentation) -> DialogTurnResult:
        texts = texts_of(step.context)
        try:
            saved = await segment_supplier(
                self._unit_of_work, person_of(step.context), step.values["supplier_id"], segmentation,
                described_reason=reason_text(texts, segmentation),
            )
        except DomainError as error:
            await step.context.send_activity(MessageFactory.text(texts(error.code, **error.params)))
            return await step.end_dialog()
        await say(step.context, "segment.saved", supplier=step.values["supplier"],
                  segment=segment_name(texts, saved.segmentation.segment))
        if saved.kept:
            await say(step.context, "segment.kept", references=", ".join(saved.kept))
        return await step.end_dialog()

    # --- answers ---

    async def _supplier_answer(self, prompt: PromptValidatorContext, text: str) -> int:
        choices = (prompt.options.validations or {}).get("choices")
        if choices:
            chosen = chosen_id(choices, text)
            if chosen is None:
                raise NotASupplierChoice(value=text.strip()[:60], count=len(choices))
            return chosen
        hits = await suppliers_named(self._catalogue, person_of(prompt.context), text.strip())
        if not hits:
            raise NoSupplierNamed(value=text.strip()[:60])
        if len(hits) > 1:
            raise SeveralSuppliersNamed(names=", ".join(hit.label for hit in hits))
        return hits[0].id


Parse = Callable[[PromptValidatorContext, str], Awaitable[Any]]


def _validator(parse: Parse):
    """`prompt_validator` for answers that need the turn but no validations."""
    return prompt_validator(lambda prompt, text, _validations: parse(prompt, text))


def _option_answer(question: Question) -> Parse:
    async def parse(_prompt: PromptValidatorContext, text: str) -> str:
        return read_option(question, text)

    return parse


async def _decision(prompt: PromptValidatorContext, text: str) -> str:
    """Ja saves, nej saves nothing, "ändra segment" (or "override") chooses another segment."""
    texts = texts_of(prompt.context)
    answer = yes_or_no(texts, text)
    if answer is not None:
        return SAVE if answer else DISCARD
    if normalise(text) in {normalise(word) for word in texts.words("segment.override_words")}:
        return OVERRIDE
    raise NotADecision()


async def _segment_answer(_prompt: PromptValidatorContext, text: str) -> str:
    return read_segment(text).value


async def _reason_answer(_prompt: PromptValidatorContext, text: str) -> str:
    return stated_reason(text)


async def _ask(step: WaterfallStepContext, question: Question) -> DialogTurnResult:
    texts = texts_of(step.context)
    number = QUESTIONS.index(question) + 1
    options = [option_label(texts, question, option) for option in SCORES[question]]
    card = render_card("choices", {
        "title": texts("segment.question", number=number, count=len(QUESTIONS),
                       question=texts(f"segment.q.{question.value}")),
        "choices": [{"label": f"{index}.", "value": label, "answer": label} for index, label in enumerate(options, 1)],
        "question": texts(f"segment.hint.{question.value}"),
    })
    return await step.prompt(f"segment.{question.value}",
                             PromptOptions(prompt=MessageFactory.attachment(attachment(card))))


def _segmentation(values: dict[str, Any]) -> Segmentation:
    return segment_from_answers({Question(key): option for key, option in values["answers"].items()})


def _matrix(texts: Texts, start: SupplierToSegment, segmentation: Segmentation, **question) -> dict[str, Any]:
    plan = defaults_of(start.defaults, segmentation.segment)
    return kraljic_card(texts, start.supplier.name, segmentation, plan, start.history,
                        reason=reason_text(texts, segmentation), **question)

