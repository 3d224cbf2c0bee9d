"""Register files sent to the bot in a personal chat, over real HTTP as Teams does: the preview card, the
import on confirmation, and every refusal, with what the database holds afterwards."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.file_download import MAX_FILE_BYTES
from bot.services.register_transfer import import_register
from storage import tables as t
from storage.engine import open_engine
from storage.unit_of_work import unit_of_work_factory
from storage.workbook import read_workbook
from tests.e2e.conftest import COORDINATOR_EMAIL
from tests.support.register_workbooks import KPIS, QUALITY, VALID, write_workbook
from tests.support.teams import message, post, teams_user

FILE_INFO = "application/vnd.microsoft.teams.file.download.info"
EMPLOYEE = teams_user("29:erik", "aad-erik", "Erik Eriksson")


@pytest.fixture
async def register(database_url, tmp_path, coordinator, stub) -> None:
    """The register with its contracts and KPI definitions, but no KPI values yet."""
    path = write_workbook(tmp_path / "register.xlsx", {**VALID, "KPI": KPIS["KPI"]})
    engine = open_engine(database_url)
    try:
        report = await import_register(unit_of_work_factory(engine), read_workbook(path), actor_label="test")
        assert report.ok, report.errors
    finally:
        await engine.dispose()
    stub.members[EMPLOYEE["id"]] = {**EMPLOYEE, "email": "erik.eriksson@exempelkommun.se", "userRole": "user"}


def _workbook(tmp_path: Path, rows: list[list[object]], name: str = "values.xlsx") -> bytes:
    return write_workbook(tmp_path / name, {"KPI-värden": rows}).read_bytes()


def _file_message(stub, name: str, url: str, *, user: dict, locale: str = "sv-SE", conversation_type="personal"):
    activity = message(None, service_url=stub.url, user=user, locale=locale, conversation_type=conversation_type)
    activity["attachments"] = [
        {"contentType": FILE_INFO, "name": name,
         "content": {"downloadUrl": url, "uniqueId": "0d5a2b7c-1111", "fileType": Path(name).suffix.lstrip(".")}},
        {"contentType": "text/html", "content": "<div></div>"},
    ]
    return activity


async def _send_file(session, bot_url, stub, user, name: str, data: bytes | None = None, *, url: str | None = None,
                     **kwargs) -> dict:
    key = f"file-{len(stub.files) + 1}"
    if data is not None:
        stub.files[key] = data
    stub.clear()
    status, _ = await post(session, bot_url, _file_message(stub, name, url or stub.file_url(key), user=user,
                                                           **kwargs))
    assert status == 201
    assert len(stub.activities) == 1, stub.activities
    return stub.activities[0]


async def _press(session, bot_url, stub, user, data: dict, locale: str = "sv-SE") -> dict:
    stub.clear()
    status, _ = await post(session, bot_url, message(None, service_url=stub.url, user=user, value=data,
                                                     locale=locale))
    assert status == 201
    assert len(stub.activities) == 1, stub.activities
    return stub.activities[0]["attachments"][0]["content"]


def _card(activity: dict) -> dict:
    return activity["attachments"][0]["content"]


def _texts(card: dict) -> list[str]:
    texts = []
    for element in card["body"]:
        if element["type"] == "TextBlock":
            texts.append(element["text"])
        for item in element.get("items", ()):
            texts.append(item["text"])
    return texts


def _facts(card: dict) -> dict[str, str]:
    return {fact["title"]: fact["value"] for element in card["body"] if element["type"] == "FactSet"
            for fact in element["facts"]}


def _action(card: dict, verb: str) -> dict | None:
    return next((action["data"] for action in card.get("actions", ()) if action["data"].get("verb") == verb), None)


async def _values(database_url: str) -> dict[str, str]:
    engine = open_engine(database_url)
    try:
        async with engine.connect() as connection:
            rows = await connection.execute(select(t.kpi_definitions.c.name, t.kpi_values.c.period,
                                                   t.kpi_values.c.value)
                                            .join(t.kpi_definitions, t.kpi_definitions.c.id == t.kpi_values.c.kpi_id))
            return {f"{name} {period}": str(Decimal(str(value)).normalize()) for name, period, value in rows}
    finally:
        await engine.dispose()


async def _actor_labels(database_url: str) -> set[str]:
    engine = open_engine(database_url)
    try:
        async with engine.connect() as connection:
            return set(await connection.scalars(select(t.change_history.c.actor_label)
                                                .where(t.change_history.c.entity == "kpi_values")))
    finally:
        await engine.dispose()


async def test_a_coordinator_previews_a_kpi_values_workbook_and_the_values_are_written_only_on_import(
    register, bot_url, session, stub, coordinator, database_url, tmp_path
):
    data = _workbook(tmp_path, KPIS["KPI-värden"])

    preview = _card(await _send_file(session, bot_url, stub, coordinator, "KPI-värden.xlsx", data))

    assert _texts(preview)[:2] == ["Förhandsvisning: KPI-värden.xlsx", "Så här skulle importen ändra registret:"]
    assert _facts(preview) == {"KPI-värden": "4 nya, 0 ändrade, 0 oförändrade"}
    assert [action["title"] for action in preview["actions"]] == ["Importera", "Avbryt"]
    assert await _values(database_url) == {}  # the preview wrote nothing
    button = _action(preview, "kpifile.import")

    done = await _press(session, bot_url, stub, coordinator, button)

    assert _texts(done)[:2] == ["Importerat: KPI-värden.xlsx", "Registret är uppdaterat:"]
    assert _facts(done) == {"KPI-värden": "4 nya, 0 ändrade, 0 oförändrade"}
    assert "actions" not in done or not done["actions"]
    values = await _values(database_url)
    assert len(values) == 4 and values[f"{QUALITY} 2025-Q1"] == "96.5"
    assert await _actor_labels(database_url) == {f"teams:{COORDINATOR_EMAIL}:KPI-värden.xlsx"}

    again = _card(await _send_file(session, bot_url, stub, coordinator, "KPI-värden.xlsx", data))
    assert _facts(again) == {"KPI-värden": "0 nya, 0 ändrade, 4 oförändrade"}
    assert "Inget skulle ändras; registret har redan allt som står i filen." in _texts(again)
    assert _action(again, "kpifile.import") is None


async def test_a_csv_file_is_read_as_the_sheet_it_is_named_for(register, bot_url, session, stub, coordinator,
                                                               database_url):
    rows = ["Avtalsnummer;KPI;Period;Värde;Kommentar;Rapporterad av",
            f"KS-2024-017;{QUALITY};2025-Q3;93,5;;"]
    preview = _card(await _send_file(session, bot_url, stub, coordinator, "statistik.csv",
                                     "\n".join(rows).encode("utf-8-sig")))

    assert _facts(preview) == {"KPI-värden": "1 nya, 0 ändrade, 0 oförändrade"}
    await _press(session, bot_url, stub, coordinator, _action(preview, "kpifile.import"))
    assert await _values(database_url) == {f"{QUALITY} 2025-Q3": "93.5"}


async def test_bad_rows_are_listed_in_the_preview_without_an_import_button_and_nothing_is_written(
    register, bot_url, session, stub, coordinator, database_url, tmp_path
):
    bad = [["KS-2024-017", QUALITY, "2025-03", 96], ["KS-2024-017", "Finns inte", "2025-Q1", 1]]
    bad += [["KS-2024-017", QUALITY, "2099-Q1", "96,5"]] * 22  # 24 bad rows in all, the same value repeated
    preview = _card(await _send_file(session, bot_url, stub, coordinator, "KPI-värden.xlsx",
                                     _workbook(tmp_path, bad)))

    texts = _texts(preview)
    assert texts[1] == "Inget importerades: 24 rader har fel. Rätta dem och skicka filen igen."
    errors = [text for text in texts if text.startswith("KPI-värden!")]
    assert errors[0] == f"KPI-värden!2: Perioden 2025-03 passar inte KPI:n ”{QUALITY}”, som rapporteras per kvartal."
    assert errors[1] == ("KPI-värden!3: KPI:n ”Finns inte” för avtalet KS-2024-017 finns varken i bladet KPI "
                         "eller i registret.")
    assert len(errors) == 20
    assert texts[-1].startswith("…och ") and texts[-1].endswith(" till")
    assert not preview.get("actions")
    assert await _values(database_url) == {}


async def test_a_file_changed_between_preview_and_import_is_refused_and_nothing_written(
    register, bot_url, session, stub, coordinator, database_url, tmp_path
):
    preview = _card(await _send_file(session, bot_url, stub, coordinator, "KPI-värden.xlsx",
                                     _workbook(tmp_path, KPIS["KPI-värden"])))
    button = _action(preview, "kpifile.import")
    assert set(button) == {"verb", "token"}  # where the file is stays with the bot, not on the card
    (key,) = stub.files
    stub.files[key] = _workbook(tmp_path, KPIS["KPI-värden"][:1], name="changed.xlsx")

    answer = await _press(session, bot_url, stub, coordinator, button)

    assert _texts(answer) == ["Inget importerades: KPI-värden.xlsx har ändrats sedan förhandsvisningen. "
                              "Skicka filen igen för att se en ny förhandsvisning."]
    assert await _values(database_url) == {}
    stub.files[key] = _workbook(tmp_path, KPIS["KPI-värden"], name="again.xlsx")
    forged = await _press(session, bot_url, stub, coordinator,
                          {**button, "token": "0" * 32, "url": "http://169.254.169.254/latest/meta-data"})
    assert _texts(forged) == ["Det här kortet är inaktuellt eller okänt, så jag gjorde ingenting. "
                              "Skriv **hjälp** för att börja om."]
    assert not [path for _, path in stub.requests if path.startswith("/files/")]  # _press cleared the log
    assert await _values(database_url) == {}


async def test_a_medarbetare_may_neither_send_a_file_nor_press_import(register, bot_url, session, stub,
                                                                      coordinator, database_url, tmp_path):
    data = _workbook(tmp_path, KPIS["KPI-värden"])
    refused = await _send_file(session, bot_url, stub, EMPLOYEE, "KPI-värden.xlsx", data)
    assert not [path for _, path in stub.requests if path.startswith("/files/")]  # not even downloaded
    preview = _card(await _send_file(session, bot_url, stub, coordinator, "KPI-värden.xlsx", data))

    pressed = await _press(session, bot_url, stub, EMPLOYEE, _action(preview, "kpifile.import"))

    expected = "Bara processkoordinatorer och administratörer kan importera filer till registret."
    assert refused["text"] == expected and _texts(pressed) == [expected]
    assert await _values(database_url) == {}


async def test_files_other_than_xlsx_or_csv_too_large_or_unreachable_are_refused_with_the_reason(
    register, bot_url, session, stub, coordinator, database_url
):
    too_large = os.urandom(MAX_FILE_BYTES + 1)
    pdf = await _send_file(session, bot_url, stub, coordinator, "rapport.pdf", b"%PDF-1.7")
    announced = await _send_file(session, bot_url, stub, coordinator, "stor.xlsx", too_large)
    streamed = await _send_file(session, bot_url, stub, coordinator, "stor.xlsx",
                                url=stub.file_url("file-2", chunked=True))
    missing = await _send_file(session, bot_url, stub, coordinator, "borta.xlsx", url=stub.file_url("finns-inte"))
    not_a_workbook = await _send_file(session, bot_url, stub, coordinator, "text.xlsx", b"inte en arbetsbok")

    assert pdf["text"].startswith("rapport.pdf är varken en Excel-arbetsbok (.xlsx) eller en CSV-fil (.csv).")
    assert announced["text"] == "stor.xlsx är för stor. Jag läser filer på högst 5 MB."
    assert streamed["text"] == "stor.xlsx är för stor. Jag läser filer på högst 5 MB."
    assert missing["text"] == "Jag kunde inte hämta borta.xlsx. Försök att skicka filen igen om en stund."
    assert not_a_workbook["text"] == "text.xlsx är ingen Excel-arbetsbok (.xlsx) som går att läsa."
    assert await _values(database_url) == {}


async def test_files_are_taken_only_in_a_personal_chat(register, bot_url, session, stub, coordinator, tmp_path):
    answer = await _send_file(session, bot_url, stub, coordinator, "KPI-värden.xlsx",
                              _workbook(tmp_path, KPIS["KPI-värden"]), conversation_type="groupChat")
    assert answer["text"] == "Filer tar jag emot bara i en personlig chatt med mig."


async def test_cancel_writes_nothing(register, bot_url, session, stub, coordinator, database_url, tmp_path):
    preview = _card(await _send_file(session, bot_url, stub, coordinator, "KPI-värden.xlsx",
                                     _workbook(tmp_path, KPIS["KPI-värden"])))
    answer = await _press(session, bot_url, stub, coordinator, _action(preview, "kpifile.cancel"))
    assert _texts(answer) == ["Importen avbröts. Inget skrevs till registret."]
    assert await _values(database_url) == {}


async def test_the_preview_and_the_answer_speak_english(register, bot_url, session, stub, coordinator,
                                                         database_url, tmp_path):
    preview = _card(await _send_file(session, bot_url, stub, coordinator, "KPI-värden.xlsx",
                                     _workbook(tmp_path, KPIS["KPI-värden"]), locale="en-GB"))
    assert _texts(preview)[:2] == ["Preview: KPI-värden.xlsx", "This is how the import would change the register:"]
    assert _facts(preview) == {"KPI values": "4 created, 0 updated, 0 unchanged"}
    assert [action["title"] for action in preview["actions"]] == ["Import", "Cancel"]
    done = await _press(session, bot_url, stub, coordinator, _action(preview, "kpifile.import"), locale="en-GB")
    assert _texts(done)[0] == "Imported: KPI-värden.xlsx"
    bad = _card(await _send_file(session, bot_url, stub, coordinator, "KPI-värden.xlsx",
                                 _workbook(tmp_path, [["KS-2024-017", QUALITY, "2099-Q1", 1]]), locale="en-GB"))
    assert "KPI-värden!2: The period 2099-Q1 has not begun yet." in _texts(bad)
    refused = await _send_file(session, bot_url, stub, EMPLOYEE, "KPI-värden.xlsx", b"x", locale="en-GB")
    assert refused["text"] == "Only process coordinators and administrators can import files into the register."
