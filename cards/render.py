"""Adaptive Cards from JSON templates: one render function over the parsed JSON.

Templates live in `cards/templates/*.json` and use a small subset of Adaptive Card Templating:
`"${path.to.value}"` (a whole string: the value keeps its type), `"text ${name} text"` (inside a string),
`"$data": "${list}"` on an element (repeat it once per item, the item becoming the scope) and
`"$when": "${flag}"` (drop the element when the value is falsy). A path is looked up in the current scope,
then in the root data. Values are never spliced into raw JSON text, so user input cannot break a card.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from functools import cache
from importlib.resources import files
from typing import Any

CARD_CONTENT_TYPE = "application/vnd.microsoft.card.adaptive"
_WHOLE = re.compile(r"^\$\{([A-Za-z0-9_.]+)\}$")
_PART = re.compile(r"\$\{([A-Za-z0-9_.]+)\}")
_MISSING = object()


class TemplateError(LookupError):
    pass


@cache
def _template(name: str) -> Any:
    return json.loads((files("cards") / "templates" / f"{name}.json").read_text(encoding="utf-8"))


def render_card(name: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """The card of template `name` with `data` filled in."""
    return _fill(_template(name), data, data)


def attachment(card: Mapping[str, Any]) -> dict[str, Any]:
    """The Bot Framework attachment that carries a card."""
    return {"contentType": CARD_CONTENT_TYPE, "content": card}


def _lookup(path: str, scope: Any, root: Mapping[str, Any]) -> Any:
    for base in (scope, root):
        value = base
        for part in path.split("."):
            if isinstance(value, Mapping) and part in value:
                value = value[part]
            else:
                value = _MISSING
                break
        if value is not _MISSING:
            return value
    raise TemplateError(f"template value {path!r} missing")


def _fill(node: Any, scope: Any, root: Mapping[str, Any]) -> Any:
    if isinstance(node, str):
        whole = _WHOLE.match(node)
        if whole:
            return _lookup(whole.group(1), scope, root)
        return _PART.sub(lambda m: _text(_lookup(m.group(1), scope, root)), node)
    if isinstance(node, list):
        filled: list[Any] = []
        for item in node:
            filled.extend(_expand(item, scope, root))
        return filled
    if isinstance(node, Mapping):
        return {key: _fill(value, scope, root) for key, value in node.items()}
    return node


def _expand(node: Any, scope: Any, root: Mapping[str, Any]) -> list[Any]:
    """An element of a list: repeated by `$data`, dropped by a falsy `$when`."""
    if not isinstance(node, Mapping) or ("$data" not in node and "$when" not in node):
        return [_fill(node, scope, root)]
    body = {key: value for key, value in node.items() if key not in ("$data", "$when")}
    scopes = [scope]
    if "$data" in node:
        items = _fill(node["$data"], scope, root)
        scopes = list(items) if isinstance(items, list) else [items]
    result = []
    for item_scope in scopes:
        if "$when" in node and not _fill(node["$when"], item_scope, root):
            continue
        result.append(_fill(body, item_scope, root))
    return result


def _text(value: Any) -> str:
    return "" if value is None else str(value)
