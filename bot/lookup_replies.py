"""Lookup answers as cards in the user's language: contacts, contracts, a contract's or supplier's facts,
a choice when several things match, and what to say when nothing does."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from bot.domain.catalogue import Hit, Kind
from bot.domain.contracts import ContractFile, TeamMember
from bot.domain.roles import Party
from bot.i18n import Texts
from bot.services.kpi_overview import KpiLine
from bot.services.lookups import Answer, Attention, Choice, Intent, LookupResult, NoMatch
from cards.kpi_result import with_unit
from cards.render import render_card

CHOOSE_VERB = "lookup.choose"
_PARTIES = (Party.BUSINESS_UNIT, Party.PROCUREMENT, Party.SUPPLIER)


def lookup_card(texts: Texts, result: LookupResult, today: date) -> dict[str, Any]:
    if isinstance(result, Attention):
        return _attention_card(texts, result)
    if isinstance(result, NoMatch):
        return _no_match_card(texts, result)
    if isinstance(result, Choice):
        return choice_card(texts, result)
    return answer_card(texts, result, today)


def answer_card(texts: Texts, answer: Answer, today: date) -> dict[str, Any]:
    intent = answer.question.intent
    if intent is Intent.KPIS:
        return _kpi_card(texts, texts("lookup.kpis_title", name=answer.subject.label), answer.kpis,
                         empty=texts("lookup.no_kpis"))
    if intent is Intent.SHOW and answer.subject.kind is Kind.CONTRACT:
        return contract_card(texts, answer.files[0], today)
    if intent is Intent.SHOW:
        return _list_card(texts, texts("lookup.supplier_title", name=answer.subject.label), answer, today,
                          people=_key_people, intro=_supplier_intro(texts, answer))
    if intent in (Intent.CONTRACTS, Intent.END):
        key = "lookup.contracts_title" if intent is Intent.CONTRACTS else "lookup.end_title"
        return _list_card(texts, texts(key, name=answer.subject.label), answer, today, people=lambda f: ())
    if intent is Intent.ROLE:
        role = texts.role(answer.question.role or "")
        return _list_card(
            texts, texts("lookup.role_title", role=role[:1].upper() + role[1:], name=answer.subject.label), answer, today,
            people=lambda f: tuple(m for m in f.team if m.role == answer.question.role),
            empty=texts("lookup.no_role", role=role),
        )
    if intent is Intent.KEY_CONTACTS:
        return _list_card(texts, texts("lookup.key_contacts_title", name=answer.subject.label), answer, today,
                          people=_key_people_or_team, note=_no_key_contacts_note(texts),
                          empty=texts("lookup.no_team"))
    return _list_card(texts, texts("lookup.contacts_title", name=answer.subject.label), answer, today,
                      people=lambda f: f.team)


def search_result_card(texts: Texts, answer: Answer, today: date) -> dict[str, Any]:
    """A compose-box search result: the contract's card, the supplier's, or the contact with their roles."""
    hit = answer.subject
    if hit.kind is not Kind.CONTACT:
        return answer_card(texts, answer, today)
    return _list_card(texts, hit.label, answer, today,
                      people=lambda f: tuple(m for m in f.team if m.contact.id == hit.id))


def contract_card(texts: Texts, file: ContractFile, today: date) -> dict[str, Any]:
    contract = file.contract
    facts = [
        (texts("lookup.fact.supplier"), f"{file.supplier_name} ({file.supplier_org_number})"),
        (texts("lookup.fact.category"), contract.category),
        (texts("lookup.fact.unit"), contract.owning_unit),
        (texts("lookup.fact.period"), _period(texts, file, today)),
        (texts("lookup.fact.notice"), _notice(texts, file, today)),
        (texts("lookup.fact.extension"), contract.extension_options),
        (texts("lookup.fact.value"), money_text(texts, contract.estimated_yearly_value_sek)),
        (texts("lookup.fact.payment"), contract.payment_terms),
        (texts("lookup.fact.price_adjustment"), contract.price_adjustment_clause),
        (texts("lookup.fact.status"), texts(f"status.{contract.status.value}")),
        (texts("lookup.fact.segment"), texts(f"segment.{file.segment.value}") if file.segment else None),
    ]
    groups = []
    for party in _PARTIES:
        members = [m for m in file.team if m.contact.party is party]
        if members:
            groups.append({"heading": texts(f"party.{party.value}.team"), "people": _people(texts, members)})
    if not groups:
        groups.append({"heading": texts("lookup.team"), "people": [
            {"name": texts("lookup.no_team"), "what": "", "reach": ""}]})
    amendments = [{"text": f"{a.signed_on.isoformat()}: {a.description}"} for a in file.amendments]
    spend_by_area: dict[str, Decimal] = {}
    for entry in file.spend:
        spend_by_area[entry.area] = spend_by_area.get(entry.area, Decimal(0)) + entry.amount_sek
    spend = [{"title": area, "value": money_text(texts, amount)} for area, amount in sorted(spend_by_area.items())]
    if spend:
        spend.append({"title": texts("lookup.spend_total"), "value": money_text(texts, file.spend_in_year(today.year))})
    return render_card(
        "contract",
        {
            "title": f"{contract.reference} {contract.title}",
            "subtitle": texts("lookup.contract_subtitle"),
            "facts": [{"title": title, "value": value} for title, value in facts if value],
            "groups": groups,
            "amendments_title": texts("lookup.amendments"),
            "amendments": amendments or [{"text": texts("lookup.no_amendments")}],
            "spend_title": texts("lookup.spend", year=today.year),
            "spend": spend or [{"title": texts("lookup.no_spend"), "value": ""}],
        },
    )


def choice_card(texts: Texts, choice: Choice) -> dict[str, Any]:
    question = choice.question
    return render_card(
        "choice",
        {
            "title": texts("lookup.choose_title", subject=question.subject),
            "text": texts("lookup.choose_text"),
            "options": [
                {
                    "title": _option_label(texts, hit),
                    "data": {
                        "verb": CHOOSE_VERB, "intent": question.intent.value, "role": question.role,
                        "subject": question.subject[:200], "kind": hit.kind.value, "id": hit.id,
                    },
                }
                for hit in choice.options
            ],
        },
    )


def _no_match_card(texts: Texts, result: NoMatch) -> dict[str, Any]:
    question = result.question
    intro = texts("lookup.no_match", subject=question.subject)
    if result.suggestions:
        choice = Choice(question, result.suggestions)
        card = choice_card(texts, choice)
        card["body"][0]["text"] = intro
        card["body"][1]["text"] = texts("lookup.did_you_mean")
        return card
    return render_card("notice", {"text": f"{intro} {texts('lookup.no_suggestions')}"})


def _attention_card(texts: Texts, attention: Attention) -> dict[str, Any]:
    count = sum(len(item.lines) for item in attention.contracts)
    intro = texts("lookup.attention_intro", count=count) if count else texts("lookup.attention_none")
    return _kpi_card(texts, texts("lookup.attention_title"), attention.contracts, intro=intro, empty="")


def _kpi_card(texts: Texts, title: str, contracts, *, intro: str = "", empty: str) -> dict[str, Any]:
    sections = [
        {
            "heading": f"{item.contract.reference} {item.contract.title} · {item.contract.supplier_name}",
            "lines": [{"text": _kpi_line(texts, line)} for line in item.lines],
            "people": [],
        }
        for item in contracts
    ]
    return render_card("lookup_list", {"title": title, "intro": intro, "sections": sections,
                                       "footer": "" if sections else empty})


def _kpi_line(texts: Texts, line: KpiLine) -> str:
    """"Leveransprecision: 91,8 % (2026-10) – gul, mål 95 %" and, when it is so, "2026-11 saknas (sen)"."""
    kpi = line.kpi
    if line.latest is None:
        shown = texts("lookup.kpi_no_value", name=kpi.name)
    else:
        status = texts(f"kpi.status.{line.trend.status.value}") if line.trend and line.trend.status else "–"
        target = kpi.thresholds.target
        shown = texts(
            "lookup.kpi_value", name=kpi.name, value=with_unit(texts, line.latest.value, kpi.unit),
            period=line.latest.period.label, status=status,
            target=with_unit(texts, target, kpi.unit) if target is not None else "–",
        )
    if line.late:
        shown += " " + texts("lookup.kpi_late", period=line.due.label)
    return shown


def _list_card(texts: Texts, title: str, answer: Answer, today: date, *, people, empty: str | None = None,
               intro: str = "", note=None) -> dict[str, Any]:
    sections = []
    for file in answer.files:
        members = people(file)
        section_people = _people(texts, members)
        if not members and empty:
            section_people = [{"name": empty, "what": "", "reach": ""}]
        lines = _contract_lines(texts, file, today)
        if note is not None and members and not file.key_contacts:
            lines.append(note)
        sections.append({
            "heading": f"{file.contract.reference} {file.contract.title}",
            "lines": [{"text": line} for line in lines],
            "people": section_people,
        })
    footer = ""
    if answer.more_contracts:
        footer = texts("lookup.more_contracts", count=answer.more_contracts)
    elif not answer.files:
        footer = texts("lookup.no_contracts")
    return render_card("lookup_list", {"title": title, "intro": intro, "sections": sections, "footer": footer})


def _contract_lines(texts: Texts, file: ContractFile, today: date) -> list[str]:
    status = texts(f"status.{file.contract.status.value}")
    lines = [f"{file.supplier_name} · {status}", _period(texts, file, today)]
    notice = _notice(texts, file, today)
    if notice:
        lines.append(f"{texts('lookup.fact.notice')}: {notice}")
    return lines


def _period(texts: Texts, file: ContractFile, today: date) -> str:
    contract = file.contract
    start = contract.start_date.isoformat() if contract.start_date else "…"
    end = contract.end_date.isoformat() if contract.end_date else "…"
    days = contract.days_to_end(today)
    if days is None:
        return f"{start} – {end}"
    return f"{start} – {end} ({days_text(texts, days, 'end')})"


def _notice(texts: Texts, file: ContractFile, today: date) -> str | None:
    notice = file.contract.notice_date
    if notice is None:
        return None
    months = file.contract.notice_period_months
    return texts("lookup.notice", date=notice.isoformat(), months=months,
                 when=days_text(texts, file.contract.days_to_notice(today), "notice"))


def days_text(texts: Texts, days: int, what: str) -> str:
    if days > 0:
        return texts(f"lookup.days_left.{what}", days=days)
    if days == 0:
        return texts("lookup.today")
    return texts("lookup.days_ago", days=-days)


def _key_people(file: ContractFile) -> tuple[TeamMember, ...]:
    return file.key_contacts


def _key_people_or_team(file: ContractFile) -> tuple[TeamMember, ...]:
    return file.key_contacts or file.team


def _no_key_contacts_note(texts: Texts) -> str:
    return texts("lookup.no_key_contacts")


def _people(texts: Texts, members: Iterable[TeamMember]) -> list[dict[str, str]]:
    people = []
    for member in members:
        contact = member.contact
        what = [texts.role(member.role), texts(f"party.{contact.party.value}")]
        if contact.organisation:
            what.append(contact.organisation)
        if member.is_key_contact:
            what.append(texts("lookup.key_contact"))
        reach = [f"[{contact.email}](mailto:{contact.email})" if contact.email else "", contact.phone or ""]
        people.append({"name": contact.name, "what": " · ".join(what), "reach": " · ".join(r for r in reach if r)})
    return people


def _supplier_intro(texts: Texts, answer: Answer) -> str:
    if answer.supplier is None:
        return ""
    segment = texts(f"segment.{answer.segment.value}") if answer.segment else texts("lookup.no_segment")
    return texts("lookup.supplier_intro", org_number=answer.supplier.org_number, segment=segment)


def _option_label(texts: Texts, hit: Hit) -> str:
    return texts(f"lookup.kind.{hit.kind.value}", label=hit.label)


def money_text(texts: Texts, amount: Decimal | None) -> str | None:
    if amount is None:
        return None
    whole = f"{amount:,.0f}"
    if texts.language == "sv":
        return texts("lookup.money", amount=whole.replace(",", "\u00a0"))
    return texts("lookup.money", amount=whole)

