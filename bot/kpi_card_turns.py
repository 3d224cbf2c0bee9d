""""KPI-kort för 2024-017": a KPI value reported with one card instead of the dialog's questions.

The card is sent for one contract; its submission (verb `kpi.report`) is checked again through the same
services as the dialog: the KPI must be one of that contract's that the sender may report, and the period and
value follow the same rules, refused with the same reasons on the card sent back with what was typed."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from botbuilder.core import MessageFactory, TurnContext

from bot.card_actions import CardActions
from bot.domain.errors import DomainError
from bot.domain.kpis import PeriodAlreadyReported
from bot.domain.typed_input import parse_measure
from bot.i18n import Texts
from bot.kpi_words import kpi_error_text
from bot.services.kpi_reporting import CONTRACTS_LISTED, kpis_to_report, record_kpi_value, reportable_contracts
from bot.services.ports import UnitOfWorkFactory
from cards.kpi_report_form import REPORT_VERB, KpiReport, kpi_report_card
from cards.kpi_result import format_number, kpi_result_card
from cards.render import attachment, render_card
from dialogs.turn import person_of, texts_of

log = logging.getLogger(__name__)


class KpiCardTurns:
    def __init__(self, unit_of_work: UnitOfWorkFactory, today: Callable[[], date]) -> None:
        self._unit_of_work = unit_of_work
        self._today = today

    def register(self, card_actions: CardActions) -> None:
        card_actions.register(REPORT_VERB, KpiReport, self._on_report)

    async def send_card(self, turn_context: TurnContext, typed: str | None) -> None:
        """The card for the contract `typed` names (its reference or supplier), or for the only one there is;
        otherwise which contracts there are to choose from."""
        person, texts = person_of(turn_context), texts_of(turn_context)
        contracts = await reportable_contracts(self._unit_of_work, person, typed)
        if not contracts:
            text = texts("kpi.no_match", value=typed[:60]) if typed else texts("kpi.no_contracts")
            await turn_context.send_activity(MessageFactory.text(text))
            return
        if len(contracts) > 1:
            references = ", ".join(contract.reference for contract in contracts[:CONTRACTS_LISTED])
            await turn_context.send_activity(MessageFactory.text(
                texts("kpicard.which_contract", references=references, example=contracts[0].reference)))
            return
        kpis = await kpis_to_report(self._unit_of_work, person, contracts[0].id)
        if not kpis:
            await turn_context.send_activity(MessageFactory.text(texts("kpi.no_kpis")))
            return
        await turn_context.send_activity(MessageFactory.attachment(
            attachment(kpi_report_card(texts, kpis, self._today()))))

    async def _on_report(self, turn_context: TurnContext, report: KpiReport) -> dict[str, Any]:
        person, texts, today = person_of(turn_context), texts_of(turn_context), self._today()
        kpis = await kpis_to_report(self._unit_of_work, person, report.contract_id)
        kpi = next((kpi for kpi in kpis if kpi.id == report.kpi_id), None)
        if kpi is None and kpis and report.kpi_id is None:
            return kpi_report_card(texts, kpis, today, report, texts("kpicard.choose_kpi"))
        if kpi is None:  # another contract's KPI, or a contract the sender may not report on
            log.warning("refused a KPI report of KPI %s on contract %s", report.kpi_id, report.contract_id)
            return render_card("notice", {"text": texts("kpicard.refused")})
        if not report.value.strip():
            return kpi_report_card(texts, kpis, today, report, texts("kpicard.no_value"))
        try:
            result = await record_kpi_value(
                self._unit_of_work, person, kpi.id, report.period.strip() or kpi.period_due(today).label,
                parse_measure(report.value), report.comment, today, correct=report.correct,
            )
        except PeriodAlreadyReported as error:
            return kpi_report_card(texts, kpis, today, report, _already_reported(texts, error))
        except DomainError as error:
            return kpi_report_card(texts, kpis, today, report, kpi_error_text(texts, error))
        return kpi_result_card(texts, result)["content"]


def _already_reported(texts: Texts, error: PeriodAlreadyReported) -> str:
    return texts("kpicard.already_reported", period=error.params["period"],
                 value=format_number(texts, error.params["value"]))
