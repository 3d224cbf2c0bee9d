"""The follow-up workbook sent in a personal chat: "exportera uppföljning för avtal 2024-017",
"exportera uppföljning för Städbolaget", "exportera uppföljningen", "export follow-up for …".

Teams lets a bot send a file only with the user's consent: the bot sends a file consent card (the file's name
and size); accepting it makes Teams invoke `fileConsent/invoke` with an upload address in the user's OneDrive,
where the bot PUTs the bytes and then shows the file with a file info card. Declining gets a polite answer.

The workbook is not kept while the user decides: the conversation's state holds only what to export (the
contract or supplier) and a token the card carries back, and the workbook is built again on acceptance. A
consent whose token is not the conversation's latest offer (an old or edited card) is refused.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote
from zoneinfo import ZoneInfo

import aiohttp
from botbuilder.core import MessageFactory, StatePropertyAccessor, TurnContext
from botbuilder.schema import Attachment
from botbuilder.schema.teams import (
    FileConsentCard,
    FileConsentCardResponse,
    FileInfoCard,
)

from bot.commands import Command
from bot.domain.access import may_export
from bot.domain.catalogue import Kind
from bot.domain.errors import NotFound
from bot.domain.text import fold
from bot.i18n import Texts
from bot.services.lookups import CatalogueCache
from bot.services.ports import UnitOfWorkFactory
from bot.services.register_transfer import export_register
from dialogs.turn import person_of, texts_of
from storage.workbook import workbook_bytes

log = logging.getLogger(__name__)

FILE_CONSENT_CARD = "application/vnd.microsoft.teams.card.file.consent"
FILE_INFO_CARD = "application/vnd.microsoft.teams.card.file.info"
UPLOAD_TIMEOUT_SECONDS = 30.0
_CHAT_LINK = "https://teams.microsoft.com/l/chat/0/0?users="  # Teams' deep link to a chat with a user or bot
_ALL_WORDS = frozenset({"", "alla", "allt", "hela", "all", "everything"})
_CONTRACT_WORDS = ("avtalet ", "avtal ", "contract ")
_SUPPLIER_WORDS = ("leverantoren ", "leverantor ", "supplier ")

Upload = Callable[[str, bytes], Awaitable[int]]


@dataclass(frozen=True)
class ExportChoice:
    """What one export holds: a contract (its reference), a supplier (its organisation number) or all."""

    contract: str | None = None
    supplier: str | None = None
    label: str = ""

    @property
    def file_name(self) -> str:
        scope = self.contract or self.supplier or "alla"
        return f"uppfoljning-{fold(scope).replace(' ', '-').replace('/', '-')}.xlsx"


def _personal_only(turn_context: TurnContext) -> str:
    """Files go only to a personal chat: the answer in a group chat or channel, with a link that opens one."""
    texts = texts_of(turn_context)
    bot = turn_context.activity.recipient
    if bot is None or not bot.id:
        return texts("export.personal_only")
    return texts("export.personal_only_link", link=f"{_CHAT_LINK}{quote(bot.id, safe=':')}")


async def put_file(url: str, data: bytes) -> int:
    """The bytes PUT in one piece to a OneDrive upload session; the HTTP status."""
    headers = {"Content-Length": str(len(data)), "Content-Range": f"bytes 0-{len(data) - 1}/{len(data)}"}
    timeout = aiohttp.ClientTimeout(total=UPLOAD_TIMEOUT_SECONDS)
    async with (
        aiohttp.ClientSession(timeout=timeout) as session,
        session.put(url, data=data, headers=headers) as response,
    ):
        return response.status


class ExportTurns:
    COMMANDS = (Command.EXPORT_FOLLOW_UP,)

    def __init__(self, unit_of_work: UnitOfWorkFactory, catalogue: CatalogueCache, today: Callable[[], date],
                 zone: ZoneInfo, pending: StatePropertyAccessor, upload: Upload = put_file) -> None:
        self._unit_of_work = unit_of_work
        self._catalogue = catalogue
        self._today = today
        self._zone = zone
        self._pending = pending  # the latest offer in the conversation: token, contract, supplier, file name
        self._upload = upload

    async def on_command(self, turn_context: TurnContext, command: Command, argument: str | None) -> None:
        texts = texts_of(turn_context)
        conversation = turn_context.activity.conversation
        if conversation is None or (conversation.conversation_type or "personal") != "personal":
            await turn_context.send_activity(MessageFactory.text(_personal_only(turn_context)))
            return
        choice = await self._choice(turn_context, argument)
        if isinstance(choice, str):
            await turn_context.send_activity(MessageFactory.text(choice))
            return
        data = await self._workbook(choice, texts)
        if data is None:
            await turn_context.send_activity(MessageFactory.text(texts("export.not_found", typed=choice.label)))
            return
        token = secrets.token_hex(16)
        await self._pending.set(turn_context, {"token": token, "contract": choice.contract,
                                               "supplier": choice.supplier, "name": choice.file_name})
        card = FileConsentCard(description=texts("export.consent_description", what=choice.label),
                               size_in_bytes=len(data), accept_context={"token": token},
                               decline_context={"token": token})
        message = MessageFactory.attachment(Attachment(content_type=FILE_CONSENT_CARD, name=choice.file_name,
                                                       content=card.serialize()))
        message.text = texts("export.consent_text", what=choice.label)
        await turn_context.send_activity(message)
        log.info("offered a follow-up workbook of %d bytes", len(data))

    async def on_accept(self, turn_context: TurnContext, response: FileConsentCardResponse) -> None:
        texts = texts_of(turn_context)
        pending = await self._offer(turn_context, response)
        if pending is None:
            return
        await self._pending.delete(turn_context)
        choice = ExportChoice(pending.get("contract"), pending.get("supplier"))
        refusal = await self._refusal(turn_context, choice)
        if refusal is not None:
            await turn_context.send_activity(MessageFactory.text(refusal))
            return
        upload = response.upload_info
        data = await self._workbook(choice, texts)
        if data is None or upload is None or not upload.upload_url:
            await turn_context.send_activity(MessageFactory.text(texts("export.upload_failed")))
            return
        try:
            status = await self._upload(upload.upload_url, data)
        except (TimeoutError, aiohttp.ClientError, ValueError) as error:
            log.warning("could not upload the follow-up workbook: %s", type(error).__name__)
            status = None
        if status not in (200, 201):
            log.warning("the follow-up workbook's upload answered %s", status)
            await turn_context.send_activity(MessageFactory.text(texts("export.upload_failed")))
            return
        info = FileInfoCard(unique_id=upload.unique_id, file_type=upload.file_type)
        message = MessageFactory.attachment(Attachment(content_type=FILE_INFO_CARD, name=upload.name,
                                                       content_url=upload.content_url, content=info.serialize()))
        message.text = texts("export.sent", name=upload.name)
        await turn_context.send_activity(message)
        log.info("sent a follow-up workbook of %d bytes", len(data))

    async def on_decline(self, turn_context: TurnContext, response: FileConsentCardResponse) -> None:
        texts = texts_of(turn_context)
        if await self._offer(turn_context, response) is None:
            return
        await self._pending.delete(turn_context)
        await turn_context.send_activity(MessageFactory.text(texts("export.declined")))

    async def _offer(self, turn_context: TurnContext, response: FileConsentCardResponse) -> Mapping | None:
        """The conversation's latest offer when the consent answers it; else None, and the user is told."""
        pending = await self._pending.get(turn_context, None)
        context = response.context if isinstance(response.context, Mapping) else {}
        if not isinstance(pending, Mapping) or not isinstance(context.get("token"), str) \
                or not secrets.compare_digest(context["token"], pending.get("token", "")):
            log.info("refused a file consent that is not the conversation's latest offer")
            await turn_context.send_activity(MessageFactory.text(texts_of(turn_context)("export.stale")))
            return None
        return pending

    async def _choice(self, turn_context: TurnContext, argument: str | None) -> ExportChoice | str:
        """What the user asked to export and may export, or why not."""
        texts = texts_of(turn_context)
        person = person_of(turn_context)
        typed = " ".join((argument or "").split())
        folded = fold(typed)
        if folded in _ALL_WORDS:
            choice = ExportChoice(label=texts("export.everything"))
            return await self._refusal(turn_context, choice) or choice
        for words in (_CONTRACT_WORDS, _SUPPLIER_WORDS):
            typed = next((typed[len(word):] for word in words if folded.startswith(word)), typed)
        current = await self._catalogue.current()
        hits = current.best_matches(person, typed)
        if not hits:
            return texts("export.not_found", typed=typed[:80])
        if len(hits) > 1:
            return texts("export.ambiguous", typed=typed[:80], options="; ".join(hit.label for hit in hits[:5]))
        hit = hits[0]
        if hit.kind is Kind.CONTRACT:
            contract = current.contracts[hit.id]
            choice = ExportChoice(contract=contract.reference, label=hit.label)
        else:
            choice = ExportChoice(supplier=current.suppliers[hit.id].org_number, label=hit.label)
        return await self._refusal(turn_context, choice) or choice

    async def _refusal(self, turn_context: TurnContext, choice: ExportChoice) -> str | None:
        texts = texts_of(turn_context)
        person = person_of(turn_context)
        current = await self._catalogue.current()
        if choice.contract is not None:
            contract_ids = [cid for cid, c in current.contracts.items() if c.reference == choice.contract]
        elif choice.supplier is not None:
            supplier_ids = [sid for sid, s in current.suppliers.items() if s.org_number == choice.supplier]
            contract_ids = [cid for cid, c in current.contracts.items() if c.supplier_id in supplier_ids]
        else:
            contract_ids = None
        if contract_ids == [] and choice.contract is not None:
            return texts("export.not_found", typed=choice.contract)
        if not may_export(person, contract_ids):
            return texts("export.not_allowed_all" if contract_ids is None else "export.not_allowed")
        return None

    async def _workbook(self, choice: ExportChoice, texts: Texts) -> bytes | None:
        """The workbook's bytes; None when its contract or supplier is gone from the register."""
        try:
            values = await export_register(self._unit_of_work, contract=choice.contract, supplier=choice.supplier,
                                           today=self._today(), zone=self._zone, language=texts.language)
        except NotFound:
            return None
        return await asyncio.to_thread(workbook_bytes, values)
