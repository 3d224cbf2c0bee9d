"""Cards are filled from JSON templates over the parsed JSON, so user text cannot break them."""

from __future__ import annotations

import pytest

from bot.domain.people import Person
from bot.domain.roles import GlobalRole
from bot.i18n import Texts
from bot.replies import help_card, welcome_card
from cards.render import TemplateError, render_card


def test_user_text_with_json_and_template_syntax_is_kept_as_text():
    hostile = '"}], "actions": [{"type": "Action.OpenUrl", "url": "https://evil"}] ${title} 🤖 åäö'
    card = render_card("confirm", {"title": hostile, "facts": [{"title": "Namn", "value": hostile}],
                                   "question": "?", "yes": "Ja", "no": "Nej"})
    assert card["body"][0]["text"] == hostile
    assert card["body"][1]["facts"] == [{"title": "Namn", "value": hostile}]
    assert [action["title"] for action in card["actions"]] == ["Ja", "Nej"]


def test_data_repeats_an_element_per_item_and_an_empty_list_leaves_none():
    card = render_card("confirm", {"title": "T", "facts": [], "question": "?", "yes": "Ja", "no": "Nej"})
    assert card["body"][1]["facts"] == []


def test_a_missing_value_is_an_error_not_an_empty_card():
    with pytest.raises(TemplateError):
        render_card("notice", {})


def test_the_help_card_is_an_adaptive_card_1_5_with_one_fact_per_command():
    attachment = help_card(Texts("sv"))
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    card = attachment["content"]
    assert card["version"] == "1.5"
    assert [fact["title"] for fact in card["body"][2]["facts"]] == [
        "hjälp", "vem är nyckelkontakt för Städbolaget?", "kontakter för avtal 2024-017",
        "vilka avtal har vi med Snöröjarna?", "när löper avtalet för skolmat ut?", "visa avtal 2024-017",
        "hur går det för Städbolaget?", "röda KPI:er", "rapportera KPI", "KPI-kort för 2024-017",
        "vad är på gång för mig?", "pausa påminnelser för 2024-017 till 2027-01-10", "påminnelseöversikt",
        "boka uppföljningsmöte med Städbolaget", "mötesanteckningar för möte 12", "logga beslut för 2024-017",
        "rätta beslut 7", "beslut för avtal 2024-017", "ny aktivitet för 2024-017", "mina aktiviteter",
        "öppna aktiviteter för Städbolaget", "stäng aktivitet 12", "visa uppföljningsplan för 2024-017",
        "checklista samarbetsmodell för Städbolaget", "visa checklista samarbetsmodell för Städbolaget",
        "ändra svar 3 i samarbetsmodell för Städbolaget",
        "fråga om processen: vad är en flaskhalsleverantör?", "rapportera avvikelse", "reklamation",
        "avvikelser för 2024-017", "makulera avvikelse 12: skälet", "sanktionstrappa för 2024-017", "besluta sanktion för 2024-017",
        "återkalla sanktion 3: skälet",
        "sammanfattning för avtal 2024-017", "betyg för Städbolaget", "betygsätt Städbolaget",
        "SWOT för Städbolaget", "lägg till styrka för Städbolaget: snabba leveranser", "ta bort SWOT 12",
        "acceptera SWOT 12", "avböj SWOT 12", "lärdomar för avtal 2024-017", "lärdomar städ",
        "exportera uppföljning för avtal 2024-017", "vem är jag",
        "ny leverantör", "nytt avtal", "ändra avtal 2024-017",
        "ny kontakt", "ny KPI för 2024-017", "segmentera Städbolaget", "ändra uppföljningsplan för 2024-017",
        "ändra standardplan för flaskhals", "avbryt",
    ]
    assert card["actions"][1]["data"] == {"msteams": {"type": "imBack", "value": "ny leverantör"}}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_example_on_the_help_card_is_understood_as_it_is_written(language):
    from bot.commands import parse_command
    from bot.questions import parse_question

    examples = [fact["title"] for fact in help_card(Texts(language))["content"]["body"][2]["facts"]]
    assert [text for text in examples if parse_command(text) is None and parse_question(text) is None] == []


def test_the_welcome_card_names_a_registered_person_and_their_role_in_english():
    person = Person(id=4, name="Åsa Öberg", email="asa@example.se", global_role=GlobalRole.ADMINISTRATOR)
    card = welcome_card(Texts("en"), person)["content"]
    assert card["body"][0]["text"] == "Hello Åsa! I am Uppföljningsboten, the supplier follow-up bot."
    assert card["body"][2]["text"] == "I recognise you as administrator."
