"""Use cases of the supplier's quality rating: answering the customer-satisfaction survey for a quarter, and a
supplier's rating per quarter from its KPI values, deviations and survey answers (`bot.domain.supplier_rating`).

`ratings_for_supplier` and `current_rating` work inside a unit of work the caller opened, so a summary can show
the latest rating beside what else it reads."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from bot.domain.access import (
    ContractScope,
    Permission,
    allowed,
    is_municipality,
    may_rate_supplier,
)
from bot.domain.errors import InvalidInput, NotAllowed, NotFound
from bot.domain.kpis import KpiStatus, Period
from bot.domain.people import Person
from bot.domain.reminders import ReminderKind, survey_subject
from bot.domain.supplier_rating import (
    SupplierRating,
    SurveyAnswer,
    WrongRatingPeriod,
    check_score,
    follow_up_began,
    missed,
    parse_quarter,
    periods_ending_in,
    quarter_of,
    quarters_back,
    ratable_quarters,
    rate,
)
from bot.domain.suppliers import Supplier
from bot.services.follow_up_access import record_change
from bot.services.kpi_overview import DEFAULT_GRACE_DAYS
from bot.services.ports import UnitOfWork, UnitOfWorkFactory

COMMENT_MAX_LENGTH = 1000


class RatedSupplierNotFound(NotFound):
    """An unknown supplier id, or one the person may not see: the same answer."""

    code = "rating.error.supplier_not_found"


class MayNotRate(NotAllowed):
    code = "rating.error.not_allowed"


class SupplierRatesItself(NotAllowed):
    code = "rating.error.own_supplier"


class CommentTooLong(InvalidInput):
    code = "rating.error.comment_long"


@dataclass(frozen=True)
class Survey:
    """What the survey card starts from: the supplier, the quarter, and the person's answer given before."""

    supplier: Supplier
    period: str
    given: SurveyAnswer | None = None


@dataclass(frozen=True)
class RatingSaved:
    supplier: Supplier
    period: str
    score: int
    replaced: bool  # the person had answered for this supplier and quarter before


@dataclass(frozen=True)
class RatingHistory:
    supplier: Supplier
    ratings: tuple[SupplierRating, ...]  # quarters with a rating, newest first
    names_shown: bool  # survey answers' names are the municipality's to see


async def ratings_for_supplier(uow: UnitOfWork, supplier_id: int, periods: Sequence[Period],
                               today: date) -> list[SupplierRating]:
    """The supplier's rating for each quarter, in the given order."""
    return (await ratings_of_suppliers(uow, [supplier_id], periods, today))[supplier_id]


async def ratings_of_suppliers(uow: UnitOfWork, supplier_ids: Sequence[int], periods: Sequence[Period],
                               today: date) -> dict[int, list[SupplierRating]]:
    """Each supplier's rating for each quarter, in the given order, read in the same few statements for one
    supplier or thousands."""
    if not periods or not supplier_ids:
        return {supplier_id: [] for supplier_id in supplier_ids}
    contracts = await uow.plans.contract_ids_of_suppliers(supplier_ids)  # contract id → supplier id
    kpis = await uow.kpis.kpis_of_contracts(list(contracts))
    values = await uow.kpis.values_of(kpis)
    grace = await uow.kpis.grace_days(list(contracts))
    deviations = await uow.deviations.of_contracts(list(contracts), since=min(period.start for period in periods))
    answers = await uow.supplier_ratings.answers_of_suppliers(supplier_ids, [period.label for period in periods])
    outcomes: dict[tuple[int, Period], list[KpiStatus | None | bool]] = defaultdict(list)
    for kpi in kpis:
        reported = {value.period: value.value for value in values.get(kpi.id, [])}
        began = follow_up_began(min(reported, key=lambda period: period.start, default=None), kpi.registered_on)
        ends = [day for day in (kpi.contract.end_date, kpi.active_to) if day is not None]
        for quarter in periods:
            for period in periods_ending_in(quarter, kpi.frequency):
                if period.end >= today or not kpi.has_started_by(period) or (ends and period.start > min(ends)):
                    continue
                if period in reported:
                    outcomes[contracts[kpi.contract.id], quarter].append(kpi.thresholds.status(reported[period]))
                elif missed(period, began, today, grace.get(kpi.contract.id, DEFAULT_GRACE_DAYS)):
                    outcomes[contracts[kpi.contract.id], quarter].append(False)
    of_quarter: dict[tuple[int, Period], list[tuple[str, bool]]] = defaultdict(list)
    for deviation in deviations:
        for quarter in periods:
            if quarter.start <= deviation.occurred_on <= quarter.end:
                of_quarter[contracts[deviation.contract_id], quarter].append(
                    (deviation.severity.value, deviation.is_complaint))
    return {
        supplier_id: [rate(supplier_id, quarter, outcomes[supplier_id, quarter], of_quarter[supplier_id, quarter],
                           answers.get(supplier_id, {}).get(quarter.label, [])) for quarter in periods]
        for supplier_id in supplier_ids
    }


async def current_rating(uow: UnitOfWork, supplier_id: int, today: date) -> SupplierRating | None:
    """The newest of the last eight quarters (the one under way first) that has a rating."""
    return (await current_ratings(uow, [supplier_id], today))[supplier_id]


async def current_ratings(uow: UnitOfWork, supplier_ids: Sequence[int], today: date) -> dict[int, SupplierRating | None]:
    """`current_rating` of each supplier, read together."""
    ratings = await ratings_of_suppliers(uow, supplier_ids, quarters_back(quarter_of(today)), today)
    return {supplier_id: next((rating for rating in found if rating.score is not None), None)
            for supplier_id, found in ratings.items()}


async def rating_history(unit_of_work: UnitOfWorkFactory, person: Person, supplier_id: int,
                         today: date) -> RatingHistory:
    """The quarters of the last eight (the one under way first) that have a rating, for one who may see the
    supplier; a supplier's guest sees its own supplier's, without the names of those who answered."""
    async with unit_of_work() as uow:
        supplier = await _visible_supplier(uow, person, supplier_id)
        ratings = await ratings_for_supplier(uow, supplier_id, quarters_back(quarter_of(today)), today)
    return RatingHistory(supplier, tuple(rating for rating in ratings if rating.score is not None),
                         names_shown=is_municipality(person))


async def survey_for(unit_of_work: UnitOfWorkFactory, person: Person, supplier_id: int, today: date,
                     period: str | None = None) -> Survey:
    """The survey for the quarter under way (or `period`, the one just ended); refused for one who may not rate."""
    async with unit_of_work() as uow:
        supplier = await _ratable_supplier(uow, person, supplier_id)
        quarter = _ratable_quarter(period, today)
        given = [answer for answer in (await uow.supplier_ratings.answers(supplier_id, [quarter])).get(quarter, [])
                 if answer.rated_by_id == person.id]
    return Survey(supplier, quarter, given[-1] if given else None)


async def rate_supplier(unit_of_work: UnitOfWorkFactory, person: Person, supplier_id: int, period: str,
                        score: object, comment: str | None, today: date) -> RatingSaved:
    """Store the person's answer (replacing one given before for the same quarter) and mark their survey
    reminder of the supplier and quarter answered."""
    value = check_score(score)
    comment = (comment or "").strip() or None
    if comment is not None and len(comment) > COMMENT_MAX_LENGTH:
        raise CommentTooLong(limit=COMMENT_MAX_LENGTH, length=len(comment))
    async with unit_of_work() as uow:
        supplier = await _ratable_supplier(uow, person, supplier_id)
        quarter = _ratable_quarter(period, today)
        rating_id, before = await uow.supplier_ratings.save(supplier.id, quarter, value, comment, person.id)
        await uow.reminder_answers.answer_subject(ReminderKind.SURVEY, survey_subject(supplier.id, quarter),
                                                  recipient_id=person.id)
        after = {"supplier_id": supplier.id, "period": quarter, "score": value, "comment": comment}
        await record_change(uow, person, "supplier_ratings", rating_id, "update" if before else "create",
                            before={**after, "score": before.score, "comment": before.comment} if before else None,
                            after=after)
        await uow.commit()
    return RatingSaved(supplier, quarter, value, replaced=before is not None)


async def _visible_supplier(uow: UnitOfWork, person: Person, supplier_id: int) -> Supplier:
    supplier = await uow.suppliers.by_id(supplier_id)
    if supplier is None or not allowed(person, Permission.VIEW_CONTRACT, ContractScope(0, supplier_id)):
        raise RatedSupplierNotFound()
    return supplier


async def _ratable_supplier(uow: UnitOfWork, person: Person, supplier_id: int) -> Supplier:
    if person.supplier_id == supplier_id:
        raise SupplierRatesItself()
    supplier = await _visible_supplier(uow, person, supplier_id)
    if person.id is None or not may_rate_supplier(person, await uow.plans.contracts_of_supplier(supplier_id)):
        raise MayNotRate(supplier=supplier.name)
    return supplier


def _ratable_quarter(period: str | None, today: date) -> str:
    """The quarter under way, or the one named when it is that or the one just ended."""
    ratable = [quarter.label for quarter in ratable_quarters(today)]
    if not period:
        return ratable[0]
    label = parse_quarter(period).label
    if label not in ratable:
        raise WrongRatingPeriod(value=label)
    return label
