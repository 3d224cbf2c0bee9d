"""The rules of lookups without the bot: name matching, question parsing, who sees what, contract dates."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from bot.domain.catalogue import Catalogue, Kind, RegisterSnapshot
from bot.domain.contracts import Contact, Contract, months_before, parse_role
from bot.domain.matching import NameIndex, clear_winners
from bot.domain.people import Person
from bot.domain.roles import GlobalRole, Party
from bot.domain.suppliers import Supplier
from bot.questions import parse_question
from bot.services.lookups import Intent


def _index() -> NameIndex:
    index = NameIndex()
    for key, name in [("stad", "Städbolaget Exempel AB"), ("sno", "Snöröjarna Exempel AB"),
                      ("skol", "Skolmat i Exempel AB"), ("it", "IT-drift och servicedesk")]:
        index.add(key, [name])
    return index


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Städbolaget", "stad"),
        ("stadbolaget", "stad"),  # without å/ä/ö
        ("Stadbolagt", "stad"),  # a letter missing
        ("STÄDBOLAGET EXEMPEL AB", "stad"),
        ("snoröjarna", "sno"),
        ("städ", "stad"),  # the start of a name
        ("it-drift", "it"),
    ],
)
def test_a_name_is_found_with_typos_partial_names_and_without_swedish_letters(query, expected):
    winners = clear_winners(_index().search(query))
    assert [winner.key for winner in winners] == [expected]


def test_a_number_in_the_name_must_match_exactly():
    index = NameIndex()
    for number in (17, 117, 317, 1700):
        index.add(number, [f"Snöröjning Västerås {number} AB"])
    assert [winner.key for winner in clear_winners(index.search("snorojning vasteras 17"))] == [17]


def test_an_unrelated_name_matches_nothing_and_a_shared_word_matches_all():
    assert clear_winners(_index().search("Acme Konsult")) == []
    assert {w.key for w in clear_winners(_index().search("Exempel"))} == {"stad", "sno", "skol"}


@pytest.mark.parametrize(
    ("text", "intent", "subject", "role"),
    [
        ("vem är nyckelkontakt för Städbolaget?", Intent.KEY_CONTACTS, "Städbolaget", None),
        ("Vem är nyckelkontakten för avtal 2024-017", Intent.KEY_CONTACTS, "2024-017", None),
        ("kontakter för avtal 2024-017", Intent.CONTACTS, "2024-017", None),
        ("vilka avtal har vi med Snöröjarna?", Intent.CONTRACTS, "Snöröjarna", None),
        ("när löper avtalet för skolmat ut?", Intent.END, "skolmat", None),
        ("vem är processägare för IT-drift?", Intent.ROLE, "IT-drift", "processägare"),
        ("who is the key contact for Acme?", Intent.KEY_CONTACTS, "Acme", None),
        ("who is the process owner for IT-drift?", Intent.ROLE, "IT-drift", "processägare"),
        ("which contracts do we have with Snöröjarna", Intent.CONTRACTS, "Snöröjarna", None),
        ("when does the contract with Skolmat end?", Intent.END, "Skolmat", None),
        ("visa avtal 2024-017", Intent.SHOW, "2024-017", None),
        ("visa Städbolaget", Intent.SHOW, "Städbolaget", None),
        ("show contract 2024-017", Intent.SHOW, "2024-017", None),
        ('nyckelkontakt för "Robert\'); DROP TABLE contacts;--"', Intent.KEY_CONTACTS,
         "Robert'); DROP TABLE contacts;--", None),
    ],
)
def test_lookup_questions_are_recognised_in_swedish_and_english(text, intent, subject, role):
    question = parse_question(text)
    assert (question.intent, question.subject, question.role) == (intent, subject, role)


@pytest.mark.parametrize("text", ["hjälp", "ny leverantör", "vem är jag", "hej", "🤖", "visa", "kontakter för"])
def test_other_text_is_not_a_lookup_question(text):
    assert parse_question(text) is None


def _catalogue() -> Catalogue:
    suppliers = {1: Supplier(1, "402118-7341", "Städbolaget Exempel AB"),
                 2: Supplier(2, "407245-8609", "Snöröjarna Exempel AB")}
    contracts = {10: Contract(10, "2022-041", "Lokalvård", 1), 11: Contract(11, "2020-019", "Fönsterputs", 1),
                 20: Contract(20, "2023-022", "Vinterväghållning", 2)}
    contacts = {100: Contact(100, "Maria Sjöberg", "maria@stad.example", None, Party.SUPPLIER),
                101: Contact(101, "Tommy Öhman", "tommy@sno.example", None, Party.SUPPLIER)}
    return Catalogue(RegisterSnapshot(suppliers, {}, contracts, contacts,
                                      ((10, 100, "leverantörskontakt", True), (20, 101, "leverantörskontakt", True))))


EMPLOYEE = Person(id=5, name="Åsa", email="asa@k.se", global_role=GlobalRole.EMPLOYEE)
GUEST = Person(id=6, name="Maria", email="maria@stad.example", global_role=GlobalRole.SUPPLIER, supplier_id=1)


def test_a_contract_gives_way_to_its_supplier_when_both_match():
    catalogue = _catalogue()
    assert [(hit.kind, hit.id) for hit in catalogue.best_matches(EMPLOYEE, "Städbolaget")] == [(Kind.SUPPLIER, 1)]
    assert [(hit.kind, hit.id) for hit in catalogue.best_matches(EMPLOYEE, "2020-019")] == [(Kind.CONTRACT, 11)]


def test_a_supplier_guest_finds_only_its_own_supplier_contracts_and_contacts():
    catalogue = _catalogue()
    assert catalogue.best_matches(GUEST, "Snöröjarna") == []
    assert catalogue.best_matches(GUEST, "2023-022") == []
    assert catalogue.search(GUEST, "Tommy Öhman", (Kind.CONTACT,)) == []
    assert [hit.id for hit in catalogue.search(GUEST, "Maria", (Kind.CONTACT,))] == [100]
    assert catalogue.contracts_of(GUEST, 1) == [11, 10]  # by reference
    assert catalogue.contracts_of(GUEST, 2) == []
    assert [hit.id for hit in catalogue.search(EMPLOYEE, "Tommy", (Kind.CONTACT,))] == [101]


@pytest.mark.parametrize(
    ("end", "months", "notice"),
    [(date(2027, 3, 31), 6, date(2026, 9, 30)), (date(2028, 2, 29), 9, date(2027, 5, 29)),
     (date(2026, 12, 31), 2, date(2026, 10, 31)), (date(2026, 3, 31), 1, date(2026, 2, 28)),
     (date(2026, 1, 15), 0, date(2026, 1, 15))],
)
def test_the_notice_date_is_the_end_date_less_the_notice_months(end, months, notice):
    assert months_before(end, months) == notice
    contract = Contract(1, "R", "T", 1, end_date=end, notice_period_months=months,
                        estimated_yearly_value_sek=Decimal("1"))
    assert contract.notice_date == notice
    assert contract.days_to_notice(notice) == 0


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("Processägare", "processägare"), ("processagare", "processägare"), ("process owner", "processägare"),
     ("Leverantorskontakt", "leverantörskontakt"), ("Kvalitetsansvarig", "kvalitetsansvarig")],
)
def test_roles_are_stored_in_their_swedish_spelling(typed, stored):
    assert parse_role(typed) == stored


def test_key_contacts_fall_back_to_the_whole_team_with_a_note_in_both_languages():
    from bot.domain.catalogue import Hit
    from bot.i18n import texts_for
    from bot.lookup_replies import answer_card
    from bot.services.lookups import Answer, Question

    catalogue = _catalogue()
    file = catalogue.contract_file(11)  # Fönsterputs: no one on its team
    team_file = catalogue.contract_file(10)
    unmarked = replace(team_file, team=tuple(replace(member, is_key_contact=False) for member in team_file.team))
    answer = Answer(Question(Intent.KEY_CONTACTS, "Städ"), Hit(Kind.SUPPLIER, 1, "Städbolaget Exempel AB", 1.0),
                    (unmarked, file))
    for language, note, empty in (
        ("sv", "Ingen är markerad som nyckelkontakt – här är hela uppföljningsteamet.",
         "Inga kontakter är registrerade för avtalet."),
        ("en", "No one is marked as key contact – here is the whole follow-up team.",
         "No contacts are registered for the contract."),
    ):
        card = answer_card(texts_for(language), answer, date(2026, 11, 24))
        first, second = card["body"][1]["items"], card["body"][2]["items"]
        assert [block["text"] for block in first if block.get("isSubtle")][-1] == note
        assert first[-1]["items"][0]["text"] == "Maria Sjöberg"
        assert second[-1]["items"][0]["text"] == empty


class _FakeRegister:
    def __init__(self) -> None:
        self.revision_value, self.snapshots, self.revision_queries = "r1", 0, 0

    async def revision(self) -> str:
        self.revision_queries += 1
        return self.revision_value

    async def snapshot(self) -> RegisterSnapshot:
        self.snapshots += 1
        return RegisterSnapshot({}, {}, {}, {}, ())


async def test_the_catalogue_is_rebuilt_when_the_revision_changes_checked_at_most_once_a_second():
    from contextlib import asynccontextmanager
    from types import SimpleNamespace

    from bot.services.lookups import CatalogueCache

    register, now = _FakeRegister(), [100.0]

    @asynccontextmanager
    async def unit_of_work():
        yield SimpleNamespace(catalogue=register)

    cache = CatalogueCache(unit_of_work, check_seconds=1.0, clock=lambda: now[0])
    first = await cache.current()
    assert await cache.current() is first and register.revision_queries == 2  # load, then no query within 1 s
    register.revision_value = "r2"
    now[0] += 0.5
    assert await cache.current() is first  # not asked yet
    now[0] += 0.6
    second = await cache.current()
    assert second is not first and register.snapshots == 2
    now[0] += 1.1
    assert await cache.current() is second and register.snapshots == 2  # same revision: kept
