"""Loading what a reminder is about, in one unit of work, when it is about to go out."""

from __future__ import annotations

from dataclasses import replace

from bot.domain.follow_up_plan import DEFAULT_LADDER
from bot.domain.kpis import Period
from bot.domain.reminder_content import ReminderFacts
from bot.domain.reminders import Reminder, ReminderKind
from bot.services.ports import UnitOfWork, UnitOfWorkFactory


async def reminder_facts(unit_of_work: UnitOfWorkFactory, reminder: Reminder) -> ReminderFacts:
    payload = reminder.payload
    responsible = tuple(int(contact_id) for contact_id in payload.get("responsible_ids", ()))
    async with unit_of_work() as uow:
        reminder = await uow.reminder_answers.reminder(reminder.id) or reminder  # answered meanwhile?
        contracts = await uow.follow_up_items.contracts([reminder.contract_id] if reminder.contract_id else [])
        names = await uow.follow_up_items.names(responsible)
        facts = ReminderFacts(
            reminder=reminder, contract=contracts.get(reminder.contract_id),
            responsible_names=tuple(names[contact_id] for contact_id in responsible if contact_id in names),
            role=await _role(uow, reminder),
        )
        if reminder.kind is ReminderKind.KPI:
            kpi = await uow.kpis.kpi(int(payload["kpi_id"]))
            reported = kpi is not None and await uow.kpis.value_for(
                kpi.id, Period.parse(payload["period"], kpi.frequency)) is not None
            return replace(facts, kpi=kpi, kpi_reported=reported)
        if reminder.kind is ReminderKind.MEETING:
            return replace(facts, meeting=await uow.follow_up_items.meeting(int(payload["meeting_id"])))
        if reminder.kind is ReminderKind.ACTION:
            return replace(facts, action=await uow.follow_up_items.action(int(payload["action_id"])))
        if reminder.kind is ReminderKind.SURVEY:
            period = str(payload.get("period", ""))
            answers = await uow.supplier_ratings.answers(int(payload["supplier_id"]), [period])
            return replace(facts, survey_answered=any(
                answer.rated_by_id == reminder.recipient_id for answer in answers.get(period, [])))
        return facts


async def _role(uow: UnitOfWork, reminder: Reminder) -> str | None:
    """An escalated reminder's rung of the contract's escalation ladder; otherwise the first role of the ladder
    the recipient holds in the contract (for a contract's notice and end dates)."""
    if reminder.contract_id is None:
        return None
    plans = await uow.plans.plans_for_contracts([reminder.contract_id])
    ladder = plans[reminder.contract_id].escalation if reminder.contract_id in plans else DEFAULT_LADDER
    if reminder.step >= 1:
        return ladder[reminder.step - 1].value if reminder.step <= len(ladder) else None
    held = await uow.follow_up_items.roles_in(reminder.recipient_id, reminder.contract_id)
    return next((role.value for role in ladder if role.value in held), None)
