"""Use cases of lessons for the next procurement: recording what worked and what should change for a
contract, in one transaction after the user confirms, and finding lessons again."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.domain.access import may_see_lessons
from bot.domain.catalogue import Catalogue
from bot.domain.errors import NotAllowed, TextEmpty
from bot.domain.lessons import (
    LESSONS_SHOWN,
    Lesson,
    LessonContract,
    LessonKind,
    find_lessons,
)
from bot.domain.people import Person
from bot.services.follow_up_access import contract_to_record, record_change
from bot.services.lookups import CatalogueCache
from bot.services.ports import UnitOfWorkFactory


class LessonsNotVisible(NotAllowed):
    code = "lesson.error.not_visible"


@dataclass(frozen=True)
class FoundLessons:
    lessons: tuple[Lesson, ...]  # at most LESSONS_SHOWN, best match (or newest) first
    total: int
    contracts: dict[int, LessonContract]


async def record_lessons(unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache, actor: Person, contract_id: int,
                         worked: list[str], change: list[str]) -> list[Lesson]:
    """All the lessons of one dialog, saved together; the contract's team, coordinators and administrators."""
    await contract_to_record(catalogue, actor, contract_id)
    new = [Lesson(None, contract_id, LessonKind.WORKED, text, recorded_by_id=actor.id) for text in worked]
    new += [Lesson(None, contract_id, LessonKind.CHANGE, text, recorded_by_id=actor.id) for text in change]
    if not new:
        raise TextEmpty()
    async with unit_of_work() as uow:
        ids = await uow.lessons.add(new)
        saved = [replace(lesson, id=lesson_id) for lesson, lesson_id in zip(new, ids, strict=True)]
        for lesson in saved:
            await record_change(uow, actor, "lesson", lesson.id, "create",
                                after={"contract_id": contract_id, "kind": lesson.kind.value, "text": lesson.text})
        await uow.commit()
    return saved


async def search_lessons(unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache, actor: Person,
                         query: str | None) -> FoundLessons:
    """Lessons matching `query` (all without one), for the municipality's people only."""
    if not may_see_lessons(actor):
        raise LessonsNotVisible()
    current = await catalogue.current()
    async with unit_of_work() as uow:
        lessons = await uow.lessons.all()
    contracts = {cid: lesson_contract(current, cid) for cid in {lesson.contract_id for lesson in lessons}
                 if cid in current.contracts}
    found = find_lessons(lessons, contracts, query)
    return FoundLessons(tuple(found[:LESSONS_SHOWN]), len(found), contracts)


def lesson_contract(current: Catalogue, contract_id: int) -> LessonContract:
    contract = current.contracts[contract_id]
    return LessonContract(contract.reference, contract.title, current.suppliers[contract.supplier_id].name,
                          contract.category, contract.owning_unit, contract.end_date)
