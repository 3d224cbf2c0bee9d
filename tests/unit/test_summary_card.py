"""The summary cards in Swedish and English: what the user reads (in Teams and in the terminal chat), the colour of
each status, a supplier's contracts cut to fit one message with the count left out, and the sheet rows."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo
from decimal import Decimal

import pytest
from botbuilder.core import MessageFactory
from botbuilder.schema import Attachment, ChannelAccount, ConversationAccount

from bot.domain.actions import Action
from bot.domain.checklists import Progress, part
from bot.domain.contracts import Contact, Contract, Segment, TeamMember
from bot.domain.decisions import Decision
from bot.domain.deviations import Severity
from bot.domain.follow_up_plan import DEFAULT_PLANS
from bot.domain.kpis import (
    Direction,
    Frequency,
    KpiContract,
    KpiDefinition,
    KpiStatus,
    KpiValue,
    Period,
    Thresholds,
)
from bot.domain.reminder_content import Meeting
from bot.domain.roles import Party
from bot.domain.sanctions import SanctionStep
from bot.domain.summary import (
    ChecklistFigure,
    ContractSummary,
    DeviationFigures,
    KpiState,
    SanctionFigures,
    SupplierSummary,
    action_figures,
    attention_order,
    kpi_figure,
    running_count,
    supplier_totals,
    worst_first,
)
from bot.domain.supplier_rating import SurveyAnswer, parse_quarter, rate
from bot.domain.suppliers import Supplier
from bot.i18n import texts_for
from bot.domain.follow_up_layout import FOLLOW_UP_LAYOUT, SUMMARY
from bot.domain.workbook_overview import summary_table_rows
from cards.render import CARD_CONTENT_TYPE, attachment
from cards.summary_card import summary_card, supplier_summary_card
from cards.text_view import render_card_text
from tests.support.adaptive_cards import problems

TODAY = date(2026, 11, 23)
SV, EN = texts_for("sv"), texts_for("en")


def _figure(contract: KpiContract, name: str, numbers: list[int], status: KpiStatus | None, late: bool = False,
            direction: Direction = Direction.HIGHER):
    kpi = KpiDefinition(1, contract, name, "%", Frequency.MONTH, Thresholds(Decimal(95), direction))
    start = Period(2026, 10, Frequency.MONTH).shifted(1 - len(numbers))
    values = [KpiValue(start.shifted(index), Decimal(number)) for index, number in enumerate(numbers)]
    return kpi_figure(kpi, values, status, late, "2026-10")


def _summary(reference: str = "2024-017", *, kpis: int = 0, values: int = 0, end_days: int = 120) -> ContractSummary:
    contract = Contract(1, reference, "Drift av skolornas IT", 1, category="IT-drift", owning_unit="Utbildning",
                        start_date=date(2024, 3, 1), end_date=TODAY + timedelta(days=end_days), notice_period_months=6,
                        estimated_yearly_value_sek=Decimal(3_500_000))
    kpi_contract = KpiContract(1, reference, contract.title, 1, "Driftpartner IT Exempel AB")
    if kpis:
        figures = tuple(_figure(kpi_contract, f"Nyckeltal {n} med ett ganska långt namn", [80 + (n + i) % 20 for i in range(values)],
                                KpiStatus.RED if n % 3 == 0 else KpiStatus.GREEN) for n in range(kpis))
    else:
        figures = (
            _figure(kpi_contract, "Tillgänglighet", [96, 97, 98, 99], KpiStatus.GREEN),
            _figure(kpi_contract, "Leveransprecision", [96, 93, 91], KpiStatus.YELLOW),
            _figure(kpi_contract, "Incidenter", [2, 4, 7], KpiStatus.RED, direction=Direction.LOWER),
            _figure(kpi_contract, "Nöjd kund", [80], KpiStatus.GREEN, late=True),
            _figure(kpi_contract, "Prisutveckling", [], None),
        )
    anna = Contact(2, "Anna Lindqvist", "anna.lindqvist@exempelkommun.se", None, Party.PROCUREMENT)
    return ContractSummary(
        contract=contract, supplier_name="Driftpartner IT Exempel AB", supplier_org_number="405671-2096",
        segment=Segment.STRATEGIC, plan=DEFAULT_PLANS[Segment.STRATEGIC],
        key_contacts=(TeamMember(anna, "processkoordinator", True),), kpis=figures,
        actions=action_figures([Action(7, 1, "Ny incidentrutin", 2, date(2026, 11, 2), owner_name="Anna Lindqvist"),
                                Action(8, 1, "Uppdatera SLA-bilaga", 2, date(2026, 12, 2))], TODAY),
        deviations=DeviationFigures(2026, 3, ((Severity.HIGH, 1), (Severity.MEDIUM, 2), (Severity.LOW, 0))),
        sanctions=SanctionFigures(1, SanctionStep.WRITTEN_NOTICE, date(2026, 11, 21)),
        last_meeting=Meeting(1, 1, "uppföljningsmöte", datetime(2026, 10, 15, 8, tzinfo=UTC), "genomfört"),
        next_meeting=Meeting(2, 1, "uppföljningsmöte", datetime(2026, 12, 10, 8, tzinfo=UTC), "planerat"),
        days_to_notice=contract.days_to_notice(TODAY), days_to_end=contract.days_to_end(TODAY),
        decisions=(Decision(3, 1, date(2026, 11, 1), "Incidentrapport varje månad"),),
        checklists=(ChecklistFigure(part("fakta"), Progress(7, 12)), ChecklistFigure(part("leverans"), Progress(0, 8))),
    )


def _texts(card: dict) -> list[str]:
    found = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "TextBlock":
                found.append(node["text"])
            for fact in node.get("facts", []):
                found.append(f"{fact['title']}: {fact['value']}")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)
    walk(card)
    return found


def _size(card: dict) -> int:
    """The message as the bot sends it: the activity around the card, serialized."""
    activity = MessageFactory.attachment(Attachment(content_type=CARD_CONTENT_TYPE, content=card))
    activity.conversation = ConversationAccount(id="a:1" + "x" * 120)
    activity.from_property = ChannelAccount(id="28:bot", name="Uppföljningsboten")
    activity.recipient = ChannelAccount(id="29:" + "y" * 120, name="Anna Lindqvist")
    return len(json.dumps(activity.serialize()))


@pytest.mark.parametrize(("texts", "expected"), [
    (SV, ["Sammanfattning – 2024-017 Drift av skolornas IT", "Nyckeltal: röd 1 · sen 1 · gul 1 · inget värde 1 · grön 1",
          "Incidenter: 7 % (2026-10), mål 95 % – röd · ▁▄█ ↓ sämre",
          "Nöjd kund: 80 % (2026-10), mål 95 % – sen, 2026-10 saknas · ▄",
          "Prisutveckling: inget värde rapporterat ännu – inget värde",
          "Tillgänglighet: 99 % (2026-10), mål 95 % – grön · ▁▃▆█ ↑ bättre",
          "öppna 2 · försenade 1", "2026-11-02 · Ny incidentrutin · Anna Lindqvist – försenad",
          "2026-11-01: Incidentrapport varje månad", "Avvikelser 2026: 3 (hög 1, medel 2, låg 0)",
          "Sanktionstrappan: senast skriftligt påpekande, beslutat 2026-11-21 (beslutade steg: 1)",
          "Fakta och avtalsinformation: 7 av 12 besvarade", "Avtalsslut: 2027-03-23 (120 dagar kvar)",
          "Anna Lindqvist – processkoordinator, inköp · anna.lindqvist@exempelkommun.se",
          "Senast hållna möte: uppföljningsmöte, 2026-10-15 08:00"]),
    (EN, ["Summary – 2024-017 Drift av skolornas IT", "KPIs: red 1 · late 1 · yellow 1 · no value 1 · green 1",
          "Incidenter: 7 % (2026-10), target 95 % – red · ▁▄█ ↓ worse",
          "Nöjd kund: 80 % (2026-10), target 95 % – late, 2026-10 missing · ▄",
          "open 2 · overdue 1", "Deviations in 2026: 3 (high 1, medium 2, low 0)",
          "Contract end: 2027-03-23 (120 days left)", "Next planned meeting: follow-up meeting, 2026-12-10 08:00"]),
])
def test_a_contracts_summary_shows_its_figures_in_the_users_language(texts, expected):
    card = summary_card(texts, _summary(), UTC)
    assert problems(card) == []
    shown = _texts(card)
    assert [text for text in expected if text not in shown] == []


def test_each_kpi_is_coloured_by_its_state_worst_first():
    card = summary_card(SV, _summary(), UTC)
    kpis = next(c for c in card["body"] if c["type"] == "Container" and c["items"][0]["text"] == "Nyckeltal")
    assert [(line["text"].split(":")[0], line["color"]) for line in kpis["items"][1:]
            if line["type"] == "TextBlock"] == [
        ("Incidenter", "Attention"), ("Nöjd kund", "Attention"), ("Leveransprecision", "Warning"),
        ("Prisutveckling", "Default"), ("Tillgänglighet", "Good")]
    charts = [item for item in kpis["items"] if item["type"] == "Chart.Line"]
    assert 0 < len(charts) <= 4 and all(chart["fallback"] == "drop" for chart in charts)
    assert [chart["title"] for chart in charts] == [
        f"{figure.name}, senaste perioderna" for figure in worst_first(_summary().kpis) if len(figure.history) > 1][:4]
    assert card["body"][2]["color"] == "Attention"  # the headline takes the worst colour


def test_the_terminal_chat_reads_the_summary_as_text():
    view = render_card_text(summary_card(SV, _summary(), UTC), width=100, lang="sv")
    assert "Sammanfattning – 2024-017 Drift av skolornas IT\n=====" in view.text
    assert "Incidenter: 7 % (2026-10), mål 95 % – röd · ▁▄█ ↓ sämre" in view.text
    assert "Fakta och avtalsinformation: 7 av 12 besvarade" in view.text
    assert "Sista uppsägningsdag:" in view.text and view.actions == ()


def test_a_rating_shows_when_one_is_given():
    # green KPIs (5), no deviations (5) and one survey answer of 4: 0.4 × 5 + 0.3 × 5 + 0.3 × 4 = 4.7
    rating = rate(1, parse_quarter("2026-Q3"), [KpiStatus.GREEN], [], [SurveyAnswer(4, None, "Anna Lindqvist")])
    card = summary_card(EN, ContractSummary(**{**_summary().__dict__, "rating": rating}), UTC)
    assert "Quality rating: 4.7 – Very good (2026-Q3)" in _texts(card)
    swedish = summary_card(SV, ContractSummary(**{**_summary().__dict__, "rating": rating}), UTC)
    assert "Kvalitetsbetyg: 4,7 – Mycket bra (2026-Q3)" in _texts(swedish)
    assert not any(text.startswith("Quality rating") for text in _texts(summary_card(EN, _summary(), UTC)))


def _supplier(contracts: int, kpis: int, values: int) -> SupplierSummary:
    summaries = [_summary(f"2026-{n:03d}", kpis=kpis, values=values, end_days=30 + n) for n in range(contracts)]
    return SupplierSummary(Supplier(1, "405671-2096", "Driftpartner IT Exempel AB"), Segment.STRATEGIC,
                           running_count(summaries), supplier_totals(summaries), tuple(attention_order(summaries)), 2026)


@pytest.mark.parametrize("texts", [SV, EN])
def test_sixty_contracts_of_ten_kpis_and_24_values_stay_under_80_kb_and_say_how_many_are_left_out(texts):
    rolled_up = _supplier(60, 10, 24)
    card = supplier_summary_card(texts, rolled_up, UTC)
    assert problems(card) == []
    assert _size(card) < 80_000
    sections = [c for c in card["body"] if c["type"] == "Container"]
    left = 60 - len(sections)
    assert left > 0
    first_left = rolled_up.contracts[len(sections)].contract.reference
    more = card["body"][-1]["text"]
    if texts is SV:
        assert more == f"… och {left} avtal till – skriv ”sammanfattning för avtal {first_left}”"
    else:
        assert more == f"… and {left} more contracts – type “summary of contract {first_left}”"
    assert [s["items"][0]["text"].split()[0] for s in sections] == [c.contract.reference for c in rolled_up.contracts][:len(sections)]


def test_a_card_too_large_for_the_budget_drops_contracts_until_it_fits(monkeypatch):
    monkeypatch.setattr("cards.summary_card.CARD_BUDGET", 6_000)
    card = supplier_summary_card(SV, _supplier(20, 2, 3), UTC)
    assert len(json.dumps(attachment(card))) <= 6_000
    shown = sum(1 for c in card["body"] if c["type"] == "Container")
    assert 0 < shown < 20 and card["body"][-1]["text"].startswith(f"… och {20 - shown} avtal till")


def test_a_suppliers_summary_heads_with_the_totals_and_lists_the_nearest_end_first_among_equals():
    rolled_up = _supplier(3, 0, 0)
    card = supplier_summary_card(SV, rolled_up, UTC)
    shown = _texts(card)
    assert "Sammanfattning – Driftpartner IT Exempel AB" in shown
    assert "Pågående avtal: 3 av 3" in shown and "Aktiviteter: öppna 6 · försenade 3" in shown
    assert "Nyckeltal: röd 3 · sen 3 · gul 3 · inget värde 3 · grön 3" in shown
    headings = [c["items"][0]["text"] for c in card["body"] if c["type"] == "Container"]
    assert headings == ["2026-000 Drift av skolornas IT", "2026-001 Drift av skolornas IT", "2026-002 Drift av skolornas IT"]
    view = render_card_text(card, lang="sv")
    assert "Sämsta nyckeltal:      röd" in view.text and card["body"][-1].get("text") != ""


def test_the_summary_sheet_has_one_row_per_contract_with_the_cards_figures():
    summary = _summary()
    rows = summary_table_rows([summary, _summary("2024-018")], ZoneInfo("Europe/Stockholm"))
    assert [row[0] for row in rows] == ["2024-017", "2024-018"]
    row = dict(zip(FOLLOW_UP_LAYOUT[SUMMARY], rows[0], strict=True))
    counts = summary.kpi_counts
    assert (row["KPI gröna"], row["KPI gula"], row["KPI röda"], row["KPI sena"], row["KPI utan värde"]) == tuple(
        counts.get(state, 0) for state in (KpiState.GREEN, KpiState.YELLOW, KpiState.RED, KpiState.LATE,
                                           KpiState.NO_VALUE))
    assert (row["Öppna aktiviteter"], row["Försenade aktiviteter"], row["Avvikelser i år"]) == (2, 1, 3)
    assert (row["Sanktionssteg"], row["Senaste sanktionssteg"]) == (1, "skriftligt påpekande")
    assert row["Dagar till avtalsslut"] == 120 and row["Nästa möte"].date() == date(2026, 12, 10)
    assert row["Nästa möte"].tzinfo is None  # local time, as a spreadsheet shows it
    assert (row["Kvalitetsbetyg"], row["Betygets kvartal"]) == (None, None)


def test_a_contract_with_sixty_kpis_lists_the_worst_twenty_and_counts_the_rest():
    card = summary_card(SV, _summary(kpis=60, values=24), UTC)
    assert _size(card) < 80_000
    kpis = next(c for c in card["body"] if c["type"] == "Container" and c["items"][0]["text"] == "Nyckeltal")
    lines = [item["text"] for item in kpis["items"][1:] if item["type"] == "TextBlock"]
    assert len(lines) == 21 and lines[-1] == "… och 40 nyckeltal till"
    charts = [item for item in kpis["items"] if item["type"] == "Chart.Line"]
    assert len(charts) == 4 and [len(chart["data"][0]["values"]) for chart in charts] == [12] * 4
    assert all(" – röd · " in line for line in lines[:20])  # every third of the sixty is red: twenty, shown first


def test_the_charts_axis_names_months_short_with_the_year_where_it_starts_or_turns():
    kpi_values = [("2025-11", 1), ("2025-12", 2), ("2026-01", 3), ("2026-02", 4)]
    figure = replace(_summary().kpis[0], history=tuple((Period.parse(label, Frequency.MONTH), Decimal(v))
                                                       for label, v in kpi_values))
    for texts, expected in ((SV, ["nov 25", "dec", "jan 26", "feb"]), (EN, ["nov 25", "dec", "jan 26", "feb"])):
        card = summary_card(texts, ContractSummary(**{**_summary().__dict__, "kpis": (figure,)}), UTC)
        [chart] = [item for c in card["body"] if c["type"] == "Container" for item in c["items"]
                   if item["type"] == "Chart.Line"]
        assert [point["x"] for point in chart["data"][0]["values"]] == expected
        assert [point["y"] for point in chart["data"][0]["values"]] == [1.0, 2.0, 3.0, 4.0]
    quarterly = replace(figure, history=tuple((Period.parse(label, Frequency.QUARTER), Decimal(1))
                                              for label in ("2025-Q4", "2026-Q1", "2026-Q2")))
    card = summary_card(SV, ContractSummary(**{**_summary().__dict__, "kpis": (quarterly,)}), UTC)
    [chart] = [item for c in card["body"] if c["type"] == "Container" for item in c["items"]
               if item["type"] == "Chart.Line"]
    assert [point["x"] for point in chart["data"][0]["values"]] == ["Q4 25", "Q1 26", "Q2"]
