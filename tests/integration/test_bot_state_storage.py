"""SqlStorage keeps the botbuilder Storage contract on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio

import pytest
from botbuilder.core import ConversationState, StoreItem, TurnContext
from botbuilder.core.adapters import TestAdapter
from botbuilder.dialogs import (
    DialogSet,
    DialogTurnStatus,
    WaterfallDialog,
    WaterfallStepContext,
)
from botbuilder.dialogs.prompts import PromptOptions, TextPrompt
from botbuilder.schema import Activity, ActivityTypes, ChannelAccount, ConversationAccount
from sqlalchemy import func, select

from storage.bot_state import SqlStorage
from storage.tables import bot_state

ODD_KEYS = [
    "msteams/conversations/a:1/with/slashes",
    "it's \"quoted\"",
    "  spaces  around  ",
    "Åsa Öberg ärver",
    "emoji 🤝📄✅",
    "'; DROP TABLE bot_state; --",
    "percent % and underscore _ and backslash \\",
    "x" * 1000,
]


async def stored_data(engine, key: str) -> str | None:
    async with engine.connect() as connection:
        return await connection.scalar(select(bot_state.c.data).where(bot_state.c.key == key))


async def test_created_item_reads_back_with_nested_unicode_data_and_an_e_tag(engine):
    storage = SqlStorage(engine)
    value = {"name": "Åsa Öberg", "nested": {"list": [1, 2.5, None, True], "emoji": "✅"}}

    await storage.write({"user/1": value})
    items = await storage.read(["user/1"])

    restored = items["user/1"]
    assert restored["name"] == "Åsa Öberg"
    assert restored["nested"] == {"list": [1, 2.5, None, True], "emoji": "✅"}
    assert restored["e_tag"] and restored["e_tag"] == value["e_tag"]
    assert "e_tag" not in await stored_data(engine, "user/1")
    assert "Åsa Öberg" in await stored_data(engine, "user/1")  # readable, not \u escapes


async def test_read_returns_only_the_keys_that_exist(engine):
    storage = SqlStorage(engine)
    await storage.write({"a": {"v": 1}, "b": {"v": 2}})

    assert set(await storage.read(["a", "missing", "b", "also missing"])) == {"a", "b"}
    assert await storage.read(["missing"]) == {}
    assert await storage.read([]) == {}
    assert await storage.read(None) == {}


async def test_read_of_more_keys_than_one_chunk_finds_them_all(engine):
    storage = SqlStorage(engine)
    await storage.write({f"k{i}": {"i": i} for i in range(1200)})

    items = await storage.read([f"k{i}" for i in range(1300)])

    assert len(items) == 1200
    assert items["k1199"]["i"] == 1199


async def test_update_with_the_read_e_tag_succeeds_and_changes_the_e_tag(engine):
    storage = SqlStorage(engine)
    await storage.write({"k": {"count": 1}})
    item = (await storage.read(["k"]))["k"]
    read_e_tag = item["e_tag"]

    item["count"] = 2
    await storage.write({"k": item})

    again = (await storage.read(["k"]))["k"]
    assert again["count"] == 2
    assert again["e_tag"] != read_e_tag
    assert again["e_tag"] == item["e_tag"]  # the caller's value got the new e_tag


async def test_second_save_of_the_same_value_in_a_turn_does_not_conflict_with_itself(engine):
    storage = SqlStorage(engine)
    value = {"count": 1}
    await storage.write({"k": value})
    value["count"] = 2
    await storage.write({"k": value})
    value["count"] = 3
    await storage.write({"k": value})

    assert (await storage.read(["k"]))["k"]["count"] == 3


async def test_update_with_a_stale_e_tag_raises_etag_conflict_and_keeps_the_stored_value(engine):
    storage = SqlStorage(engine)
    await storage.write({"k": {"count": 1}})
    first = (await storage.read(["k"]))["k"]
    second = (await storage.read(["k"]))["k"]
    first["count"] = 2
    await storage.write({"k": first})

    second["count"] = 99
    with pytest.raises(Exception, match="Etag conflict"):
        await storage.write({"k": second})

    assert (await storage.read(["k"]))["k"]["count"] == 2


async def test_write_with_star_e_tag_overwrites_regardless(engine):
    storage = SqlStorage(engine)
    await storage.write({"k": {"count": 1}})

    await storage.write({"k": {"count": 5, "e_tag": "*"}})

    assert (await storage.read(["k"]))["k"]["count"] == 5


async def test_write_without_e_tag_overwrites(engine):
    storage = SqlStorage(engine)
    await storage.write({"k": {"count": 1}})

    await storage.write({"k": {"count": 7}})

    assert (await storage.read(["k"]))["k"]["count"] == 7


async def test_write_with_a_given_e_tag_creates_a_missing_key_as_memory_storage_does(engine):
    storage = SqlStorage(engine)

    await storage.write({"new": {"count": 1, "e_tag": "from-elsewhere"}})

    assert (await storage.read(["new"]))["new"]["count"] == 1


async def test_empty_string_e_tag_is_rejected_and_nothing_is_written(engine):
    storage = SqlStorage(engine)

    with pytest.raises(Exception, match="e_tag"):
        await storage.write({"k": {"count": 1, "e_tag": ""}})

    assert await storage.read(["k"]) == {}


async def test_write_of_none_is_rejected_and_of_nothing_does_nothing(engine):
    storage = SqlStorage(engine)

    with pytest.raises(Exception):
        await storage.write(None)
    await storage.write({})


async def test_batch_with_one_conflicting_item_writes_none_of_them(engine):
    storage = SqlStorage(engine)
    await storage.write({"stale": {"v": "original"}})
    stale = (await storage.read(["stale"]))["stale"]
    await storage.write({"stale": {"v": "changed elsewhere"}})
    stale["v"] = "mine"
    new_item = {"v": "new"}

    with pytest.raises(Exception, match="Etag conflict"):
        await storage.write({"new": new_item, "stale": stale})

    assert await storage.read(["new"]) == {}
    assert (await storage.read(["stale"]))["stale"]["v"] == "changed elsewhere"
    assert "e_tag" not in new_item  # the caller's values are untouched when the batch fails


async def test_delete_removes_existing_keys_and_ignores_missing_ones(engine):
    storage = SqlStorage(engine)
    await storage.write({"a": {"v": 1}, "b": {"v": 2}, "c": {"v": 3}})

    await storage.delete({"a", "missing"})  # BotState.delete passes a set
    await storage.delete(["b"])
    await storage.delete([])

    assert set(await storage.read(["a", "b", "c"])) == {"c"}


async def test_odd_and_long_keys_round_trip(engine):
    storage = SqlStorage(engine)
    await storage.write({key: {"key": key} for key in ODD_KEYS})

    items = await storage.read(ODD_KEYS)

    assert set(items) == set(ODD_KEYS)
    assert all(items[key]["key"] == key for key in ODD_KEYS)
    async with engine.connect() as connection:
        assert await connection.scalar(select(func.count()).select_from(bot_state)) == len(ODD_KEYS)
    await storage.delete(ODD_KEYS)
    assert await storage.read(ODD_KEYS) == {}


async def test_store_item_objects_get_their_e_tag_attribute(engine):
    storage = SqlStorage(engine)
    item = StoreItem(note="Åsa", e_tag="*")

    await storage.write({"item": item})
    restored = (await storage.read(["item"]))["item"]

    assert isinstance(restored, StoreItem)
    assert restored.note == "Åsa"
    assert restored.e_tag == item.e_tag != "*"


async def test_token_exchange_dedup_pattern_lets_only_the_first_write_through(engine):
    """TeamsSSOTokenExchangeMiddleware writes a StoreItem whose e_tag is the exchange id; a repeat must conflict."""
    first_instance, second_instance = SqlStorage(engine), SqlStorage(engine)
    key = "msteams/a:conversation/exchange-id-1"

    await first_instance.write({key: StoreItem(e_tag="exchange-id-1")})
    with pytest.raises(Exception, match="Etag conflict"):
        await second_instance.write({key: StoreItem(e_tag="exchange-id-1")})


async def test_second_bot_instance_with_a_stale_e_tag_conflicts(engine):
    instance_a, instance_b = SqlStorage(engine), SqlStorage(engine)
    await instance_a.write({"conv": {"step": 1}})
    seen_by_a = (await instance_a.read(["conv"]))["conv"]
    seen_by_b = (await instance_b.read(["conv"]))["conv"]

    seen_by_a["step"] = 2
    await instance_a.write({"conv": seen_by_a})
    seen_by_b["step"] = 3
    with pytest.raises(Exception, match="Etag conflict"):
        await instance_b.write({"conv": seen_by_b})

    assert (await instance_b.read(["conv"]))["conv"]["step"] == 2


async def test_concurrent_writes_with_the_same_e_tag_let_exactly_one_win(engine):
    instances = [SqlStorage(engine) for _ in range(4)]
    await instances[0].write({"conv": {"winner": None}})
    e_tag = (await instances[0].read(["conv"]))["conv"]["e_tag"]

    outcomes = await asyncio.gather(
        *(s.write({"conv": {"winner": i, "e_tag": e_tag}}) for i, s in enumerate(instances)),
        return_exceptions=True,
    )

    winners = [i for i, outcome in enumerate(outcomes) if outcome is None]
    assert len(winners) == 1
    assert all("Etag conflict" in str(o) for o in outcomes if o is not None)
    assert (await instances[0].read(["conv"]))["conv"]["winner"] == winners[0]


# --- a real ConversationState with a dialog stack ------------------------------------------------------


async def _ask_name(step: WaterfallStepContext):
    return await step.prompt("text", PromptOptions(prompt=Activity(type=ActivityTypes.message, text="Namn?")))


async def _ask_unit(step: WaterfallStepContext):
    step.values["name"] = step.result
    return await step.prompt("text", PromptOptions(prompt=Activity(type=ActivityTypes.message, text="Enhet?")))


async def _finish(step: WaterfallStepContext):
    return await step.end_dialog({"name": step.values["name"], "unit": step.result})


async def _turn(storage: SqlStorage, text: str):
    """One turn of a bot process that starts afresh: new ConversationState, new DialogSet."""
    conversation_state = ConversationState(storage)
    dialog_state = conversation_state.create_property("DialogState")
    dialogs = DialogSet(dialog_state)
    dialogs.add(TextPrompt("text"))
    dialogs.add(WaterfallDialog("onboarding", [_ask_name, _ask_unit, _finish]))
    adapter = TestAdapter()
    activity = Activity(
        type=ActivityTypes.message,
        channel_id="msteams",
        conversation=ConversationAccount(id="a:1Åö/conversation;messageid=42"),
        from_property=ChannelAccount(id="29:user"),
        recipient=ChannelAccount(id="28:bot"),
        text=text,
    )
    context = TurnContext(adapter, activity)
    dialog_context = await dialogs.create_context(context)
    result = await dialog_context.continue_dialog()
    if result.status == DialogTurnStatus.Empty:
        result = await dialog_context.begin_dialog("onboarding")
    await conversation_state.save_changes(context)
    return result, adapter


async def test_conversation_state_with_a_dialog_stack_survives_a_restart(engine):
    result, adapter = await _turn(SqlStorage(engine), "hej")
    assert result.status == DialogTurnStatus.Waiting
    assert adapter.activity_buffer[-1].text == "Namn?"

    result, adapter = await _turn(SqlStorage(engine), "Åsa Öberg")  # another process, same database
    assert result.status == DialogTurnStatus.Waiting
    assert adapter.activity_buffer[-1].text == "Enhet?"

    stored = (await SqlStorage(engine).read(["msteams/conversations/a:1Åö/conversation;messageid=42"]))
    dialog_state = next(iter(stored.values()))["DialogState"]
    assert [instance.id for instance in dialog_state.dialog_stack] == ["text", "onboarding"]
    assert dialog_state.dialog_stack[1].state["values"]["name"] == "Åsa Öberg"

    result, _ = await _turn(SqlStorage(engine), "Inköp")
    assert result.status == DialogTurnStatus.Complete
    assert result.result == {"name": "Åsa Öberg", "unit": "Inköp"}
