"""Recognising a lookup question in free text, Swedish or English: what is asked, and about what.

"vem är nyckelkontakt för Städbolaget?" → (key contacts, "Städbolaget"). Patterns are anchored and run over
the folded text (å/ä/ö → a/a/o), so "vem ar nyckelkontakt for stadbolaget" is the same question; the subject
is cut from the text as the user typed it.
"""

from __future__ import annotations

import re

from bot.domain.roles import ContractRole
from bot.domain.text import fold
from bot.services.lookups import Intent, Question

_FOR = r"(?:for|pa|hos|till|i|med|om|of|at|on|with|about)"
_CONTRACT = r"(?:(?:avtal(?:et|en)?|kontrakt(?:et)?|the contract|contract|leverantor(?:en)?|the supplier|supplier) )?"
_ROLES = {
    ContractRole.PROCESS_OWNER: r"processagare(?:n)?|process owner",
    ContractRole.PROCESS_COORDINATOR: r"processkoordinator(?:n|er|erna)?|process coordinator",
    ContractRole.DECISION_MAKER: r"beslutsfattare(?:n)?|decision maker",
    ContractRole.SUPPLIER_CONTACT: r"leverantorskontakt(?:en|er|erna)?|supplier contact",
}
_X = r"(?P<x>.+)"

_KPI_WORDS = r"(?:kpi|kpi:er|kpier|kpi:erna|kpierna|kpi:s|kpis|nyckeltal|nyckeltalen|key figures)"
_ATTENTION = [
    re.compile(rf"^(?:visa |show )?(?:mina |my )?(?:roda|sena|roda och sena|roda eller sena|red|late|red and late|"
               rf"red or late) {_KPI_WORDS}(?: for mig| pa mina avtal| for me| on my contracts)?$"),
    re.compile(r"^(?:vilka|which) (?:kpi|kpi:er|kpier|nyckeltal|kpis) (?:ar|are) (?:roda|sena|red|late)$"),
]

_PATTERNS: list[tuple[Intent, str]] = [
    (Intent.KPIS, rf"(?:visa |show )?(?:the )?{_KPI_WORDS} {_FOR} {_CONTRACT}{_X}"),
    (Intent.KPIS, rf"hur (?:gar det|ser det ut) (?:for|med) {_CONTRACT}{_X}"),
    (Intent.KPIS, rf"how (?:is|are) {_CONTRACT}{_X} (?:doing|performing)"),
    (Intent.KEY_CONTACTS,
     rf"(?:vem|vilka) (?:ar|är) (?:nyckelkontakt(?:en|er|erna)?|kontaktperson(?:en|er|erna)?) {_FOR} {_CONTRACT}{_X}"),
    (Intent.KEY_CONTACTS, rf"(?:nyckelkontakt(?:en|er|erna)?|kontaktperson(?:en|er)?) {_FOR} {_CONTRACT}{_X}"),
    (Intent.KEY_CONTACTS, rf"(?:who (?:is|are) )?(?:the )?key contacts? {_FOR} {_CONTRACT}{_X}"),
    (Intent.CONTACTS, rf"(?:vilka )?kontakter(?:na)? {_FOR} {_CONTRACT}{_X}"),
    (Intent.CONTACTS, rf"vem (?:ska|kan|bor) jag (?:ringa|kontakta|prata med) {_FOR} {_CONTRACT}{_X}"),
    (Intent.CONTACTS, rf"(?:(?:who are )?the )?contacts {_FOR} {_CONTRACT}{_X}"),
    (Intent.CONTACTS, rf"who (?:do|should|can) i (?:call|contact|talk to) {_FOR} {_CONTRACT}{_X}"),
    (Intent.CONTRACTS, rf"vilka avtal (?:har vi |finns(?: det)? )?{_FOR} {_CONTRACT}{_X}"),
    (Intent.CONTRACTS, rf"avtal(?:en)? (?:med|hos) {_X}"),
    (Intent.CONTRACTS, rf"(?:which|what) contracts (?:do we have |are there )?{_FOR} {_X}"),
    (Intent.CONTRACTS, rf"contracts with {_X}"),
    (Intent.END, rf"nar (?:loper|gar) {_CONTRACT}(?:{_FOR} )?{_X} ut"),
    (Intent.END, rf"nar (?:tar|slutar) {_CONTRACT}(?:{_FOR} )?{_X}(?: slut)?"),
    (Intent.END, rf"(?:slutdatum|uppsagningstid|uppsagning) {_FOR} {_CONTRACT}{_X}"),
    (Intent.END, rf"when does {_CONTRACT}(?:{_FOR} )?{_X} (?:end|expire|run out)"),
    (Intent.END, rf"(?:end date|notice period|notice date) {_FOR} {_CONTRACT}{_X}"),
    (Intent.SHOW, rf"(?:visa|show|oppna|open|status {_FOR}|status for|status of) {_CONTRACT}{_X}"),
    (Intent.SHOW, rf"(?:sok|sok efter|search|search for|hitta|find) {_CONTRACT}{_X}"),
]
_ROLE_PATTERNS = [
    (role, re.compile(rf"^(?:vem|vilka|who) (?:ar|är|is|are) (?:the )?(?:{words}) {_FOR} {_CONTRACT}{_X}$"))
    for role, words in _ROLES.items()
]
_COMPILED = [(intent, re.compile(rf"^{pattern}$")) for intent, pattern in _PATTERNS]
_TRAILING = re.compile(r"[\s?!.]+$")
_QUOTES = "\"'”“«»‘’"


def parse_question(text: str) -> Question | None:
    """The lookup asked for in `text`, or None when it is not a lookup question."""
    original = _TRAILING.sub("", " ".join(text.split()))
    folded = fold(original)
    if any(pattern.match(folded) for pattern in _ATTENTION):
        return Question(Intent.ATTENTION, "")
    if len(folded) != len(original.casefold()):  # folding changed the length: cut from the folded text
        original = folded
    for role, pattern in _ROLE_PATTERNS:
        match = pattern.match(folded)
        if match:
            return _question(Intent.ROLE, original, match, role=role.value)
    for intent, pattern in _COMPILED:
        match = pattern.match(folded)
        if match:
            return _question(intent, original, match)
    return None


def _question(intent: Intent, original: str, match: re.Match, role: str | None = None) -> Question | None:
    subject = original[match.start("x") : match.end("x")].strip().strip(_QUOTES).strip()
    return Question(intent, subject, role) if subject else None
