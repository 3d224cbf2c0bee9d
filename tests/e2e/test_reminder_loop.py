"""The whole reminder loop in one serving app, as in production: the bot's own planner writes the reminder of a
KPI report that is due, the scheduler sends the bot's own message into the reporter's chat through the
connector stub in the reporter's language, and the reporter answers the card in place, which answers the
reminder."""

from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import insert, select, update

from bot.domain.kpis import Frequency, due_period
from bot.holiday_source import working_calendar
from bot.services.reminder_planning import plan_reminders
from bot.settings import Settings
from storage import tables as t
from storage.engine import open_engine
from storage.types import utcnow
from storage.unit_of_work import unit_of_work_factory
from tests.support.adaptive_cards import problems
from tests.support.database import rows
from tests.support.demo_people import PROFILES, SUPPLIER_GUEST
from tests.support.teams import invoke, message, post, running_bot
from tests.support.stockholm import today as stockholm_today

KPI = "Svarstid på felanmälan"
CALENDAR = working_calendar(ZoneInfo("Europe/Stockholm"))


def _settings(database_url: str) -> Settings:
    return Settings(DATABASE_URL=database_url, MicrosoftAppId="", ALLOWED_TENANTS="", REMINDERS_ENABLED=True,
                    REMINDER_POLL_SECONDS=0.1)


async def _scalar(engine, statement):
    async with engine.connect() as connection:
        return await connection.scalar(statement)


async def _new_kpi_reported_by_maria(engine) -> tuple[int, str]:
    """A monthly KPI of 2022-041 that Maria (the supplier's contact) reports, whose last month has no value."""
    contract = await _scalar(engine, select(t.contracts.c.id).where(t.contracts.c.reference == "2022-041"))
    email = PROFILES[SUPPLIER_GUEST["id"]]["email"]
    maria = await _scalar(engine, select(t.contacts.c.id).where(t.contacts.c.email == email))
    async with engine.begin() as connection:
        kpi = (await connection.execute(insert(t.kpi_definitions).values(
            contract_id=contract, name=KPI, unit="timmar", target=Decimal(4), direction="lägre",
            frequency=Frequency.MONTH.value, reporter_contact_id=maria, active_from=date(2025, 1, 1),
        ).returning(t.kpi_definitions.c.id))).scalar_one()
    return kpi, due_period(Frequency.MONTH, stockholm_today()).label


async def _until(check, timeout: float = 15.0):
    async with asyncio.timeout(timeout):
        while not (found := await check()):
            await asyncio.sleep(0.1)
    return found


def _execute(action: dict, inputs: dict) -> dict:
    return {"action": {"type": "Action.Execute", "verb": action["verb"], "data": {**action["data"], **inputs}},
            "trigger": "manual"}


@pytest.mark.parametrize(("locale", "greeting", "why", "buttons", "saved"), [
    ("sv-SE", "hjälp", "Du får påminnelsen eftersom du rapporterar KPI:n {kpi} för avtal 2022-041",
     ["Påminn mig i morgon", "Påminn mig nästa vecka", "Rapportera senare"], "Sparat för {period}."),
    ("en-US", "help", "You get this reminder because you report the KPI {kpi} for contract 2022-041",
     ["Remind me tomorrow", "Remind me next week", "Report later"], "Saved for {period}."),
])
async def test_a_due_kpi_report_is_reminded_by_the_bot_and_answered_in_place(
        database_url, stub, session, locale, greeting, why, buttons, saved):
    stub.members.update(PROFILES)
    async with running_bot(_settings(database_url), demo=True) as url:
        engine = open_engine(database_url)
        try:
            # Maria has talked to the bot once, so it has her 1:1 conversation and her language.
            said = message(greeting, service_url=stub.url, user=SUPPLIER_GUEST, locale=locale)
            assert (await post(session, url, said))[0] == 201
            kpi, period = await _new_kpi_reported_by_maria(engine)
            subject = f"kpi:{kpi}:{period}"
            await plan_reminders(unit_of_work_factory(engine), CALENDAR, utcnow())  # as the scheduler's job does
            # The first reminder is due on the first working morning after the month; let that morning have come.
            async with engine.begin() as connection:
                await connection.execute(update(t.reminders).where(t.reminders.c.subject_key == subject)
                                         .values(due_at=utcnow()))

            async def reminder_card():
                for activity in stub.activities:
                    for attachment in activity.get("attachments") or []:
                        if KPI in str(attachment["content"]):
                            return attachment["content"]
                return None

            card = await _until(reminder_card)
            [row] = await rows(database_url, select(t.reminders).where(t.reminders.c.subject_key == subject))
            assert (row["status"], row["kind"], row["step"]) == ("sent", "kpi", 0)
            assert problems(card) == []
            text = " ".join(str(element.get("text", "")) for element in card["body"])
            assert why.format(kpi=KPI) in text
            assert [action["title"] for action in card["actions"]][1:] == buttons

            inputs = {element["id"]: element.get("value", "") for element in card["body"] if "id" in element}
            status, body = await post(session, url, invoke(
                "adaptiveCard/action", _execute(card["actions"][0], {**inputs, "value": "3,5"}),
                service_url=stub.url, user=SUPPLIER_GUEST, locale=locale))
            assert status == 200 and body["value"]["body"][1]["text"] == saved.format(period=period)
            [answered] = await rows(database_url, select(t.reminders).where(t.reminders.c.subject_key == subject))
            assert answered["status"] == "answered" and answered["answered_at"] is not None
            [value] = await rows(database_url, select(t.kpi_values.c.value).where(t.kpi_values.c.kpi_id == kpi))
            assert Decimal(value["value"]) == Decimal("3.5")
        finally:
            await engine.dispose()
