"""The card for reporting a KPI value in one go: what it offers, what comes back filled in, and how its
submission is read."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from bot.domain.kpis import Frequency, KpiContract, KpiDefinition, Thresholds
from bot.i18n import Texts
from cards.kpi_report_form import KpiReport, kpi_report_card
from cards.text_view import render_card_text

CONTRACT = KpiContract(id=7, reference="2023-008", title="Skolmat", supplier_id=1, supplier_name="Skolmat i Exempel AB")
TODAY = date(2026, 11, 24)


def _kpi(kpi_id: int, name: str, frequency: Frequency) -> KpiDefinition:
    return KpiDefinition(id=kpi_id, contract=CONTRACT, name=name, unit="%", frequency=frequency,
                         thresholds=Thresholds(target=Decimal(95)))


KPIS = [_kpi(3, "Leveransprecision", Frequency.MONTH), _kpi(4, "Nöjd kund-index", Frequency.YEAR)]


def test_the_card_proposes_each_kpis_period_due_and_submits_with_the_contracts_verb():
    card = kpi_report_card(Texts("sv"), KPIS, TODAY)
    inputs = {element["id"]: element for element in card["body"] if "id" in element}
    assert [choice["title"] for choice in inputs["kpi_id"]["choices"]] == [
        "Leveransprecision (per månad, på tur: 2026-10)", "Nöjd kund-index (per år, på tur: 2025)"]
    assert inputs["kpi_id"]["value"] == "3"
    assert inputs["period"]["placeholder"] == "2026-10 / 2025"
    assert inputs["value"]["placeholder"] == "till exempel 91,5"
    assert not any(element.get("color") == "Attention" for element in card["body"])
    action = card["actions"][0]
    assert (action["type"], action["verb"], action["data"]) == ("Action.Execute", "kpi.report", {"contract_id": 7})
    assert action["fallback"]["data"] == {"verb": "kpi.report", "contract_id": 7}


def test_a_card_sent_back_keeps_what_was_typed_and_says_what_was_wrong():
    typed = KpiReport(contract_id=7, kpi_id=4, period="2025", value="7,2", comment='{"a": "${b}"}', correct=True)
    card = kpi_report_card(Texts("en"), KPIS, TODAY, typed, "Not a number")
    inputs = {element["id"]: element for element in card["body"] if "id" in element}
    assert [inputs[name]["value"] for name in ("kpi_id", "period", "value", "comment", "correct")] == [
        "4", "2025", "7,2", '{"a": "${b}"}', "true"]
    assert card["body"][2] == {"type": "TextBlock", "text": "Not a number", "wrap": True, "color": "Attention"}
    view = render_card_text(card, lang="en")
    assert [card_input.id for card_input in view.inputs] == ["kpi_id", "period", "value", "comment", "correct"]
    assert [button.title for button in view.actions] == ["Save"]


def test_a_submission_is_read_as_teams_sends_it_and_a_tampered_one_does_not_parse():
    report = KpiReport.model_validate({"verb": "kpi.report", "contract_id": 7, "kpi_id": "3", "value": "91",
                                       "correct": "true"})
    assert (report.kpi_id, report.period, report.value, report.comment, report.correct) == (3, "", "91", "", True)
    assert KpiReport.model_validate({"contract_id": 7, "kpi_id": ""}).kpi_id is None
    for tampered in ({"kpi_id": "3"}, {"contract_id": "x"}, {"contract_id": 7, "kpi_id": "3; drop"},
                     {"contract_id": 7, "value": "9" * 101}):
        with pytest.raises(ValidationError):
            KpiReport.model_validate(tampered)
