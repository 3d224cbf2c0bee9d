"""What the follow-up record dialogs (meeting notes, decisions, actions) share: choosing the contract to record
on, offering choices as a numbered card, and reading optional free text."""

from __future__ import annotations

from typing import Any

from botbuilder.core import MessageFactory
from botbuilder.dialogs import DialogTurnResult, WaterfallStepContext
from botbuilder.dialogs.prompts import PromptOptions, PromptValidatorContext

from bot.domain.errors import InvalidInput
from bot.domain.typed_input import clean_text, is_skip
from bot.services.follow_up_access import recordable_contracts
from bot.services.lookups import CatalogueCache
from cards.render import attachment, render_card
from dialogs.answers import chosen_id
from dialogs.register_prompts import say
from dialogs.turn import person_of, texts_of

CONTRACTS_OFFERED = 20


class NotAChoice(InvalidInput):
    code = "follow_up.error.choice"



def choices_prompt(choices: list[dict[str, Any]], title: str, question: str) -> PromptOptions:
    """A card listing `choices` (id, answer, value) by number, with a button each; the choices go along as the
    prompt's validations so the answer is read against what was offered."""
    card = render_card("choices", {
        "title": title,
        "choices": [{**choice, "label": f"{number}. {choice['answer']}"} for number, choice in enumerate(choices, 1)],
        "question": question,
    })
    return PromptOptions(prompt=MessageFactory.attachment(attachment(card)), validations={"choices": choices})


async def choice_answer(_prompt: PromptValidatorContext, text: str, known: dict[str, Any]) -> Any:
    chosen = chosen_id(known["choices"], text)
    if chosen is None:
        raise NotAChoice(value=text.strip()[:60], count=len(known["choices"]))
    return chosen


def optional_text(text: str, max_length: int) -> str | None:
    """A dash leaves it empty."""
    return None if is_skip(text) else clean_text(text, max_length=max_length)


async def choose_contract(step: WaterfallStepContext, catalogue: CatalogueCache, prompt_id: str) -> DialogTurnResult:
    """The contract named when the dialog began (`step.options`), the only one there is, or a choice card; a
    person who may record on none, or on none of those named, is told so and the dialog ends."""
    person, texts = person_of(step.context), texts_of(step.context)
    typed = step.options if isinstance(step.options, str) and step.options else None
    contracts = await recordable_contracts(catalogue, person)
    if not contracts:
        await say(step.context, "error.not_allowed")
        return await step.end_dialog()
    if typed:
        named = await recordable_contracts(catalogue, person, typed)
        if len(named) == 1:
            return await step.next(named[0].id)
        if not named:
            await say(step.context, "follow_up.no_match", value=typed[:60])
            return await step.end_dialog()
        contracts = named
    if len(contracts) == 1:
        return await step.next(contracts[0].id)
    choices = [{"id": hit.id, "answer": hit.label.split(" ")[0], "value": hit.label}
               for hit in contracts[:CONTRACTS_OFFERED]]
    return await step.prompt(prompt_id, choices_prompt(choices, texts("follow_up.ask_contract_title"),
                                                       texts("follow_up.ask_contract")))


def contract_answer(catalogue: CatalogueCache):
    """Reads the answer to `choose_contract`: a number or reference offered, or another contract named."""

    async def parse(prompt: PromptValidatorContext, text: str, known: dict[str, Any]) -> int:
        chosen = chosen_id(known["choices"], text)
        if chosen is not None:
            return chosen
        named = await recordable_contracts(catalogue, person_of(prompt.context), text.strip())
        if len(named) == 1:
            return named[0].id
        raise NotAChoice(value=text.strip()[:60], count=len(known["choices"]))

    return parse
