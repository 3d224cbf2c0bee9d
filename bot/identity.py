"""Who is talking, for the handler: the Teams sender matched to a person of the register."""

from __future__ import annotations

import logging
import time

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsInfo

from bot.domain.people import Person
from bot.services.identity import ChannelUser, guest_or_colleague, identify
from bot.services.ports import UnitOfWorkFactory

log = logging.getLogger(__name__)

CHANNEL_USER = "followup.channel_user"  # set by an in-process channel (the terminal chat) that knows the user
_PROFILE_TTL_SECONDS = 600.0


class TeamsIdentity:
    """Matches the sender by Azure AD object id, else by the e-mail Teams gives for them.

    Teams is asked for the member's e-mail at most once per user and ten minutes per process: the answer
    (also "not found") is kept, and a matched person's object id is stored in the register. A sender Teams
    has no profile for is treated as a guest, the role with the least rights.
    """

    def __init__(self, unit_of_work: UnitOfWorkFactory) -> None:
        self._unit_of_work = unit_of_work
        self._profiles: dict[str, tuple[float, ChannelUser]] = {}

    async def person_for(self, turn_context: TurnContext) -> Person:
        user = turn_context.turn_state.get(CHANNEL_USER) or self._sender(turn_context)
        person = await identify(self._unit_of_work, user)
        if person is None and turn_context.activity.channel_id == "msteams" and user.email is None:
            user = await self._teams_profile(turn_context, user)
            person = await identify(self._unit_of_work, user)
        return person or guest_or_colleague(user)

    @staticmethod
    def _sender(turn_context: TurnContext) -> ChannelUser:
        sender = turn_context.activity.from_property
        return ChannelUser(
            user_id=(sender.id if sender else None) or "",
            name=(sender.name if sender else None) or "",
            aad_object_id=sender.aad_object_id if sender else None,
        )

    async def _teams_profile(self, turn_context: TurnContext, user: ChannelUser) -> ChannelUser:
        cached = self._profiles.get(user.user_id)
        if cached and time.monotonic() - cached[0] < _PROFILE_TTL_SECONDS:
            return cached[1]
        try:
            member = await TeamsInfo.get_member(turn_context, user.user_id)
        except Exception as error:  # Teams may not answer (emulators, removed members); stay unregistered
            log.info("no Teams profile for sender %s: %s", user.user_id, type(error).__name__)
            # Without the profile we cannot tell a colleague from a guest: give the least rights.
            profile = ChannelUser(user_id=user.user_id, name=user.name, aad_object_id=user.aad_object_id,
                                  is_guest=True)
        else:
            profile = ChannelUser(
                user_id=user.user_id,
                name=member.name or user.name,
                aad_object_id=member.aad_object_id or user.aad_object_id,
                email=member.email or member.user_principal_name,
                is_guest=(member.user_role or "").lower() == "guest",
            )
        if len(self._profiles) > 10_000:
            self._profiles.clear()
        self._profiles[user.user_id] = (time.monotonic(), profile)
        return profile
