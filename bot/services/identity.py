"""Recognising who is talking: a Teams user matched to a contact of the register."""

from __future__ import annotations

from dataclasses import dataclass

from bot.domain.people import Person, normalise_email, unregistered
from bot.services.ports import UnitOfWorkFactory


@dataclass(frozen=True)
class ChannelUser:
    """What the channel tells about the sender (Teams: aadObjectId, UPN/e-mail, name, guest or not)."""

    user_id: str
    name: str
    aad_object_id: str | None = None
    email: str | None = None
    is_guest: bool = False


async def identify(unit_of_work: UnitOfWorkFactory, user: ChannelUser) -> Person | None:
    """The registered person behind `user`, or None when neither the object id nor the e-mail is known.

    The first time a person is matched by e-mail, their Azure AD object id is stored, so later turns
    match on it without asking Teams again.
    """
    async with unit_of_work() as uow:
        if user.aad_object_id:
            person = await uow.people.by_aad_object_id(user.aad_object_id)
            if person is not None:
                return person
        if not user.email:
            return None
        person = await uow.people.by_email(normalise_email(user.email))
        if person is None:
            return None
        if user.aad_object_id and person.id is not None and person.aad_object_id is None:
            await uow.people.link_aad_object_id(person.id, user.aad_object_id)
            await uow.commit()
        return person


def guest_or_colleague(user: ChannelUser) -> Person:
    """Someone the register does not know yet."""
    return unregistered(user.name, user.email, is_guest=user.is_guest, aad_object_id=user.aad_object_id)
