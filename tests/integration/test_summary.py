"""The summary of a contract with a known history, built through the use cases on both databases: every figure
equals what the database holds (read here with plain queries) or what was recorded; a supplier's many contracts
are read in the same few statements as one, and a supplier's guest sees only its own."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event, func, insert, select

from bot.domain.actions import Action, ActionStatus
from bot.domain.checklists import Answer, part, parts
from bot.domain.contracts import Contact, Contract
from bot.domain.decisions import Decision
from bot.domain.deviations import Deviation, DeviationType, Severity
from bot.domain.kpis import Direction, Frequency, Thresholds
from bot.domain.meetings import NewMeeting
from bot.domain.new_kpi import NewKpi
from bot.domain.roles import Party
from bot.domain.sanctions import Sanction, SanctionStep
from bot.domain.summary import KpiState, Movement
from bot.domain.supplier_rating import quarter_of
from bot.i18n import texts_for
from bot.services.actions import write_action
from bot.services.checklists import record_answer
from bot.services.decisions import log_decision
from bot.services.deviations import report_deviation
from bot.services.kpi_definitions import define_kpi
from bot.services.kpi_reporting import record_kpi_value
from bot.services.lookups import CatalogueCache
from bot.services.register_edits import add_team_member, create_contract
from bot.services.sanctions import decide_sanction
from bot.services.supplier_rating import current_rating, ratings_for_supplier
from bot.services.summary import (
    SummaryNotFound,
    contract_summary,
    summary_targets,
    supplier_summary,
)
from bot.domain.follow_up_layout import FOLLOW_UP_LAYOUT, SUMMARY
from bot.services.register_transfer import export_register
from cards.render import attachment
from cards.summary_card import supplier_summary_card
from storage import tables as t
from storage.register_revision import bump_register_revision
from tests.support.demo_people import DEMO_DAY, person_by_email

TODAY = DEMO_DAY  # 2026-11-23
NOW = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
REFERENCE = "2026-901"
STOCKHOLM = texts_for("sv")

# name, unit, frequency, thresholds, values by period, the state the history gives
KPIS = (
    ("Leveransprecision", "%", Frequency.MONTH, Thresholds(Decimal(95), Direction.HIGHER, yellow=Decimal(90)),
     {"2026-03": 96, "2026-04": 97, "2026-05": 93, "2026-06": 91, "2026-07": 89, "2026-08": 94, "2026-09": 96,
      "2026-10": 92}, KpiState.YELLOW),
    ("Reklamationer", "st", Frequency.MONTH, Thresholds(Decimal(2), Direction.LOWER, red=Decimal(5)),
     {"2026-05": 1, "2026-06": 2, "2026-07": 4, "2026-08": 6, "2026-09": 3, "2026-10": 7}, KpiState.RED),
    ("Nöjd kund", None, Frequency.QUARTER, Thresholds(Decimal(4), Direction.HIGHER, yellow=Decimal("3.5")),
     {"2026-Q1": Decimal("3.8"), "2026-Q2": Decimal("4.2")}, KpiState.LATE),  # 2026-Q3 missing past its grace
    ("Korrekta fakturor", "%", Frequency.MONTH, Thresholds(Decimal(98), Direction.HIGHER),
     {f"2026-{month:02d}": 99 for month in range(5, 11)}, KpiState.GREEN),
    ("Årlig revision", None, Frequency.YEAR, Thresholds(Decimal(1), Direction.HIGHER), {}, KpiState.NO_VALUE),
)


@pytest.fixture
async def history(engine, demo):
    """A new contract of Snöröjarna with a known history, recorded through the use cases."""
    anna = await person_by_email(demo, "anna.lindqvist@exempelkommun.se")
    catalogue = CatalogueCache(demo, check_seconds=0)
    async with engine.connect() as connection:
        supplier_id = await connection.scalar(select(t.suppliers.c.id).where(t.suppliers.c.name == "Snöröjarna Exempel AB"))
    contract = await create_contract(demo, anna, Contract(
        id=None, reference=REFERENCE, title="Halkbekämpning på gång- och cykelvägar", supplier_id=supplier_id,
        category="Vinterväghållning", owning_unit="Trafikkontoret", start_date=date(2026, 1, 1),
        end_date=date(2027, 6, 30), notice_period_months=6, estimated_yearly_value_sek=Decimal(1_250_000)))
    await add_team_member(demo, anna, reference=REFERENCE, contact=Contact(
        None, "Anna Lindqvist", "anna.lindqvist@exempelkommun.se", None, Party.PROCUREMENT),
        role="processkoordinator", is_key_contact=True)
    for name, unit, frequency, thresholds, values, _ in KPIS:
        kpi_id = await define_kpi(demo, anna, NewKpi(REFERENCE, name, unit, frequency, thresholds,
                                                     reporter_party=Party.PROCUREMENT))
        for period, value in values.items():
            await record_kpi_value(demo, anna, kpi_id, period, Decimal(value), None, TODAY)
    async with demo() as uow:  # actions with due dates already past are written as the action plan holds them
        for title, due, status in (("Åtgärda saltlager", date(2026, 11, 1), ActionStatus.OPEN),
                                   ("Ny jourlista", date(2026, 11, 20), ActionStatus.IN_PROGRESS),
                                   ("Inventera maskinpark", date(2026, 12, 15), ActionStatus.OPEN),
                                   ("Utvärdera sandning", None, ActionStatus.OPEN),
                                   ("Kontrollera avtalsvite", date(2026, 10, 1), ActionStatus.DONE)):
            await write_action(uow, anna, Action(None, contract.id, title, anna.id, due, status))
        for form, starts_at in (("uppföljningsmöte", datetime(2026, 10, 15, 8, tzinfo=UTC)),
                                ("uppföljningsmöte", datetime(2026, 12, 10, 8, tzinfo=UTC)),
                                ("startmöte", datetime(2026, 9, 1, 8, tzinfo=UTC))):  # planned, never held
            meeting_id = await uow.meetings.add(NewMeeting(contract.id, form, starts_at, 60, "", anna.id, ()))
            if starts_at.month == 10:
                await uow.meeting_records.mark_held(meeting_id)
        await uow.commit()
    for day in (date(2026, 8, 1), date(2026, 9, 1), date(2026, 10, 1), date(2026, 11, 1)):
        await log_decision(demo, catalogue, anna, Decision(None, contract.id, day, f"Beslut {day.isoformat()}",
                                                           "Anna Lindqvist"))
    for day, severity in ((date(2026, 2, 10), Severity.HIGH), (date(2026, 6, 1), Severity.MEDIUM),
                          (date(2026, 11, 20), Severity.MEDIUM), (date(2025, 12, 30), Severity.HIGH),
                          (date(2025, 5, 1), Severity.LOW)):
        await report_deviation(demo, anna, Deviation(contract.id, day, DeviationType.DELIVERY, severity, False,
                                                     "Halka på cykelbanan"), TODAY)
    await decide_sanction(demo, anna, Sanction(contract.id, SanctionStep.WRITTEN_NOTICE, date(2026, 11, 21),
                                               "Anna Lindqvist", "Upprepade förseningar"), TODAY)
    fakta, cooperation = part("fakta"), part("samarbetsmodell")
    for item in fakta.items[:3]:
        await record_answer(demo, catalogue, anna, contract.id, fakta, item.key, Answer.YES, None)
    await record_answer(demo, catalogue, anna, contract.id, cooperation, cooperation.items[0].key, Answer.PARTLY, None)
    return anna, catalogue, contract.id, supplier_id


def _utc(moment: datetime) -> datetime:
    """A timestamp as SQLite (naive, UTC) or PostgreSQL (aware) gives it back, aware."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


async def _rows(engine, statement) -> list:
    async with engine.connect() as connection:
        return (await connection.execute(statement)).all()


async def test_every_figure_of_a_contracts_summary_is_what_the_database_holds(engine, demo, history):
    anna, catalogue, contract_id, supplier_id = history
    summary = await contract_summary(demo, catalogue, anna, contract_id, TODAY, NOW)

    contract = (await _rows(engine, select(t.contracts).where(t.contracts.c.id == contract_id)))[0]._mapping
    assert (summary.contract.reference, summary.contract.title, summary.contract.category,
            summary.contract.owning_unit, summary.contract.start_date, summary.contract.end_date,
            summary.contract.estimated_yearly_value_sek, summary.contract.status.value) == (
        contract["reference"], contract["title"], contract["category"], contract["owning_unit"],
        contract["start_date"], contract["end_date"], Decimal(contract["estimated_yearly_value_sek"]), contract["status"])
    assert summary.supplier_name == "Snöröjarna Exempel AB"
    assert summary.days_to_end == (contract["end_date"] - TODAY).days == 219
    assert summary.days_to_notice == (date(2026, 12, 30) - TODAY).days  # six months before the end

    key_contacts = await _rows(engine, select(t.contacts.c.name, t.contract_roles.c.role).select_from(
        t.contract_roles.join(t.contacts, t.contacts.c.id == t.contract_roles.c.contact_id))
        .where(t.contract_roles.c.contract_id == contract_id, t.contract_roles.c.is_key_contact))
    assert [(m.contact.name, m.role) for m in summary.key_contacts] == [tuple(row) for row in key_contacts]

    s = t.segmentations.c
    segment = (await _rows(engine, select(s.segment).where(s.supplier_id == supplier_id).order_by(s.id.desc())))[0][0]
    default = (await _rows(engine, select(t.follow_up_plan_defaults).where(
        t.follow_up_plan_defaults.c.segment == segment)))[0]._mapping
    assert summary.segment.value == segment
    assert (summary.plan.kpi_frequency.value, summary.plan.meeting_interval_months, summary.plan.meeting_form) == (
        default["kpi_frequency"], default["meeting_interval_months"], default["meeting_form"])

    k, v = t.kpi_definitions.c, t.kpi_values.c
    stored = await _rows(engine, select(k.name, v.period, v.value).select_from(
        t.kpi_definitions.outerjoin(t.kpi_values, v.kpi_id == k.id)).where(k.contract_id == contract_id))
    by_kpi: dict[str, list] = {}
    for name, period, value in stored:
        by_kpi.setdefault(name, [])
        if period is not None:
            by_kpi[name].append((period, Decimal(value)))
    figures = {figure.name: figure for figure in summary.kpis}
    assert set(figures) == set(by_kpi) == {kpi[0] for kpi in KPIS}
    for name, _unit, _frequency, thresholds, _values, state in KPIS:
        figure, held = figures[name], sorted(by_kpi[name])
        assert figure.state is state, name
        assert figure.target == thresholds.target
        if held:
            assert (figure.latest.period.label, figure.latest.value) == held[-1]
            assert len(figure.sparkline) == min(len(held), 12)
        else:
            assert figure.latest is None and figure.sparkline == ""
    assert figures["Leveransprecision"].movement is Movement.WORSE  # 96 → 92, higher is better
    assert figures["Reklamationer"].movement is Movement.WORSE  # 3 → 7, lower is better
    assert figures["Nöjd kund"].movement is Movement.BETTER
    assert figures["Korrekta fakturor"].movement is Movement.SAME and figures["Korrekta fakturor"].sparkline == "▄" * 6
    assert summary.kpi_counts == {KpiState.RED: 1, KpiState.LATE: 1, KpiState.YELLOW: 1, KpiState.NO_VALUE: 1,
                                  KpiState.GREEN: 1}

    a = t.actions.c
    open_rows = await _rows(engine, select(a.title, a.due_date).where(a.contract_id == contract_id,
                                                                      a.status.in_(["öppen", "pågår"])))
    overdue = sorted((due, title) for title, due in open_rows if due is not None and due < TODAY)
    assert (summary.actions.open, summary.actions.overdue) == (len(open_rows), len(overdue)) == (4, 2)
    assert [action.title for action in summary.actions.listed][:2] == [title for _, title in overdue]
    assert [action.title for action in summary.actions.listed][2:] == ["Inventera maskinpark", "Utvärdera sandning"]

    d = t.decisions.c
    newest = await _rows(engine, select(d.what).where(d.contract_id == contract_id).order_by(d.decided_on.desc()).limit(3))
    assert [decision.what for decision in summary.decisions] == [row[0] for row in newest]

    dv = t.deviations.c
    this_year = await _rows(engine, select(dv.severity).where(dv.contract_id == contract_id,
                                                              dv.occurred_on >= date(TODAY.year, 1, 1)))
    counted = Counter(Severity(row[0]) for row in this_year)
    assert summary.deviations.count == len(this_year) == 3
    assert dict(summary.deviations.by_severity) == {severity: counted[severity] for severity in Severity}

    sc = t.sanctions.c
    sanctions = await _rows(engine, select(sc.step, sc.decided_on).where(sc.contract_id == contract_id)
                            .order_by(sc.decided_on.desc()))
    assert (summary.sanctions.count, summary.sanctions.latest_step.value, summary.sanctions.latest_on) == (
        len(sanctions), *sanctions[0])

    ca = t.checklist_answers.c
    answered = dict(await _rows(engine, select(ca.part, func.count()).where(ca.contract_id == contract_id)
                                .group_by(ca.part)))
    assert [(f.part.key, f.progress.answered, f.progress.total) for f in summary.checklists] == [
        (p.key, answered.get(p.key, 0), len(p.items)) for p in parts()]

    m = t.meetings.c
    held = await _rows(engine, select(func.max(m.starts_at)).where(m.contract_id == contract_id, m.status == "genomfört"))
    planned = await _rows(engine, select(func.min(m.starts_at)).where(m.contract_id == contract_id,
                                                                      m.status == "planerat", m.starts_at >= NOW))
    assert summary.last_meeting.starts_at == _utc(held[0][0]) == datetime(2026, 10, 15, 8, tzinfo=UTC)
    assert summary.next_meeting.starts_at == _utc(planned[0][0]) == datetime(2026, 12, 10, 8, tzinfo=UTC)

    # the supplier's quality rating of the quarter under way, as the rating's own use case gives it
    async with demo() as uow:
        expected = (await ratings_for_supplier(uow, supplier_id, [quarter_of(TODAY)], TODAY))[0]
    assert expected.score is not None and summary.rating == expected and summary.rating.period == "2026-Q4"


async def test_the_workbooks_summary_sheet_holds_the_summarys_figures(engine, demo, history):
    anna, catalogue, contract_id, supplier_id = history
    sheets = await export_register(demo, contract=REFERENCE, today=TODAY)
    [row] = [dict(zip(FOLLOW_UP_LAYOUT[SUMMARY], values, strict=True)) for values in sheets[SUMMARY]]
    expected = {state: sum(1 for *_, shown in KPIS if shown is state) for state in KpiState}
    assert (row["Avtalsnummer"], row["Leverantör"], row["Status"]) == (REFERENCE, "Snöröjarna Exempel AB", "aktivt")
    assert (row["KPI gröna"], row["KPI gula"], row["KPI röda"], row["KPI sena"], row["KPI utan värde"]) == (
        expected[KpiState.GREEN], expected[KpiState.YELLOW], expected[KpiState.RED], expected[KpiState.LATE],
        expected[KpiState.NO_VALUE])
    assert (row["Öppna aktiviteter"], row["Försenade aktiviteter"], row["Avvikelser i år"]) == (4, 2, 3)
    assert (row["Sanktionssteg"], row["Senaste sanktionssteg"]) == (1, "skriftligt påpekande")
    assert row["Senaste möte"] == datetime(2026, 10, 15, 10, 0)  # 08:00 UTC in Stockholm's summer time
    assert row["Nästa möte"] == datetime(2026, 12, 10, 9, 0)
    assert row["Dagar till avtalsslut"] == (date(2027, 6, 30) - TODAY).days
    async with demo() as uow:
        rating = await current_rating(uow, supplier_id, TODAY)
    assert (row["Kvalitetsbetyg"], row["Betygets kvartal"]) == (float(rating.score), rating.period)


async def test_a_suppliers_summary_rolls_up_its_contracts_and_a_guest_sees_only_its_own(engine, demo, history):
    anna, catalogue, contract_id, supplier_id = history
    rolled_up = await supplier_summary(demo, catalogue, anna, supplier_id, TODAY, NOW)
    references = await _rows(engine, select(t.contracts.c.reference).where(t.contracts.c.supplier_id == supplier_id))
    assert sorted(c.contract.reference for c in rolled_up.contracts) == sorted(row[0] for row in references)
    assert rolled_up.contracts[0].contract.reference == REFERENCE  # its red KPI puts it first
    mine = next(c for c in rolled_up.contracts if c.contract.id == contract_id)
    assert rolled_up.totals.overdue_actions >= mine.actions.overdue == 2
    assert rolled_up.totals.kpis[KpiState.RED] >= 1

    maria = await person_by_email(demo, "maria.sjoberg@stadbolaget.example")  # Städbolaget's guest
    with pytest.raises(SummaryNotFound):
        await contract_summary(demo, catalogue, maria, contract_id, TODAY, NOW)
    with pytest.raises(SummaryNotFound):
        await supplier_summary(demo, catalogue, maria, supplier_id, TODAY, NOW)
    assert await summary_targets(catalogue, maria, "Snöröjarna") == []
    own = await summary_targets(catalogue, maria, "Städbolaget")
    assert [target.label for target in own] == ["Städbolaget Exempel AB"]


async def test_sixty_contracts_are_read_in_as_few_statements_as_two_and_their_card_stays_small(engine, demo):
    coordinator = await person_by_email(demo, "anna.lindqvist@exempelkommun.se")
    catalogue = CatalogueCache(demo, check_seconds=0)
    small, large = await _supplier_with(engine, "Liten AB", "556000-0001", 2), await _supplier_with(
        engine, "Stor AB", "556000-0002", 60)
    await catalogue.current()
    counted = []

    def count(*_args) -> None:
        counted.append(1)

    event.listen(engine.sync_engine, "before_cursor_execute", count)
    try:
        await supplier_summary(demo, catalogue, coordinator, small, TODAY, NOW)
        few = len(counted)
        counted.clear()
        rolled_up = await supplier_summary(demo, catalogue, coordinator, large, TODAY, NOW)
        many = len(counted)
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    assert many == few <= 18, (few, many)  # the summary's reads and the quality rating's
    assert len(rolled_up.contracts) == 60 and sum(rolled_up.totals.kpis.values()) == 600
    card = supplier_summary_card(STOCKHOLM, rolled_up, UTC)
    activity = {"type": "message", "attachments": [attachment(card)]}
    assert len(json.dumps(activity)) < 80_000
    shown = sum(1 for element in card["body"] if element["type"] == "Container")
    assert 10 <= shown < 60
    assert card["body"][-1]["text"].startswith(f"… och {60 - shown} avtal till")


async def _supplier_with(engine, name: str, org_number: str, contracts: int) -> int:
    """A supplier with `contracts` contracts of 10 monthly KPIs with 24 values each, written in bulk."""
    periods = [(date(2024, 11, 1) + timedelta(days=31 * n)).strftime("%Y-%m") for n in range(24)]
    async with engine.begin() as connection:
        supplier_id = (await connection.execute(insert(t.suppliers).values(
            org_number=org_number, name=name, name_folded=name.lower()).returning(t.suppliers.c.id))).scalar_one()
        for number in range(contracts):
            reference = f"{org_number[-4:]}-{number:03d}"
            contract_id = (await connection.execute(insert(t.contracts).values(
                reference=reference, title=f"Avtal nummer {number} med en lång titel om ramavtalets leveranser",
                title_folded=f"avtal nummer {number}", supplier_id=supplier_id, start_date=date(2024, 1, 1),
                end_date=date(2027, 1, 1) + timedelta(days=number), status="aktivt",
            ).returning(t.contracts.c.id))).scalar_one()
            kpi_ids = (await connection.execute(insert(t.kpi_definitions).returning(t.kpi_definitions.c.id), [
                {"contract_id": contract_id, "name": f"Nyckeltal {k}", "unit": "%", "target": 95,
                 "direction": "högre", "yellow_threshold": 90, "frequency": "månad"} for k in range(10)])).scalars().all()
            await connection.execute(insert(t.kpi_values), [
                {"kpi_id": kpi_id, "period": period, "value": 80 + (index * 7 + kpi_id) % 20}
                for kpi_id in kpi_ids for index, period in enumerate(periods)])
        await bump_register_revision(connection)
    return supplier_id
