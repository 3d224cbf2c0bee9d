"""Recognising what a user asks for in free text, in Swedish or English.

Each command has anchored patterns over the folded text (lower case, å/ä/ö → a/a/o), so "Hjälp!",
"hjalp" and "help" all mean help, and a word inside a longer sentence does not trigger a command by accident.
"""

from __future__ import annotations

import re
from enum import StrEnum

from bot.domain.text import fold


class Command(StrEnum):
    HELP = "help"
    WHOAMI = "whoami"
    NEW_SUPPLIER = "new_supplier"
    CANCEL = "cancel"
    NEW_CONTRACT = "new_contract"
    CHANGE_CONTRACT = "change_contract"
    NEW_CONTACT = "new_contact"
    REPORT_KPI = "report_kpi"
    NEW_KPI = "new_kpi"
    KPI_CARD = "kpi_card"
    COMING_UP = "coming_up"
    PAUSE_REMINDERS = "pause_reminders"
    RESUME_REMINDERS = "resume_reminders"
    REMINDER_OVERVIEW = "reminder_overview"
    SEGMENT_SUPPLIER = "segment_supplier"
    SHOW_PLAN = "show_plan"
    CHANGE_PLAN = "change_plan"
    CHANGE_DEFAULT_PLAN = "change_default_plan"
    BOOK_MEETING = "book_meeting"
    SHOW_CHECKLIST = "show_checklist"
    CHECKLIST = "checklist"
    CHANGE_CHECKLIST_ANSWER = "change_checklist_answer"
    PROCESS_GUIDE = "process_guide"
    MEETING_NOTES = "meeting_notes"
    LOG_DECISION = "log_decision"
    CORRECT_DECISION = "correct_decision"
    DECISIONS = "decisions"
    NEW_ACTION = "new_action"
    MY_ACTIONS = "my_actions"
    CLOSE_ACTION = "close_action"
    OPEN_ACTIONS = "open_actions"
    REPORT_DEVIATION = "report_deviation"
    REPORT_COMPLAINT = "report_complaint"
    SHOW_DEVIATIONS = "show_deviations"
    SHOW_SANCTIONS = "show_sanctions"
    DECIDE_SANCTION = "decide_sanction"
    REVOKE_SANCTION = "revoke_sanction"
    VOID_DEVIATION = "void_deviation"
    SUMMARY = "summary"
    SHOW_SWOT = "show_swot"
    ADD_SWOT = "add_swot"
    REMOVE_SWOT = "remove_swot"
    ACCEPT_SWOT = "accept_swot"
    DECLINE_SWOT = "decline_swot"
    RECORD_LESSONS = "record_lessons"
    SEARCH_LESSONS = "search_lessons"
    RATE_SUPPLIER = "rate_supplier"
    SUPPLIER_RATING = "supplier_rating"
    EXPORT_FOLLOW_UP = "export_follow_up"


_PATTERNS: dict[Command, tuple[str, ...]] = {
    Command.HELP: (r"(hjalp|help|\?|vad kan du( gora)?|what can you do|kommandon|commands|meny|menu)",),
    Command.WHOAMI: (r"(vem ar jag|who am i|whoami|min roll|my role)",),
    Command.NEW_SUPPLIER: (
        r"(ny|lagg till|registrera|skapa) (en )?leverantor",
        r"(new|add|register|create) (a )?supplier",
    ),
    Command.CANCEL: (r"(avbryt|cancel|stopp|stop|sluta|glom det|never ?mind|quit)",),
    Command.NEW_CONTRACT: (
        r"(nytt|lagg till|registrera|skapa) (ett )?avtal",
        r"(new|add|register|create) (a )?contract",
    ),
    # A command may end in an argument, a named group over the folded text; see parse_command_with_argument.
    Command.CHANGE_CONTRACT: (
        r"(andra|uppdatera|redigera) (ett )?avtal(et)?( (?P<argument>.+))?",
        r"(change|edit|update) (a |the )?contract( (?P<argument>.+))?",
    ),
    Command.NEW_CONTACT: (
        r"(ny|lagg till|registrera|skapa) (en )?kontakt(person)?",
        r"(new|add|register|create) (a )?contact( person)?",
    ),
    # "rapportera KPI", "registrera nyckeltal för Städbolaget", "report KPI 2024-017": the argument names the
    # contract by its reference or its supplier.
    Command.REPORT_KPI: (
        r"(rapportera|registrera|lagg in|ange) (ett |en )?(kpi|kpi-varde|kpi varde|nyckeltal|nyckeltalsvarde)"
        r"( (?:for |pa |till )?(?P<argument>.+))?",
        r"(report|record|enter|register) (a |the )?(kpi|kpi value|key figure)( (?:for |on )?(?P<argument>.+))?",
    ),
    # "ny KPI för 2024-017", "new KPI for 2024-017": the argument is the contract's reference.
    Command.NEW_KPI: (
        r"(ny|nytt|lagg till|skapa|definiera) (en |ett )?(kpi|nyckeltal)( (?:for |pa |till )?(?P<argument>.+))?",
        r"(new|add|create|define) (a )?(kpi|key figure)( (?:for |on |to )?(?P<argument>.+))?",
    ),
    # "KPI-kort för 2024-017", "KPI card for Städbolaget": a form for reporting a value in one card.
    Command.KPI_CARD: (
        r"(kpi-kort|kpi kort|kpikort|nyckeltalskort)( (?:for |pa |till )?(?P<argument>.+))?",
        r"(kpi card|kpi form)( (?:for |on )?(?P<argument>.+))?",
    ),
    # "vad är på gång för mig?", "what's coming up for me?": the user's own items this month.
    Command.COMING_UP: (
        r"(vad (ar|har jag) pa gang( for mig)?( (den har|denna) manad(en)?)?|vad ska jag gora( (den har|denna) manad(en)?)?"
        r"|mina paminnelser)",
        r"(what'?s|what is|what have i got) coming up( for me)?( this month)?|my reminders",
    ),
    # "pausa påminnelser för 2024-017 till 2027-01-10 eftersom …": the argument names the contract or supplier,
    # the last day and optionally the reason.
    Command.PAUSE_REMINDERS: (
        r"(pausa|pausera) (alla )?paminnelser(na)?( (?:for |pa |om )?(?P<argument>.+))?",
        r"pause (all )?(the )?reminders( (?:for |on |about )?(?P<argument>.+))?",
    ),
    Command.RESUME_REMINDERS: (
        r"(ateruppta|starta om|sla pa) (alla )?paminnelser(na)?( (?:for |pa |om )?(?P<argument>.+))?",
        r"(resume|restart|unpause) (all )?(the )?reminders( (?:for |on |about )?(?P<argument>.+))?",
    ),
    Command.REMINDER_OVERVIEW: (
        r"(paminnelseoversikt(en)?|oversikt( over| av)? paminnelser(na)?|visa paminnelseoversikt(en)?)",
        r"(reminder|reminders) overview|overview of (the )?reminders",
    ),
    # "segmentera Städbolaget", "segment supplier 556677-8899": the argument names the supplier.
    Command.SEGMENT_SUPPLIER: (
        r"segmentera( (?:leverantoren |leverantor )?(?P<argument>.+))?",
        r"segment( (?:the )?supplier)?( (?P<argument>.+))?",
    ),
    # "visa uppföljningsplan för 2024-017", "show follow-up plan for Städbolaget": a contract or a supplier.
    Command.SHOW_PLAN: (
        r"(visa )?(uppfoljningsplan|uppfoljningsplanen)( (?:for|pa|till)( (?P<argument>.+))?)?",
        r"(show )?(the )?follow-?up plan( (?:for|of|on)( (?P<argument>.+))?)?",
    ),
    Command.CHANGE_PLAN: (
        r"(andra|justera|redigera|uppdatera) (uppfoljningsplan|uppfoljningsplanen)( (?:for|pa|till) (?P<argument>.+))?",
        r"(change|adjust|edit|update) (the )?follow-?up plan( (?:for|of|on) (?P<argument>.+))?",
    ),
    # "ändra standardplan för flaskhals", "change default plan for bottleneck": the argument is the segment.
    Command.CHANGE_DEFAULT_PLAN: (
        r"(andra|justera|redigera|uppdatera) (standardplan|standardplanen|standardplanerna)( (?:for|pa) (?P<argument>.+))?",
        r"(change|adjust|edit|update) (the )?default (follow-?up )?plan( (?:for|of) (?P<argument>.+))?",
    ),
    # "boka uppföljningsmöte med Städbolaget", "boka möte för 2024-017", "book a follow-up meeting with X": the
    # argument names the contract or its supplier.
    Command.BOOK_MEETING: (
        r"(boka|planera|kalla till) (ett |en )?(uppfoljningsmote|mote|startmote|utvecklingsmote|arligt mote"
        r"|kort arligt mote)( (?:med|for|pa|om) (?P<argument>.+))?",
        r"(book|schedule|plan|arrange) (a |an )?(follow-?up |start |development |yearly |annual )?meeting"
        r"( (?:with|for|on|about) (?P<argument>.+))?",
    ),
    # "visa checklista samarbetsmodell för Städbolaget", "show checklist summary for 2024-017": the answers given.
    Command.SHOW_CHECKLIST: (
        r"visa (checklista|checklistan|checklistor|checklistorna)( (?P<argument>.+))?",
        r"show (the )?(checklist|checklists)( (?P<argument>.+))?",
    ),
    # "checklista samarbetsmodell för Städbolaget", "checklist cooperation model for X": the part, then the contract.
    Command.CHECKLIST: (
        r"(checklista|checklistan|besvara checklista|besvara checklistan|fortsatt checklista|fortsatt checklistan)"
        r"( (?P<argument>.+))?",
        r"(answer (the )?|continue (the )?)?checklist( (?P<argument>.+))?",
    ),
    # "ändra svar 3 i samarbetsmodell för Städbolaget", "change answer 3 in collaboration model for X": the item by
    # its number, the part and the contract.
    Command.CHANGE_CHECKLIST_ANSWER: (
        r"(andra|ratta) (svar(et)?|punkt)( pa punkt)? (?P<argument>\d{1,3}( .+)?)",
        r"(change|correct) (the )?(answer|item)( (to|of) item)? (?P<argument>\d{1,3}( .+)?)",
    ),
    # "processguide", "fråga om processen: vad är en flaskhalsleverantör?": the process description answers.
    Command.PROCESS_GUIDE: (
        r"(processguide|processguiden|processfraga|fraga om processen):?( (?P<argument>.+))?",
        r"(process guide|process question|ask about the process):?( (?P<argument>.+))?",
    ),
    # "mötesanteckningar för möte 12", "meeting notes for Städbolaget": a meeting by its number, or a contract.
    Command.MEETING_NOTES: (
        r"(motesanteckningar|moteanteckningar|anteckningar fran motet)( (?:for|fran|till) (?P<argument>.+))?",
        r"(meeting notes|minutes)( (?:for|of|from) (?P<argument>.+))?",
    ),
    Command.LOG_DECISION: (
        r"(logga|registrera|nytt|skriv in) (ett )?beslut( (?:for |pa |till )?(?P<argument>.+))?",
        r"(log|record|new|add) (a )?decision( (?:for |on |to )?(?P<argument>.+))?",
    ),
    Command.CORRECT_DECISION: (
        r"(ratta|korrigera) beslut(et)?( nr| nummer)? (?P<argument>\d{1,9})",
        r"(correct|amend) decision( no| number)? (?P<argument>\d{1,9})",
    ),
    # "beslut för avtal 2024-017", "decisions for Städbolaget": the decision log of a contract or a supplier's.
    Command.DECISIONS: (
        r"(visa )?(beslut|besluten|beslutslogg(en)?) (?:for|pa|om) (avtal(et)? |leverantor(en)? )?(?P<argument>.+)",
        r"(show )?(the )?(decisions|decision log) (?:for|on|of) (the )?(contract |supplier )?(?P<argument>.+)",
    ),
    Command.NEW_ACTION: (
        r"(ny|lagg till|skapa) (en )?aktivitet( (?:for |pa |till )?(?P<argument>.+))?",
        r"(new|add|create) (an )?action( (?:for |on |to )?(?P<argument>.+))?",
    ),
    Command.MY_ACTIONS: (r"(visa )?mina (oppna )?aktiviteter", r"(show )?my (open )?actions"),
    Command.CLOSE_ACTION: (
        r"(stang|avsluta|klarmarkera) aktivitet(en)?( nr| nummer)? (?P<argument>\d{1,9})",
        r"(close|finish) action( no| number)? (?P<argument>\d{1,9})",
    ),
    Command.OPEN_ACTIONS: (
        r"(visa )?(oppna )?aktiviteter (?:for|pa) (avtal(et)? |leverantor(en)? )?(?P<argument>.+)",
        r"(show )?(the )?open actions (?:for|on|of) (the )?(contract |supplier )?(?P<argument>.+)",
    ),
    # "rapportera avvikelse för 2024-017", "report a deviation": the argument names the contract or supplier.
    Command.REPORT_DEVIATION: (
        r"(rapportera|registrera|anmal|ny|lagg in) (en )?avvikelse( (?:for |pa |mot )?(?P<argument>.+))?",
        r"(report|register|record|log|new) (a |an )?deviation( (?:for |on |against )?(?P<argument>.+))?",
    ),
    # "reklamation för Städbolaget", "complaint": a deviation that is a complaint.
    Command.REPORT_COMPLAINT: (
        r"((rapportera|registrera|anmal|ny|lagg in) (en )?)?reklamation( (?:for |pa |mot )?(?P<argument>.+))?",
        r"((report|register|record|log|new) (a )?)?complaint( (?:for |on |against )?(?P<argument>.+))?",
    ),
    # "avvikelser för 2024-017", "deviations for Städbolaget": this year's, counted.
    Command.SHOW_DEVIATIONS: (
        r"(visa )?(avvikelser|avvikelserna|reklamationer|reklamationerna)( (?:for|pa|mot)( (?P<argument>.+))?)?",
        r"(show )?(the )?(deviations|complaints)( (?:for|of|on|against)( (?P<argument>.+))?)?",
    ),
    # "sanktionstrappa för 2024-017", "sanctions for 2024-017": the ladder and the proposed next step.
    Command.SHOW_SANCTIONS: (
        r"(visa )?(sanktionstrappa|sanktionstrappan|sanktioner|sanktionerna)( (?:for|pa|mot)( (?P<argument>.+))?)?",
        r"(show )?(the )?(sanctions|sanctions ladder|sanction ladder)( (?:for|of|on|against)( (?P<argument>.+))?)?",
    ),
    Command.DECIDE_SANCTION: (
        r"(besluta|beslut om|registrera|ny) (en )?sanktion( (?:for |pa |mot )?(?P<argument>.+))?",
        r"(decide|record|register|new) (a |the )?sanction( (?:for |on |against )?(?P<argument>.+))?",
    ),
    # "återkalla sanktion 3: bestridd och utredd", "revoke sanction 3: decided by mistake": the step's number on
    # the ladder card, then the reason.
    # "makulera avvikelse 12: rapporterad på fel avtal", "void deviation 12: reported twice": its number in the
    # list of deviations, then the reason.
    Command.VOID_DEVIATION: (
        r"(makulera|ta bort|stryk) (avvikelse(n)?|reklamation(en)?)( nr| nummer)?( (?P<argument>.+))?",
        r"(void|remove|delete|withdraw) (the )?(deviation|complaint)( no| number)?( (?P<argument>.+))?",
    ),
    Command.REVOKE_SANCTION: (
        r"(aterkalla|upphav|dra tillbaka) (sanktion|sanktionen|sanktionssteg)( nr| nummer)?( (?P<argument>.+))?",
        r"(revoke|withdraw|cancel) (the )?(sanction|sanction step)( no| number)?( (?P<argument>.+))?",
    ),
    # "sammanfattning för avtal 2024-017", "sammanfatta Städbolaget", "summary of contract 2024-017", "summarise
    # Städbolaget": the argument names a contract or a supplier (by name or organisation number).
    Command.SUMMARY: (
        r"(visa )?(sammanfattning|sammanfattningen)( (?:for|av|pa|om))?( (avtal(et)? |leverantor(en)? )?(?P<argument>.+))?",
        r"sammanfatta( (avtal(et)? |leverantor(en)? )?(?P<argument>.+))?",
        r"(show )?(the )?summary( (?:for|of|on))?( (the )?(contract |supplier )?(?P<argument>.+))?",
        r"(summarise|summarize)( (the )?(contract |supplier )?(?P<argument>.+))?",
    ),
    # "SWOT för Städbolaget", "SWOT for 2024-017": the supplier by its name or one of its contracts.
    Command.SHOW_SWOT: (
        r"(visa )?(swot|swot-analys|swotanalys|swot-analysen)( (?:for|pa|om|of|on) (?P<argument>.+))?",
        r"(show )?(the )?swot( analysis)?( (?:for|of|on) (?P<argument>.+))?",
    ),
    # "lägg till styrka för Städbolaget: snabba leveranser": the quadrant, the supplier, a colon and the text.
    Command.ADD_SWOT: (
        r"lagg till (en |ett )?(?P<argument>(styrka|svaghet|mojlighet|hot) .+)",
        r"lagg till (en |ett )?(?P<argument>\S+ (?:for|pa) [^:]+:.*)",  # another word is answered with the four
        r"add (a |an )?(?P<argument>(strength|weakness|opportunity|threat) .+)",
        r"add (a |an )?(?P<argument>\S+ (?:for|to|on) [^:]+:.*)",
    ),
    Command.REMOVE_SWOT: (
        r"(ta bort|radera) swot( nr| nummer)? (?P<argument>\d{1,9})",
        r"(remove|delete) swot( item)?( no| number)? (?P<argument>\d{1,9})",
    ),
    Command.ACCEPT_SWOT: (
        r"(acceptera|godkann) swot( nr| nummer)? (?P<argument>\d{1,9})",
        r"accept swot( item)?( no| number)? (?P<argument>\d{1,9})",
    ),
    Command.DECLINE_SWOT: (
        r"(avboj|avsla) swot( nr| nummer)? (?P<argument>\d{1,9})",
        r"(decline|reject) swot( item)?( no| number)? (?P<argument>\d{1,9})",
    ),
    # "lärdomar för avtal 2024-017", "record lessons for 2024-017": what worked and what to change next time.
    Command.RECORD_LESSONS: (
        r"(registrera |logga |skriv in )?lardomar(na)? (?:for|pa|fran|till) (avtal(et)? )?(?P<argument>.+)",
        r"(registrera|logga|skriv in) lardomar(na)?",
        r"(record|register|log|add) (the )?lessons( learned| learnt)?( (?:for|on|from) (the )?(contract )?(?P<argument>.+))?",
    ),
    # "lärdomar städ", "lessons cleaning", "lärdomar": lessons found by a word, or all of them.
    Command.SEARCH_LESSONS: (
        r"((visa|sok|hitta) )?lardomar(na)?( (?P<argument>.+))?",
        r"((show|search|find) )?(the )?lessons( learned| learnt)?( (?P<argument>.+))?",
    ),
    # "betygsätt Städbolaget", "rate supplier Städbolaget": the customer-satisfaction survey for the quarter.
    Command.RATE_SUPPLIER: (
        r"(betygsatt|betygssatt|satt betyg pa|ge betyg (?:till|pa))( leverantor(?:en)?)?( (?P<argument>.+))?",
        r"hur nojd ar jag med( leverantor(?:en)?)?( (?P<argument>.+))?",
        r"rate(?! of )( the)?( supplier)?( (?P<argument>.+))?",
    ),
    # "betyg för Städbolaget", "rating of Städbolaget": the quality rating per quarter.
    Command.SUPPLIER_RATING: (
        r"(visa )?(kvalitets)?(betyg|betyget|betygen)( (?:for|pa|av) (?:leverantor(?:en)? )?(?P<argument>.+))?",
        r"(show )?(the )?(quality )?(rating|ratings)( (?:of|for) (?:the )?(?:supplier )?(?P<argument>.+))?",
    ),
    # "exportera uppföljning för avtal 2024-017", "export follow-up for Städbolaget", "exportera uppföljningen"
    # (everything): the argument names the contract or the supplier.
    Command.EXPORT_FOLLOW_UP: (
        r"exportera (hela )?(uppfoljning|uppfoljningen|uppfoljningsboken|arbetsboken)"
        r"( (?:for|av|pa|om) (?P<argument>.+))?",
        r"export (the )?(whole )?(follow-?up|follow-?up workbook|workbook)( (?:for|of|on|about) (?P<argument>.+))?",
    ),
}
_COMPILED = {
    command: tuple(re.compile(rf"^(?:{pattern})$") for pattern in patterns)
    for command, patterns in _PATTERNS.items()
}
_TRAILING = re.compile(r"[\s!.?]+$")


def normalise(text: str) -> str:
    """Folded text without trailing punctuation; a lone '?' stays."""
    folded = fold(text)
    stripped = _TRAILING.sub("", folded)
    return stripped or folded


def parse_command(text: str) -> Command | None:
    return parse_command_with_argument(text)[0]


def parse_command_with_argument(text: str) -> tuple[Command | None, str | None]:
    """The command and, for a command that takes one ("ändra avtal KS 2024/17"), its argument as typed.

    Patterns match the folded text, but an argument such as a contract reference must keep its case and
    letters. Folding keeps the words apart, so the argument is the same words of the original text: those
    after as many words as the folded text has before the argument.
    """
    phrase = normalise(text)
    for command, patterns in _COMPILED.items():
        for pattern in patterns:
            match = pattern.match(phrase)
            if match is None:
                continue
            if "argument" not in pattern.groupindex or match.group("argument") is None:
                return command, None
            words_before = len(phrase[: match.start("argument")].split())
            argument = _TRAILING.sub("", " ".join(text.split()[words_before:]))
            return command, argument or None
    return None, None


def is_cancel(text: str) -> bool:
    return parse_command(text) is Command.CANCEL

