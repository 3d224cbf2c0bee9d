"""The bot's one-turn answers, as cards and texts in the user's language."""

from __future__ import annotations

from typing import Any

from bot.commands import Command
from bot.domain.people import Person
from bot.i18n import Texts
from cards.render import attachment, render_card

_HELP_TOPICS = (  # commands, and the lookup questions (`ask.*`), in the order the help card lists them
    Command.HELP, "ask.key_contacts", "ask.contacts", "ask.contracts", "ask.end", "ask.show", "ask.kpis",
    "ask.attention", Command.REPORT_KPI, Command.KPI_CARD, Command.COMING_UP, Command.PAUSE_REMINDERS,
    Command.REMINDER_OVERVIEW, Command.BOOK_MEETING, Command.MEETING_NOTES, Command.LOG_DECISION,
    Command.CORRECT_DECISION, Command.DECISIONS, Command.NEW_ACTION, Command.MY_ACTIONS, Command.OPEN_ACTIONS,
    Command.CLOSE_ACTION, Command.SHOW_PLAN, Command.CHECKLIST, Command.SHOW_CHECKLIST,
    Command.CHANGE_CHECKLIST_ANSWER, Command.PROCESS_GUIDE,
    Command.REPORT_DEVIATION, Command.REPORT_COMPLAINT, Command.SHOW_DEVIATIONS, Command.VOID_DEVIATION,
    Command.SHOW_SANCTIONS,
    Command.DECIDE_SANCTION, Command.REVOKE_SANCTION, Command.SUMMARY, Command.SUPPLIER_RATING, Command.RATE_SUPPLIER, Command.SHOW_SWOT,
    Command.ADD_SWOT, Command.REMOVE_SWOT, Command.ACCEPT_SWOT, Command.DECLINE_SWOT, Command.RECORD_LESSONS,
    Command.SEARCH_LESSONS, Command.EXPORT_FOLLOW_UP, Command.WHOAMI, Command.NEW_SUPPLIER, Command.NEW_CONTRACT,
    Command.CHANGE_CONTRACT, Command.NEW_CONTACT, Command.NEW_KPI, Command.SEGMENT_SUPPLIER, Command.CHANGE_PLAN,
    Command.CHANGE_DEFAULT_PLAN, Command.CANCEL,
)
_HELP_BUTTONS = (Command.WHOAMI, Command.NEW_SUPPLIER)


def help_card(texts: Texts) -> dict[str, Any]:
    return attachment(
        render_card(
            "help",
            {
                "title": texts("help.title"),
                "intro": texts("help.intro"),
                "commands": [
                    {"command": texts(f"help.cmd.{command}"), "text": texts(f"help.cmd.{command}.text")}
                    for command in _HELP_TOPICS
                ],
                "more": texts("help.more"),
                "buttons": [
                    {"title": texts(f"help.button.{command}"), "command": texts(f"help.cmd.{command}")}
                    for command in _HELP_BUTTONS
                ],
            },
        )
    )


def welcome_card(texts: Texts, person: Person) -> dict[str, Any]:
    first_name = person.name.split()[0] if person.name.strip() else ""
    who = (
        texts("welcome.registered", role=texts.role(person.global_role))
        if person.is_registered
        else texts("welcome.unregistered")
    )
    return attachment(
        render_card(
            "welcome",
            {
                "title": texts("welcome.title", name_part=f" {first_name}" if first_name else ""),
                "body": texts("welcome.body"),
                "who": who,
                "try": texts("welcome.try"),
                "help_button": texts("help.title"),
                "help_command": texts("help.cmd.help"),
            },
        )
    )


def whoami_text(texts: Texts, person: Person) -> str:
    if not person.is_registered:
        email_part = f" ({person.email})" if person.email else ""
        return texts("whoami.unregistered", email_part=email_part)
    lines = [texts("whoami.registered", name=person.name, email=person.email or "–",
                   role=texts.role(person.global_role))]
    count = len(person.contract_roles)
    lines.append(texts("whoami.contracts", count=count) if count else texts("whoami.no_contracts"))
    return "\n\n".join(lines)
