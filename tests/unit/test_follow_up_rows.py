"""Reading the follow-up sheets of the workbook: typed rows, every bad row named, references between rows,
and who may export the workbook."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from bot.domain.access import may_export
from bot.domain.assessment_rows import check_assessments, parse_assessments
from bot.domain.follow_up_layout import FOLLOW_UP_LAYOUT
from bot.domain.follow_up_rows import WorkbookKeys, check_follow_up, parse_follow_up
from bot.domain.people import Person
from bot.domain.register_rows import SheetData
from bot.domain.roles import ContractRole, GlobalRole, Party

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def _sheet(name: str, *rows: list[object]) -> SheetData:
    headers = FOLLOW_UP_LAYOUT[name]
    return SheetData(headers, tuple((number, dict(zip(headers, row))) for number, row in enumerate(rows, start=2)))


def _codes(errors) -> list[tuple[str, int, str]]:
    return [(error.sheet, error.row, error.code) for error in errors]


def test_a_correction_names_a_decision_by_row_or_by_date_and_text():
    rows, errors = parse_follow_up({"Beslut": _sheet(
        "Beslut",
        ["2024-017", "2026-09-01", "Nytt mål: 4 timmar", None, None, None, None],
        ["2024-017", "2026-09-08", "Rättelse: 6 timmar", None, None, 2, None],
        ["2024-017", "2026-09-09", "Rättelse igen", None, None, "2026-09-01: Nytt mål: 4 timmar", None],
        ["2022-041", "2026-09-10", "Fel avtal", None, None, 2, None],
        ["2024-017", "2026-09-11", "Till raden som inte finns", None, None, 40, None],
        ["2024-017", "2026-09-12", "Oläsbar", None, None, "förra beslutet", None],
    )}, zone=STOCKHOLM)

    assert [decision.corrects for decision in rows.decisions] == [
        None, (date(2026, 9, 1), "Nytt mål: 4 timmar"), (date(2026, 9, 1), "Nytt mål: 4 timmar")]
    assert _codes(errors) == [("Beslut", 5, "register.error.row_reference"),
                              ("Beslut", 6, "register.error.row_reference"),
                              ("Beslut", 7, "register.error.decision_reference")]


def test_a_correction_of_a_decision_that_is_nowhere_is_refused_unless_stored():
    rows, _ = parse_follow_up({"Beslut": _sheet(
        "Beslut", ["2024-017", "2026-09-08", "Rättelse", None, None, "2026-01-02: Gammalt beslut", None])},
        zone=STOCKHOLM)
    keys = WorkbookKeys(references=frozenset({"2024-017"}))

    assert _codes(check_follow_up(rows, keys)) == [("Beslut", 2, "register.error.unknown_decision")]
    stored = WorkbookKeys(references=frozenset({"2024-017"}),
                          decisions=frozenset({("2024-017", date(2026, 1, 2), "Gammalt beslut")}))
    assert check_follow_up(rows, stored) == []


def test_meeting_times_are_read_in_the_local_zone_and_attendees_as_a_list():
    rows, errors = parse_follow_up({"Möten": _sheet(
        "Möten",
        ["2024-017", datetime(2027, 1, 20, 10, 0), None, "utvecklingsmöte", None, "Rum Ärlan", None, None,
         "ANNA@exempel.se", "anna@exempel.se; per@exempel.se,  ada@exempel.se"],
        ["2024-017", "2027-07-01 9:30", 90, "uppföljningsmöte", "genomfört", None, None, None, None, None],
        ["2024-017", "i morgon", None, "uppföljningsmöte", "kanske", None, None, None, None, "inte en adress"],
    )}, zone=STOCKHOLM)

    first, second = rows.meetings
    assert first.starts_at == datetime(2027, 1, 20, 9, 0, tzinfo=UTC)  # winter: UTC+1
    assert second.starts_at == datetime(2027, 7, 1, 7, 30, tzinfo=UTC)  # summer: UTC+2
    assert first.duration_minutes == 60 and first.status.value == "planerat"
    assert first.organiser_email == "anna@exempel.se"
    assert first.attendees == ("anna@exempel.se", "per@exempel.se", "ada@exempel.se")
    assert {error.params.get("column") for error in errors} == {"Start", "Status", "Deltagare"}
    keys = WorkbookKeys(references=frozenset({"2024-017"}), emails=frozenset({"anna@exempel.se"}))
    assert [(e.row, e.params["value"]) for e in check_follow_up(rows, keys)] == [
        (2, "per@exempel.se"), (2, "ada@exempel.se")]


def test_plan_rows_check_their_numbers_and_month_lists():
    rows, errors = parse_follow_up({"Uppföljningsplan": _sheet(
        "Uppföljningsplan",
        ["2024-017", "strategisk", "månad", 1, "uppföljningsmöte", 7, 4, 2, 2, "12; 6", "ja"],
        ["2022-041", None, "vecka", 0, "möte", 7, 4, 2, 2, "9, 6, 99", None],
    )}, zone=STOCKHOLM)

    assert rows.plans[0].notice_lead_months == (12, 6) and rows.plans[0].adjusted
    assert [(e.row, e.params.get("column")) for e in errors] == [
        (3, "KPI-frekvens"), (3, "Mötesintervall (månader)"), (3, "Uppsägningsvarsel (månader)")]


def test_sanctions_rest_on_rows_of_the_deviation_sheet_of_the_same_contract():
    rows, errors = parse_follow_up({
        "Avvikelser": _sheet(
            "Avvikelser",
            ["2024-017", "2026-10-12", "Kvalitet", "Låg", "ja", "Fel behörigheter", None],
            ["2022-041", "2026-10-13", "leverans", "hög", None, "Sen leverans", None],
            ["2024-017", "2026-10-14", "okänd typ", "hög", None, "Trasig rad", None],
        ),
        "Sanktioner": _sheet(
            "Sanktioner",
            ["2024-017", "vite", "2026-10-20", None, None, "25 000", None, "2"],
            ["2024-017", "prisavdrag", "2026-10-21", None, None, None, None, "3; 4"],
        ),
    }, zone=STOCKHOLM)

    assert rows.sanctions[0].deviations == ((date(2026, 10, 12), "kvalitet", "Fel behörigheter"),)
    assert rows.sanctions[0].amount_sek == 25000
    # Row 3 is another contract's; row 4 is broken and already reported, so it is not reported again.
    assert _codes(errors) == [("Avvikelser", 4, "register.error.choice"),
                              ("Sanktioner", 3, "register.error.row_reference")]


def test_checklist_items_must_exist_and_duplicates_are_named():
    _, errors = parse_follow_up({"Checklistor": _sheet(
        "Checklistor",
        ["2024-017", "leverans", "kpi_kvalitet", None, "delvis", None, None, None],
        ["2024-017", "Leverans", "kpi_kvalitet", "Fråga", "ja", None, None, None],
        ["2024-017", "leverans", "finns_inte", None, "ja", None, None, None],
        ["2024-017", "inköp", "x", None, "kanske", None, None, None],
    )}, zone=STOCKHOLM)

    assert _codes(errors) == [("Checklistor", 3, "register.error.duplicate"),
                              ("Checklistor", 4, "register.error.checklist_item"),
                              ("Checklistor", 5, "register.error.choice"),
                              ("Checklistor", 5, "register.error.choice")]


def test_ratings_are_quarters_scored_one_to_five_and_swot_uses_the_shared_words():
    rows, errors = parse_assessments({
        "Betyg": _sheet("Betyg", ["405671-2096", "2026-q3", 3, None, None], ["405671-2096", "2026-09", 7, None, None]),
        "SWOT": _sheet("SWOT", ["4056712096", "Möjlighet", "Gemensam plattform", None],
                       ["405671-2096", "chans", "Annat", "kanske"]),
        "Lärdomar": _sheet("Lärdomar", ["2024-017", "Andra", "Kortare möten", None]),
    })

    assert rows.ratings[0].period == "2026-Q3"
    assert rows.swot[0].org_number == "405671-2096" and rows.swot[0].status.value == "accepterad"
    assert rows.lessons[0].kind.value == "ändra"
    assert [(e.sheet, e.row, e.params.get("column")) for e in errors] == [
        ("SWOT", 3, "Kvadrant"), ("SWOT", 3, "Status"), ("Betyg", 3, "Period"), ("Betyg", 3, "Betyg")]
    assert _codes(check_assessments(rows, WorkbookKeys())) == [
        ("SWOT", 2, "register.error.unknown_supplier"), ("Betyg", 2, "register.error.unknown_supplier"),
        ("Lärdomar", 2, "register.error.unknown_contract")]


def _person(role: GlobalRole, roles: dict[int, frozenset[ContractRole]] | None = None) -> Person:
    party = Party.SUPPLIER if role is GlobalRole.SUPPLIER else Party.BUSINESS_UNIT
    return Person(id=1, name="P", email="p@exempel.se", global_role=role, party=party, contract_roles=roles or {})


def test_who_may_export_the_workbook():
    coordinator = _person(GlobalRole.COORDINATOR)
    supplier = _person(GlobalRole.SUPPLIER, {1: frozenset({ContractRole.SUPPLIER_CONTACT})})
    colleague = _person(GlobalRole.EMPLOYEE, {1: frozenset({ContractRole.PROCESS_OWNER})})

    assert may_export(coordinator, None) and may_export(coordinator, [1, 2])
    assert may_export(colleague, [1]) and not may_export(colleague, [1, 2]) and not may_export(colleague, None)
    assert not may_export(colleague, [])
    assert not may_export(supplier, [1])
