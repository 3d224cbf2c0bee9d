"""What the register-editing dialogs share: refusing an answer with its reason, validators that hand the parsed
value on to the next step, the confirm card and the permission check at the start."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.dialogs.prompts import PromptOptions, PromptValidatorContext

from bot.domain.access import Permission, allowed
from bot.domain.errors import DomainError
from bot.i18n import Texts
from cards.render import attachment, render_card
from dialogs.answers import yes_or_no
from dialogs.turn import person_of, texts_of

Validator = Callable[[PromptValidatorContext], Awaitable[bool]]


async def refuse(prompt: PromptValidatorContext, error: DomainError) -> bool:
    """Say why the answer was not taken; the prompt then waits for a new one."""
    texts = texts_of(prompt.context)
    await prompt.context.send_activity(MessageFactory.text(texts(error.code, **error.params)))
    return False


def parsing_validator(parse: Callable[[str, dict[str, Any]], Awaitable[Any]]) -> Validator:
    """A validator over `parse(text, validations)`. What it returns replaces the recognised text, so the next
    waterfall step receives the parsed value and nothing is parsed (or looked up) twice."""
    return prompt_validator(lambda prompt, text, validations: parse(text, validations))


def prompt_validator(parse: Callable[[PromptValidatorContext, str, dict[str, Any]], Awaitable[Any]]) -> Validator:
    """A validator over `parse(prompt, text, validations)`, for answers that need the turn (the person, the
    language): what it returns goes to the next step; a `DomainError` is answered with its reason and the
    question stays."""

    async def validate(prompt: PromptValidatorContext) -> bool:
        try:
            value = await parse(prompt, prompt.recognized.value or "", prompt.options.validations or {})
        except DomainError as error:
            return await refuse(prompt, error)
        prompt.recognized.value = value
        return True

    return validate


def yes_no_validator(reask_key: str) -> Validator:
    """Ja or nej (in either language), handed on as True or False; anything else is re-asked."""

    async def validate(prompt: PromptValidatorContext) -> bool:
        texts = texts_of(prompt.context)
        answer = yes_or_no(texts, prompt.recognized.value or "")
        if answer is None:
            await prompt.context.send_activity(MessageFactory.text(texts(reask_key)))
            return False
        prompt.recognized.value = answer
        return True

    return validate


def text_prompt(text: str, validations: dict[str, Any] | None = None) -> PromptOptions:
    return PromptOptions(prompt=MessageFactory.text(text), validations=validations)


def choices_card(choices: list[dict[str, Any]], title: str, question: str):
    """Numbered choices, each also a button that answers with its name."""
    card = render_card("choices", {
        "title": title,
        "choices": [{**choice, "label": f"{number}. {choice['answer']}"} for number, choice in enumerate(choices, 1)],
        "question": question,
    })
    return MessageFactory.attachment(attachment(card))


def confirm_prompt(texts: Texts, title: str, facts: list[tuple[str, str]], question: str) -> PromptOptions:
    card = render_card(
        "confirm",
        {
            "title": title,
            "facts": [{"title": label, "value": value} for label, value in facts],
            "question": question,
            "yes": texts("answer.yes"),
            "no": texts("answer.no"),
        },
    )
    return PromptOptions(prompt=MessageFactory.attachment(attachment(card)))


async def may_edit_register(turn_context: TurnContext) -> bool:
    """True for those who may edit the register; everyone else is told so at once."""
    if allowed(person_of(turn_context), Permission.EDIT_REGISTER):
        return True
    texts = texts_of(turn_context)
    await turn_context.send_activity(MessageFactory.text(texts("error.not_allowed")))
    return False


async def say(turn_context: TurnContext, key: str, **params: object) -> None:
    await turn_context.send_activity(MessageFactory.text(texts_of(turn_context)(key, **params)))
