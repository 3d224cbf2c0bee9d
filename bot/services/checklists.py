"""Use cases of the process checklists: a contract's checklist as it stands, answering one item (the answer
replaced is kept in the change history), and what is left unanswered for a meeting's agenda or a summary."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.access import ContractScope
from bot.domain.checklists import (
    Answer,
    GivenAnswer,
    Item,
    Part,
    Progress,
    may_answer,
    may_see,
    parts,
    progress,
    require_answer_right,
    unanswered,
)
from bot.domain.errors import DomainError, NotFound
from bot.domain.people import Person
from bot.domain.typed_input import clean_text
from bot.services.lookups import CatalogueCache
from bot.services.ports import UnitOfWork, UnitOfWorkFactory

COMMENT_MAX_LENGTH = 1000


class ChecklistNotFound(NotFound):
    code = "checklist.error.not_found"


class AlreadyAnswered(DomainError):
    """Someone answered the item after it was asked; the answer given then is kept."""

    code = "checklist.error.already_answered"


@dataclass(frozen=True)
class ChecklistState:
    """One part's checklist of one contract: the contract, the part and the answers given so far."""

    contract_id: int
    reference: str
    title: str
    supplier_name: str
    part: Part
    answers: tuple[GivenAnswer, ...]

    @property
    def progress(self) -> Progress:
        return progress(self.part, (answer.item_key for answer in self.answers))

    def answer_to(self, item_key: str) -> GivenAnswer | None:
        return next((answer for answer in self.answers if answer.item_key == item_key), None)


async def checklist(unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache, person: Person, contract_id: int,
                    checklist_part: Part) -> ChecklistState:
    """The checklist as the database holds it now; ChecklistNotFound when `person` may not see it."""
    scope = await _scope(catalogue, person, contract_id, checklist_part)
    async with unit_of_work() as uow:
        answers = await uow.checklists.answers(scope.contract_id, checklist_part.key)
    file = (await catalogue.current()).contract_file(contract_id)
    return ChecklistState(contract_id, file.contract.reference, file.contract.title, file.supplier_name,
                          checklist_part, tuple(answers))


async def may_answer_checklist(catalogue: CatalogueCache, person: Person, contract_id: int,
                               checklist_part: Part) -> bool:
    try:
        scope = await _scope(catalogue, person, contract_id, checklist_part)
    except ChecklistNotFound:
        return False
    return may_answer(person, checklist_part, scope)


async def record_answer(
    unit_of_work: UnitOfWorkFactory,
    catalogue: CatalogueCache,
    person: Person,
    contract_id: int,
    checklist_part: Part,
    item_key: str,
    answer: Answer,
    comment: str | None,
    *,
    only_if_unanswered: bool = False,
) -> None:
    """Store `person`'s answer to one item. An answer already there is replaced and kept in the change
    history, unless `only_if_unanswered` (an answer to a question asked while it was open): then
    AlreadyAnswered tells who answered it meanwhile, and nothing changes."""
    scope = await _scope(catalogue, person, contract_id, checklist_part)
    require_answer_right(person, checklist_part, scope)
    if checklist_part.item(item_key) is None:
        raise ChecklistNotFound()
    cleaned = clean_text(comment, max_length=COMMENT_MAX_LENGTH) if comment and comment.strip() else None
    async with unit_of_work() as uow:
        before = next((given for given in await uow.checklists.answers(contract_id, checklist_part.key)
                       if given.item_key == item_key), None)
        if before is not None and only_if_unanswered:
            raise AlreadyAnswered(by=before.answered_by or "–", answer=before.answer.value)
        row_id, _ = await uow.checklists.save(contract_id, checklist_part.key, item_key, answer, cleaned, person.id)
        await uow.history.record(
            actor=person, actor_label=person.email, entity="checklist_answers", entity_id=row_id,
            action="create" if before is None else "update",
            before=_facts(contract_id, checklist_part, before) if before is not None else None,
            after=_facts(contract_id, checklist_part, GivenAnswer(item_key, answer, cleaned, person.name)),
        )
        await uow.commit()


async def unanswered_items(uow: UnitOfWork, contract_id: int) -> list[tuple[Part, tuple[Item, ...]]]:
    """Per part in the process's order, the items of the contract's checklists still without an answer;
    parts fully answered are left out. For a meeting's agenda; read inside the caller's unit of work."""
    answered = await uow.checklists.answered_parts(contract_id)
    found = [(part, unanswered(part, answered.get(part.key, ()))) for part in parts()]
    return [(part, items) for part, items in found if items]


async def completion(uow: UnitOfWork, contract_id: int) -> list[tuple[Part, Progress]]:
    """How far each part of the contract's checklists is answered, in the process's order."""
    answered = await uow.checklists.answered_parts(contract_id)
    return [(part, progress(part, answered.get(part.key, ()))) for part in parts()]


async def _scope(catalogue: CatalogueCache, person: Person, contract_id: int, checklist_part: Part) -> ContractScope:
    current = await catalogue.current()
    contract = current.contracts.get(contract_id)
    if contract is None or not current.may_see_contract(person, contract_id):
        raise ChecklistNotFound()
    scope = ContractScope(contract.id, contract.supplier_id)
    if not may_see(person, checklist_part, scope):
        raise ChecklistNotFound()
    return scope


def _facts(contract_id: int, checklist_part: Part, given: GivenAnswer) -> dict[str, object]:
    return {"contract_id": contract_id, "part": checklist_part.key, "item_key": given.item_key,
            "answer": given.answer.value, "comment": given.comment, "answered_by": given.answered_by}
