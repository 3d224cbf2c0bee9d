"""Adaptive Cards (1.5, as dicts) rendered as plain text for the terminal chat.

`render_card_text` turns a card into readable lines plus the inputs and buttons the user can answer by
typing. Buttons are numbered 1, 2, 3 … in the order they appear; the typed answers are turned into
submitted values by `cards.text_answers`. Pure and synchronous: no I/O, no ANSI codes.
"""

from __future__ import annotations

import copy
import math
import re
import textwrap
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from bot.i18n import language_for

_HINTS = {
    "sv": {
        "image": "bild", "chart": "diagram", "button": "OK", "default": "förvalt",
        "date": "ÅÅÅÅ-MM-DD", "time": "TT:MM", "toggle": "ja/nej", "multi": "flera val, t.ex. 1,3",
    },
    "en": {
        "image": "image", "chart": "chart", "button": "OK", "default": "default",
        "date": "YYYY-MM-DD", "time": "HH:MM", "toggle": "yes/no", "multi": "several, e.g. 1,3",
    },
}

_INPUT_KINDS = {
    "Input.Text": "text", "Input.Number": "number", "Input.Date": "date",
    "Input.Time": "time", "Input.Toggle": "toggle", "Input.ChoiceSet": "choice",
}
_ACTION_KINDS = {
    "Action.Submit": "submit", "Action.Execute": "execute",
    "Action.OpenUrl": "open_url", "Action.ShowCard": "show_card",
}


@dataclass(frozen=True)
class CardInput:
    """One input the user answers by typing. `value` is the default in the form Teams submits it.

    `min`/`max` are numbers for "number" and ISO strings for "date"/"time".
    """

    id: str
    kind: str
    label: str
    required: bool = False
    choices: tuple[tuple[str, str], ...] = ()
    is_multi_select: bool = False
    value: str | None = None
    min: float | str | None = None
    max: float | str | None = None
    regex: str | None = None
    error_message: str | None = None
    value_on: str = "true"
    value_off: str = "false"
    max_length: int | None = None


@dataclass(frozen=True)
class CardButton:
    """One numbered button. `card` is the sub-card of an Action.ShowCard.

    `associated_inputs` is "none" when the action submits its data without the inputs.
    """

    index: int
    title: str
    kind: str
    verb: str | None = None
    data: dict = field(default_factory=dict, hash=False)
    url: str | None = None
    card: dict | None = field(default=None, hash=False)
    associated_inputs: str = "auto"


@dataclass(frozen=True)
class CardView:
    """A card as plain text, with its inputs and buttons in display order."""

    text: str
    inputs: tuple[CardInput, ...]
    actions: tuple[CardButton, ...]


def render_card_text(card: dict, width: int = 80, *, lang: str = "sv") -> CardView:
    """Render an Adaptive Card (or an attachment wrapping one) as text wrapped to `width`."""
    if card.get("type") != "AdaptiveCard" and isinstance(card.get("content"), dict):
        card = card["content"]
    renderer = _Renderer(width, _HINTS[language_for(lang)])
    renderer.card(card)
    return CardView(_tidy(renderer.lines), tuple(renderer.inputs), tuple(renderer.actions))


def format_submitted_number(number: Decimal | int | float) -> str:
    """A number the way Teams submits it: "1234.5", "12", never an exponent."""
    text = format(Decimal(str(number)).normalize(), "f")
    return "0" if text == "-0" else text


class _Renderer:
    """Walks a card once, collecting text lines, inputs and buttons (numbered as they are met)."""

    def __init__(self, width: int, hints: dict[str, str]) -> None:
        self.width = max(width, 20)
        self.hints = hints
        self.lines: list[str] = []
        self.inputs: list[CardInput] = []
        self.actions: list[CardButton] = []
        self._sub_cards: list[tuple[str, dict]] = []

    def card(self, card: dict) -> None:
        """The body, then the card's buttons, then every Action.ShowCard sub-card in button order."""
        self.elements(card.get("body"))
        self.button_row(card.get("actions"), blank_before=True)
        while self._sub_cards:
            title, sub_card = self._sub_cards.pop(0)
            self.lines += ["", f"--- {title} ---"]
            self.elements(sub_card.get("body"))
            self.button_row(sub_card.get("actions"), blank_before=True)

    def elements(self, items: object) -> None:
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict):
                self.element(item)

    def element(self, element: dict) -> None:
        """One element: hidden ones skipped, charts and unknown types replaced by their fallback element (a chart
        whose fallback is "drop" is left out, as a host without charts does; one without a fallback is listed)."""
        if element.get("isVisible") is False:
            return
        kind = str(element.get("type", ""))
        fallback = element.get("fallback")
        if kind.startswith("Chart.") and fallback is not None:
            if isinstance(fallback, dict):
                self.element(fallback)
            return
        render = self._handler(kind)
        if render is None:
            if isinstance(fallback, dict):
                self.element(fallback)
            return
        if element.get("separator") or str(element.get("spacing", "")).lower() in ("large", "extralarge"):
            self.lines.append("")
        render(element)
        self.select_action(element)

    def _handler(self, kind: str) -> Callable[[dict], None] | None:
        if kind.startswith("Chart."):
            return self.chart
        if kind in _INPUT_KINDS:
            return self.input
        handlers = {
            "TextBlock": self.text_block, "RichTextBlock": self.rich_text, "FactSet": self.fact_set,
            "Image": self.image, "ImageSet": self.image_set, "Container": self.container,
            "Column": self.container, "ColumnSet": self.column_set, "Table": self.table,
            "ActionSet": self.action_set,
        }
        return handlers.get(kind)

    def text_block(self, element: dict) -> None:
        """Markdown stripped; headings (style heading, size large/extraLarge) underlined with '='."""
        lines = _wrap(_markdown(str(element.get("text", ""))), self.width)
        self.lines += lines
        size = str(element.get("size", "")).lower()
        if element.get("style") == "heading" or size in ("large", "extralarge"):
            self.lines.append("=" * max((_display_width(line) for line in lines), default=0))

    def rich_text(self, element: dict) -> None:
        """TextRuns joined as written (RichTextBlock has no markdown)."""
        runs = element.get("inlines") or []
        text = "".join(run if isinstance(run, str) else str(run.get("text", ""))
                       for run in runs if isinstance(run, (str, dict)))
        self.lines += _wrap(_nfc(text), self.width)

    def fact_set(self, element: dict) -> None:
        """'Title: value' lines with the values aligned in one column; a title alone when the value is empty."""
        facts = [(_markdown(str(f.get("title", ""))), _markdown(str(f.get("value", ""))))
                 for f in element.get("facts") or [] if isinstance(f, dict)]
        column = max((_display_width(title) + 2 for title, value in facts if value.strip()), default=0)
        for title, value in facts:
            if not value.strip():  # a fact without a value is a plain line (a numbered choice)
                self.lines += _wrap(title, self.width)
                continue
            if column > self.width // 2:  # titles too long to align: one wrapped 'Title: value' each
                self.lines += _wrap(f"{title}: {value}", self.width, "", "  ")
                continue
            prefix = _pad(f"{title}: ", column)
            self.lines += _wrap(value, self.width, prefix, " " * _display_width(prefix))

    def image(self, element: dict) -> None:
        alt = element.get("altText")
        self.lines.append(f"[{self.hints['image']}: {_nfc(str(alt))}]" if alt else f"[{self.hints['image']}]")

    def image_set(self, element: dict) -> None:
        for image in element.get("images") or []:
            if isinstance(image, dict) and image.get("isVisible") is not False:
                self.image(image)

    def container(self, element: dict) -> None:
        self.elements(element.get("items"))

    def column_set(self, element: dict) -> None:
        """Columns side by side when each is at most one short line, otherwise one after another."""
        blocks = []
        for column in element.get("columns") or []:
            if isinstance(column, dict) and column.get("isVisible") is not False:
                blocks.append([line for line in self.capture(lambda c=column: self.column(c)) if line.strip()])
        joined = "  ".join(block[0] for block in blocks if block)
        if all(len(block) <= 1 for block in blocks) and _display_width(joined) <= self.width:
            self.lines += [joined] if joined else []
        else:
            for block in blocks:
                self.lines += block

    def column(self, column: dict) -> None:
        self.elements(column.get("items"))
        self.select_action(column)

    def table(self, element: dict) -> None:
        """Rows as cells joined by ' | ', padded when they fit; a rule under the header row."""
        rows = [[" ".join(line.strip() for line in self.capture(lambda c=cell: self.elements(c.get("items")))
                          if line.strip())
                 for cell in row.get("cells") or [] if isinstance(cell, dict)]
                for row in element.get("rows") or [] if isinstance(row, dict)]
        columns = max((len(row) for row in rows), default=0)
        widths = [max((_display_width(row[i]) for row in rows if i < len(row)), default=0) for i in range(columns)]
        aligned = sum(widths) + 3 * max(columns - 1, 0) <= self.width
        header = element.get("firstRowAsHeader", element.get("firstRowAsHeaders", True))
        for number, row in enumerate(rows):
            cells = [_pad(cell, widths[i]) if aligned else cell for i, cell in enumerate(row)]
            self.lines += _wrap(" | ".join(cells).rstrip(), self.width, "", "  ")
            if number == 0 and header and len(rows) > 1:
                self.lines.append("-+-".join("-" * w for w in widths) if aligned else "-" * min(self.width, 40))

    def chart(self, element: dict) -> None:
        """A chart without fallback: its title, then one line per series or data point."""
        title = element.get("title")
        self.lines += _wrap(_nfc(str(title)), self.width) if title else [f"[{self.hints['chart']}]"]
        for line in _chart_lines(element.get("data")):
            self.lines += _wrap(line, self.width, "  ", "    ")

    def action_set(self, element: dict) -> None:
        self.button_row(element.get("actions"))

    def input(self, element: dict) -> None:
        """The prompt line, the numbered choices, and any inline action; the input is collected."""
        card_input = _card_input(element)
        if card_input is None:
            return
        self.inputs.append(card_input)
        self.lines += _wrap(self.prompt(card_input), self.width, "", "  ")
        defaults = set((card_input.value or "").split(",")) if card_input.kind == "choice" else set()
        for number, (title, value) in enumerate(card_input.choices, start=1):
            marker = f" [{self.hints['default']}]" if value in defaults else ""
            self.lines += _wrap(f"  {number}) {title}{marker}", self.width, "", "     ")
        title = element.get("title")
        if card_input.kind == "toggle" and title and _nfc(str(title)) != card_input.label:
            self.lines += _wrap(_nfc(str(title)), self.width, "  ", "  ")
        inline = element.get("inlineAction")
        if isinstance(inline, dict):
            self.button_row([inline])

    def prompt(self, card_input: CardInput) -> str:
        """'Label (id) * [hint] [förvalt: x]': '*' marks a required input."""
        parts = [card_input.label if card_input.label == card_input.id else f"{card_input.label} ({card_input.id})"]
        if card_input.required:
            parts.append("*")
        format_hint = self.hints.get(card_input.kind, "") if card_input.kind in ("date", "time", "toggle") else ""
        if card_input.kind == "choice" and card_input.is_multi_select:
            format_hint = self.hints["multi"]
        parts += [f"[{hint}]" for hint in (format_hint, _range_hint(card_input)) if hint]
        if card_input.value is not None and card_input.kind != "choice":
            shown = card_input.value
            if card_input.kind == "toggle":
                yes, no = self.hints["toggle"].split("/")
                shown = yes if card_input.value == card_input.value_on else no
            parts.append(f"[{self.hints['default']}: {shown}]")
        return " ".join(parts)

    def button_row(self, actions: object, blank_before: bool = False) -> None:
        """Register the actions as numbered buttons and print them as '[1] Spara  [2] Avbryt'."""
        buttons = [self.button(a) for a in actions if isinstance(a, dict)] if isinstance(actions, list) else []
        labels = [_button_label(b) for b in buttons if b is not None]
        if labels and blank_before:
            self.lines.append("")
        self.lines += _join_tokens(labels, self.width)

    def select_action(self, element: dict) -> None:
        action = element.get("selectAction")
        if isinstance(action, dict):
            self.button_row([action])

    def button(self, action: dict) -> CardButton | None:
        """A numbered button, or None for unsupported/disabled actions without a fallback action."""
        kind = _ACTION_KINDS.get(str(action.get("type", "")))
        if kind is None:
            fallback = action.get("fallback")
            return self.button(fallback) if isinstance(fallback, dict) else None
        if action.get("isEnabled") is False:
            return None
        url = str(action["url"]) if kind == "open_url" and action.get("url") else None
        sub_card = action.get("card") if kind == "show_card" and isinstance(action.get("card"), dict) else None
        verb = action.get("verb") if kind == "execute" else None
        title = _nfc(str(action.get("title") or "")) or url or verb or self.hints["button"]
        data = action.get("data")
        button = CardButton(
            index=len(self.actions) + 1, title=title, kind=kind, verb=verb,
            data=copy.deepcopy(data) if isinstance(data, dict) else {}, url=url, card=sub_card,
            associated_inputs=str(action.get("associatedInputs", "auto")).lower(),
        )
        self.actions.append(button)
        if sub_card is not None:
            self._sub_cards.append((title, sub_card))
        return button

    def capture(self, render: Callable[[], None]) -> list[str]:
        """The lines `render` produces, kept out of the main output."""
        saved, self.lines = self.lines, []
        try:
            render()
            return self.lines
        finally:
            self.lines = saved


def _card_input(element: dict) -> CardInput | None:
    """The CardInput for an Input.* element; None when it has no id (it could not be submitted)."""
    input_id = element.get("id")
    if not input_id:
        return None
    kind = _INPUT_KINDS[element["type"]]
    label = _nfc(str(element.get("label") or element.get("placeholder") or element.get("title") or input_id))
    choices = tuple(
        (_nfc(str(c.get("title", c.get("value", "")))), str(c.get("value", c.get("title", ""))))
        for c in element.get("choices") or [] if isinstance(c, dict)
    )
    bounds = _number_or_none if kind == "number" else _string_or_none
    value_on, value_off = str(element.get("valueOn", "true")), str(element.get("valueOff", "false"))
    max_length = element.get("maxLength")
    return CardInput(
        id=str(input_id), kind=kind, label=label, required=bool(element.get("isRequired", False)),
        choices=choices, is_multi_select=bool(element.get("isMultiSelect", False)),
        value=_default_value(element.get("value"), kind, value_off),
        min=bounds(element.get("min")), max=bounds(element.get("max")),
        regex=element.get("regex") or None, error_message=element.get("errorMessage") or None,
        value_on=value_on, value_off=value_off,
        max_length=max_length if isinstance(max_length, int) and max_length > 0 else None,
    )


def _default_value(value: object, kind: str, value_off: str) -> str | None:
    """The card's initial value as Teams would submit it (a toggle is always set: off by default)."""
    if value is None or value == "":
        return value_off if kind == "toggle" else None
    if isinstance(value, bool):
        return "true" if value else "false"
    if kind == "number" and _number_or_none(value) is not None:
        return format_submitted_number(Decimal(str(value)))
    return str(value)


def _number_or_none(value: object) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(str(value))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _string_or_none(value: object) -> str | None:
    return str(value) if value not in (None, "") else None


def _range_hint(card_input: CardInput) -> str:
    """'0–100', '≥ 0' or '≤ 100' from the input's bounds (numbers shown as Teams submits them)."""
    low, high = (_bound_text(b) for b in (card_input.min, card_input.max))
    if low and high:
        return f"{low}–{high}"
    return f"≥ {low}" if low else f"≤ {high}" if high else ""


def _bound_text(bound: float | str | None) -> str:
    if bound is None:
        return ""
    return format_submitted_number(bound) if isinstance(bound, (int, float)) else bound


def _button_label(button: CardButton) -> str:
    label = f"[{button.index}] {button.title}"
    return f"{label} ({button.url})" if button.url and button.url != button.title else label


def _chart_lines(data: object) -> list[str]:
    """Series ({legend, values: [{x, y}]}) as 'legend: x = y, …'; points ({x, y}) as 'x: y'."""
    lines = []
    for item in data if isinstance(data, list) else []:
        if not isinstance(item, dict):
            continue
        values = item.get("values")
        if isinstance(values, list):
            points = ", ".join(_point_text(p, " = ") for p in values if isinstance(p, dict))
            legend = item.get("legend")
            lines.append(f"{_nfc(str(legend))}: {points}" if legend else points)
        else:
            lines.append(_point_text(item, ": "))
    return lines


def _point_text(point: dict, separator: str) -> str:
    """'x: y' for {x, y} or {legend, value}; otherwise every scalar field as 'key: value'."""
    name = point.get("x", point.get("legend"))
    value = point.get("y", point.get("value"))
    if name is not None and value is not None:
        return f"{_scalar(name)}{separator}{_scalar(value)}"
    scalars = (f"{k}: {_scalar(v)}" for k, v in point.items() if isinstance(v, (str, int, float)))
    return ", ".join(scalars)


def _scalar(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _nfc(str(value))


# --- Markdown and wrapping ---------------------------------------------------------------------

_LINK = re.compile(r"\[([^\]]*)\]\(\s*<?([^)\s>]+)>?\s*\)")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_ITALIC_UNDERSCORE = re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)")
_ITALIC_STAR = re.compile(r"(?<![\w*])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![\w*])")
_DATE_FUNCTION = re.compile(r"\{\{(DATE|TIME)\(\s*([^,)\s]+)\s*(?:,\s*\w+\s*)?\)\}\}")
_LIST_ITEM = re.compile(r"\s*(?:[-*•]|\d+[.)])\s+")
_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\ufe0e", "\ufe0f"}


def _markdown(text: str) -> str:
    """Adaptive Card markdown as plain text: emphasis markers dropped, links as 'label (url)'."""
    text = _DATE_FUNCTION.sub(_date_function, _nfc(text))
    parts, position = [], 0
    for match in _LINK.finditer(text):
        parts += [_emphasis(text[position:match.start()]), _link(_emphasis(match[1]).strip(), match[2])]
        position = match.end()
    return "".join(parts) + _emphasis(text[position:])


def _emphasis(text: str) -> str:
    text = _BOLD.sub(r"\1", text)
    return _ITALIC_STAR.sub(r"\1", _ITALIC_UNDERSCORE.sub(r"\1", text))


def _link(label: str, url: str) -> str:
    bare = url.removeprefix("mailto:").removeprefix("tel:")
    return label if label in (url, bare) else f"{label} ({url})" if label else bare


def _date_function(match: re.Match[str]) -> str:
    """{{DATE(iso, …)}} → YYYY-MM-DD, {{TIME(iso)}} → HH:MM (UTC noted when the time has a Z)."""
    stamp = match[2]
    if match[1] == "DATE":
        return stamp[:10]
    return stamp[11:16] + (" UTC" if stamp.endswith("Z") else "") if len(stamp) >= 16 else stamp


def _nfc(text: str) -> str:
    """Composed form, so 'å' counts as one character however it was typed."""
    return unicodedata.normalize("NFC", text)


def _wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """Each line of `text` wrapped to `width`; list items hang under their text. Words are never split."""
    lines: list[str] = []
    for number, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        indent = first if number == 0 else rest
        item = _LIST_ITEM.match(raw)
        hanging = rest + " " * (len(item.group(0)) if item else 0)
        wrapped = textwrap.wrap(raw.rstrip(), width, initial_indent=indent, subsequent_indent=hanging,
                                break_long_words=False, break_on_hyphens=False)
        lines += wrapped or ([indent.rstrip()] if indent.strip() else [""])
    return lines


def _display_width(text: str) -> int:
    """Terminal columns: wide characters (most emoji, CJK) count two, combining and joiners zero."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or char in _ZERO_WIDTH:
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - _display_width(text), 0)


def _join_tokens(tokens: Iterable[str], width: int, separator: str = "  ") -> list[str]:
    """Tokens on as few lines as fit, never split inside a token."""
    lines: list[str] = []
    for token in tokens:
        if lines and _display_width(lines[-1] + separator + token) <= width:
            lines[-1] += separator + token
        else:
            lines.append(token)
    return lines


def _tidy(lines: list[str]) -> str:
    """Trailing spaces removed, runs of blank lines collapsed, no blank lines at either end."""
    out: list[str] = []
    for line in (line.rstrip() for line in lines):
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n")
