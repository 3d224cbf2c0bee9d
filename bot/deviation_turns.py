"""Deviations in one turn: "avvikelser för 2024-017" (this year's, counted per month and type, beside the
complaints KPI), "sanktionstrappa för 2024-017" (the ladder with its decided steps and the proposed next one),
and the Teams message action "Rapportera avvikelse": a form prefilled with the message's text, whose
submission is checked again in full before it is saved."""

from __future__ import annotations

import logging
import re
from typing import Any, Literal

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.schema import Attachment
from botbuilder.schema.teams import (
    MessagingExtensionAction,
    MessagingExtensionActionResponse,
    TaskModuleContinueResponse,
    TaskModuleMessageResponse,
    TaskModuleTaskInfo,
)
from pydantic import BaseModel, Field, ValidationError

from bot.commands import Command
from bot.deviation_words import (
    amount_text,
    proposal_text,
    severity_name,
    step_name,
    type_name,
)
from bot.domain.deviations import (
    DESCRIPTION_MAX_LENGTH,
    Deviation,
    DeviationType,
    Severity,
    parse_deviation_type,
    parse_past_day,
    parse_severity,
)
from bot.domain.errors import DomainError, InvalidInput, NotAllowed
from bot.domain.kpis import KpiContract
from bot.domain.sanctions import (
    LADDER,
    REPEATED_COUNT,
    REPEATED_HIGH_COUNT,
    WINDOW_DAYS,
)
from bot.i18n import Texts
from bot.message_text import plain_text
from bot.services.deviations import (
    DeviationOverview,
    deviation_contracts,
    deviation_overview,
    report_deviation,
    void_deviation,
)
from bot.services.ports import UnitOfWorkFactory
from bot.services.sanctions import Ladder, revoke_sanction, sanction_ladder
from cards.render import CARD_CONTENT_TYPE, attachment, render_card
from dialogs.turn import person_of, texts_of

log = logging.getLogger(__name__)
REPORT_VERB = "deviation.report"
COMMAND_ID = "reportDeviation"
_NUMBER_AND_REASON = re.compile(r"^\s*(?:nr\.?\s*|no\.?\s*)?(?P<id>\d{1,9})\s*(?:[:,–-]\s*)?(?P<reason>.*)$", re.DOTALL)


class DeviationForm(BaseModel):
    """What the message action's form submits: its inputs merged into the submit action's data."""

    verb: Literal["deviation.report"]
    contract_id: str = Field(max_length=20)
    occurred_on: str = Field(max_length=40)
    type: str = Field(max_length=40)
    severity: str = Field(max_length=40)
    is_complaint: Literal["true", "false"] = "false"
    description: str = Field(default="", max_length=DESCRIPTION_MAX_LENGTH * 2)
    source_message_id: str | None = Field(default=None, max_length=300)


class DeviationTurns:
    COMMANDS = frozenset({Command.SHOW_DEVIATIONS, Command.SHOW_SANCTIONS, Command.REVOKE_SANCTION,
                          Command.VOID_DEVIATION})

    def __init__(self, unit_of_work: UnitOfWorkFactory, today) -> None:
        self._unit_of_work = unit_of_work
        self._today = today

    async def on_command(self, turn_context: TurnContext, command: Command, argument: str | None) -> None:
        answer = {Command.SHOW_DEVIATIONS: self.send_overview, Command.SHOW_SANCTIONS: self.send_ladder,
                  Command.REVOKE_SANCTION: self.revoke, Command.VOID_DEVIATION: self.void}[command]
        await answer(turn_context, argument)

    # --- "avvikelser för X", "sanktionstrappa för X" ---

    async def send_overview(self, turn_context: TurnContext, typed: str | None) -> None:
        contract = await self._one_contract(turn_context, typed, "deviation.list_command")
        if contract is not None:
            shown = await deviation_overview(self._unit_of_work, person_of(turn_context), contract.id, self._today())
            await _send(turn_context, overview_card(texts_of(turn_context), shown))

    async def send_ladder(self, turn_context: TurnContext, typed: str | None) -> None:
        contract = await self._one_contract(turn_context, typed, "sanction.ladder_command")
        if contract is not None:
            shown = await sanction_ladder(self._unit_of_work, person_of(turn_context), contract.id, self._today())
            await _send(turn_context, ladder_card(texts_of(turn_context), shown))

    async def revoke(self, turn_context: TurnContext, typed: str | None) -> None:
        """"återkalla sanktion 3: skälet": the step stops counting, and the ladder as it stands now follows."""
        revoked = await self._take_back(turn_context, typed, "sanction.revoke_how", revoke_sanction)
        if revoked is not None:
            texts, sanction = texts_of(turn_context), revoked.sanction
            await turn_context.send_activity(MessageFactory.text(texts(
                "sanction.revoked", id=sanction.id, step=step_name(texts, sanction.step),
                day=sanction.decided_on.isoformat(), reference=revoked.contract.reference)))
            shown = await sanction_ladder(self._unit_of_work, person_of(turn_context), revoked.contract.id,
                                          self._today())
            await _send(turn_context, ladder_card(texts, shown))

    async def void(self, turn_context: TurnContext, typed: str | None) -> None:
        """"makulera avvikelse 12: skälet": the deviation stops counting, and the list as it stands now follows."""
        voided = await self._take_back(turn_context, typed, "deviation.void_how", void_deviation)
        if voided is not None:
            texts = texts_of(turn_context)
            await turn_context.send_activity(MessageFactory.text(texts(
                "deviation.voided", id=voided.deviation.id, day=voided.deviation.occurred_on.isoformat(),
                reference=voided.contract.reference)))
            shown = await deviation_overview(self._unit_of_work, person_of(turn_context), voided.contract.id,
                                             self._today())
            await _send(turn_context, overview_card(texts, shown))

    async def _take_back(self, turn_context: TurnContext, typed: str | None, how_key: str, use_case):
        """"12: skälet" given to `use_case` (a revocation or a void); None after telling the user why not."""
        texts = texts_of(turn_context)
        found = _NUMBER_AND_REASON.match(typed or "")
        if found is None:
            await turn_context.send_activity(MessageFactory.text(texts(how_key)))
            return None
        try:
            return await use_case(self._unit_of_work, person_of(turn_context), int(found.group("id")),
                                  found.group("reason"))
        except DomainError as error:
            await turn_context.send_activity(MessageFactory.text(texts(error.code, **error.params)))
            return None

    async def _one_contract(self, turn_context: TurnContext, typed: str | None, command_key: str) -> KpiContract | None:
        texts = texts_of(turn_context)
        example = texts(command_key, reference="2024-017")
        if not typed:
            await turn_context.send_activity(MessageFactory.text(texts("deviation.ask_contract", example=example)))
            return None
        found = await deviation_contracts(self._unit_of_work, person_of(turn_context), typed, to_report=False)
        if len(found) == 1:
            return found[0]
        if not found:
            text = texts("deviation.view_no_match", value=typed[:60])
        else:
            text = texts("deviation.several", references=", ".join(c.reference for c in found),
                         example=texts(command_key, reference=found[0].reference))
        await turn_context.send_activity(MessageFactory.text(text))
        return None

    # --- the message action ---

    async def fetch_task(self, turn_context: TurnContext, action: MessagingExtensionAction) -> MessagingExtensionActionResponse:
        texts = texts_of(turn_context)
        if action is None or action.command_id != COMMAND_ID:
            return _task_message(texts("card.stale"))
        payload = action.message_payload
        body = payload.body.content if payload is not None and payload.body is not None else ""
        values = {"contract_id": "", "occurred_on": self._today().isoformat(), "type": "", "severity": "",
                  "is_complaint": "false", "description": plain_text(body)[:DESCRIPTION_MAX_LENGTH],
                  "source_message_id": payload.id if payload is not None else None}
        return await self._form(turn_context, values, None)

    async def submit_action(self, turn_context: TurnContext, action: MessagingExtensionAction) -> MessagingExtensionActionResponse:
        texts = texts_of(turn_context)
        try:
            form = DeviationForm.model_validate(action.data if action is not None and isinstance(action.data, dict) else {})
        except ValidationError:
            log.warning("refused a deviation form that does not parse")
            return _task_message(texts("card.stale"))
        person = person_of(turn_context)
        try:
            deviation = self._parsed(form)
            reported = await report_deviation(self._unit_of_work, person, deviation, self._today())
        except NotAllowed:
            log.info("refused a deviation on contract %s from %s", form.contract_id, person.email)
            return _task_message(texts("deviation.error.not_allowed"))
        except DomainError as error:
            return await self._form(turn_context, form.model_dump(), texts(error.code, **error.params))
        key = "deviation.saved_complaint" if reported.deviation.is_complaint else "deviation.saved"
        text = texts(key, reference=reported.contract.reference, supplier=reported.contract.supplier_name)
        if reported.proposal is not None:
            command = texts("sanction.decide_command", reference=reported.contract.reference)
            text = f"{text}\n\n{proposal_text(texts, reported.proposal)} {texts('sanction.propose_by_command', command=command)}"
        return _task_message(text)

    def _parsed(self, form: DeviationForm) -> Deviation:
        if not form.contract_id.isdigit():
            raise InvalidInput(field="contract")
        return Deviation(
            contract_id=int(form.contract_id), occurred_on=parse_past_day(form.occurred_on, self._today()),
            type=parse_deviation_type(form.type), severity=parse_severity(form.severity),
            is_complaint=form.is_complaint == "true", description=form.description,
            source_message_id=form.source_message_id or None,
        )

    async def _form(self, turn_context: TurnContext, values: dict[str, Any], error: str | None) -> MessagingExtensionActionResponse:
        texts, person = texts_of(turn_context), person_of(turn_context)
        contracts = await deviation_contracts(self._unit_of_work, person)
        if not contracts:
            return _task_message(texts("deviation.no_contracts"))
        if len(contracts) == 1 and not values["contract_id"]:
            values = {**values, "contract_id": str(contracts[0].id)}
        card = render_card("deviation_form", {
            **values, "error": error, "verb": REPORT_VERB, "today": self._today().isoformat(),
            "title": texts("deviation.form.title"), "required": texts("deviation.form.required"),
            "contract_label": texts("deviation.fact.contract"), "day_label": texts("deviation.fact.day"),
            "type_label": texts("deviation.fact.type"), "severity_label": texts("deviation.fact.severity"),
            "complaint_label": texts("deviation.form.complaint"), "description_label": texts("deviation.fact.description"),
            "submit": texts("deviation.form.submit"),
            "contracts": [{"title": f"{c.reference} – {c.title} ({c.supplier_name})", "value": str(c.id)} for c in contracts],
            "types": [{"title": type_name(texts, kind), "value": kind.value} for kind in DeviationType],
            "severities": [{"title": severity_name(texts, level), "value": level.value} for level in Severity],
        })
        info = TaskModuleTaskInfo(title=texts("deviation.form.title"), height="large", width="medium",
                                  card=Attachment(content_type=CARD_CONTENT_TYPE, content=card))
        return MessagingExtensionActionResponse(task=TaskModuleContinueResponse(value=info))


def overview_card(texts: Texts, shown: DeviationOverview) -> dict[str, Any]:
    contract, counts = shown.contract, shown.counts
    complaints = sum(counts.complaints_by_month.values())
    intro = (texts("deviation.list.intro", count=len(shown.deviations), complaints=complaints)
             if shown.deviations else texts("deviation.list.none"))
    sections = []
    if shown.deviations:
        sections.append({"heading": texts("deviation.list.by_month"), "lines": [
            {"text": texts("deviation.list.month", month=month, count=count,
                           complaints=counts.complaints_by_month.get(month, 0))}
            for month, count in counts.by_month.items()]})
        sections.append({"heading": texts("deviation.list.items"), "lines": [
            {"text": _deviation_line(texts, deviation)} for deviation in reversed(shown.deviations)]})
    if shown.complaint_checks:
        sections.append({"heading": texts("deviation.list.kpi", kpi=shown.complaint_checks[0].kpi), "lines": [
            {"text": texts("deviation.list.kpi_match" if check.matches else "deviation.list.kpi_differs",
                           period=check.period, reported=check.reported, counted=check.counted)}
            for check in shown.complaint_checks]})
    return render_card("sections", {
        "title": texts("deviation.list.title", reference=contract.reference, supplier=contract.supplier_name,
                       year=shown.year),
        "intro": intro,
        "facts": [{"title": type_name(texts, kind), "value": str(count)} for kind, count in counts.by_type.items()],
        "sections": sections,
    })


def ladder_card(texts: Texts, shown: Ladder) -> dict[str, Any]:
    decided = {sanction.step: sanction for sanction in shown.sanctions}
    proposed = shown.proposal.step if shown.proposal else None
    facts = []
    for step in LADDER:
        if step in decided:
            value = texts("sanction.ladder.decided", day=decided[step].decided_on.isoformat())
        else:
            value = texts("sanction.ladder.proposed") if step is proposed else "–"
        facts.append({"title": step_name(texts, step), "value": value})
    sections = [{"heading": _heading(texts, s), "lines": _sanction_lines(texts, s, shown)} for s in shown.sanctions]
    if shown.revoked:
        sections.append({"heading": texts("sanction.ladder.revoked"),
                         "lines": [{"text": _heading(texts, s)} for s in shown.revoked]})
    command = texts("sanction.decide_command", reference=shown.contract.reference)
    if shown.proposal is not None:
        lines = [proposal_text(texts, shown.proposal)]
        lines.append(texts("sanction.propose_by_command", command=command) if shown.may_decide
                     else texts("sanction.propose_to_decider"))
    else:
        lines = [texts("sanction.ladder.no_proposal", count=REPEATED_COUNT, high=REPEATED_HIGH_COUNT, days=WINDOW_DAYS)]
    if shown.sanctions and shown.may_decide:
        lines.append(texts("sanction.revoke_hint", id=shown.sanctions[-1].id))
    sections.append({"heading": texts("sanction.ladder.next"), "lines": [{"text": line} for line in lines]})
    return render_card("sections", {
        "title": texts("sanction.ladder.title", reference=shown.contract.reference, supplier=shown.contract.supplier_name),
        "intro": texts("sanction.ladder.intro"),
        "facts": facts,
        "sections": sections,
    })


def _heading(texts: Texts, sanction) -> str:
    return texts("sanction.ladder.heading", step=step_name(texts, sanction.step), day=sanction.decided_on.isoformat(),
                 id=sanction.id)


def _sanction_lines(texts: Texts, sanction, shown: Ladder) -> list[dict[str, str]]:
    lines = [texts("sanction.ladder.decided_by", name=sanction.decided_by or "–")]
    if sanction.amount_sek is not None:
        lines.append(texts("sanction.ladder.amount", amount=amount_text(texts, sanction.amount_sek)))
    if sanction.basis:
        lines.append(texts("sanction.ladder.basis", basis=sanction.basis))
    lines += [texts("sanction.ladder.deviation", deviation=_deviation_line(texts, shown.deviations[i]))
              for i in sanction.deviation_ids if i in shown.deviations]
    return [{"text": line} for line in lines]


def _deviation_line(texts: Texts, deviation: Deviation) -> str:
    complaint = f" · {texts('deviation.complaint_word')}" if deviation.is_complaint else ""
    return (f"{texts('deviation.number', id=deviation.id)} · {deviation.occurred_on.isoformat()} · "
            f"{type_name(texts, deviation.type)} · "
            f"{severity_name(texts, deviation.severity)}{complaint}: {deviation.description[:160]}")


def _task_message(text: str) -> MessagingExtensionActionResponse:
    return MessagingExtensionActionResponse(task=TaskModuleMessageResponse(value=text))


async def _send(turn_context: TurnContext, card: dict[str, Any]) -> None:
    await turn_context.send_activity(MessageFactory.attachment(attachment(card)))
