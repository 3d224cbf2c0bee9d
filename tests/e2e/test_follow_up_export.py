"""The follow-up workbook sent from chat over real HTTP, as Teams does it: the file consent card, the
`fileConsent/invoke` on accept or decline, the upload to the stub's upload session, the file info card; and
every refusal (group chat, who may export, an unknown contract, a stale or edited consent)."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from tests.support.demo_people import COORDINATOR, EMPLOYEE, SUPPLIER_GUEST
from tests.support.teams import BOT, invoke, message, post

CONSENT = "application/vnd.microsoft.teams.card.file.consent"
INFO = "application/vnd.microsoft.teams.card.file.info"


async def _say(session, bot_url, stub, user, text, *, locale="sv-SE", conversation_type="personal") -> dict:
    stub.clear()
    status, _ = await post(session, bot_url, message(text, service_url=stub.url, user=user, locale=locale,
                                                     conversation_type=conversation_type))
    assert status == 201
    assert len(stub.activities) == 1, stub.activities
    return stub.activities[0]


async def _consent(session, bot_url, stub, user, action: str, context: dict, *, upload: str = "it.xlsx",
                   locale="sv-SE") -> tuple[int, list[dict]]:
    stub.clear()
    value = {"type": "fileUpload", "action": action, "context": context}
    if action == "accept":
        value["uploadInfo"] = {"contentUrl": "https://contoso-my.sharepoint.com/personal/anna/it.xlsx",
                               "name": "uppfoljning-2024-017.xlsx", "uploadUrl": stub.upload_url(upload),
                               "uniqueId": "1a2b3c", "fileType": "xlsx"}
    status, _ = await post(session, bot_url, invoke("fileConsent/invoke", value, service_url=stub.url, user=user,
                                                    locale=locale))
    return status, list(stub.activities)


async def test_a_contract_export_is_offered_uploaded_on_accept_and_shown(session, demo_bot, stub):
    offer = await _say(session, demo_bot, stub, COORDINATOR, "exportera uppföljning för avtal 2024-017")

    card = offer["attachments"][0]
    assert card["contentType"] == CONSENT and card["name"] == "uppfoljning-2024-017.xlsx"
    assert card["content"]["sizeInBytes"] > 1000
    assert card["content"]["description"].startswith("Uppföljningsboken (Excel) för 2024-017")
    assert "Tillåt" in offer["text"]
    context = card["content"]["acceptContext"]

    status, sent = await _consent(session, demo_bot, stub, COORDINATOR, "accept", context)

    assert status == 200
    data = stub.uploads["it.xlsx"]
    assert stub.upload_headers["it.xlsx"]["Content-Range"] == f"bytes 0-{len(data) - 1}/{len(data)}"
    workbook = load_workbook(io.BytesIO(data))
    assert [row[0] for row in workbook["Avtal"].iter_rows(min_row=2, values_only=True)] == ["2024-017"]
    assert {row[0] for row in workbook["Beslut"].iter_rows(min_row=2, values_only=True)} == {"2024-017"}
    assert workbook["KPI-diagram"]._charts
    assert len(sent) == 1
    info = sent[0]["attachments"][0]
    assert info["contentType"] == INFO and info["name"] == "uppfoljning-2024-017.xlsx"
    assert info["contentUrl"] == "https://contoso-my.sharepoint.com/personal/anna/it.xlsx"
    assert info["content"] == {"uniqueId": "1a2b3c", "fileType": "xlsx"}
    assert sent[0]["text"] == "Klart! uppfoljning-2024-017.xlsx ligger nu i din OneDrive."

    # The same consent again is stale: the offer was used.
    status, again = await _consent(session, demo_bot, stub, COORDINATOR, "accept", context, upload="again.xlsx")
    assert status == 200 and "again.xlsx" not in stub.uploads
    assert [a["text"] for a in again] == [
        "Det där godkännandet hör till ett äldre eller okänt erbjudande, så jag skickade ingenting. "
        "Be om exporten igen."]


async def test_decline_gets_a_polite_answer_and_an_edited_consent_is_refused(session, demo_bot, stub):
    offer = await _say(session, demo_bot, stub, COORDINATOR, "export follow-up for Städbolaget", locale="en-GB")
    context = offer["attachments"][0]["content"]["declineContext"]
    assert offer["attachments"][0]["name"] == "uppfoljning-402118-7341.xlsx"

    _, edited = await _consent(session, demo_bot, stub, COORDINATOR, "accept", {"token": "0" * 32},
                               upload="edited.xlsx", locale="en-GB")
    assert "edited.xlsx" not in stub.uploads
    assert edited[0]["text"].startswith("That consent belongs to an older or unknown offer")

    status, declined = await _consent(session, demo_bot, stub, COORDINATOR, "decline", context, locale="en-GB")
    assert status == 200
    assert [a["text"] for a in declined] == [
        "All right, I will not send the file. Ask again whenever you want the follow-up workbook."]
    _, late = await _consent(session, demo_bot, stub, COORDINATOR, "accept", context, upload="late.xlsx")
    assert "late.xlsx" not in stub.uploads and late[0]["text"].startswith("Det där godkännandet")


async def test_a_failed_upload_is_told(session, demo_bot, stub):
    offer = await _say(session, demo_bot, stub, COORDINATOR, "exportera uppföljning för avtal 2024-017")
    stub.upload_status = 500

    _, sent = await _consent(session, demo_bot, stub, COORDINATOR, "accept",
                             offer["attachments"][0]["content"]["acceptContext"])

    assert [a["text"] for a in sent] == ["Filen kunde inte laddas upp till din OneDrive. Försök igen om en stund."]
    assert not any(a.get("attachments") for a in sent)


async def test_who_may_export_what_and_where(session, demo_bot, stub):
    group = await _say(session, demo_bot, stub, COORDINATOR, "exportera uppföljning för avtal 2024-017",
                       conversation_type="groupChat")
    assert group["text"] == (
        "Filer kan jag skicka bara i en personlig chatt. [Öppna en personlig chatt med mig]"
        f"(https://teams.microsoft.com/l/chat/0/0?users={BOT['id']}) och skriv samma sak där, så skickar jag "
        "uppföljningsboken.")
    assert not group.get("attachments")

    everything = await _say(session, demo_bot, stub, EMPLOYEE, "exportera uppföljningen")
    assert everything["text"].startswith("Hela uppföljningen kan bara processkoordinatorer och administratörer")
    own = await _say(session, demo_bot, stub, EMPLOYEE, "exportera uppföljning för avtal 2023-008")
    assert own["attachments"][0]["contentType"] == CONSENT
    other = await _say(session, demo_bot, stub, EMPLOYEE, "exportera uppföljning för avtal 2024-017")
    assert other["text"] == ("Uppföljningsboken kan exporteras av avtalens uppföljningsteam, "
                             "processkoordinatorer och administratörer.")

    supplier = await _say(session, demo_bot, stub, SUPPLIER_GUEST, "export follow-up for 2022-041", locale="en-GB")
    assert supplier["text"] == ("The follow-up workbook can be exported by the contracts' follow-up teams, "
                                "process coordinators and administrators.")
    unknown = await _say(session, demo_bot, stub, COORDINATOR, "exportera uppföljning för avtal 1999-999'; --")
    assert unknown["text"].startswith("Jag hittar inget avtal eller någon leverantör som heter ”1999-999'; --”")

    everything = await _say(session, demo_bot, stub, COORDINATOR, "exportera uppföljningen")
    assert everything["attachments"][0]["name"] == "uppfoljning-alla.xlsx"
    assert stub.uploads == {}
