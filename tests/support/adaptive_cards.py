"""A structural check of Adaptive Cards 1.5 as Teams renders them: known element and action types, the
properties each must have, inputs with ids, no unfilled template expressions. Written for the cards this bot
sends (it is not the full schema); `problems(card)` lists what is wrong, empty when the card is sound."""

from __future__ import annotations

from typing import Any

_ELEMENTS = {
    "TextBlock": {"text": str},
    "RichTextBlock": {"inlines": list},
    "Image": {"url": str},
    "ImageSet": {"images": list},
    "Media": {"sources": list},
    "Container": {"items": list},
    "ColumnSet": {},
    "Column": {"items": list},
    "FactSet": {"facts": list},
    "ActionSet": {"actions": list},
    "Table": {},
    "Input.Text": {"id": str},
    "Input.Number": {"id": str},
    "Input.Date": {"id": str},
    "Input.Time": {"id": str},
    "Input.Toggle": {"id": str, "title": str},
    "Input.ChoiceSet": {"id": str, "choices": list},
    # Teams' chart elements (Adaptive Cards 1.5 in Teams); clients without them show `fallback`
    "Chart.Line": {"data": list},
    "Chart.VerticalBar": {"data": list},
    "Chart.Pie": {"data": list},
    "Chart.Donut": {"data": list},
}
_ACTIONS = {
    "Action.Submit": {},
    "Action.Execute": {},
    "Action.OpenUrl": {"url": str},
    "Action.ShowCard": {"card": dict},
    "Action.ToggleVisibility": {"targetElements": list},
}


def problems(card: dict[str, Any]) -> list[str]:
    found: list[str] = []
    if card.get("type") != "AdaptiveCard":
        found.append("the root is not an AdaptiveCard")
    if card.get("version") != "1.5":
        found.append(f"version {card.get('version')!r}, not 1.5")
    if not isinstance(card.get("body", []), list):
        found.append("body is not a list")
    for index, element in enumerate(card.get("body", [])):
        _element(element, f"body[{index}]", found)
    for index, action in enumerate(card.get("actions", [])):
        _action(action, f"actions[{index}]", found)
    if "${" in repr(card):
        found.append("an unfilled template expression is left")
    return found


def _element(element: Any, where: str, found: list[str]) -> None:
    if not isinstance(element, dict):
        found.append(f"{where} is not an object")
        return
    kind = element.get("type")
    required = _ELEMENTS.get(kind)
    if required is None:
        found.append(f"{where}: unknown element type {kind!r}")
        return
    _required(element, required, where, found)
    for key in ("items", "columns"):
        for index, child in enumerate(element.get(key, []) or []):
            _element(child, f"{where}.{key}[{index}]", found)
    for index, fact in enumerate(element.get("facts", []) or []):
        if not (isinstance(fact, dict) and isinstance(fact.get("title"), str) and isinstance(fact.get("value"), str)):
            found.append(f"{where}.facts[{index}] needs a text title and value")
    for index, action in enumerate(element.get("actions", []) or []):
        _action(action, f"{where}.actions[{index}]", found)
    if kind.startswith("Chart."):
        for index, series in enumerate(element["data"]):
            values = series.get("values") if isinstance(series, dict) else None
            if not isinstance(values, list) or not all(isinstance(p, dict) and "x" in p and "y" in p for p in values):
                found.append(f"{where}.data[{index}] needs values with x and y")
    if "fallback" in element and element["fallback"] != "drop":
        _element(element["fallback"], f"{where}.fallback", found)


def _action(action: Any, where: str, found: list[str]) -> None:
    if not isinstance(action, dict) or action.get("type") not in _ACTIONS:
        found.append(f"{where}: unknown action {action!r:.60}")
        return
    if not isinstance(action.get("title"), str) or not action["title"]:
        found.append(f"{where} has no title")
    _required(action, _ACTIONS[action["type"]], where, found)


def _required(node: dict, required: dict[str, type], where: str, found: list[str]) -> None:
    for name, kind in required.items():
        if not isinstance(node.get(name), kind):
            found.append(f"{where} ({node.get('type')}): {name} must be a {kind.__name__}")
