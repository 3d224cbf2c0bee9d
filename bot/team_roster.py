"""Learning who can be reached in a team or group chat the bot is added to.

Teams lets a bot open a 1:1 chat only with someone whose Teams user id it knows. When the app is added to a team
or a group chat, or people join one where it is, the members are read from Teams (paged) and every member who is
in the register gets a conversation reference for that team, so a reminder can reach them in a new 1:1 chat before
they have ever written to the bot. People the register does not know are not stored.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsInfo
from botbuilder.schema import ChannelAccount
from botbuilder.schema.teams import TeamsChannelAccount

from bot.conversations import tenant_of
from bot.services.identity import ChannelUser, identify
from bot.services.ports import UnitOfWorkFactory
from storage.conversation_references import ConversationReferenceStore, StoredReference

log = logging.getLogger(__name__)

PAGE_SIZE = 500  # the most Teams gives in one page


class TeamRoster:
    def __init__(self, unit_of_work: UnitOfWorkFactory, references: ConversationReferenceStore) -> None:
        self._unit_of_work = unit_of_work
        self._references = references

    async def learn_all_members(self, turn_context: TurnContext) -> int:
        """Read every member of the team or group chat; returns how many registered people were stored."""
        stored = 0
        token = None
        while True:
            try:
                page = await TeamsInfo.get_paged_members(turn_context, token, PAGE_SIZE)
            except Exception as error:  # Teams may refuse (emulators, a chat the bot just left)
                log.warning("could not read the members of conversation %s: %s",
                            turn_context.activity.conversation.id, type(error).__name__)
                return stored
            stored += await self.learn(turn_context, page.members or [])
            token = page.continuation_token
            if not token:
                return stored

    async def learn(self, turn_context: TurnContext, members: Iterable[TeamsChannelAccount]) -> int:
        """Store the registered ones among `members` (Teams profiles: the SDK has already asked Teams for the
        profiles of people added to a team)."""
        stored = 0
        bot_id = turn_context.activity.recipient.id if turn_context.activity.recipient else None
        for member in members:
            if not member.id or member.id == bot_id:
                continue
            user = ChannelUser(
                user_id=member.id,
                name=member.name or "",
                aad_object_id=getattr(member, "aad_object_id", None),
                email=getattr(member, "email", None) or getattr(member, "user_principal_name", None),
            )
            person = await identify(self._unit_of_work, user)
            if person is None or person.id is None:
                continue
            await self._references.save(_member_reference(turn_context, member, person.id))
            stored += 1
        return stored


def _member_reference(turn_context: TurnContext, member: ChannelAccount, contact_id: int) -> StoredReference:
    activity = turn_context.activity
    reference = TurnContext.get_conversation_reference(activity)
    reference.activity_id = None
    reference.user = ChannelAccount(id=member.id, name=member.name,
                                    aad_object_id=getattr(member, "aad_object_id", None))
    conversation = activity.conversation
    return StoredReference(
        channel_id=activity.channel_id or "",
        conversation_id=conversation.id if conversation else "",
        user_id=member.id,
        user_aad_object_id=getattr(member, "aad_object_id", None),
        contact_id=contact_id,
        conversation_type=conversation.conversation_type if conversation else None,
        tenant_id=tenant_of(activity),
        service_url=activity.service_url or "",
        reference=reference.serialize(),
    )
