"""Facts about the conversation an activity came in: its tenant and its reference for proactive sends."""

from __future__ import annotations

from botbuilder.core import TurnContext
from botbuilder.schema import Activity

from bot.domain.people import Person
from storage.conversation_references import StoredReference


def tenant_of(activity: Activity) -> str | None:
    if activity.conversation is not None and activity.conversation.tenant_id:
        return activity.conversation.tenant_id
    channel_data = activity.channel_data
    if isinstance(channel_data, dict):
        tenant = channel_data.get("tenant")
        if isinstance(tenant, dict) and isinstance(tenant.get("id"), str):
            return tenant["id"]
    return None


def reference_of(activity: Activity, person: Person) -> StoredReference:
    reference = TurnContext.get_conversation_reference(activity)
    # A proactive message starts anew in the conversation; tying it to the last message the user sent
    # would also make the reference differ on every turn, and so cost a write per turn.
    reference.activity_id = None
    conversation = activity.conversation
    sender = activity.from_property
    return StoredReference(
        channel_id=activity.channel_id or "",
        conversation_id=conversation.id if conversation else "",
        user_id=sender.id if sender and sender.id else "",
        user_aad_object_id=sender.aad_object_id if sender else None,
        contact_id=person.id,
        conversation_type=conversation.conversation_type if conversation else None,
        tenant_id=tenant_of(activity),
        service_url=activity.service_url or "",
        reference=reference.serialize(),
    )
