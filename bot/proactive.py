"""Sending a reminder to its recipient outside any turn, through their stored conversation with the bot.

The recipient's newest personal (1:1) conversation is continued. Someone the bot knows only from a channel or
group chat gets a new 1:1 conversation, opened with the tenant and service URL of that conversation and
stored for the next time; someone the bot has no conversation with at all cannot be reached. Sends go through
the adapter's retries (`bot.outbound`) and the bot's own pacing (`bot.send_pacing`). The message itself comes
from a `ReminderComposer`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from botbuilder.core import BotAdapter, TurnContext
from botbuilder.schema import (
    Activity,
    ChannelAccount,
    ConversationAccount,
    ConversationParameters,
    ConversationReference,
)

from bot.domain.reminders import BLOCKED_REASON, NO_CONVERSATION_REASON, Reminder
from bot.send_pacing import ConversationPacer, TenantPacer
from storage.conversation_references import ConversationReferenceStore, StoredReference

log = logging.getLogger(__name__)

PERSONAL = "personal"
BLOCKED_STATUS = 403  # MessageWritesBlocked: the user blocked the app, or it is not installed for them


class ReminderComposer(Protocol):
    async def compose(self, reminder: Reminder, locale: str | None) -> Activity | None:
        """The message for this reminder in the recipient's language (`locale` as Teams gave it, e.g.
        "en-US"; None when unknown), or None when the item no longer needs a reminder."""
        ...


class Outcome(StrEnum):
    SENT = "sent"
    CANCELLED = "cancelled"  # the composer found nothing to remind about any more
    UNDELIVERABLE = "undeliverable"  # 403, or no conversation with the person: not retried
    FAILED = "failed"  # anything else: try again later
    NOT_STARTED = "not_started"  # the instance may no longer send it (stopping, or its lease runs out)


@dataclass(frozen=True)
class Delivery:
    outcome: Outcome
    reason: str = ""


MaySend = Callable[[], bool]  # asked right before the request leaves; False keeps the reminder unsent


class ReminderNotifier:
    def __init__(self, adapter: BotAdapter, app_id: str, references: ConversationReferenceStore,
                 composer: ReminderComposer, tenant: TenantPacer, conversations: ConversationPacer) -> None:
        self._adapter = adapter
        self._app_id = app_id
        self._references = references
        self._composer = composer
        self._tenant = tenant
        self._conversations = conversations

    async def deliver(self, reminder: Reminder, may_send: MaySend = lambda: True) -> Delivery:
        references = await self._references.of_contact(reminder.recipient_id)
        personal = next((ref for ref in references if ref.conversation_type == PERSONAL), None)
        known = personal or next(iter(references), None)
        if known is None:
            return Delivery(Outcome.UNDELIVERABLE, NO_CONVERSATION_REASON)
        activity = await self._composer.compose(reminder, known.reference.get("locale"))
        if activity is None:
            return Delivery(Outcome.CANCELLED)
        try:
            if personal is not None:
                return await self._continue(personal, activity, may_send)
            return await self._open_personal(reminder, known, activity, may_send)
        except Exception as error:  # the connector's errors carry the HTTP status
            return _failure(reminder, error)

    async def _continue(self, personal: StoredReference, activity: Activity, may_send: MaySend) -> Delivery:
        await self._conversations.wait(personal.conversation_id)
        await self._tenant.wait()
        if not may_send():
            return Delivery(Outcome.NOT_STARTED)
        send = _Send(activity)
        reference = ConversationReference().deserialize(dict(personal.reference))
        await self._adapter.continue_conversation(reference, send, self._app_id)
        return send.delivery()

    async def _open_personal(self, reminder: Reminder, known: StoredReference, activity: Activity,
                             may_send: MaySend) -> Delivery:
        await self._tenant.wait()
        if not may_send():
            return Delivery(Outcome.NOT_STARTED)
        bot = ChannelAccount().deserialize(dict(known.reference.get("bot") or {}))
        parameters = ConversationParameters(
            is_group=False, bot=bot, members=[ChannelAccount(id=known.user_id)], tenant_id=known.tenant_id,
            channel_data={"tenant": {"id": known.tenant_id}},
        )

        async def opened(turn_context: TurnContext) -> None:
            conversation_id = turn_context.activity.conversation.id
            try:
                await self._references.save(_personal_reference(reminder, known, bot, conversation_id))
            except Exception as error:
                send.failed(error)
                return
            await self._conversations.wait(conversation_id)
            await self._tenant.wait()
            await send(turn_context)

        send = _Send(activity)
        await self._adapter.create_conversation(self._app_id, opened, parameters, channel_id=known.channel_id,
                                                service_url=known.service_url)
        return send.delivery()


class _Send:
    """The turn callback that sends one activity and keeps its error: an error left to the adapter would go
    to the turn error handler, which apologises to the user."""

    def __init__(self, activity: Activity) -> None:
        self._activity = activity
        self._error: Exception | None = None
        self._sent = False

    async def __call__(self, turn_context: TurnContext) -> None:
        try:
            await turn_context.send_activity(self._activity)
            self._sent = True
        except Exception as error:
            self.failed(error)

    def failed(self, error: Exception) -> None:
        self._error = error

    def delivery(self) -> Delivery:
        if self._error is not None:
            raise self._error
        return Delivery(Outcome.SENT) if self._sent else Delivery(Outcome.FAILED, "the send did not run")


def _failure(reminder: Reminder, error: Exception) -> Delivery:
    status = getattr(getattr(error, "response", None), "status_code", None)
    if status == BLOCKED_STATUS:
        log.info("reminder %s: recipient %s cannot be reached (403)", reminder.id, reminder.recipient_id)
        return Delivery(Outcome.UNDELIVERABLE, BLOCKED_REASON)
    log.warning("reminder %s: send failed (%s %s)", reminder.id, type(error).__name__, status or "")
    return Delivery(Outcome.FAILED, f"{type(error).__name__}: {status or error}")


def _personal_reference(reminder: Reminder, known: StoredReference, bot: ChannelAccount,
                        conversation_id: str) -> StoredReference:
    reference = ConversationReference(
        bot=bot,
        user=ChannelAccount(id=known.user_id, aad_object_id=known.user_aad_object_id),
        conversation=ConversationAccount(id=conversation_id, conversation_type=PERSONAL,
                                         tenant_id=known.tenant_id, is_group=False),
        channel_id=known.channel_id,
        service_url=known.service_url,
        locale=known.reference.get("locale"),
    )
    return StoredReference(
        channel_id=known.channel_id, conversation_id=conversation_id, user_id=known.user_id,
        user_aad_object_id=known.user_aad_object_id, contact_id=reminder.recipient_id,
        conversation_type=PERSONAL, tenant_id=known.tenant_id, service_url=known.service_url,
        reference=reference.serialize(),
    )
