"""Segmenting suppliers and changing follow-up plans by chat, over real HTTP as Teams does, against the demo
register on both databases: what the user reads, what the database holds, and who is refused."""

from __future__ import annotations


from sqlalchemy import select

from storage import tables as t
from tests.support.adaptive_cards import problems
from tests.support.database import rows
from tests.support.demo_people import COORDINATOR, EMPLOYEE, NEWCOMER, SUPPLIER_GUEST
from tests.support.teams import message, post





async def _say(session, url, stub, user, *texts: str, locale: str = "sv-SE") -> None:
    for text in texts:
        status, _ = await post(session, url, message(text, service_url=stub.url, user=user, locale=locale,
                                                     conversation=f"a:{user['id']}"))
        assert status == 201


def _card(activity: dict) -> dict:
    return activity["attachments"][0]["content"]


def _facts(card: dict) -> dict[str, str]:
    return {fact["title"]: fact["value"] for element in card["body"] if element["type"] == "FactSet"
            for fact in element["facts"]}


async def _segments(database_url: str, supplier: str) -> list[dict]:
    return await rows(database_url, select(t.segmentations)
                      .join(t.suppliers, t.suppliers.c.id == t.segmentations.c.supplier_id)
                      .where(t.suppliers.c.name == supplier).order_by(t.segmentations.c.id))


async def _plan_row(database_url: str, reference: str) -> dict:
    [row] = await rows(database_url, select(t.follow_up_plans)
                       .join(t.contracts, t.contracts.c.id == t.follow_up_plans.c.contract_id)
                       .where(t.contracts.c.reference == reference))
    return row


async def test_a_coordinator_segments_a_supplier_in_swedish_and_its_contract_follows_the_new_segment(
    demo_bot, session, stub, database_url
):
    await _say(session, demo_bot, stub, COORDINATOR, "segmentera snorojarna", "över 10 Mkr", "60 %", "5")
    texts = stub.texts()
    assert texts[0].startswith("Segmentering av Snöröjarna Exempel AB: 6 frågor")
    assert _card(stub.activities[3])["body"][0]["text"] == (
        "Fråga 3 av 6: Hur mycket påverkas budgeten om priserna stiger?")
    assert texts[4] == "”5” är inget av svaren. Svara med numret (1–3) eller något av orden."  # re-asked
    stub.clear()
    await _say(session, demo_bot, stub, COORDINATOR, "hög", "inga", "hög", "kritisk")
    matrix = _card(stub.activities[-1])
    assert problems(matrix) == []
    assert _facts(matrix)["Segment"] == "strategisk"
    assert (_facts(matrix)["Finansiell risk"], _facts(matrix)["Leveransrisk"]) == ("4,00 av 4", "4,00 av 4")
    stub.clear()
    await _say(session, demo_bot, stub, COORDINATOR, "ja", "visa uppföljningsplan för 2023-022")
    assert stub.texts()[0] == ("Sparat: Snöröjarna Exempel AB är nu strategisk. Avtalens uppföljningsplaner "
                               "följer segmentets standardplan.")
    plan = _card(stub.activities[1])
    assert problems(plan) == []
    assert {key: _facts(plan)[key] for key in ("Segment", "KPI-rapportering", "Uppföljningsmöten")} == {
        "Segment": "strategisk", "KPI-rapportering": "per månad", "Uppföljningsmöten": "varannan månad"}
    assert _facts(plan)["2. processägare"] == "Birgitta Sjöström"
    segments = await _segments(database_url, "Snöröjarna Exempel AB")
    assert [(s["segment"], s["overridden"]) for s in segments] == [("flaskhals", False), ("strategisk", False)]
    assert segments[-1]["answers"]["alternatives"] == "none"
    assert (await _plan_row(database_url, "2023-022"))["kpi_frequency"] == "månad"


async def test_in_english_cancel_stores_nothing_and_a_plan_change_is_re_asked_then_saved(
    demo_bot, session, stub, database_url
):
    before = await _segments(database_url, "Kontorsvaror Exempel AB")
    await _say(session, demo_bot, stub, COORDINATOR, "segment supplier Kontorsvaror", "1", "cancel", locale="en-US")
    assert stub.texts()[0].startswith("Segmenting Kontorsvaror Exempel AB: 6 questions")
    assert stub.texts()[-1] == "Cancelled. Nothing was saved."
    assert await _segments(database_url, "Kontorsvaror Exempel AB") == before
    stub.clear()
    await _say(session, demo_bot, stub, COORDINATOR, "change follow-up plan for 2021-033", "7", "11", "five", "5",
               "yes", locale="en-US")
    texts = stub.texts()
    assert _card(stub.activities[0])["body"][0]["text"] == (
        "What do you want to change in the follow-up plan for 2021-033?")
    assert texts[1] == "Reminders before escalation is now 3. What should it be? Type a whole number between 1 and 10."
    assert texts[2] == "11 will not do for Reminders before escalation: it must be between 1 and 10."
    assert texts[3] == "“five” is not a whole number. Reminders before escalation takes whole numbers."
    assert _facts(_card(stub.activities[4])) == {"Setting": "Reminders before escalation", "Now": "3", "New": "5"}
    assert texts[5] == ("Saved. The follow-up plan for 2021-033 is adjusted for the contract: "
                        "Reminders before escalation 5.")
    row = await _plan_row(database_url, "2021-033")
    assert (row["max_reminders"], row["adjusted"], row["adjusted_by_id"] is not None) == (5, True, True)
    history = await rows(database_url, select(t.change_history).where(t.change_history.c.entity == "follow_up_plans"))
    assert [(h["before"]["max_reminders"], h["after"]["max_reminders"], h["actor_label"]) for h in history] == [
        (3, 5, "anna.lindqvist@exempelkommun.se")]


async def test_people_without_the_right_are_refused_and_nothing_is_stored(demo_bot, session, stub, database_url):
    before = await rows(database_url, select(t.segmentations))
    await _say(session, demo_bot, stub, NEWCOMER, "segmentera Städbolaget")
    await _say(session, demo_bot, stub, SUPPLIER_GUEST, "segmentera Städbolaget")
    await _say(session, demo_bot, stub, EMPLOYEE, "ändra uppföljningsplan för 2023-008")
    await _say(session, demo_bot, stub, COORDINATOR, "ändra standardplan för flaskhals")
    await _say(session, demo_bot, stub, COORDINATOR, "change default plan for bottleneck", locale="en-US")
    refused = "Det har du inte behörighet till. Be en processkoordinator eller administratör om hjälp."
    assert stub.texts() == [refused, refused, refused, refused,
                            "You are not allowed to do that. Ask a process coordinator or an administrator for help."]
    assert await rows(database_url, select(t.segmentations)) == before


async def test_the_process_owner_of_a_suppliers_contract_may_segment_it_named_by_its_org_number(
    demo_bot, session, stub
):
    await _say(session, demo_bot, stub, EMPLOYEE, "segmentera 403390-1150")
    assert stub.texts()[0].startswith("Segmentering av Skolmat i Exempel AB")


async def test_a_supplier_with_several_contracts_offers_a_choice_and_the_chosen_plan_is_shown(
    demo_bot, session, stub, database_url
):
    await _say(session, demo_bot, stub, COORDINATOR, "show follow-up plan for Städbolaget", locale="en-US")
    choice = _card(stub.activities[0])
    assert problems(choice) == []
    assert [action["title"] for action in choice["actions"]] == [
        "2020-019 Fönsterputs och storstädning", "2022-041 Lokalvård i kommunens verksamhetslokaler"]
    stub.clear()
    chosen = choice["actions"][1]["data"]
    status, _ = await post(session, demo_bot, message(None, service_url=stub.url, user=COORDINATOR, locale="en-US",
                                                      value=chosen))
    assert status == 201
    plan = _card(stub.activities[0])
    assert plan["body"][0]["text"] == "Follow-up plan for 2022-041 Lokalvård i kommunens verksamhetslokaler"
    assert _facts(plan)["2. process coordinator"] == "Anna Lindqvist"
    stub.clear()
    # the same choice sent by a supplier's guest of another supplier: as if the contract did not exist
    [other] = await rows(database_url, select(t.contracts.c.id).where(t.contracts.c.reference == "2024-017"))
    await _say(session, demo_bot, stub, SUPPLIER_GUEST, "visa uppföljningsplan för 2024-017")
    status, _ = await post(session, demo_bot, message(None, service_url=stub.url, user=SUPPLIER_GUEST,
                                                      value={**chosen, "contract_id": other["id"]}))
    assert status == 201
    assert stub.texts()[0] == "Jag hittar inget avtal eller leverantör som heter ”2024-017”."
    assert _card(stub.activities[1])["body"][0]["text"] == (
        "Det avtalet finns inte, eller så har du inte tillgång till det.")


async def test_someone_who_may_segment_no_supplier_is_refused_before_any_question(demo_bot, session, stub):
    await _say(session, demo_bot, stub, NEWCOMER, "segment", locale="en-US")
    assert stub.texts() == ["You are not allowed to do that. Ask a process coordinator or an administrator for help."]
