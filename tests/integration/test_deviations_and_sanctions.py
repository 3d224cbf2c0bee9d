"""Deviations and sanction steps through their use cases on both databases: who may report and decide, what
is stored with its change history, when the next step is proposed, and the complaint count beside the KPI."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from bot.domain.deviations import DateInFuture, Deviation, DeviationType, Severity
from bot.domain.errors import NotAllowed
from bot.domain.sanctions import Sanction, SanctionStep
from bot.services.deviations import (
    AlreadyVoided,
    DeviationNotFound,
    VoidReasonMissing,
    deviation_contracts,
    deviation_overview,
    report_deviation,
    void_deviation,
)
from bot.services.sanctions import (
    AlreadyRevoked,
    AmountMissing,
    NotTheContractsDeviation,
    RevocationReasonMissing,
    SanctionNotFound,
    StepsSkipped,
    decide_sanction,
    revoke_sanction,
    sanction_ladder,
)
from storage import tables as t
from tests.support.demo_people import DEMO_DAY, person_by_email

TODAY = DEMO_DAY


async def _contract_id(engine, reference: str) -> int:
    async with engine.connect() as connection:
        return await connection.scalar(select(t.contracts.c.id).where(t.contracts.c.reference == reference))


async def _count(engine, table) -> int:
    async with engine.connect() as connection:
        return await connection.scalar(select(func.count()).select_from(table))


def _new(contract_id: int, days_ago: int, severity: Severity = Severity.MEDIUM, complaint: bool = False) -> Deviation:
    return Deviation(contract_id=contract_id, occurred_on=TODAY - timedelta(days=days_ago),
                     type=DeviationType.QUALITY, severity=severity, is_complaint=complaint,
                     description="  Golven  ej  städade  ", source_message_id="1700000000000")


async def test_a_reported_deviation_is_stored_with_its_reporter_and_change_history(engine, demo):
    lars = await person_by_email(demo, "lars-ake.nystrom@exempelkommun.se")
    contract_id = await _contract_id(engine, "2022-041")
    history_before = await _count(engine, t.change_history)
    reported = await report_deviation(demo, lars, _new(contract_id, 1, complaint=True), TODAY)
    async with engine.connect() as connection:
        row = (await connection.execute(select(t.deviations).where(t.deviations.c.id == reported.deviation.id))).mappings().one()
        history = (await connection.execute(select(t.change_history).order_by(t.change_history.c.id.desc()))).mappings().first()
    assert (row["description"], row["reported_by_id"], row["is_complaint"], row["type"], row["severity"]) == (
        "Golven ej städade", lars.id, True, "kvalitet", "medel")
    assert row["source_message_id"] == "1700000000000"
    assert await _count(engine, t.change_history) == history_before + 1
    assert (history["entity"], history["action"], history["after"]["contract_reference"]) == ("deviations", "create", "2022-041")
    assert reported.proposal is None  # the only other deviation came before the written notice


async def test_the_third_deviation_since_the_last_step_proposes_the_next_step(engine, demo):
    anna = await person_by_email(demo, "anna.lindqvist@exempelkommun.se")
    contract_id = await _contract_id(engine, "2022-041")
    await report_deviation(demo, anna, _new(contract_id, 5), TODAY)
    second = await report_deviation(demo, anna, _new(contract_id, 3), TODAY)
    third = await report_deviation(demo, anna, _new(contract_id, 1), TODAY)
    assert second.proposal is None
    assert third.proposal.step is SanctionStep.WITHHELD_PAYMENT and third.proposal.count == 3


async def test_a_medarbetare_off_the_team_may_report_and_a_supplier_guest_may_not(engine, demo):
    asa = await person_by_email(demo, "asa.oberg@exempelkommun.se")
    maria = await person_by_email(demo, "maria.sjoberg@stadbolaget.example")
    contract_id = await _contract_id(engine, "2022-041")
    before = await _count(engine, t.deviations)
    with pytest.raises(NotAllowed):
        await report_deviation(demo, maria, _new(contract_id, 1), TODAY)
    assert await _count(engine, t.deviations) == before
    await report_deviation(demo, asa, _new(contract_id, 1), TODAY)  # not on 2022-041's team
    assert await _count(engine, t.deviations) == before + 1
    assert "2022-041" in [c.reference for c in await deviation_contracts(demo, asa)]
    assert await deviation_contracts(demo, maria) == []
    assert [c.reference for c in await deviation_contracts(demo, maria, to_report=False)] == ["2020-019", "2022-041"]


async def test_a_day_in_the_future_is_refused_and_nothing_is_stored(engine, demo):
    anna = await person_by_email(demo, "anna.lindqvist@exempelkommun.se")
    contract_id = await _contract_id(engine, "2022-041")
    before = await _count(engine, t.deviations)
    with pytest.raises(DateInFuture):
        await report_deviation(demo, anna, _new(contract_id, -1), TODAY)
    assert await _count(engine, t.deviations) == before


async def test_the_overview_counts_complaints_beside_what_the_complaints_kpi_reported(engine, demo):
    anna = await person_by_email(demo, "anna.lindqvist@exempelkommun.se")
    contract_id = await _contract_id(engine, "2022-041")
    overview = await deviation_overview(demo, anna, contract_id, TODAY)
    assert overview.counts.by_type == {DeviationType.QUALITY: 1}
    assert overview.counts.complaints_by_month == {"2026-11": 1}
    checks = {check.period: check for check in overview.complaint_checks}
    assert checks and all(check.kpi == "Antal reklamationer" for check in checks.values())
    for check in checks.values():
        assert check.counted == (1 if check.period == "2026-11" else 0)


async def test_a_decided_step_is_stored_with_its_basis_amount_and_history(engine, demo):
    birgitta = await person_by_email(demo, "birgitta.sjostrom@exempelkommun.se")  # beslutsfattare of 2022-041
    contract_id = await _contract_id(engine, "2022-041")
    first = await report_deviation(demo, await person_by_email(demo, "anna.lindqvist@exempelkommun.se"), _new(contract_id, 2), TODAY)
    decided = await decide_sanction(demo, birgitta, Sanction(
        contract_id=contract_id, step=SanctionStep.PRICE_REDUCTION, decided_on=TODAY, decided_by=" Birgitta Sjöström ",
        amount_sek=Decimal("12500"), deviation_ids=(first.deviation.id,)), TODAY)
    ladder = await sanction_ladder(demo, birgitta, contract_id, TODAY)
    assert [(s.step, s.amount_sek, s.deviation_ids) for s in ladder.sanctions][-1] == (
        SanctionStep.PRICE_REDUCTION, Decimal("12500.00"), (first.deviation.id,))
    assert ladder.sanctions[-1].decided_by == "Birgitta Sjöström" and decided.id == ladder.sanctions[-1].id
    async with engine.connect() as connection:
        entity = await connection.scalar(select(t.change_history.c.entity).order_by(t.change_history.c.id.desc()))
    assert entity == "sanctions"


async def test_a_step_is_refused_without_right_amount_basis_or_explicit_choice_to_skip(engine, demo):
    contract_id = await _contract_id(engine, "2022-041")
    lars = await person_by_email(demo, "lars-ake.nystrom@exempelkommun.se")  # processägare
    asa = await person_by_email(demo, "asa.oberg@exempelkommun.se")
    step = Sanction(contract_id=contract_id, step=SanctionStep.PENALTY, decided_on=TODAY, decided_by="Lars")
    before = await _count(engine, t.sanctions)
    with pytest.raises(NotAllowed):
        await decide_sanction(demo, asa, step, TODAY)
    with pytest.raises(AmountMissing):
        await decide_sanction(demo, lars, step, TODAY)
    other = await _contract_id(engine, "2024-017")
    async with demo() as uow:
        foreign = (await uow.deviations.of_contract(other))[0].id
    with pytest.raises(NotTheContractsDeviation):
        await decide_sanction(demo, lars, Sanction(contract_id=contract_id, step=SanctionStep.WRITTEN_NOTICE,
                                                   decided_on=TODAY, decided_by="Lars", deviation_ids=(foreign,)), TODAY)
    ending = Sanction(contract_id=contract_id, step=SanctionStep.TERMINATION, decided_on=TODAY, decided_by="Lars")
    with pytest.raises(StepsSkipped):
        await decide_sanction(demo, lars, ending, TODAY)
    assert await _count(engine, t.sanctions) == before
    await decide_sanction(demo, lars, ending, TODAY, explicit=True)
    assert await _count(engine, t.sanctions) == before + 1


async def test_a_revoked_step_stays_stored_stops_counting_and_its_reason_is_in_the_history(engine, demo):
    contract_id = await _contract_id(engine, "2022-041")  # the demo decided skriftligt påpekande on it
    lars = await person_by_email(demo, "lars-ake.nystrom@exempelkommun.se")  # processägare
    before = await sanction_ladder(demo, lars, contract_id, TODAY)
    [decided] = [s for s in before.sanctions if s.step is SanctionStep.WRITTEN_NOTICE]
    revoked = await revoke_sanction(demo, lars, decided.id, "  Bestridd och utredd; 'ingen grund' 🙂 ")
    assert revoked.contract.reference == "2022-041"
    after = await sanction_ladder(demo, lars, contract_id, TODAY)
    assert decided.id not in {s.id for s in after.sanctions} and [s.id for s in after.revoked] == [decided.id]
    async with engine.connect() as connection:
        status = await connection.scalar(select(t.sanctions.c.status).where(t.sanctions.c.id == decided.id))
        h = t.change_history.c
        change = (await connection.execute(select(h.action, h.before, h.after).where(
            h.entity == "sanctions", h.entity_id == str(decided.id)).order_by(h.id.desc()))).first()
    assert status == "återkallad"
    assert (change.action, change.before, change.after["reason"]) == (
        "revoke", {"status": "beslutad"}, "Bestridd och utredd; 'ingen grund' 🙂")
    # with the step gone, the ladder starts over: the next proposal is the first step again
    for days_ago in (1, 2, 3):
        await report_deviation(demo, lars, _new(contract_id, days_ago), TODAY)
    assert (await sanction_ladder(demo, lars, contract_id, TODAY)).proposal.step is SanctionStep.WRITTEN_NOTICE


async def test_a_revocation_is_refused_without_right_reason_or_a_step_in_force(engine, demo):
    contract_id = await _contract_id(engine, "2022-041")
    lars = await person_by_email(demo, "lars-ake.nystrom@exempelkommun.se")
    asa = await person_by_email(demo, "asa.oberg@exempelkommun.se")  # a medarbetare off the team
    [decided] = (await sanction_ladder(demo, lars, contract_id, TODAY)).sanctions
    with pytest.raises(NotAllowed):
        await revoke_sanction(demo, asa, decided.id, "fel")
    with pytest.raises(RevocationReasonMissing):
        await revoke_sanction(demo, lars, decided.id, "   ")
    with pytest.raises(SanctionNotFound):
        await revoke_sanction(demo, lars, 999_999, "fel")
    assert len((await sanction_ladder(demo, lars, contract_id, TODAY)).sanctions) == 1  # nothing changed yet
    await revoke_sanction(demo, lars, decided.id, "fel avtal")
    with pytest.raises(AlreadyRevoked):
        await revoke_sanction(demo, lars, decided.id, "igen")


async def test_a_voided_deviation_stays_stored_and_counts_nowhere(engine, demo):
    contract_id = await _contract_id(engine, "2022-041")
    asa = await person_by_email(demo, "asa.oberg@exempelkommun.se")  # a medarbetare off the team, the reporter
    lars = await person_by_email(demo, "lars-ake.nystrom@exempelkommun.se")  # processägare
    reported = [await report_deviation(demo, asa, _new(contract_id, days_ago), TODAY) for days_ago in (1, 2, 3)]
    assert reported[-1].proposal is not None  # three since the last step: the next step is proposed
    before = await deviation_overview(demo, lars, contract_id, TODAY)

    voided = await void_deviation(demo, asa, reported[-1].deviation.id, " Rapporterad två gånger ")  # her own
    assert voided.contract.reference == "2022-041"
    after = await deviation_overview(demo, lars, contract_id, TODAY)
    assert len(after.deviations) == len(before.deviations) - 1
    assert reported[-1].deviation.id not in {d.id for d in after.deviations}
    assert (await sanction_ladder(demo, lars, contract_id, TODAY)).proposal is None  # two left: no proposal
    async with engine.connect() as connection:
        status = await connection.scalar(select(t.deviations.c.status).where(
            t.deviations.c.id == reported[-1].deviation.id))
        h = t.change_history.c
        change = (await connection.execute(select(h.action, h.after).where(
            h.entity == "deviations", h.entity_id == str(reported[-1].deviation.id)).order_by(h.id.desc()))).first()
    assert status == "makulerad" and change.action == "void" and change.after["reason"] == "Rapporterad två gånger"


async def test_a_void_is_refused_without_right_reason_or_a_deviation_that_counts(engine, demo):
    contract_id = await _contract_id(engine, "2022-041")
    anna = await person_by_email(demo, "anna.lindqvist@exempelkommun.se")
    asa = await person_by_email(demo, "asa.oberg@exempelkommun.se")
    reported = await report_deviation(demo, anna, _new(contract_id, 1), TODAY)
    with pytest.raises(NotAllowed):  # neither the reporter nor one who decides sanctions on the contract
        await void_deviation(demo, asa, reported.deviation.id, "fel")
    with pytest.raises(VoidReasonMissing):
        await void_deviation(demo, anna, reported.deviation.id, "  ")
    with pytest.raises(DeviationNotFound):
        await void_deviation(demo, anna, 999_999, "fel")
    await void_deviation(demo, anna, reported.deviation.id, "fel avtal")
    with pytest.raises(AlreadyVoided):
        await void_deviation(demo, anna, reported.deviation.id, "igen")
