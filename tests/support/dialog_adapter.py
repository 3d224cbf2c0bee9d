"""The real FollowUpBot behind botbuilder's TestAdapter, for dialog tests without HTTP: a migrated database with the
demo register, and a sender of the register named to the bot as an in-process channel does (`CHANNEL_USER`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from botbuilder.core import Middleware, TurnContext
from botbuilder.core.adapters import TestAdapter
from botbuilder.schema import Activity, ActivityTypes, ChannelAccount, ConversationAccount
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.identity import CHANNEL_USER
from bot.runtime import build_bot
from bot.services.identity import ChannelUser
from bot.settings import Settings
from storage.demo_data import load_demo_data


class AsChannelUser(Middleware):
    """Names the sender of every turn, as the terminal chat does for its user."""

    def __init__(self, user: ChannelUser) -> None:
        self._user = user

    async def on_turn(self, context: TurnContext, logic: Callable[[], Awaitable]) -> None:
        context.turn_state[CHANNEL_USER] = self._user
        await logic()


async def demo_adapter(engine: AsyncEngine, database_url: str, user: ChannelUser, conversation: str) -> TestAdapter:
    await load_demo_data(engine)
    bot = build_bot(Settings(DATABASE_URL=database_url, MicrosoftAppId="", ALLOWED_TENANTS=""), engine)
    template = Activity(
        type=ActivityTypes.message, channel_id="test", service_url="https://test.invalid", locale="sv-SE",
        from_property=ChannelAccount(id=user.user_id, name=user.name, aad_object_id=user.aad_object_id),
        recipient=ChannelAccount(id="bot", name="Uppföljningsboten"),
        conversation=ConversationAccount(id=conversation, conversation_type="personal"),
    )
    adapter = TestAdapter(bot.on_turn, template)
    adapter.use(AsChannelUser(user))
    return adapter


async def replies_to(adapter: TestAdapter, *texts: str) -> list[Activity]:
    """Send each text as a turn of its own; the replies of them all, in order."""
    for text in texts:
        await adapter.send(text)
    replies = []
    while (reply := adapter.get_next_activity()) is not None:
        replies.append(reply)
    return replies
