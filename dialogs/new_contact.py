""""ny kontakt": contract → e-mail → name → phone → party → role → key contact → confirm → saved.

A contact is known by e-mail address: when the register already has one, it is reused as it is (the user is
told so) and its name, phone and party are not asked again. Nothing is written before the yes."""

from __future__ import annotations

from typing import Any

from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import TextPrompt

from bot.domain.contracts import Contact
from bot.domain.errors import ContractNotFound, DomainError, TextTooLong
from bot.domain.roles import ContractRole, Party
from bot.domain.typed_input import (
    clean_text,
    is_skip,
    parse_email,
    parse_party,
    parse_phone,
    parse_reference,
    parse_team_role,
)
from bot.i18n import Texts
from bot.services.ports import UnitOfWorkFactory
from bot.services.register_edits import add_team_member, find_contact, find_contract
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

NAME_MAX_LENGTH = 200
EMAIL_MAX_LENGTH = 320
PHONE_MAX_LENGTH = 50


class NewContactDialog(InterruptibleDialog):
    def __init__(self, unit_of_work: UnitOfWorkFactory) -> None:
        super().__init__(NewContactDialog.__name__)
        self._unit_of_work = unit_of_work
        self.add_dialog(TextPrompt("contact.reference", parsing_validator(self._contract)))
        self.add_dialog(TextPrompt("contact.email", parsing_validator(_email)))
        self.add_dialog(TextPrompt("contact.name", parsing_validator(_name)))
        self.add_dialog(TextPrompt("contact.phone", parsing_validator(_phone)))
        self.add_dialog(TextPrompt("contact.party", parsing_validator(_party)))
        self.add_dialog(TextPrompt("contact.role", parsing_validator(_role)))
        self.add_dialog(TextPrompt("contact.key", yes_no_validator("edit.yes_no_reask")))
        self.add_dialog(TextPrompt("contact.confirm", yes_no_validator("edit.confirm_reask")))
        self.add_dialog(
            WaterfallDialog(
                "contact.steps",
                [self._ask_contract, self._ask_email, self._ask_name, self._ask_phone, self._ask_party,
                 self._ask_role, self._ask_key, self._confirm, self._save],
            )
        )
        self.initial_dialog_id = "contact.steps"

    async def _ask_contract(self, step: WaterfallStepContext) -> DialogTurnResult:
        if not await may_edit_register(step.context):
            return await step.end_dialog()
        return await step.prompt("contact.reference", text_prompt(texts_of(step.context)("contact.ask.reference")))

    async def _ask_email(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["contract"] = step.result  # {"reference", "title"}
        texts = texts_of(step.context)
        prompt = texts("contact.ask.email", reference=step.result["reference"], title=step.result["title"])
        return await step.prompt("contact.email", text_prompt(prompt))

    async def _ask_name(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["email"] = step.result
        existing = await find_contact(self._unit_of_work, step.result)
        if existing is not None:
            step.values.update(name=existing.name, phone=existing.phone, party=existing.party.value, reused=True)
            await say(step.context, "contact.reusing", name=existing.name, email=existing.email)
            return await step.next(None)
        return await step.prompt("contact.name", text_prompt(texts_of(step.context)("contact.ask.name")))

    async def _ask_phone(self, step: WaterfallStepContext) -> DialogTurnResult:
        if step.values.get("reused"):
            return await step.next(None)
        step.values["name"] = step.result
        return await step.prompt("contact.phone", text_prompt(texts_of(step.context)("contact.ask.phone")))

    async def _ask_party(self, step: WaterfallStepContext) -> DialogTurnResult:
        if step.values.get("reused"):
            return await step.next(None)
        step.values["phone"] = step.result
        return await step.prompt("contact.party", text_prompt(texts_of(step.context)("contact.ask.party")))

    async def _ask_role(self, step: WaterfallStepContext) -> DialogTurnResult:
        if not step.values.get("reused"):
            step.values["party"] = step.result
        texts = texts_of(step.context)
        prompt = texts("contact.ask.role", name=step.values["name"])
        return await step.prompt("contact.role", text_prompt(prompt))

    async def _ask_key(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["role"] = step.result
        texts = texts_of(step.context)
        prompt = texts("contact.ask.key", name=step.values["name"])
        return await step.prompt("contact.key", text_prompt(prompt))

    async def _confirm(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["key"] = step.result
        texts = texts_of(step.context)
        values = step.values
        contract = values["contract"]
        facts = [
            (texts("contact.fact_contract"), f"{contract['reference']} – {contract['title']}"),
            (texts("contact.fact_name"), values["name"]),
            (texts("contact.fact_email"), values["email"]),
            (texts("contact.fact_phone"), values["phone"] or "–"),
            (texts("contact.fact_party"), texts(f"contact.party.{values['party']}")),
            (texts("contact.fact_role"), _role_shown(texts, values["role"])),
            (texts("contact.fact_key"), texts("answer.yes") if values["key"] else texts("answer.no")),
        ]
        if values.get("reused"):
            facts.append((texts("contact.fact_register"), texts("contact.fact_register_reused")))
        return await step.prompt(
            "contact.confirm",
            confirm_prompt(texts, texts("contact.confirm_title"), facts, texts("contact.confirm_question")),
        )

    async def _save(self, step: WaterfallStepContext) -> DialogTurnResult:
        if not step.result:
            await say(step.context, "edit.not_saved")
            return await step.end_dialog()
        values = step.values
        contact = Contact(id=None, name=values["name"], email=values["email"], phone=values["phone"],
                          party=Party(values["party"]))
        try:
            membership = await add_team_member(
                self._unit_of_work, person_of(step.context), reference=values["contract"]["reference"],
                contact=contact, role=values["role"], is_key_contact=values["key"],
            )
        except DomainError as error:
            await say(step.context, error.code, **error.params)
            return await step.end_dialog()
        texts = texts_of(step.context)
        key = "contact.saved_key" if membership.is_key_contact else "contact.saved"
        await say(step.context, key, name=membership.contact.name, role=_role_shown(texts, membership.role),
                  reference=values["contract"]["reference"])
        return await step.end_dialog()

    async def _contract(self, text: str, _known: dict[str, Any]) -> dict[str, str]:
        reference = parse_reference(text)
        contract = await find_contract(self._unit_of_work, reference)
        if contract is None:
            raise ContractNotFound(reference=reference)
        return {"reference": contract.reference, "title": contract.title}


def _role_shown(texts: Texts, role: str) -> str:
    """A known role in the user's language; a role typed as free text as it was typed."""
    return texts(f"contact.role.{role}") if role in ContractRole._value2member_map_ else role


async def _email(text: str, _known: dict[str, Any]) -> str:
    _check_length(text, EMAIL_MAX_LENGTH)
    return parse_email(text)


async def _name(text: str, _known: dict[str, Any]) -> str:
    return clean_text(text, max_length=NAME_MAX_LENGTH)


async def _phone(text: str, _known: dict[str, Any]) -> str | None:
    _check_length(text, PHONE_MAX_LENGTH)
    return None if is_skip(text) else parse_phone(text)


async def _party(text: str, _known: dict[str, Any]) -> str:
    _check_length(text, NAME_MAX_LENGTH)
    return parse_party(text).value


async def _role(text: str, _known: dict[str, Any]) -> str:
    return parse_team_role(text)


def _check_length(text: str, max_length: int) -> None:
    if len(text.strip()) > max_length:
        raise TextTooLong(max_length=max_length)
