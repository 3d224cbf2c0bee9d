""""boka uppföljningsmöte med Städbolaget" / "book a follow-up meeting with X": contract (a choice when the name
fits several) → meeting form (the follow-up plan's proposed) → start → length → attendees (the follow-up team
proposed; "ta bort Anna", "lägg till Karin") → confirm with the drafted agenda → booked, answered with the
meeting's card and, without Microsoft Graph, the Teams scheduling link and an .ics invitation. Nothing is
stored before the yes, and the rights and the time are checked again when it is stored."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from botbuilder.dialogs import DialogTurnResult, WaterfallDialog, WaterfallStepContext
from botbuilder.dialogs.prompts import PromptOptions, PromptValidatorContext, TextPrompt

from bot.domain.access import may_book_meeting
from bot.domain.errors import DomainError, InvalidInput
from bot.domain.meetings import MeetingForm, parse_duration, parse_form, parse_meeting_time
from bot.domain.text import fold
from bot.calendar_links import CalendarLinks
from bot.meeting_words import agenda_lines, booked_meeting_activity, form_name, time_in_words
from bot.services.follow_up_plans import contracts_named
from bot.services.lookups import CatalogueCache
from bot.services.meetings import Booking, book_meeting, propose_meeting
from bot.services.ports import Calendar, UnitOfWorkFactory
from dialogs.answers import chosen_id, yes_or_no
from dialogs.interruptible import InterruptibleDialog
from dialogs.register_prompts import (
    choices_card,
    confirm_prompt,
    prompt_validator,
    say,
    text_prompt,
    yes_no_validator,
)
from dialogs.turn import person_of, texts_of


class NotAContract(InvalidInput):
    code = "meeting.error.contract_choice"


class NotAMeetingForm(InvalidInput):
    code = "meeting.error.form_choice"


class UnknownAttendee(InvalidInput):
    code = "meeting.error.attendee"


class AttendeeAnswerNotUnderstood(InvalidInput):
    code = "meeting.error.attendees_answer"


_REMOVE = ("ta bort ", "stryk ", "remove ", "drop ")
_ADD = ("lagg till ", "bjud in ", "add ", "invite ")


class BookMeetingDialog(InterruptibleDialog):
    """Begun with what the command named (a contract reference or a supplier) as its options, if anything."""

    def __init__(self, unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache, calendar: Calendar | None,
                 now: Callable[[], datetime], calendar_links: CalendarLinks | None = None) -> None:
        super().__init__(BookMeetingDialog.__name__)
        self._unit_of_work = unit_of_work
        self._catalogue = catalogue
        self._calendar = calendar
        self._now = now
        self._calendar_links = calendar_links
        self.add_dialog(TextPrompt("meeting.contract", prompt_validator(self._contract_answer)))
        self.add_dialog(TextPrompt("meeting.form", prompt_validator(self._form_answer)))
        self.add_dialog(TextPrompt("meeting.time", prompt_validator(self._time_answer)))
        self.add_dialog(TextPrompt("meeting.duration", prompt_validator(_duration_answer)))
        self.add_dialog(TextPrompt("meeting.attendees", prompt_validator(_attendees_answer)))
        self.add_dialog(TextPrompt("meeting.confirm", yes_no_validator("edit.confirm_reask")))
        self.add_dialog(WaterfallDialog("meeting.attendee_loop", [self._show_attendees, self._attendees_changed]))
        self.add_dialog(WaterfallDialog("meeting.steps", [
            self._choose_contract, self._choose_form, self._ask_time, self._ask_duration, self._edit_attendees,
            self._confirm, self._save,
        ]))
        self.initial_dialog_id = "meeting.steps"

    async def _choose_contract(self, step: WaterfallStepContext) -> DialogTurnResult:
        typed = step.options if isinstance(step.options, str) and step.options else None
        if typed is None:
            return await step.prompt("meeting.contract", text_prompt(texts_of(step.context)("meeting.ask.contract")))
        hits = await contracts_named(self._catalogue, person_of(step.context), typed)
        bookable = [hit for hit in hits if may_book_meeting(person_of(step.context), hit.id)]
        if not hits:
            await say(step.context, "meeting.no_match", value=typed[:60])
            return await step.end_dialog()
        if not bookable:
            await say(step.context, "meeting.error.not_allowed")
            return await step.end_dialog()
        if len(bookable) == 1:
            return await step.next(bookable[0].id)
        texts = texts_of(step.context)
        choices = [{"id": hit.id, "answer": hit.label, "value": ""} for hit in bookable]
        card = choices_card(choices, texts("meeting.ask.contract_title", value=typed[:60]),
                             texts("meeting.ask.choose"))
        return await step.prompt("meeting.contract", PromptOptions(prompt=card, validations={"choices": choices}))

    async def _choose_form(self, step: WaterfallStepContext) -> DialogTurnResult:
        person, texts = person_of(step.context), texts_of(step.context)
        try:
            proposal = await propose_meeting(self._unit_of_work, person, step.result, self._now(), texts.language)
        except DomainError as error:
            await say(step.context, error.code, **error.params)
            return await step.end_dialog()
        step.values.update(
            contract_id=proposal.contract.id, reference=proposal.contract.reference,
            supplier=proposal.contract.supplier_name,
            invitable=[[m.contact_id, m.name, m.email] for m in proposal.invitable],
            selected=[m.contact_id for m in proposal.team],
            agenda=[[line.key, line.params] for line in proposal.agenda],
        )
        choices = [{"id": form.value, "answer": form_name(texts, form), "value": ""} for form in MeetingForm]
        card = choices_card(
            choices, texts("meeting.ask.form_title", reference=proposal.contract.reference,
                           supplier=proposal.contract.supplier_name),
            texts("meeting.ask.form", form=form_name(texts, proposal.form)))
        return await step.prompt("meeting.form", PromptOptions(
            prompt=card, validations={"choices": choices, "proposed": proposal.form.value}))

    async def _ask_time(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["form"] = step.result
        return await step.prompt("meeting.time", text_prompt(texts_of(step.context)("meeting.ask.time")))

    async def _ask_duration(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["starts_at"] = step.result
        return await step.prompt("meeting.duration", text_prompt(texts_of(step.context)("meeting.ask.duration")))

    async def _edit_attendees(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["duration"] = step.result
        return await step.begin_dialog("meeting.attendee_loop", {
            "invitable": step.values["invitable"], "selected": step.values["selected"]})

    async def _confirm(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values["selected"] = step.result
        values, texts = step.values, texts_of(step.context)
        starts = datetime.fromisoformat(values["starts_at"])
        names = _names(values["invitable"], values["selected"])
        facts = [
            (texts("meeting.fact.contract"), f"{values['reference']} – {values['supplier']}"),
            (texts("meeting.fact.form"), form_name(texts, MeetingForm(values["form"]))),
            (texts("meeting.fact.time"), time_in_words(texts, starts, values["duration"])),
            (texts("meeting.fact.attendees"), ", ".join(names) or "–"),
            (texts("meeting.fact.agenda"), "\n".join(agenda_lines(texts, values["agenda"]))),
        ]
        return await step.prompt("meeting.confirm", confirm_prompt(
            texts, texts("meeting.confirm_title"), facts, texts("meeting.confirm_question")))

    async def _save(self, step: WaterfallStepContext) -> DialogTurnResult:
        texts = texts_of(step.context)
        if not step.result:
            await say(step.context, "edit.not_saved")
            return await step.end_dialog()
        values = step.values
        form = MeetingForm(values["form"])
        booking = Booking(
            contract_id=values["contract_id"], form=form, starts_at=datetime.fromisoformat(values["starts_at"]),
            duration_minutes=values["duration"], attendee_ids=tuple(values["selected"]),
            subject=texts("meeting.subject", form=form_name(texts, form), reference=values["reference"],
                          supplier=values["supplier"]),
            agenda=tuple(agenda_lines(texts, values["agenda"])),
        )
        try:
            booked = await book_meeting(self._unit_of_work, self._calendar, person_of(step.context), booking,
                                        self._now())
        except DomainError as error:
            await say(step.context, error.code, **error.params)
            return await step.end_dialog()
        now = self._now()
        link = self._calendar_links.link(booked.meeting_id, texts.language, now) if self._calendar_links else None
        await step.context.send_activity(booked_meeting_activity(texts, booked, now, link))
        return await step.end_dialog()

    # --- the attendees, changed one answer at a time ---

    async def _show_attendees(self, step: WaterfallStepContext) -> DialogTurnResult:
        step.values.update(step.options)
        texts = texts_of(step.context)
        names = _names(step.options["invitable"], step.options["selected"])
        text = texts("meeting.ask.attendees", names="\n".join(f"- {name}" for name in names) or "–")
        return await step.prompt("meeting.attendees", text_prompt(text, dict(step.options)))

    async def _attendees_changed(self, step: WaterfallStepContext) -> DialogTurnResult:
        if step.result["done"]:
            return await step.end_dialog(step.values["selected"])
        return await step.replace_dialog("meeting.attendee_loop", {
            "invitable": step.values["invitable"], "selected": step.result["selected"]})

    # --- what each answer must be ---

    async def _contract_answer(self, prompt: PromptValidatorContext, text: str, known: dict[str, Any]) -> int:
        chosen = chosen_id(known.get("choices", []), text)
        if chosen is not None:
            return chosen
        hits = await contracts_named(self._catalogue, person_of(prompt.context), text.strip())
        if len(hits) == 1:
            return hits[0].id
        raise NotAContract(value=text.strip()[:60])

    async def _form_answer(self, prompt: PromptValidatorContext, text: str, known: dict[str, Any]) -> str:
        chosen = chosen_id(known["choices"], text)
        if chosen is not None:
            return chosen
        if yes_or_no(texts_of(prompt.context), text) is True:
            return known["proposed"]
        try:
            return parse_form(text).value
        except DomainError:
            raise NotAMeetingForm(value=text.strip()[:60]) from None

    async def _time_answer(self, _prompt: PromptValidatorContext, text: str, _known: dict[str, Any]) -> str:
        return parse_meeting_time(text, self._now()).isoformat()


async def _duration_answer(_prompt: PromptValidatorContext, text: str, _known: dict[str, Any]) -> int:
    return parse_duration(text)


async def _attendees_answer(prompt: PromptValidatorContext, text: str, known: dict[str, Any]) -> dict[str, Any]:
    """Done (yes, ok, klar), or the attendees with one removed ("ta bort Anna") or added ("lägg till Karin")."""
    typed = fold(text).rstrip(".!")
    if yes_or_no(texts_of(prompt.context), text) is True or typed in texts_of(prompt.context).words(
            "meeting.done_words"):
        return {"done": True}
    selected = list(known["selected"])
    for prefixes, pool, change in ((_REMOVE, [i for i in known["invitable"] if i[0] in selected], selected.remove),
                                   (_ADD, [i for i in known["invitable"] if i[0] not in selected], selected.append)):
        prefix = next((p for p in prefixes if typed.startswith(p)), None)
        if prefix is None:
            continue
        name = typed[len(prefix):].strip()
        matches = [i for i in pool if fold(i[1]) == name] or [i for i in pool if name and name in fold(i[1]).split()]
        if len(matches) != 1:
            raise UnknownAttendee(value=text[len(prefix):].strip()[:60])
        change(matches[0][0])
        return {"done": False, "selected": selected}
    raise AttendeeAnswerNotUnderstood()



def _names(invitable: list[list[Any]], selected: list[int]) -> list[str]:
    by_id = {contact_id: name for contact_id, name, _email in invitable}
    return [by_id[contact_id] for contact_id in selected if contact_id in by_id]

