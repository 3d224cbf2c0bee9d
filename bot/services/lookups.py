"""Quick lookups: who to call, which contracts, when one ends, a contract's or supplier's facts.

The register is held in memory as a `Catalogue` and answered from there; a cheap query, at most once a
second, checks the register's revision, so a change made on any instance is seen within a second. Amendments and
spend, which only the contract card shows, are read when that card is asked for.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum

from bot.domain.catalogue import Catalogue, Hit, Kind
from bot.domain.contracts import ContractFile, Segment
from bot.domain.errors import NotFound
from bot.domain.people import Person
from bot.domain.suppliers import Supplier
from bot.services.kpi_overview import ContractKpis, kpis_needing_attention, kpis_of_contracts
from bot.services.ports import UnitOfWorkFactory

MAX_CONTRACTS_IN_ANSWER = 6
MAX_CHOICES = 6  # Teams shows at most six buttons on a card
MAX_SUGGESTIONS = 3
_FULL_RELOAD_SECONDS = 600.0  # also picks up changes made past the bot, e.g. by hand in the database


class Intent(StrEnum):
    KEY_CONTACTS = "key_contacts"
    CONTACTS = "contacts"
    ROLE = "role"
    CONTRACTS = "contracts"
    END = "end"
    SHOW = "show"
    KPIS = "kpis"  # the KPIs of a contract or supplier
    ATTENTION = "attention"  # red or late KPIs across the asker's contracts; no subject


@dataclass(frozen=True)
class Question:
    intent: Intent
    subject: str
    role: str | None = None  # for Intent.ROLE: the role asked for, in its Swedish spelling


@dataclass(frozen=True)
class Answer:
    """What was asked about, found: the contracts it concerns (each with its team), and the supplier when
    the subject was a supplier."""

    question: Question
    subject: Hit
    files: tuple[ContractFile, ...]
    more_contracts: int = 0  # contracts left out of `files` beyond MAX_CONTRACTS_IN_ANSWER
    supplier: Supplier | None = None  # when the subject is a supplier
    segment: Segment | None = None  # the supplier's
    kpis: tuple[ContractKpis, ...] = ()  # for Intent.KPIS


@dataclass(frozen=True)
class Choice:
    question: Question
    options: tuple[Hit, ...]


@dataclass(frozen=True)
class NoMatch:
    question: Question
    suggestions: tuple[Hit, ...]


@dataclass(frozen=True)
class Attention:
    """Red or late KPIs across the asker's contracts."""

    question: Question
    contracts: tuple[ContractKpis, ...]


LookupResult = Answer | Choice | NoMatch | Attention


class CatalogueCache:
    """The catalogue of this process, rebuilt when the register's revision changes.

    The revision is asked for at most once per `check_seconds`: a change made on any instance is seen
    within that time, and a busy bot does not pay a query per lookup for it.
    """

    def __init__(self, unit_of_work: UnitOfWorkFactory, *, check_seconds: float = 1.0,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._unit_of_work = unit_of_work
        self._check_seconds = check_seconds
        self._clock = clock
        self._catalogue: Catalogue | None = None
        self._revision: str | None = None
        self._loaded_at = self._checked_at = 0.0
        self._lock = asyncio.Lock()

    async def current(self) -> Catalogue:
        now = self._clock()
        if self._catalogue is not None and now - self._checked_at < self._check_seconds:
            return self._catalogue
        async with self._unit_of_work() as uow:
            revision = await uow.catalogue.revision()
        if self._is_fresh(revision, now):
            self._checked_at = now
            return self._catalogue
        async with self._lock:
            if self._is_fresh(revision, now):
                return self._catalogue
            async with self._unit_of_work() as uow:
                revision = await uow.catalogue.revision()
                snapshot = await uow.catalogue.snapshot()
            # Building the index of a large register takes a second of CPU; in a thread, the event loop
            # keeps answering other turns meanwhile.
            self._catalogue = await asyncio.to_thread(Catalogue, snapshot)
            self._revision = revision
            self._loaded_at = self._checked_at = self._clock()
            return self._catalogue

    def _is_fresh(self, revision: str, now: float) -> bool:
        return (
            self._catalogue is not None
            and revision == self._revision
            and now - self._loaded_at < _FULL_RELOAD_SECONDS
        )


class Lookups:
    def __init__(self, unit_of_work: UnitOfWorkFactory, cache: CatalogueCache) -> None:
        self._unit_of_work = unit_of_work
        self._cache = cache

    async def warm_up(self) -> None:
        """Load the catalogue before the first question needs it."""
        await self._cache.current()

    async def ask(self, person: Person, question: Question, today: date) -> LookupResult:
        if question.intent is Intent.ATTENTION:
            return Attention(question, tuple(await kpis_needing_attention(self._unit_of_work, person, today)))
        catalogue = await self._cache.current()
        matches = catalogue.best_matches(person, question.subject)
        if not matches:
            suggestions = catalogue.search(person, question.subject, (Kind.SUPPLIER, Kind.CONTRACT),
                                           limit=MAX_SUGGESTIONS)
            return NoMatch(question, tuple(suggestions))
        if len(matches) > 1:
            return Choice(question, tuple(matches[:MAX_CHOICES]))
        return await self._answer(catalogue, person, question, matches[0], today)

    async def answer_for(self, person: Person, question: Question, kind: Kind, entity_id: int,
                         today: date) -> Answer:
        """The answer about one chosen supplier or contract (from a choice card). NotFound when it is gone
        or the person may not see it."""
        catalogue = await self._cache.current()
        if not catalogue.may_see(person, kind, entity_id) or kind is Kind.CONTACT:
            raise NotFound(entity=kind.value)
        hit = catalogue.label(kind, entity_id)
        return await self._answer(catalogue, person, question, hit, today)

    async def search(self, person: Person, text: str, today: date, *, limit: int = 10) -> list[Answer]:
        """For the compose-box search: contacts, contracts and suppliers, each with the contracts it is on (a
        contract with its amendments and this year's spend, as its card shows them)."""
        catalogue = await self._cache.current()
        hits = catalogue.search(person, text, (Kind.CONTACT, Kind.CONTRACT, Kind.SUPPLIER), limit=limit)
        found = []
        for hit in hits:
            if hit.kind is Kind.CONTRACT:
                contract_ids = [hit.id]
            elif hit.kind is Kind.SUPPLIER:
                contract_ids = catalogue.contracts_of(person, hit.id)
            else:
                contract_ids = catalogue.contracts_with_contact(person, hit.id)
            files = tuple(catalogue.contract_file(cid) for cid in contract_ids[:MAX_CONTRACTS_IN_ANSWER])
            if hit.kind is Kind.CONTRACT:
                files = (await self._with_history(files[0], today),)
            found.append(_answer_about(catalogue, Question(Intent.SHOW, text), hit, files,
                                       len(contract_ids) - len(files)))
        return found

    async def _with_history(self, file: ContractFile, today: date) -> ContractFile:
        """The contract's amendments and this year's spend, which only its own card shows."""
        async with self._unit_of_work() as uow:
            amendments = await uow.catalogue.amendments(file.contract.id)
            spend = await uow.catalogue.spend(file.contract.id, today.year)
        return replace(file, amendments=amendments, spend=spend)

    async def _answer(self, catalogue: Catalogue, person: Person, question: Question, hit: Hit,
                      today: date) -> Answer:
        if hit.kind is Kind.CONTRACT:
            contract_ids = [hit.id]
        else:
            contract_ids = catalogue.contracts_of(person, hit.id)
        if question.intent is not Intent.CONTRACTS:  # those still running come first
            contract_ids.sort(key=lambda cid: _running_first(catalogue, cid, today))
        shown = contract_ids[:MAX_CONTRACTS_IN_ANSWER]
        files = [catalogue.contract_file(cid) for cid in shown]
        if question.intent is Intent.SHOW and hit.kind is Kind.CONTRACT:
            files = [await self._with_history(files[0], today)]
        answer = _answer_about(catalogue, question, hit, tuple(files), len(contract_ids) - len(shown))
        if question.intent is Intent.KPIS:
            kpis = await kpis_of_contracts(self._unit_of_work, [file.contract.id for file in files], today)
            answer = replace(answer, kpis=tuple(kpis))
        return answer


def _answer_about(catalogue: Catalogue, question: Question, hit: Hit, files: tuple[ContractFile, ...],
                  more_contracts: int) -> Answer:
    supplier = catalogue.suppliers.get(hit.id) if hit.kind is Kind.SUPPLIER else None
    return Answer(question, hit, files, more_contracts=more_contracts, supplier=supplier,
                  segment=catalogue.segments.get(hit.id) if supplier else None)


def _running_first(catalogue: Catalogue, contract_id: int, today: date) -> tuple[int, str]:
    contract = catalogue.contracts[contract_id]
    ended = contract.end_date is not None and contract.end_date < today
    return (1 if ended else 0, contract.reference)
