"""The full follow-up workbook on real databases: the demo register plus one row of every kind round trips into
an empty database, imports into its own database as unchanged, refuses a broken row, and carries its charts
and conditional colours."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from openpyxl import load_workbook
from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.i18n import Texts
from bot.services.register_transfer import export_register, import_register
from storage import tables as t
from storage.unit_of_work import unit_of_work_factory
from storage.workbook import read_csv, read_workbook, write_workbook
from tests.support.demo_people import DEMO_DAY
from tests.support.register_workbooks import read_back

IT, STAD_REF = "2024-017", "2022-041"
DRIFT_ORG = "405671-2096"
ANNA, GORAN, PER_OLOF = ("anna.lindqvist@exempelkommun.se", "goran.hakansson@exempelkommun.se",
                         "per-olof.angstrom@driftpartner.example")
LESSON = "Tydliga SLA-nivåer 👍 fungerade; DROP TABLE lessons;--"
TABLES = (t.follow_up_plans, t.decisions, t.actions, t.meetings, t.meeting_attendees, t.deviations, t.sanctions,
          t.sanction_deviations, t.checklist_answers, t.swot_items, t.supplier_ratings, t.lessons, t.contracts,
          t.contacts, t.kpi_values)


async def _id(connection, table, column, value) -> int:
    return await connection.scalar(select(table.c.id).where(table.c[column] == value))


async def _one_of_each(engine: AsyncEngine) -> None:
    """A row of every kind the workbook holds, beside the demo data's."""
    async with engine.begin() as connection:
        contract = await _id(connection, t.contracts, "reference", IT)
        supplier = await _id(connection, t.suppliers, "org_number", DRIFT_ORG)
        anna, goran, per_olof = [await _id(connection, t.contacts, "email", email) for email in (ANNA, GORAN, PER_OLOF)]
        original = (await connection.execute(insert(t.decisions).values(
            contract_id=contract, decided_on=date(2026, 9, 1), what="Nytt mål för svarstid: 4 timmar.",
            decided_by="Göran Håkansson", recorded_by_id=anna).returning(t.decisions.c.id))).scalar_one()
        await connection.execute(insert(t.decisions).values(
            contract_id=contract, decided_on=date(2026, 9, 8), what="Rättelse: målet för svarstid är 6 timmar.",
            decided_by="Göran Håkansson", basis="Fel i protokollet", corrects_id=original, recorded_by_id=anna))
        await connection.execute(insert(t.actions).values(
            contract_id=contract, title="Leverantören skickar ny åtgärdsplan", owner_id=per_olof, party="leverantör",
            due_date=date(2026, 10, 1), status="öppen"))
        meeting = (await connection.execute(insert(t.meetings).values(
            contract_id=contract, form="utvecklingsmöte", starts_at=datetime(2027, 1, 20, 9, 0, tzinfo=UTC),
            duration_minutes=120, location="Stadshuset, rum Ärlan", status="planerat", organiser_id=anna,
            agenda="1. Året som gått\n2. Nästa år").returning(t.meetings.c.id))).scalar_one()
        await connection.execute(insert(t.meeting_attendees), [
            {"meeting_id": meeting, "contact_id": person} for person in (anna, goran, per_olof)])
        deviation = (await connection.execute(insert(t.deviations).values(
            contract_id=contract, occurred_on=date(2026, 10, 12), type="kvalitet", severity="låg",
            is_complaint=True, description="Fel behörigheter efter byte av server", reported_by_id=goran)
            .returning(t.deviations.c.id))).scalar_one()
        sanction = (await connection.execute(insert(t.sanctions).values(
            contract_id=contract, step="vite", decided_on=date(2026, 10, 20), basis="Avtalets punkt 12",
            decided_by="Göran Håkansson", amount_sek=25000, status="beslutad").returning(t.sanctions.c.id))).scalar_one()
        await connection.execute(insert(t.sanction_deviations).values(sanction_id=sanction, deviation_id=deviation))
        await connection.execute(insert(t.deviations).values(  # reported twice by mistake, then voided
            contract_id=contract, occurred_on=date(2026, 10, 12), type="kvalitet", severity="låg",
            description="Fel behörigheter (dubblett)", reported_by_id=goran, status="makulerad"))
        await connection.execute(insert(t.sanctions).values(
            contract_id=contract, step="skriftligt påpekande", decided_on=date(2026, 10, 13), decided_by="Göran",
            status="återkallad"))
        await connection.execute(insert(t.checklist_answers).values(
            contract_id=contract, part="leverans", item_key="kpi_kvalitet", answer="delvis",
            comment="Två KPI:er saknar värden", answered_by_id=anna,
            answered_at=datetime(2026, 11, 2, 14, 5, 31, 123456, tzinfo=UTC)))
        await connection.execute(insert(t.swot_items).values(
            supplier_id=supplier, quadrant="möjlighet", text="Gemensam plattform för skolornas nätverk",
            status="föreslagen", created_by_id=anna))
        await connection.execute(insert(t.supplier_ratings).values(
            supplier_id=supplier, period="2026-Q3", score=3, comment="Bättre mot slutet", rated_by_id=goran))
        await connection.execute(insert(t.lessons).values(
            contract_id=contract, kind="fungerade", text=LESSON, recorded_by_id=anna))
        await connection.execute(delete(t.follow_up_plans).where(t.follow_up_plans.c.contract_id == contract))
        await connection.execute(insert(t.follow_up_plans).values(
            contract_id=contract, kpi_frequency="månad", meeting_interval_months=1, meeting_form="uppföljningsmöte",
            grace_days=7, reminder_lead_days=4, max_reminders=2, reminder_interval_days=2,
            notice_lead_months=[12, 6], escalation=["processägare"], adjusted=True))


async def _export(engine: AsyncEngine, path: Path, **scope) -> Path:
    values = await export_register(unit_of_work_factory(engine), today=DEMO_DAY, **scope)
    return write_workbook(path, values)


async def _import(engine: AsyncEngine, path: Path):
    return await import_register(unit_of_work_factory(engine), read_workbook(path), actor_label=f"import:{path.name}",
                                 today=DEMO_DAY)


async def _counts(engine: AsyncEngine) -> dict[str, int]:
    async with engine.connect() as connection:
        return {table.name: await connection.scalar(select(func.count()).select_from(table)) for table in TABLES}


async def test_the_full_workbook_round_trips_into_an_empty_database(demo, engine, second_engine, tmp_path):
    await _one_of_each(engine)
    first = await _export(engine, tmp_path / "first.xlsx")

    report = await _import(second_engine, first)
    assert report.ok, report.errors
    second = await _export(second_engine, tmp_path / "second.xlsx")

    exported, again = read_back(first), read_back(second)
    assert {name for name in exported if exported[name] != again[name]} == set()
    # Plans that follow their segment's defaults need no row of their own; adjusted ones are recreated.
    copied, original = await _counts(second_engine), await _counts(engine)
    assert {**copied, "follow_up_plans": 0} == {**original, "follow_up_plans": 0}
    assert copied["follow_up_plans"] == await _adjusted_plans(engine) == 1
    assert report.counts.decisions.created == 6 and report.counts.meetings.created == 4
    assert report.counts.plans.created == 1 and report.counts.lessons.created == 1
    # The sheets hold what the database held, in words a reader understands.
    assert ("2024-017", "Nytt mål för svarstid: 4 timmar.") in [(row[0], row[2]) for row in exported["Beslut"]]
    correction = next(row for row in exported["Beslut"] if row[2].startswith("Rättelse"))
    corrected_row = [row[2] for row in exported["Beslut"]].index("Nytt mål för svarstid: 4 timmar.") + 1
    assert correction[5] == corrected_row
    meeting = next(row for row in exported["Möten"] if row[3] == "utvecklingsmöte")
    assert meeting[1] == datetime(2027, 1, 20, 10, 0)  # Stockholm time
    assert meeting[9] == f"{ANNA}; {GORAN}; {PER_OLOF}"
    sanction = next(row for row in exported["Sanktioner"] if row[1] == "vite")
    assert exported["Avvikelser"][int(sanction[7]) - 1][5] == "Fel behörigheter efter byte av server"
    assert (IT, "Fel behörigheter (dubblett)", "makulerad") in [(r[0], r[5], r[7]) for r in exported["Avvikelser"]]
    assert (IT, "skriftligt påpekande", "återkallad") in [(r[0], r[1], r[6]) for r in exported["Sanktioner"]]
    assert (IT, "fungerade", LESSON, ANNA) in exported["Lärdomar"]
    assert (DRIFT_ORG, "2026-Q3", 3, "Bättre mot slutet", GORAN) in exported["Betyg"]
    assert (DRIFT_ORG, "möjlighet", "Gemensam plattform för skolornas nätverk", "föreslagen") in exported["SWOT"]
    plan = next(row for row in exported["Uppföljningsplan"] if row[0] == IT)
    assert plan[2:] == ("månad", 1, "uppföljningsmöte", 7, 4, 2, 2, "12, 6", "ja")
    async with second_engine.connect() as connection:
        corrects = await connection.scalar(
            select(t.decisions.c.corrects_id).where(t.decisions.c.what.like("Rättelse%")))
        assert await connection.scalar(select(t.decisions.c.what).where(t.decisions.c.id == corrects)) == \
            "Nytt mål för svarstid: 4 timmar."
        assert await connection.scalar(select(t.follow_up_plans.c.notice_lead_months)) == [12, 6]


async def test_importing_its_own_export_changes_nothing(demo, engine, tmp_path):
    await _one_of_each(engine)
    exported = await _export(engine, tmp_path / "same.xlsx")
    before = await _counts(engine)
    history = await _history(engine)

    report = await _import(engine, exported)

    assert report.ok, report.errors
    assert not report.counts.changed
    assert report.counts.decisions.unchanged == 6 and report.counts.checklist_answers.unchanged == 9
    assert await _counts(engine) == before
    assert await _history(engine) == history


async def _adjusted_plans(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return await connection.scalar(select(func.count()).select_from(t.follow_up_plans)
                                       .where(t.follow_up_plans.c.adjusted.is_(True)))


async def _history(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return await connection.scalar(select(func.count()).select_from(t.change_history))


async def test_a_broken_row_refuses_the_whole_import_in_both_languages(demo, engine, second_engine, tmp_path):
    await _one_of_each(engine)
    good = await _export(engine, tmp_path / "good.xlsx")
    workbook = load_workbook(good)
    workbook["Beslut"]["A2"] = "9999-404"
    workbook["Aktiviteter"]["C2"] = "31/13/2026"
    rating = next(row for row in workbook["Betyg"].iter_rows(min_row=2) if row[0].value == DRIFT_ORG)
    rating[2].value = 7
    broken = tmp_path / "broken.xlsx"
    workbook.save(broken)

    report = await _import(second_engine, broken)

    assert not report.ok
    lines = {language: [Texts(language)("cli.import_error_line", sheet=e.sheet, row=e.row,
                                        reason=Texts(language)(e.code, **e.params)) for e in report.errors]
             for language in ("sv", "en")}
    assert lines["sv"] == [
        "Beslut!2: Avtalet 9999-404 finns varken i bladet Avtal eller i registret.",
        "Aktiviteter!2: Förfallodatum: ”31/13/2026” är inget datum (skriv ÅÅÅÅ-MM-DD).",
        f"Betyg!{rating[0].row}: Betyg: ”7” är inget heltal från 1 till 5.",
    ]
    assert lines["en"][2] == f"Betyg!{rating[0].row}: Betyg: “7” is not a whole number from 1 to 5."
    assert set((await _counts(second_engine)).values()) == {0}


async def test_the_workbook_has_kpi_charts_and_conditional_colours(demo, engine, tmp_path):
    await _one_of_each(engine)
    workbook = load_workbook(await _export(engine, tmp_path / "charts.xlsx"))

    values = workbook["KPI-värden"]
    charts = workbook["KPI-diagram"]._charts
    kpis_with_values = {(row[0], row[1]) for row in values.iter_rows(min_row=2, values_only=True)}
    assert len(charts) == len(kpis_with_values) > 0
    for chart in charts:
        series = chart.series[0]
        first, last = _rows(series.val.numRef.f, "D")
        assert _rows(series.cat.strRef.f if series.cat.strRef else series.cat.numRef.f, "C") == (first, last)
        named = {(values.cell(row, 1).value, values.cell(row, 2).value) for row in range(first, last + 1)}
        assert len(named) == 1
        reference, kpi = named.pop()
        assert chart.title.tx.rich.p[0].r[0].t.startswith(f"{reference} – {kpi}")
        if last + 1 <= values.max_row:  # the KPI's rows are all of them
            assert (values.cell(last + 1, 1).value, values.cell(last + 1, 2).value) != (reference, kpi)
        assert not series.smooth
        if len(chart.series) == 2:  # the target, from the same rows of KPI-status
            assert chart.series[1].val.numRef.f == f"'KPI-status'!$F${first}:$F${last}"
            assert workbook["KPI-status"].cell(first, 6).value is not None

    status = workbook["KPI-status"]
    rules = {rule.formula[0]: rule.dxf.fill.fgColor.rgb[-6:]
             for formatting in status.conditional_formatting for rule in formatting.rules}
    assert rules == {'"grön"': "C6EFCE", '"gul"': "FFEB9C", '"röd"': "FFC7CE"}
    ranges = {str(formatting.sqref) for formatting in status.conditional_formatting}
    assert ranges == {f"G2:G{status.max_row}"}
    assert {cell.value for cell in status["G"][1:]} <= {"grön", "gul", "röd", None}
    assert "röd" in {cell.value for cell in status["G"][1:]}

    actions = workbook["Aktiviteter"]
    overdue = [rule for formatting in actions.conditional_formatting for rule in formatting.rules]
    assert len(overdue) == 1 and "TODAY()" in overdue[0].formula[0] and '$F2="öppen"' in overdue[0].formula[0]
    assert actions.freeze_panes == "A2" and actions["A1"].font.bold and actions["C2"].is_date
    assert workbook["Möten"]["B2"].number_format == "yyyy-mm-dd hh:mm"


def _rows(formula: str, column: str) -> tuple[int, int]:
    """The first and last row of a reference to one column of KPI-värden."""
    sheet, _, cells = formula.rpartition("!")
    assert sheet == "'KPI-värden'"
    start, end = cells.replace("$", "").split(":")
    assert start[0] == end[0] == column
    return int(start[1:]), int(end[1:])


async def test_a_filtered_export_holds_one_contract_and_imports_on_its_own(demo, engine, second_engine, tmp_path):
    await _one_of_each(engine)
    only = read_back(await _export(engine, tmp_path / "it.xlsx", contract=IT))

    assert {row[0] for row in only["Avtal"][1:]} == {IT}
    assert [row[0] for row in only["Leverantörer"][1:]] == [DRIFT_ORG]
    for sheet in ("Kontakter", "KPI", "KPI-värden", "Beslut", "Aktiviteter", "Möten", "Avvikelser", "Sanktioner",
                  "Checklistor", "Lärdomar", "KPI-status", "Sammanfattning", "Uppföljningsplan"):
        assert {row[0] for row in only[sheet][1:]} == {IT}, sheet
    assert {row[0] for row in only["Betyg"][1:]} == {DRIFT_ORG}
    report = await _import(second_engine, tmp_path / "it.xlsx")
    assert report.ok, report.errors
    assert report.counts.contracts.created == 1 and report.counts.decisions.created == 3


async def test_one_follow_up_sheet_imports_on_its_own_as_csv(demo, engine, tmp_path):
    decisions = tmp_path / "beslut.csv"
    decisions.write_text(
        "Avtalsnummer;Datum;Beslut;Beslutat av;Underlag;Rättar;Registrerat av\n"
        f"{IT};2026-11-02;Ny rutin för felanmälan 📞;Göran Håkansson;;;{ANNA}\n", encoding="utf-8-sig")
    missing = await import_register(unit_of_work_factory(engine), read_workbook(await _export(
        engine, tmp_path / "all.xlsx")) | {"Beslut": None}, actor_label="test", only="Beslut", today=DEMO_DAY)
    report = await import_register(unit_of_work_factory(engine), read_csv(decisions, "Beslut"), actor_label="test",
                                   only="Beslut", today=DEMO_DAY)

    assert [(e.sheet, e.row, e.code) for e in missing.errors] == [("Beslut", 1, "register.error.missing_sheet")]
    assert report.ok, report.errors
    assert report.counts.decisions.created == 1 and not report.counts.contracts.created
    async with engine.connect() as connection:
        assert await connection.scalar(select(t.decisions.c.decided_by).where(
            t.decisions.c.what == "Ny rutin för felanmälan 📞")) == "Göran Håkansson"


async def test_an_edited_workbook_updates_in_place_but_appends_decisions(demo, engine, tmp_path):
    await _one_of_each(engine)
    workbook = load_workbook(await _export(engine, tmp_path / "edit.xlsx"))
    meetings = workbook["Möten"]
    development = next(row for row in meetings.iter_rows(min_row=2) if row[3].value == "utvecklingsmöte")
    development[9].value = f"{development[9].value}; mikael.hogberg@driftpartner.example"
    development[5].value = "Stadshuset, rum Ärlan"  # unchanged
    other = next(row for row in meetings.iter_rows(min_row=2) if row[3].value != "utvecklingsmöte")
    other[5].value = "Nytt rum"
    other[9].value = f"{other[9].value}; mikael.hogberg@driftpartner.example" if other[9].value else \
        "mikael.hogberg@driftpartner.example"
    decision = next(row for row in workbook["Beslut"].iter_rows(min_row=2) if row[2].value.startswith("Nytt mål"))
    decision[2].value = "Nytt mål för svarstid: 3 timmar."
    workbook.save(tmp_path / "edited.xlsx")

    report = await _import(engine, tmp_path / "edited.xlsx")

    assert report.ok, report.errors
    assert (report.counts.meetings.updated, report.counts.meetings.unchanged) == (2, 2)
    assert (report.counts.decisions.created, report.counts.decisions.unchanged) == (1, 5)
    async with engine.connect() as connection:
        texts = set(await connection.scalars(select(t.decisions.c.what).where(t.decisions.c.what.like("Nytt mål%"))))
        assert texts == {"Nytt mål för svarstid: 4 timmar.", "Nytt mål för svarstid: 3 timmar."}
        assert await connection.scalar(select(func.count()).select_from(t.meeting_attendees).join(
            t.contacts, t.contacts.c.id == t.meeting_attendees.c.contact_id).where(
            t.contacts.c.email == "mikael.hogberg@driftpartner.example")) >= 2
        assert "Nytt rum" in set(await connection.scalars(select(t.meetings.c.location)))
