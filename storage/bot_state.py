"""The botbuilder `Storage` on our SQL database (table `bot_state`): conversation state, user state, dialog stacks.

Contract (that of the SDK's MemoryStorage, with the optimistic concurrency of its Cosmos DB / Blob stores):

- `read(keys)` returns a dict of only the keys that exist. Values are restored with jsonpickle, as the SDK's own
  stores do; the stored e_tag is put back on each value (`value["e_tag"]` for a dict, else the attribute).
- `write(changes)` writes all changes in one transaction, or none of them. A value's e_tag decides how:
  None or "*" overwrites (or creates); any other e_tag must equal the stored one, else an `EtagConflictError`
  ("Etag conflict …", the text `TeamsSSOTokenExchangeMiddleware` looks for) is raised and nothing is written.
  A given e_tag for a key that does not exist yet creates it, as MemoryStorage does. "" is rejected.
  Every write stores a new e_tag and sets it on the caller's value, so saving the same state twice in a turn
  does not conflict with itself. The compare-and-set is one statement, so two bot instances cannot both win.
- `delete(keys)` removes the keys that exist and ignores the others.

The data column is jsonpickle JSON, which may name Python classes to instantiate: only this module writes it.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Iterable
from typing import Any

from botbuilder.core import Storage
from jsonpickle.pickler import Pickler
from jsonpickle.unpickler import Unpickler
from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.tables import bot_state
from storage.types import utcnow

log = logging.getLogger(__name__)

_CHUNK = 500  # keys per IN (...) list


class EtagConflictError(Exception):
    """The stored item changed since it was read (its e_tag differs)."""


class SqlStorage(Storage):
    def __init__(self, engine: AsyncEngine) -> None:
        super().__init__()
        self._engine = engine
        dialect = {"sqlite": sqlite, "postgresql": postgresql}.get(engine.dialect.name)
        if dialect is None:
            raise ValueError(f"SqlStorage does not support the {engine.dialect.name} dialect")
        self._insert = dialect.insert

    async def read(self, keys: Iterable[str] | None) -> dict[str, Any]:
        keys = list(dict.fromkeys(keys or ()))
        items: dict[str, Any] = {}
        if not keys:
            return items
        async with self._engine.connect() as connection:
            for start in range(0, len(keys), _CHUNK):
                query = select(bot_state.c.key, bot_state.c.data, bot_state.c.e_tag).where(
                    bot_state.c.key.in_(keys[start : start + _CHUNK])
                )
                for key, data, e_tag in await connection.execute(query):
                    value = Unpickler().restore(json.loads(data))
                    _set_e_tag(value, e_tag)
                    items[key] = value
        log.debug("bot state read: %d of %d keys found", len(items), len(keys))
        return items

    async def write(self, changes: dict[str, Any] | None) -> None:
        if changes is None:
            raise Exception("SqlStorage.write(): changes are required")
        if not changes:
            return
        new_e_tags: dict[str, str] = {}
        async with self._engine.begin() as connection:
            for key, value in changes.items():
                expected = _get_e_tag(value)
                if expected == "":
                    raise Exception("SqlStorage.write(): e_tag missing (empty string)")
                new_e_tag = uuid.uuid4().hex
                row = {"data": _dumps(value), "e_tag": new_e_tag, "updated_at": utcnow()}
                if expected is None or expected == "*":
                    upsert = self._insert(bot_state).values(key=key, **row)
                    await connection.execute(
                        upsert.on_conflict_do_update(index_elements=[bot_state.c.key], set_=row)
                    )
                else:
                    updated = await connection.execute(
                        update(bot_state)
                        .where(bot_state.c.key == key, bot_state.c.e_tag == expected)
                        .values(**row)
                    )
                    if updated.rowcount == 0:
                        # No row with that e_tag: create it if the key is new; if it exists, it changed.
                        inserted = await connection.execute(
                            self._insert(bot_state)
                            .values(key=key, **row)
                            .on_conflict_do_nothing(index_elements=[bot_state.c.key])
                        )
                        if inserted.rowcount == 0:
                            raise EtagConflictError(
                                f"Etag conflict: the item (key of {len(key)} characters) changed since it was read"
                            )
                new_e_tags[key] = new_e_tag
        for key, value in changes.items():  # only once the whole batch is committed
            _set_e_tag(value, new_e_tags[key])
        log.debug("bot state written: %d keys", len(changes))

    async def delete(self, keys: Iterable[str] | None) -> None:
        keys = list(dict.fromkeys(keys or ()))
        if not keys:
            return
        async with self._engine.begin() as connection:
            for start in range(0, len(keys), _CHUNK):
                await connection.execute(
                    bot_state.delete().where(bot_state.c.key.in_(keys[start : start + _CHUNK]))
                )
        log.debug("bot state deleted: %d keys", len(keys))


def _get_e_tag(value: Any) -> str | None:
    if isinstance(value, dict):
        return value.get("e_tag")
    return getattr(value, "e_tag", None)


def _set_e_tag(value: Any, e_tag: str) -> None:
    if isinstance(value, dict):
        value["e_tag"] = e_tag
        return
    try:  # as the Cosmos DB store, which puts the e_tag into the document before restoring it
        setattr(value, "e_tag", e_tag)
    except (AttributeError, TypeError):
        pass  # a list, a string, an object with __slots__ …: nowhere to keep it


def _dumps(value: Any) -> str:
    flat = Pickler().flatten(value)
    if isinstance(flat, dict):
        flat.pop("e_tag", None)  # the e_tag lives in its own column
    return json.dumps(flat, ensure_ascii=False)
