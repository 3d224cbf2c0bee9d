""""ny KPI för 2024-017": contract (the one named, or asked for) → name → unit → target → direction → yellow
limit → red limit → frequency → reported by → lowest and highest allowed value → source → confirm → saved.
Nothing is written before the yes.

Answers are kept in dialog state as primitive, JSON-safe values (numbers as text), since dialog state is stored
between turns; each is checked against those before it (the red limit against the target and direction, the
highest value against the lowest) when it is typed, so the confirm card shows a KPI that can be saved."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from typing import Any

from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import TextPrompt

from bot.domain.errors import ContractNotFound, DomainError, InvalidInput, TextTooLong
from bot.domain.kpis import Direction, Frequency, Thresholds
from bot.domain.new_kpi import (
    NAME_MAX_LENGTH,
    SOURCE_MAX_LENGTH,
    UNIT_MAX_LENGTH,
    NewKpi,
    check_range,
    check_red_limit,
    parse_direction,
    parse_frequency,
)
from bot.domain.roles import Party
from bot.domain.typed_input import clean_text, is_skip, parse_email, parse_measure, parse_party, parse_reference
from bot.i18n import Texts, texts_for
from bot.services.kpi_definitions import check_name_free, define_kpi, find_reporter
from bot.services.ports import UnitOfWorkFactory
from bot.services.register_edits import find_contract
from cards.kpi_result import format_number
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

ANSWER_MAX_LENGTH = 320  # an e-mail address is the longest answer that is not free text
# In the order they are asked, which is also the order of the confirm card.
FIELDS = ("name", "unit", "target", "direction", "yellow", "red", "frequency", "reporter", "min_value",
          "max_value", "source")
_SKIPPABLE = frozenset({"unit", "target", "yellow", "red", "min_value", "max_value", "source"})
_NUMBERS = frozenset({"target", "yellow", "red", "min_value", "max_value"})


class NewKpiDialog(InterruptibleDialog):
    """Begun with the contract's reference as its options when the command named one."""

    def __init__(self, unit_of_work: UnitOfWorkFactory) -> None:
        super().__init__(NewKpiDialog.__name__)
        self._unit_of_work = unit_of_work
        self.add_dialog(TextPrompt("kpidef.contract", parsing_validator(self._contract)))
        for field in FIELDS:
            self.add_dialog(TextPrompt(f"kpidef.{field}", parsing_validator(self._reader(field))))
        self.add_dialog(TextPrompt("kpidef.confirm", yes_no_validator("edit.confirm_reask")))
        steps = [self._start, *(self._asker(index) for index in range(len(FIELDS))), self._confirm, self._save]
        self.add_dialog(WaterfallDialog("kpidef.steps", steps))
        self.initial_dialog_id = "kpidef.steps"

    async def _start(self, step: WaterfallStepContext) -> DialogTurnResult:
        if not await may_edit_register(step.context):
            return await step.end_dialog()
        if isinstance(step.options, str) and step.options:
            try:
                return await step.next(await self._contract(step.options, {}))
            except DomainError as error:
                await say(step.context, error.code, **error.params)
        texts = texts_of(step.context)
        return await step.prompt("kpidef.contract", text_prompt(texts("kpidef.ask.contract")))

    def _asker(self, index: int):
        """The step that keeps the previous answer and asks for FIELDS[index]."""
        field = FIELDS[index]
        previous = FIELDS[index - 1] if index else "contract"

        async def ask(step: WaterfallStepContext) -> DialogTurnResult:
            step.values[previous] = step.result
            texts = texts_of(step.context)
            question = texts(f"kpidef.ask.{field}", reference=step.values["contract"]["reference"])
            known = {**step.values, "language": texts.language}
            return await step.prompt(f"kpidef.{field}", text_prompt(question, known))

        ask.__name__ = f"ask_{field}"
        return ask

    async def _confirm(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values[FIELDS[-1]] = step.result
        texts = texts_of(step.context)
        contract = step.values["contract"]
        facts = [(texts("kpidef.field.contract"), f"{contract['reference']} – {contract['title']}")]
        facts += [(texts(f"kpidef.field.{field}"), shown(texts, field, step.values[field])) for field in FIELDS]
        return await step.prompt(
            "kpidef.confirm",
            confirm_prompt(texts, texts("kpidef.confirm_title"), facts, texts("kpidef.confirm_question")),
        )

    async def _save(self, step: WaterfallStepContext) -> DialogTurnResult:
        if not step.result:
            await say(step.context, "edit.not_saved")
            return await step.end_dialog()
        try:
            kpi_id = await define_kpi(self._unit_of_work, person_of(step.context), new_kpi_from(step.values))
        except DomainError as error:
            await say(step.context, error.code, **error.params)
            return await step.end_dialog()
        await say(step.context, "kpidef.saved", name=step.values["name"],
                  reference=step.values["contract"]["reference"])
        return await step.end_dialog(kpi_id)

    # --- what each answer must be ---

    async def _contract(self, text: str, _known: dict[str, Any]) -> dict[str, Any]:
        reference = parse_reference(text)
        contract = await find_contract(self._unit_of_work, reference)
        if contract is None:
            raise ContractNotFound(reference=reference)
        return {"id": contract.id, "reference": contract.reference, "title": contract.title}

    def _reader(self, field: str):
        max_length = SOURCE_MAX_LENGTH if field == "source" else ANSWER_MAX_LENGTH

        async def read(text: str, known: dict[str, Any]) -> Any:
            if len(text) > max_length:  # refused before any parsing or lookup
                raise TextTooLong(max_length=max_length)
            if field in _SKIPPABLE and is_skip(text):
                return None
            return await self._answer(field, text, known)

        return read

    async def _answer(self, field: str, text: str, known: dict[str, Any]) -> Any:
        match field:
            case "name":
                name = clean_text(text, max_length=NAME_MAX_LENGTH)
                await check_name_free(self._unit_of_work, known["contract"]["id"], name)
                return name
            case "unit":
                return clean_text(text, max_length=UNIT_MAX_LENGTH)
            case "direction":
                return parse_direction(text).value
            case "red":
                red = parse_measure(text)
                with _numbers_in(known["language"]):
                    check_red_limit(Thresholds(target=_number(known["target"]),
                                               direction=Direction(known["direction"]), red=red))
                return str(red)
            case "frequency":
                return parse_frequency(text).value
            case "reporter":
                return await self._reporter(text)
            case "max_value":
                highest = parse_measure(text)
                with _numbers_in(known["language"]):
                    check_range(_number(known["min_value"]), highest)
                return str(highest)
            case "source":
                return clean_text(text, max_length=SOURCE_MAX_LENGTH)
        return str(parse_measure(text))  # target, yellow, min_value

    async def _reporter(self, text: str) -> dict[str, Any]:
        """A contact of the register by e-mail, or one of the parties."""
        if "@" in text:
            contact = await find_reporter(self._unit_of_work, parse_email(text))
            return {"email": contact.email, "name": contact.name}
        return {"party": parse_party(text).value}


def shown(texts: Texts, field: str, value: Any) -> str:
    """A kept answer as the user reads it on the confirm card."""
    if value is None:
        return "–"
    if field in _NUMBERS:
        return format_number(texts, Decimal(value))
    match field:
        case "direction":
            return texts(f"kpidef.direction.{value}")
        case "frequency":
            return texts(f"kpi.frequency.{value}")
        case "reporter":
            if "party" in value:
                return texts(f"party.{value['party']}")
            return f"{value['name']} ({value['email']})"
    return str(value)


def new_kpi_from(values: dict[str, Any]) -> NewKpi:
    reporter = values["reporter"]
    return NewKpi(
        reference=values["contract"]["reference"],
        name=values["name"],
        unit=values["unit"],
        frequency=Frequency(values["frequency"]),
        thresholds=Thresholds(
            target=_number(values["target"]), direction=Direction(values["direction"]),
            yellow=_number(values["yellow"]), red=_number(values["red"]),
        ),
        reporter_email=reporter.get("email"),
        reporter_party=Party(reporter["party"]) if "party" in reporter else None,
        min_value=_number(values["min_value"]),
        max_value=_number(values["max_value"]),
        source=values["source"],
    )


@contextmanager
def _numbers_in(language: str) -> Iterator[None]:
    """The numbers a refusal names, written as the user writes them (a decimal comma in Swedish)."""
    try:
        yield
    except InvalidInput as error:
        texts = texts_for(language)
        raise type(error)(**{name: format_number(texts, value) if isinstance(value, Decimal) else value
                             for name, value in error.params.items()}) from None


def _number(value: str | None) -> Decimal | None:
    return Decimal(value) if value is not None else None
