"""The terminal view of Adaptive Cards: what the user reads, and how typed answers become submitted values."""

from __future__ import annotations

import pytest

from cards.text_answers import parse_input_answer, submit_value
from cards.text_view import CardButton, CardInput, CardView, render_card_text


def text_block(text: str, **extra: object) -> dict:
    return {"type": "TextBlock", "text": text, "wrap": True, **extra}


def cell(text: str) -> dict:
    return {"type": "TableCell", "items": [text_block(text)]}


CONTACT_CARD = {
    "type": "AdaptiveCard",
    "version": "1.5",
    "body": [
        text_block("Kontaktperson", size="large", weight="bolder"),
        {
            "type": "FactSet",
            "facts": [
                {"title": "Namn", "value": "**Åsa Öberg**"},
                {"title": "Roll", "value": "_Avtalsansvarig_"},
                {"title": "E-post", "value": "[asa.oberg@stadbolaget.se](mailto:asa.oberg@stadbolaget.se)"},
                {"title": "Telefon", "value": "070-123 45 67"},
            ],
        },
        text_block("Se [avtalet](https://intranat.kommun.se/avtal/17) för detaljer."),
        text_block("Intern anteckning: byt kontakt i maj", isVisible=False),
        {"type": "Image", "url": "https://intranat.kommun.se/logo.png", "altText": "Städbolaget AB:s logotyp"},
        {"type": "Image", "url": "https://intranat.kommun.se/ikon.png"},
        {"type": "Media", "sources": []},
    ],
    "actions": [
        {"type": "Action.OpenUrl", "title": "Öppna i Teams", "url": "https://teams.microsoft.com/l/chat/0/0"},
    ],
}

KPI_CARD = {
    "type": "AdaptiveCard",
    "version": "1.5",
    "body": [
        text_block("Registrera KPI-värde", style="heading"),
        {
            "type": "Chart.Line",
            "title": "Leveranstid (dagar)",
            "data": [{"legend": "Östra", "values": [{"x": "2024-01", "y": 3}, {"x": "2024-02", "y": 4}]}],
            "fallback": text_block("Leveranstid: 3 dagar i januari, 4 dagar i februari."),
        },
        {
            "type": "Chart.VerticalBar",
            "title": "Reklamationer per månad",
            "data": [{"x": "Jan", "y": 2}, {"x": "Feb", "y": 5}],
        },
        {
            "type": "Chart.Line",
            "title": "Bara i Teams",
            "data": [{"legend": "Östra", "values": [{"x": "2024-01", "y": 3}]}],
            "fallback": "drop",
        },
        {
            "type": "Table",
            "firstRowAsHeader": True,
            "columns": [{"width": 1}, {"width": 1}],
            "rows": [
                {"type": "TableRow", "cells": [cell("KPI"), cell("Mål")]},
                {"type": "TableRow", "cells": [cell("Leveranstid"), cell("≤ 3 dagar")]},
                {"type": "TableRow", "cells": [cell("Reklamationer"), cell("0")]},
            ],
        },
        {
            "type": "Input.ChoiceSet",
            "id": "kpi",
            "label": "Välj KPI",
            "isRequired": True,
            "choices": [
                {"title": "Leveranstid", "value": "delivery_time"},
                {"title": "Reklamationer", "value": "complaints"},
                {"title": "Nöjd kund-index", "value": "nki"},
            ],
        },
        {
            "type": "Input.ChoiceSet",
            "id": "area",
            "label": "Område",
            "value": "east",
            "choices": [{"title": "Norra", "value": "north"}, {"title": "Östra", "value": "east"}],
        },
        {
            "type": "Input.ChoiceSet",
            "id": "schools",
            "label": "Skolor",
            "isMultiSelect": True,
            "choices": [
                {"title": "Ängsskolan", "value": "angs"},
                {"title": "Björkskolan", "value": "bjork"},
                {"title": "Åkerskolan", "value": "aker"},
            ],
        },
        {"type": "Input.Number", "id": "value", "label": "Värde", "min": 0, "max": 10000, "isRequired": True},
        {"type": "Input.Date", "id": "measured_on", "label": "Mätdatum", "value": "2024-03-31"},
        {"type": "Input.Text", "id": "comment", "placeholder": "Kommentar", "isMultiline": True},
        {
            "type": "Input.Text",
            "id": "diarienummer",
            "label": "Diarienummer",
            "regex": r"KS \d{4}/\d+",
            "errorMessage": "Skriv diarienumret som KS 2024/123.",
        },
        {"type": "Input.Toggle", "id": "approved", "title": "Godkänt av förvaltningen", "valueOn": "ja", "valueOff": "nej"},
        {"type": "Input.Time", "id": "at", "label": "Klockslag"},
        {"type": "Rating", "id": "stars", "fallback": text_block("Betyg visas inte i den här klienten.")},
        {"type": "Rating", "id": "stars2"},
    ],
    "actions": [
        {"type": "Action.Submit", "title": "Spara", "data": {"verb": "kpi.record", "contract_id": 3}},
        {"type": "Action.Submit", "title": "Avbryt", "associatedInputs": "none", "data": {"verb": "kpi.cancel"}},
    ],
}


def inputs_by_id(view: CardView) -> dict[str, CardInput]:
    return {card_input.id: card_input for card_input in view.inputs}


@pytest.fixture
def kpi_inputs() -> dict[str, CardInput]:
    return inputs_by_id(render_card_text(KPI_CARD))


# --- What the user reads ------------------------------------------------------------------------


def test_contact_card_shows_aligned_facts_without_markdown() -> None:
    view = render_card_text(CONTACT_CARD)

    lines = view.text.splitlines()
    assert "Namn:    Åsa Öberg" in lines
    assert "Roll:    Avtalsansvarig" in lines
    assert "E-post:  asa.oberg@stadbolaget.se" in lines
    assert "Telefon: 070-123 45 67" in lines
    assert "Se avtalet (https://intranat.kommun.se/avtal/17) för detaljer." in lines
    assert "**" not in view.text and "_Avtals" not in view.text


def test_heading_images_and_hidden_or_unknown_elements() -> None:
    view = render_card_text(CONTACT_CARD)

    lines = view.text.splitlines()
    assert lines[:2] == ["Kontaktperson", "============="]
    assert "[bild: Städbolaget AB:s logotyp]" in lines
    assert "[bild]" in lines
    assert "Intern anteckning" not in view.text
    assert "Media" not in view.text


def test_open_url_button_shows_its_url() -> None:
    view = render_card_text(CONTACT_CARD)

    assert view.text.splitlines()[-1] == "[1] Öppna i Teams (https://teams.microsoft.com/l/chat/0/0)"
    assert view.actions == (
        CardButton(index=1, title="Öppna i Teams", kind="open_url", url="https://teams.microsoft.com/l/chat/0/0"),
    )


def test_buttons_are_numbered_at_the_end() -> None:
    view = render_card_text(KPI_CARD)

    assert view.text.splitlines()[-1] == "[1] Spara  [2] Avbryt"
    spara, avbryt = view.actions
    assert (spara.index, spara.title, spara.kind, spara.data) == (1, "Spara", "submit", {"verb": "kpi.record", "contract_id": 3})
    assert (avbryt.index, avbryt.title, avbryt.associated_inputs) == (2, "Avbryt", "none")


def test_chart_with_fallback_shows_the_fallback_and_chart_without_shows_its_data() -> None:
    view = render_card_text(KPI_CARD)

    lines = view.text.splitlines()
    assert "Leveranstid: 3 dagar i januari, 4 dagar i februari." in lines
    assert "Leveranstid (dagar)" not in view.text
    assert "Reklamationer per månad" in lines
    assert "  Jan: 2" in lines and "  Feb: 5" in lines
    assert "Bara i Teams" not in view.text  # fallback "drop": a host without charts leaves it out


def test_line_chart_series_are_listed_by_legend() -> None:
    chart = dict(KPI_CARD["body"][1])
    del chart["fallback"]

    view = render_card_text({"type": "AdaptiveCard", "body": [chart]})

    assert view.text.splitlines() == ["Leveranstid (dagar)", "  Östra: 2024-01 = 3, 2024-02 = 4"]


def test_table_rows_with_header_rule() -> None:
    lines = render_card_text(KPI_CARD).text.splitlines()

    start = lines.index("KPI           | Mål")
    assert lines[start + 1 : start + 4] == [
        "--------------+----------",
        "Leveranstid   | ≤ 3 dagar",
        "Reklamationer | 0",
    ]


def test_unknown_element_renders_its_fallback_or_nothing() -> None:
    view = render_card_text(KPI_CARD)

    assert "Betyg visas inte i den här klienten." in view.text.splitlines()
    assert "stars2" not in view.text


def test_inputs_are_listed_with_label_id_and_numbered_choices() -> None:
    lines = render_card_text(KPI_CARD).text.splitlines()

    start = lines.index("Välj KPI (kpi) *")
    assert lines[start + 1 : start + 4] == ["  1) Leveranstid", "  2) Reklamationer", "  3) Nöjd kund-index"]
    assert "  2) Östra [förvalt]" in lines
    assert "Värde (value) * [0–10000]" in lines
    assert "Mätdatum (measured_on) [ÅÅÅÅ-MM-DD] [förvalt: 2024-03-31]" in lines
    assert "Kommentar (comment)" in lines
    assert "Godkänt av förvaltningen (approved) [ja/nej] [förvalt: nej]" in lines


def test_inputs_are_collected_in_order_with_their_rules(kpi_inputs: dict[str, CardInput]) -> None:
    assert list(kpi_inputs) == [
        "kpi", "area", "schools", "value", "measured_on", "comment", "diarienummer", "approved", "at",
    ]
    kpi = kpi_inputs["kpi"]
    assert (kpi.kind, kpi.label, kpi.required) == ("choice", "Välj KPI", True)
    assert kpi.choices[2] == ("Nöjd kund-index", "nki")
    assert kpi_inputs["schools"].is_multi_select
    assert (kpi_inputs["value"].min, kpi_inputs["value"].max) == (0, 10000)
    assert kpi_inputs["comment"].label == "Kommentar"
    assert (kpi_inputs["approved"].value_on, kpi_inputs["approved"].value_off) == ("ja", "nej")
    assert kpi_inputs["diarienummer"].error_message == "Skriv diarienumret som KS 2024/123."


def test_long_swedish_text_and_emoji_wrap_on_words() -> None:
    card = {"type": "AdaptiveCard", "body": [text_block(
        "Leverantören Städbolaget i Östra Göinge har åtgärdat avvikelsen 🎉 och återkommer med en "
        "ny rapport före månadsskiftet.\n- första punkten i listan är också ganska lång för att synas"
    )]}

    lines = render_card_text(card, width=40).text.splitlines()

    assert all(len(line) <= 40 for line in lines)
    assert " ".join(line.strip() for line in lines).startswith("Leverantören Städbolaget i Östra Göinge har åtgärdat")
    assert "🎉" in "".join(lines)
    bullet = next(i for i, line in enumerate(lines) if line.startswith("- första"))
    assert lines[bullet + 1].startswith("  ")


def test_columns_side_by_side_when_short_and_stacked_when_not() -> None:
    short = {"type": "ColumnSet", "columns": [
        {"type": "Column", "items": [text_block("Leverantör")]},
        {"type": "Column", "items": [text_block("Städbolaget AB")]},
    ]}
    long = {"type": "ColumnSet", "columns": [
        {"type": "Column", "items": [text_block("Avtal"), text_block("Städtjänster 2024–2027")]},
        {"type": "Column", "items": [text_block("Status")]},
    ]}

    view = render_card_text({"type": "AdaptiveCard", "body": [short, long]})

    assert view.text.splitlines() == ["Leverantör  Städbolaget AB", "Avtal", "Städtjänster 2024–2027", "Status"]


def test_action_set_and_show_card_buttons_and_sub_card_inputs() -> None:
    card = {
        "type": "AdaptiveCard",
        "body": [
            text_block("Avvikelse #12"),
            {"type": "ActionSet", "actions": [{"type": "Action.Execute", "title": "Visa", "verb": "deviation.show", "data": {"id": 12}}]},
            {"type": "Input.Text", "id": "summary", "label": "Sammanfattning"},
        ],
        "actions": [
            {"type": "Action.ShowCard", "title": "Kommentera", "card": {
                "type": "AdaptiveCard",
                "body": [{"type": "Input.Text", "id": "note", "label": "Kommentar", "isRequired": True}],
                "actions": [{"type": "Action.Submit", "title": "Skicka", "data": {"verb": "deviation.comment"}}],
            }},
            {"type": "Action.ToggleVisibility", "title": "Mer", "targetElements": ["x"]},
        ],
    }

    view = render_card_text(card)

    assert [(b.index, b.title, b.kind) for b in view.actions] == [
        (1, "Visa", "execute"), (2, "Kommentera", "show_card"), (3, "Skicka", "submit"),
    ]
    assert view.actions[0].verb == "deviation.show"
    assert view.actions[1].card is not None
    assert [i.id for i in view.inputs] == ["summary", "note"]
    lines = view.text.splitlines()
    assert lines.index("[1] Visa") < lines.index("Sammanfattning (summary)")
    assert lines[-4:] == ["--- Kommentera ---", "Kommentar (note) *", "", "[3] Skicka"]
    assert "Mer" not in view.text


def test_english_hints_and_attachment_wrapper() -> None:
    attachment = {"contentType": "application/vnd.microsoft.card.adaptive", "content": {
        "type": "AdaptiveCard", "body": [
            {"type": "Input.Date", "id": "due", "label": "Due"},
            {"type": "Image", "url": "https://x/y.png", "altText": "Logo"},
        ],
    }}

    assert render_card_text(attachment, lang="en").text.splitlines() == ["Due (due) [YYYY-MM-DD]", "[image: Logo]"]


# --- Typed answers ------------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["2", "Reklamationer", "reklamationer", "complaints", " 2 "])
def test_choice_by_number_title_or_value(kpi_inputs: dict[str, CardInput], typed: str) -> None:
    assert parse_input_answer(kpi_inputs["kpi"], typed) == ("complaints", None)


@pytest.mark.parametrize("typed", ["Östra", "östra", "ostra", "OSTRA"])
def test_choice_by_folded_title(kpi_inputs: dict[str, CardInput], typed: str) -> None:
    assert parse_input_answer(kpi_inputs["area"], typed) == ("east", None)


def test_choice_not_in_the_list(kpi_inputs: dict[str, CardInput]) -> None:
    value, error = parse_input_answer(kpi_inputs["kpi"], "7")

    assert value is None
    assert error == "Välj ett av alternativen: skriv numret (1–3) eller namnet."


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("1,3", "angs,aker"), ("3, 1", "angs,aker"), ("1 3", "angs,aker"), ("akerskolan;bjorkskolan", "bjork,aker"), ("2", "bjork")],
)
def test_multi_select_joins_values_in_choice_order(kpi_inputs: dict[str, CardInput], typed: str, expected: str) -> None:
    assert parse_input_answer(kpi_inputs["schools"], typed) == (expected, None)


def test_multi_select_with_an_unknown_choice(kpi_inputs: dict[str, CardInput]) -> None:
    value, error = parse_input_answer(kpi_inputs["schools"], "1,9")

    assert value is None and error is not None and "1,3" in error


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("1 234,5", "1234.5"), ("1234.5", "1234.5"), ("12", "12"), ("0,50", "0.5"), ("1\u00a0000", "1000"), ("1.234,5", "1234.5")],
)
def test_number_accepts_swedish_formats(kpi_inputs: dict[str, CardInput], typed: str, expected: str) -> None:
    assert parse_input_answer(kpi_inputs["value"], typed) == (expected, None)


def test_number_out_of_range_in_swedish_and_english(kpi_inputs: dict[str, CardInput]) -> None:
    assert parse_input_answer(kpi_inputs["value"], "12 000") == (None, "Skriv ett tal från 0 till 10 000.")
    assert parse_input_answer(kpi_inputs["value"], "-1", lang="en") == (None, "Type a number from 0 to 10,000.")
    assert parse_input_answer(kpi_inputs["value"], "-1", lang="en-US") == (None, "Type a number from 0 to 10,000.")


def test_number_only_min() -> None:
    amount = CardInput(id="amount", kind="number", label="Belopp", min=0.5)

    assert parse_input_answer(amount, "0,25") == (None, "Skriv ett tal som är 0,5 eller större.")


def test_not_a_number(kpi_inputs: dict[str, CardInput]) -> None:
    assert parse_input_answer(kpi_inputs["value"], "tolv") == (None, "Skriv ett tal, till exempel 1 234,5.")
    assert parse_input_answer(kpi_inputs["value"], "tolv", lang="en") == (None, "Type a number, for example 1,234.5.")


@pytest.mark.parametrize("typed", ["2024-02-30", "31/3 2024", "2024-3-31", "20240331"])
def test_bad_date(kpi_inputs: dict[str, CardInput], typed: str) -> None:
    assert parse_input_answer(kpi_inputs["measured_on"], typed) == (
        None, "Skriv ett datum som ÅÅÅÅ-MM-DD, till exempel 2024-03-31.",
    )


def test_date_and_its_bounds() -> None:
    due = CardInput(id="due", kind="date", label="Senast", min="2024-01-01", max="2024-12-31")

    assert parse_input_answer(due, "2024-02-29") == ("2024-02-29", None)
    assert parse_input_answer(due, "2025-01-01") == (None, "Skriv ett datum från 2024-01-01 till 2024-12-31.")


@pytest.mark.parametrize(("typed", "expected"), [("14:30", "14:30"), ("9:05", "09:05"), ("14.30", "14:30")])
def test_time(kpi_inputs: dict[str, CardInput], typed: str, expected: str) -> None:
    assert parse_input_answer(kpi_inputs["at"], typed) == (expected, None)


@pytest.mark.parametrize("typed", ["25:00", "14:60", "halv tre"])
def test_bad_time(kpi_inputs: dict[str, CardInput], typed: str) -> None:
    assert parse_input_answer(kpi_inputs["at"], typed) == (None, "Skriv en tid som TT:MM, till exempel 14:30.")


@pytest.mark.parametrize(("typed", "expected"), [("ja", "ja"), ("J", "ja"), ("yes", "ja"), ("1", "ja"), ("nej", "nej"), ("n", "nej"), ("0", "nej")])
def test_toggle_gives_value_on_or_off(kpi_inputs: dict[str, CardInput], typed: str, expected: str) -> None:
    assert parse_input_answer(kpi_inputs["approved"], typed) == (expected, None)


def test_toggle_defaults_and_bad_answer() -> None:
    toggle = render_card_text({"type": "AdaptiveCard", "body": [{"type": "Input.Toggle", "id": "ok", "title": "Klar"}]}).inputs[0]

    assert parse_input_answer(toggle, "") == ("false", None)
    assert parse_input_answer(toggle, "y") == ("true", None)
    assert parse_input_answer(toggle, "kanske") == (None, "Svara ja eller nej.")
    assert parse_input_answer(toggle, "kanske", lang="en") == (None, "Answer yes or no.")


def test_empty_answer_required_default_or_nothing(kpi_inputs: dict[str, CardInput]) -> None:
    assert parse_input_answer(kpi_inputs["kpi"], "") == (None, "Det här fältet måste fyllas i.")
    assert parse_input_answer(kpi_inputs["value"], "  ", lang="en") == (None, "This field is required.")
    assert parse_input_answer(kpi_inputs["measured_on"], "") == ("2024-03-31", None)
    assert parse_input_answer(kpi_inputs["area"], "") == ("east", None)
    assert parse_input_answer(kpi_inputs["comment"], "") == (None, None)


def test_text_as_typed_and_regex_with_the_cards_error_message(kpi_inputs: dict[str, CardInput]) -> None:
    assert parse_input_answer(kpi_inputs["comment"], "Bra jobbat, Åsa! 👍") == ("Bra jobbat, Åsa! 👍", None)
    assert parse_input_answer(kpi_inputs["diarienummer"], "KS 2024/123") == ("KS 2024/123", None)
    assert parse_input_answer(kpi_inputs["diarienummer"], "KS 2024/123 extra") == (
        None, "Skriv diarienumret som KS 2024/123.",
    )


def test_regex_without_error_message_and_max_length() -> None:
    postcode = CardInput(id="postnummer", kind="text", label="Postnummer", regex=r"\d{3} ?\d{2}", max_length=6)

    assert parse_input_answer(postcode, "123 45") == ("123 45", None)
    assert parse_input_answer(postcode, "12345a") == (None, "Svaret har inte rätt format.")
    assert parse_input_answer(postcode, "1234567", lang="en") == (None, "Type at most 6 characters.")


# --- Submitting ---------------------------------------------------------------------------------


def test_submit_merges_data_and_answers() -> None:
    view = render_card_text(KPI_CARD)
    spara, avbryt = view.actions
    answers = {"kpi": "complaints", "value": "1234.5", "comment": None, "contract_id": 4}

    assert submit_value(spara, answers) == {"verb": "kpi.record", "contract_id": 4, "kpi": "complaints", "value": "1234.5"}
    assert spara.data == {"verb": "kpi.record", "contract_id": 3}
    assert submit_value(avbryt, answers) == {"verb": "kpi.cancel"}


def test_submit_without_data() -> None:
    button = CardButton(index=1, title="Skicka", kind="execute", verb="deviation.comment")

    assert submit_value(button, {"note": "Åtgärdat"}) == {"note": "Åtgärdat"}


def test_a_fact_without_a_value_is_a_plain_line_without_a_colon() -> None:
    card = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "FactSet", "facts": [
        {"title": "1. startmöte", "value": ""}, {"title": "Tid", "value": "tisdag 8 december"}]}]}
    assert render_card_text(card).text.splitlines() == ["1. startmöte", "Tid: tisdag 8 december"]
