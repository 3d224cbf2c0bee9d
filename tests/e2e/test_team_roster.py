"""When the app is added to a team, the registered members become reachable for reminders in a 1:1 chat:
their Teams user ids are stored with the team's conversation, read from the paged roster. Unknown people are not."""

from __future__ import annotations

from sqlalchemy import select

from bot.domain.roles import GlobalRole
from bot.services.administration import grant_global_role
from storage import tables as t
from storage.engine import open_engine
from storage.unit_of_work import unit_of_work_factory
from tests.support.database import rows
from tests.support.teams import BOT, members_added, post

TEAM_CONVERSATION = "19:uppfoljningsteamet@thread.tacv2;messageid=1"


async def _register(database_url: str, *emails: str) -> None:
    engine = open_engine(database_url)
    try:
        for email in emails:
            await grant_global_role(unit_of_work_factory(engine), email, GlobalRole.EMPLOYEE, actor_label="test")
    finally:
        await engine.dispose()


def _member(user_id: str, name: str, email: str) -> dict:
    return {"id": user_id, "aadObjectId": f"aad-{user_id}", "name": name, "email": email,
            "userPrincipalName": email, "userRole": "user"}


def _in_team(activity: dict, added: list[dict]) -> dict:
    activity["conversation"] = {"id": TEAM_CONVERSATION, "conversationType": "channel",
                                "tenantId": activity["conversation"]["tenantId"]}
    activity["channelData"]["team"] = {"id": "19:uppfoljningsteamet@thread.tacv2"}
    activity["membersAdded"] = added
    return activity


async def _stored(database_url: str) -> dict[str, tuple]:
    r = t.conversation_references.c
    found = await rows(database_url, select(r.user_id, r.conversation_id, r.conversation_type, r.contact_id,
                                            r.reference))
    return {row["user_id"]: row for row in found}


async def test_adding_the_app_to_a_team_stores_every_registered_member_from_all_pages(
        bot_url, session, stub, database_url):
    await _register(database_url, "anna.andersson@exempelkommun.se", "bo.berg@exempelkommun.se")
    for user_id, name, email in [("29:anna", "Anna Andersson", "anna.andersson@exempelkommun.se"),
                                 ("29:okand", "Okänd Person", "okand@annanstans.se"),
                                 ("29:bo", "Bo Berg", "Bo.Berg@Exempelkommun.se")]:
        stub.members[user_id] = _member(user_id, name, email)
    installer = {"id": "29:okand", "aadObjectId": "aad-29:okand", "name": "Okänd Person"}

    status, _ = await post(session, bot_url, _in_team(members_added(service_url=stub.url, user=installer),
                                                      [{"id": BOT["id"]}]))

    assert status == 201
    stored = await _stored(database_url)
    assert {"29:anna", "29:bo"} <= set(stored)
    assert stored["29:anna"]["conversation_type"] == "channel"
    assert stored["29:anna"]["conversation_id"] == TEAM_CONVERSATION
    assert stored["29:anna"]["reference"]["user"]["id"] == "29:anna"
    assert stored["29:bo"]["contact_id"] is not None
    assert not any(row["contact_id"] for user, row in stored.items() if user == "29:okand")
    paged = [path for method, path in stub.requests if "pagedmembers" in path]
    assert len(paged) == 2  # three members in pages of two


async def test_a_registered_person_joining_the_team_later_is_stored_and_a_stranger_is_not(
        bot_url, session, stub, database_url):
    await _register(database_url, "cecilia.ceder@exempelkommun.se")
    stub.members["29:cecilia"] = _member("29:cecilia", "Cecilia Ceder", "cecilia.ceder@exempelkommun.se")
    stub.members["29:gast"] = _member("29:gast", "Gäst", "gast@leverantor.se")

    await post(session, bot_url, _in_team(members_added(service_url=stub.url),
                                          [{"id": "29:cecilia"}, {"id": "29:gast"}]))

    stored = await _stored(database_url)
    assert stored["29:cecilia"]["contact_id"] is not None
    assert "29:gast" not in stored
    assert not stub.activities  # no welcome card in the channel for someone else joining
