"""Register files sent to the bot in a personal chat: check them, show what an import would do, import on
confirmation.

Teams delivers an attached file as an attachment of type `file.download.info` with a short-lived, pre-authorised
download URL. The file (.xlsx, or one sheet as .csv) is checked with the same use case as `followup-bot import`,
as a dry run, and shown as a preview card. Its Importera button carries the URL, the file name and the SHA-256
of the bytes previewed; on confirmation the file is fetched again and imported only when it is still those
bytes, so what is written is exactly what was shown.
"""

from __future__ import annotations

import asyncio
import hashlib
import secrets
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import date
from pathlib import PurePath
from typing import Any
from zoneinfo import ZoneInfo

from botbuilder.core import MessageFactory, StatePropertyAccessor, TurnContext
from botbuilder.schema import Activity, Attachment
from pydantic import BaseModel, Field

from bot.card_actions import CardActions
from bot.domain.access import Permission, allowed
from bot.domain.people import Person
from bot.domain.follow_up_layout import IMPORTED
from bot.domain.register_rows import KPI_VALUES, LAYOUT, REQUIRED_SHEETS, SheetData
from bot.domain.text import fold
from bot.file_download import MAX_FILE_BYTES, DownloadFailed, FileTooLarge, download
from bot.i18n import Texts
from bot.services.ports import UnitOfWorkFactory
from bot.services.register_transfer import STOCKHOLM, ImportReport, import_register
from cards.render import attachment, render_card
from dialogs.turn import person_of, texts_of
from storage.workbook import UnreadableFile, read_csv_bytes, read_workbook_bytes

log = logging.getLogger(__name__)

FILE_DOWNLOAD_INFO = "application/vnd.microsoft.teams.file.download.info"
IMPORT_VERB, CANCEL_VERB = "kpifile.import", "kpifile.cancel"
ERRORS_SHOWN = 20
DEFAULT_CSV_SHEET = KPI_VALUES  # a CSV file whose name is no sheet's holds the statistics
_FILE_TYPES = (".xlsx", ".csv")
_ACTOR_LABEL_MAX = 320  # the change history's column

Fetch = Callable[[str], Awaitable[bytes]]


class ImportFile(BaseModel):
    """The data of the preview card's Importera button: only a token. Where the file is and what it held stay
    in the conversation's state, so an edited button can neither point the bot at another address nor swap
    the file."""

    token: str = Field(pattern=r"^[0-9a-f]{32}$")


class CancelImport(BaseModel):
    pass


def file_attachment(activity: Activity) -> Attachment | None:
    """The file a user attached to a message in a personal chat, if any."""
    return next((item for item in activity.attachments or () if item.content_type == FILE_DOWNLOAD_INFO), None)


class FileTurns:
    def __init__(self, unit_of_work: UnitOfWorkFactory, today: Callable[[], date],
                 pending: StatePropertyAccessor, fetch: Fetch = download, zone: ZoneInfo = STOCKHOLM) -> None:
        self._unit_of_work = unit_of_work
        self._today = today
        self._zone = zone  # the time zone of the workbook's times (meetings, checklist answers)
        self._pending = pending  # the file last previewed in the conversation: token, url, name, sha256
        self._fetch = fetch

    def register(self, card_actions: CardActions) -> None:
        card_actions.register(IMPORT_VERB, ImportFile, self._on_import)
        card_actions.register(CANCEL_VERB, CancelImport, self._on_cancel)

    async def on_file(self, turn_context: TurnContext, file: Attachment) -> None:
        """A file sent in a chat: refused, or checked and answered with the preview card."""
        texts = texts_of(turn_context)
        name = PurePath(file.name or "").name or "?"
        content = file.content if isinstance(file.content, Mapping) else {}
        url = content.get("downloadUrl")
        refusal = _refusal(turn_context)
        if refusal is None and PurePath(name).suffix.lower() not in _FILE_TYPES:
            refusal = texts("kpifile.wrong_type", name=name)
        if refusal is None and not isinstance(url, str):
            refusal = texts("kpifile.download_failed", name=name)
        if refusal is not None:
            await turn_context.send_activity(MessageFactory.text(refusal))
            return
        preview = await self._preview(turn_context, url, name)
        if isinstance(preview, str):
            await turn_context.send_activity(MessageFactory.text(preview))
        else:
            await turn_context.send_activity(MessageFactory.attachment(attachment(preview)))

    async def _preview(self, turn_context: TurnContext, url: str, name: str) -> dict[str, Any] | str:
        """The preview card, or why there is none."""
        texts = texts_of(turn_context)
        data, problem = await self._download(texts, url, name)
        if problem is not None:
            return problem
        report, problem = await self._check_or_import(texts, data, name, actor_label="preview", dry_run=True)
        if problem is not None:
            return problem
        log.info("previewed a register file of %d bytes: %d errors", len(data), len(report.errors))
        token = secrets.token_hex(16)
        await self._pending.set(turn_context, {"token": token, "url": url, "name": name,
                                               "sha256": hashlib.sha256(data).hexdigest()})
        return _report_card(texts, name, report, import_button={"title": texts("kpifile.import"), "token": token})

    async def _on_import(self, turn_context: TurnContext, payload: ImportFile) -> dict[str, Any]:
        texts = texts_of(turn_context)
        refusal = _refusal(turn_context)
        if refusal is not None:
            return _notice(refusal)
        pending = await self._pending.get(turn_context, None)
        if not isinstance(pending, Mapping) or pending.get("token") != payload.token:
            log.info("refused an import whose preview is not the conversation's latest")
            return _notice(texts("card.stale"))
        name = pending["name"]
        data, problem = await self._download(texts, pending["url"], name)
        if problem is not None:
            return _notice(problem)
        if hashlib.sha256(data).hexdigest() != pending["sha256"]:
            log.info("refused an import: the file differs from the one previewed")
            return _notice(texts("kpifile.changed", name=name))
        person = person_of(turn_context)
        actor = f"teams:{person.email or person.aad_object_id or person.name}:{name}"[:_ACTOR_LABEL_MAX]
        report, problem = await self._check_or_import(texts, data, name, actor_label=actor, dry_run=False)
        if problem is not None:
            return _notice(problem)
        await self._pending.delete(turn_context)
        log.info("imported a register file of %d bytes for person %s: %d errors", len(data), person.id,
                 len(report.errors))
        # With errors (the register changed since the preview) nothing was written, and the card says why.
        return _report_card(texts, name, report, done=True)

    async def _on_cancel(self, turn_context: TurnContext, payload: CancelImport) -> dict[str, Any]:
        return _notice(texts_of(turn_context)("kpifile.cancelled"))

    async def _download(self, texts: Texts, url: str, name: str) -> tuple[bytes, str | None]:
        try:
            return await self._fetch(url), None
        except FileTooLarge:
            return b"", texts("kpifile.too_large", name=name, max_mb=MAX_FILE_BYTES // (1024 * 1024))
        except DownloadFailed as error:
            log.warning("could not download a file sent to the bot: %s", error)
            return b"", texts("kpifile.download_failed", name=name)

    async def _check_or_import(self, texts: Texts, data: bytes, name: str, *, actor_label: str,
                               dry_run: bool) -> tuple[ImportReport | None, str | None]:
        try:
            sheets, only = await asyncio.to_thread(_read, data, name)
        except UnreadableFile as error:
            return None, texts(f"kpifile.unreadable_{error.reason}", name=name)
        report = await import_register(self._unit_of_work, sheets, actor_label=actor_label, only=only,
                                       today=self._today(), zone=self._zone, dry_run=dry_run)
        return report, None


def _refusal(turn_context: TurnContext) -> str | None:
    """Why this person may not import a file here, or None."""
    texts = texts_of(turn_context)
    conversation = turn_context.activity.conversation
    if conversation is None or (conversation.conversation_type or "personal") != "personal":
        return texts("kpifile.personal_only")
    person: Person = person_of(turn_context)
    if not allowed(person, Permission.EDIT_REGISTER):
        return texts("kpifile.not_allowed")
    return None


def _read(data: bytes, name: str) -> tuple[dict[str, SheetData], str | None]:
    """The file's sheets, and the one sheet the import is limited to (a CSV file, a workbook of one sheet)."""
    path = PurePath(name)
    if path.suffix.lower() == ".csv":
        sheet = next((sheet for sheet in (*LAYOUT, *IMPORTED) if fold(sheet) == fold(path.stem)), DEFAULT_CSV_SHEET)
        return read_csv_bytes(data, name, sheet), sheet
    sheets = read_workbook_bytes(data, name)
    present = [sheet for sheet in (*LAYOUT, *IMPORTED) if sheet in sheets]
    if len(present) == 1 and not all(sheet in sheets for sheet in REQUIRED_SHEETS):
        return {present[0]: sheets[present[0]]}, present[0]
    return sheets, None


def _report_card(texts: Texts, name: str, report: ImportReport, *, done: bool = False,
                 import_button: dict[str, str] | None = None) -> dict[str, Any]:
    """The preview (with the buttons when there is something to import), or what the import did."""
    counts = []
    if report.counts is not None:
        counts = [{"title": texts(f"cli.import_kind.{kind}"),
                   "value": texts("kpifile.counts", created=c.created, updated=c.updated, unchanged=c.unchanged)}
                  for kind, c in report.counts.by_kind().items() if c.created or c.updated or c.unchanged]
    errors = [{"text": texts("kpifile.error_line", sheet=e.sheet, row=e.row, reason=texts(e.code, **e.params))}
              for e in report.errors]
    note = None
    if report.errors:
        intro, import_button = texts("kpifile.errors_intro", rows=len({(e.sheet, e.row) for e in report.errors})), None
    elif done:
        intro = texts("kpifile.done_intro")
    elif not report.counts.changed:
        intro, note, import_button = texts("kpifile.preview_intro"), texts("kpifile.nothing_to_change"), None
    else:
        intro, note = texts("kpifile.preview_intro"), texts("kpifile.preview_note")
    more = len(errors) - ERRORS_SHOWN
    return render_card("file_import", {
        "title": texts("kpifile.done_title" if done and report.ok else "kpifile.preview_title", name=name),
        "intro": intro,
        "counts": counts,
        "errors": errors[:ERRORS_SHOWN],
        "more": texts("kpifile.more_errors", count=more) if more > 0 else None,
        "note": note,
        "import": import_button,
        "cancel": texts("kpifile.cancel") if import_button else None,
    })


def _notice(text: str) -> dict[str, Any]:
    return render_card("notice", {"text": text})
