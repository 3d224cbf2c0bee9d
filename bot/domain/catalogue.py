"""The register as the lookups see it: suppliers, contracts, contacts and teams, findable by name.

A catalogue is built once from a snapshot of the register and then answers every lookup from memory; the
service rebuilds it when the register changes. What a person may see is decided here, per search, through
`bot.domain.access`, so a supplier's guest never finds another supplier's contracts or names.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum

from bot.domain.access import ContractScope, Permission, allowed
from bot.domain.contracts import Contact, Contract, ContractFile, Segment, TeamMember
from bot.domain.matching import MATCH_THRESHOLD, SUGGESTION_THRESHOLD, NameIndex, Scored, clear_winners
from bot.domain.people import Person
from bot.domain.suppliers import Supplier
from bot.domain.text import fold


class Kind(StrEnum):
    SUPPLIER = "supplier"
    CONTRACT = "contract"
    CONTACT = "contact"


@dataclass(frozen=True)
class Hit:
    kind: Kind
    id: int
    label: str
    score: float


@dataclass(frozen=True)
class RegisterSnapshot:
    suppliers: Mapping[int, Supplier]
    segments: Mapping[int, Segment]  # by supplier id; the newest segmentation
    contracts: Mapping[int, Contract]
    contacts: Mapping[int, Contact]
    team_rows: tuple[tuple[int, int, str, bool], ...]  # contract id, contact id, role, key contact


class Catalogue:
    def __init__(self, snapshot: RegisterSnapshot) -> None:
        self.suppliers = snapshot.suppliers
        self.segments = snapshot.segments
        self.contracts = snapshot.contracts
        self.contacts = snapshot.contacts
        teams: dict[int, list[TeamMember]] = defaultdict(list)
        contracts_of_contact: dict[int, set[int]] = defaultdict(set)
        for contract_id, contact_id, role, key in snapshot.team_rows:
            contact = snapshot.contacts.get(contact_id)
            if contact is None or contract_id not in snapshot.contracts:
                continue
            teams[contract_id].append(TeamMember(contact, role, key))
            contracts_of_contact[contact_id].add(contract_id)
        self.teams = {cid: tuple(sorted(members, key=_member_order)) for cid, members in teams.items()}
        self._contracts_of_contact = contracts_of_contact
        by_supplier: dict[int, list[int]] = defaultdict(list)
        for contract in snapshot.contracts.values():
            by_supplier[contract.supplier_id].append(contract.id)
        self._contracts_of_supplier = {
            sid: tuple(sorted(ids, key=lambda cid: snapshot.contracts[cid].reference)) for sid, ids in by_supplier.items()
        }
        self._by_reference = {fold(c.reference): c.id for c in snapshot.contracts.values()}
        self._register_index = NameIndex()  # suppliers and contracts: what questions are about
        for supplier in snapshot.suppliers.values():
            self._register_index.add((Kind.SUPPLIER, supplier.id), [supplier.name, supplier.org_number])
        for contract in snapshot.contracts.values():
            self._register_index.add(
                (Kind.CONTRACT, contract.id), [contract.title, contract.reference, contract.category]
            )
        self._contact_index = NameIndex()
        for contact in snapshot.contacts.values():
            self._contact_index.add((Kind.CONTACT, contact.id), [contact.name, contact.email])

    # --- what a person may see ---

    def may_see_contract(self, person: Person, contract_id: int) -> bool:
        contract = self.contracts.get(contract_id)
        return contract is not None and allowed(
            person, Permission.VIEW_CONTRACT, ContractScope(contract.id, contract.supplier_id)
        )

    def may_see(self, person: Person, kind: Kind, entity_id: int) -> bool:
        if kind is Kind.CONTRACT:
            return self.may_see_contract(person, entity_id)
        if kind is Kind.SUPPLIER:  # a supplier is seen by whoever may see its contracts
            return entity_id in self.suppliers and allowed(
                person, Permission.VIEW_CONTRACT, ContractScope(contract_id=0, supplier_id=entity_id)
            )
        if entity_id not in self.contacts:
            return False
        return allowed(person, Permission.VIEW_CONTRACT) or any(
            self.may_see_contract(person, cid) for cid in self._contracts_of_contact.get(entity_id, ())
        )

    # --- finding ---

    def contract_by_reference(self, text: str) -> int | None:
        return self._by_reference.get(fold(text))

    def search(self, person: Person, query: str, kinds: Iterable[Kind], *, limit: int = 8,
               floor: float = SUGGESTION_THRESHOLD) -> list[Hit]:
        wanted = frozenset(kinds)

        def accept(key) -> bool:
            return key[0] in wanted and self.may_see(person, *key)

        results: list[Scored] = []
        if wanted & {Kind.SUPPLIER, Kind.CONTRACT}:
            results += self._register_index.search(query, limit=limit, floor=floor, accept=accept)
        if Kind.CONTACT in wanted:
            results += self._contact_index.search(query, limit=limit, floor=floor, accept=accept)
        results.sort(key=lambda result: -result.score)
        return [self._hit(result) for result in results[:limit]]

    def best_matches(self, person: Person, query: str) -> list[Hit]:
        """The suppliers or contracts the user most likely meant; a contract whose supplier is also meant
        gives way to it, so "städ" means Städbolaget rather than each of its contracts."""
        reference = self.contract_by_reference(query)
        if reference is not None and self.may_see_contract(person, reference):
            return [self._hit(Scored((Kind.CONTRACT, reference), 1.0))]
        hits = self.search(person, query, (Kind.SUPPLIER, Kind.CONTRACT), limit=50, floor=MATCH_THRESHOLD)
        winners = clear_winners([Scored((hit.kind, hit.id), hit.score) for hit in hits])
        suppliers = {key[1] for key in (w.key for w in winners) if key[0] is Kind.SUPPLIER}
        kept = [
            w for w in winners
            if not (w.key[0] is Kind.CONTRACT and self.contracts[w.key[1]].supplier_id in suppliers)
        ]
        return [self._hit(w) for w in kept]

    # --- reading ---

    def contracts_of(self, person: Person, supplier_id: int) -> list[int]:
        return [cid for cid in self._contracts_of_supplier.get(supplier_id, ()) if self.may_see_contract(person, cid)]

    def contract_file(self, contract_id: int) -> ContractFile:
        contract = self.contracts[contract_id]
        supplier = self.suppliers[contract.supplier_id]
        return ContractFile(
            contract=contract,
            supplier_name=supplier.name,
            supplier_org_number=supplier.org_number,
            segment=self.segments.get(supplier.id),
            team=self.teams.get(contract_id, ()),
        )

    def contracts_with_contact(self, person: Person, contact_id: int) -> list[int]:
        return sorted(cid for cid in self._contracts_of_contact.get(contact_id, ()) if self.may_see_contract(person, cid))

    def label(self, kind: Kind, entity_id: int) -> Hit:
        return self._hit(Scored((kind, entity_id), 1.0))

    def _hit(self, result: Scored) -> Hit:
        kind, entity_id = result.key
        if kind is Kind.SUPPLIER:
            label = self.suppliers[entity_id].name
        elif kind is Kind.CONTRACT:
            contract = self.contracts[entity_id]
            label = f"{contract.reference} {contract.title}"
        else:
            label = self.contacts[entity_id].name
        return Hit(kind, entity_id, label, result.score)


_ROLE_ORDER = ("processägare", "processkoordinator", "beslutsfattare", "leverantörskontakt")


def _member_order(member: TeamMember) -> tuple[int, int, str]:
    role_rank = _ROLE_ORDER.index(member.role) if member.role in _ROLE_ORDER else len(_ROLE_ORDER)
    return (0 if member.is_key_contact else 1, role_rank, member.contact.name)
