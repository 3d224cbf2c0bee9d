""""checklista samarbetsmodell för Städbolaget" / "checklist cooperation model for X": the part (asked when not
named) → the contract (chosen when several fit) → one question at a time until the part is answered, then
the part's answers as a card.

Each answer is stored as it is given, and the next question is always the first item the database holds no
answer for, so the checklist goes on from where it stands after a pause, a restart of the bot or someone
else's answers. An answer to a question someone else answered after it was asked is not stored: the user is
told who answered it and what, and gets the next question."""

from __future__ import annotations

import re
from typing import Any

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import PromptOptions, PromptValidatorContext, TextPrompt

from bot.commands import normalise
from bot.domain.checklists import Answer, item_number, next_unanswered, parse_answer, part, part_named, parts
from bot.domain.errors import DomainError, InvalidInput
from bot.i18n import texts_for
from bot.services.checklists import AlreadyAnswered, ChecklistNotFound, checklist, may_answer_checklist, record_answer
from bot.services.follow_up_plans import contracts_named
from bot.services.lookups import CatalogueCache
from bot.services.ports import UnitOfWorkFactory
from cards.checklist_cards import question_card, summary_card
from cards.render import attachment, render_card
from dialogs.answers import chosen_id
from dialogs.interruptible import InterruptibleDialog
from dialogs.register_prompts import refuse, say, text_prompt
from dialogs.turn import person_of, texts_of

SKIP, PAUSE = "skip", "pause"


class NotAChoice(InvalidInput):
    code = "checklist.error.not_a_choice"


class StaleQuestion(InvalidInput):
    """A button of a card that asked another item than the one asked now."""

    code = "checklist.error.stale_card"


class ChecklistDialog(InterruptibleDialog):
    """Begun with what followed the command ("samarbetsmodell för Städbolaget"), if anything."""

    cancelled_text = "checklist.cancelled"  # the answers given are stored already
    left_text = "checklist.left"

    def __init__(self, unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache,
                 dialog_id: str | None = None) -> None:
        super().__init__(dialog_id or ChecklistDialog.__name__)
        self._unit_of_work = unit_of_work
        self._catalogue = catalogue
        self.add_dialog(TextPrompt("checklist.part", self._validator(self._part_answer)))
        self.add_dialog(TextPrompt("checklist.contract", self._validator(self._contract_answer)))
        self.add_dialog(TextPrompt("checklist.answer", self._validator(self._item_answer)))
        self.add_dialog(WaterfallDialog("checklist.loop", [self._ask, self._store]))
        self.add_dialog(WaterfallDialog("checklist.steps", [self._choose_part, self._choose_contract, self._begin]))
        self.initial_dialog_id = "checklist.steps"

    # --- which checklist ---

    async def _choose_part(self, step: WaterfallStepContext) -> DialogTurnResult:
        typed = await self._typed(step)
        if typed is None:
            return await step.end_dialog()
        chosen, rest = part_named(typed)
        step.values["typed_contract"] = rest
        if chosen is not None:
            return await step.next(chosen.key)
        texts = texts_of(step.context)
        choices = [{"id": found.key, "answer": found.name[texts.language], "value": found.name[texts.language]}
                   for found in parts()]
        card = _choices_card(choices, texts("checklist.ask.part_title"), texts("checklist.ask.part_question"))
        return await step.prompt("checklist.part", PromptOptions(prompt=card, validations={"choices": choices}))

    async def _typed(self, step: WaterfallStepContext) -> str | None:
        """What followed the command; None ends the dialog (the user was told why)."""
        return step.options if isinstance(step.options, str) else ""

    async def _choose_contract(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["part"] = step.result
        typed = step.values["typed_contract"]
        hits = await contracts_named(self._catalogue, person_of(step.context), typed) if typed else []
        if len(hits) == 1:
            return await step.next(hits[0].id)
        texts = texts_of(step.context)
        if not hits:
            if typed:
                await say(step.context, "checklist.no_match", value=typed[:60])
            return await step.prompt("checklist.contract", text_prompt(texts("checklist.ask.contract"), {"choices": []}))
        choices = [{"id": hit.id, "answer": hit.label, "value": hit.label} for hit in hits]
        card = _choices_card(choices, texts("checklist.ask.contract_title", subject=typed[:60]),
                             texts("checklist.ask.contract_question"))
        return await step.prompt("checklist.contract", PromptOptions(prompt=card, validations={"choices": choices}))

    async def _begin(self, step: WaterfallStepContext) -> DialogTurnResult:
        person, chosen = person_of(step.context), part(step.values["part"])
        if not await may_answer_checklist(self._catalogue, person, step.result, chosen):
            await say(step.context, "checklist.error.not_allowed")
            return await step.end_dialog()
        options = {"contract_id": step.result, "part": chosen.key, "skipped": []}
        redo = step.values.get("redo_number")
        if redo is not None:
            if not 1 <= redo <= len(chosen.items):
                await say(step.context, "checklist.change.no_item", number=redo, total=len(chosen.items))
                return await step.end_dialog()
            options["redo"] = chosen.items[redo - 1].key
        return await step.replace_dialog("checklist.loop", options)

    # --- one question, one answer ---

    async def _ask(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values.update(step.options)
        texts = texts_of(step.context)
        try:
            state = await checklist(self._unit_of_work, self._catalogue, person_of(step.context),
                                    step.values["contract_id"], part(step.values["part"]))
        except ChecklistNotFound:
            await say(step.context, "checklist.error.not_found")
            return await step.end_dialog()
        if step.values.get("redo"):  # one item asked again, answered or not
            item = next(item for item in state.part.items if item.key == step.values["redo"])
        else:
            item = next_unanswered(state.part, (given.item_key for given in state.answers), step.values["skipped"])
        if item is None:
            if not state.progress.complete:
                await say(step.context, "checklist.skipped_left", count=state.progress.total - state.progress.answered)
            else:
                await say(step.context, "checklist.done")
            await step.context.send_activity(MessageFactory.attachment(attachment(summary_card(texts, state))))
            return await step.end_dialog()
        step.values.update(item=item.key, reference=state.reference)
        card = MessageFactory.attachment(attachment(question_card(texts, state, item)))
        return await step.prompt("checklist.answer",
                                 PromptOptions(prompt=card, retry_prompt=card, validations={"item": item.key}))

    async def _store(self, step: WaterfallStepContext) -> DialogTurnResult:
        values, answered = step.values, step.result
        if answered == PAUSE:
            texts = texts_of(step.context)
            name = part(values["part"]).name[texts.language].lower()
            await say(step.context, "checklist.paused",
                      command=texts("checklist.resume_command", part=name, reference=values["reference"]))
            return await step.end_dialog()
        skipped = list(values["skipped"])
        redo = values.get("redo")
        if answered == SKIP and redo:
            await say(step.context, "checklist.change.kept")
            return await step.end_dialog()
        if answered == SKIP:
            skipped.append(values["item"])
        else:
            try:
                await record_answer(self._unit_of_work, self._catalogue, person_of(step.context),
                                    values["contract_id"], part(values["part"]), values["item"],
                                    Answer(answered["answer"]), answered["comment"], only_if_unanswered=not redo)
            except AlreadyAnswered as error:
                texts = texts_of(step.context)
                await say(step.context, "checklist.error.already_answered", by=error.params["by"],
                          answer=texts(f"checklist.answer.{Answer(error.params['answer']).name.lower()}"))
            except ChecklistNotFound:
                await say(step.context, "checklist.error.not_found")
                return await step.end_dialog()
        if redo:
            return await self._changed(step)
        return await step.replace_dialog("checklist.loop", {"contract_id": values["contract_id"],
                                                            "part": values["part"], "skipped": skipped})

    async def _changed(self, step: WaterfallStepContext) -> DialogTurnResult:
        texts, values = texts_of(step.context), step.values
        state = await checklist(self._unit_of_work, self._catalogue, person_of(step.context), values["contract_id"],
                                part(values["part"]))
        await say(step.context, "checklist.change.saved", number=item_number(state.part, values["item"]))
        await step.context.send_activity(MessageFactory.attachment(attachment(summary_card(texts, state))))
        return await step.end_dialog()

    # --- what each answer must be ---

    def _validator(self, parse):
        async def validate(prompt: PromptValidatorContext) -> bool:
            try:
                value = await parse(prompt.context, prompt.recognized.value or "", prompt.options.validations or {})
            except DomainError as error:
                await refuse(prompt, error)
                if prompt.options.retry_prompt is not None:  # the question again, below why it was not taken
                    await prompt.context.send_activity(prompt.options.retry_prompt)
                return False
            prompt.recognized.value = value
            return True

        return validate

    async def _part_answer(self, _context: TurnContext, text: str, known: dict[str, Any]) -> str:
        chosen = chosen_id(known["choices"], text)
        named = part_named(text)[0]
        if chosen is None and named is None:
            raise NotAChoice(value=text.strip()[:60])
        return chosen or named.key

    async def _contract_answer(self, context: TurnContext, text: str, known: dict[str, Any]) -> int:
        chosen = chosen_id(known["choices"], text)
        if chosen is not None:
            return chosen
        hits = await contracts_named(self._catalogue, person_of(context), text.strip())
        if len(hits) != 1:
            raise NotAChoice(value=text.strip()[:60])
        return hits[0].id

    async def _item_answer(self, context: TurnContext, text: str, known: dict[str, Any]) -> Any:
        """SKIP, PAUSE or the answer with its comment (typed after it, or in the card's comment field). A
        button of a card that asked another item is refused; the question asked now stays."""
        submitted = context.activity.value if isinstance(context.activity.value, dict) else {}
        if submitted.get("checklist_item") not in (None, known["item"]):
            raise StaleQuestion()
        action = skip_or_pause(text)
        if action is not None:
            return action
        answer, comment = parse_answer(text)
        typed_comment = submitted.get("comment")
        if isinstance(typed_comment, str) and typed_comment.strip():
            comment = typed_comment
        return {"answer": answer.value, "comment": comment}


class ChangeChecklistAnswerDialog(ChecklistDialog):
    """"ändra svar 3 i samarbetsmodell för Städbolaget" / "change answer 3 in cooperation model for X": the
    item by its number on the checklist's card, asked again whether or not it was answered; the new answer
    replaces the old one, which the change history keeps."""

    def __init__(self, unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache) -> None:
        super().__init__(unit_of_work, catalogue, ChangeChecklistAnswerDialog.__name__)

    async def _typed(self, step: WaterfallStepContext) -> str | None:
        typed = step.options if isinstance(step.options, str) else ""
        found = _NUMBERED.match(typed)
        if found is None:
            await say(step.context, "checklist.change.which")
            return None
        step.values["redo_number"] = int(found.group("number"))
        return found.group("rest") or ""


_NUMBERED = re.compile(r"^\s*(?P<number>\d{1,3})\s*(?:(?:i|in|på|pa|of)\s+)?"
                       r"(?:(?:the\s+)?(?:checklista|checklistan|checklist)\s+)?(?P<rest>.*)$", re.IGNORECASE)


def _choices_card(choices: list[dict[str, Any]], title: str, question: str):
    card = render_card("choices", {
        "title": title,
        "choices": [{**choice, "label": f"{number}. {choice['answer']}"} for number, choice in enumerate(choices, 1)],
        "question": question,
    })
    return MessageFactory.attachment(attachment(card))


def skip_or_pause(text: str) -> str | None:
    """SKIP or PAUSE for "hoppa över" / "skip" and "pausa" / "pause" in either language; None otherwise."""
    typed = normalise(text)
    for language in ("sv", "en"):
        texts = texts_for(language)
        if typed in {normalise(word) for word in texts.words("checklist.skip_words")}:
            return SKIP
        if typed in {normalise(word) for word in texts.words("checklist.pause_words")}:
            return PAUSE
    return None
