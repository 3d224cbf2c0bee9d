"""How deviations are asked for and shown: the commands in Swedish (with or without å/ä/ö) and English, the
text of a Teams message without its HTML, ordinals and the proposal in both languages."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.commands import Command, parse_command_with_argument
from bot.deviation_words import amount_text, ordinal, proposal_text
from bot.domain.sanctions import Proposal, SanctionStep
from bot.i18n import Texts
from bot.message_text import plain_text


@pytest.mark.parametrize(("typed", "command", "argument"), [
    ("rapportera avvikelse för 2024-017", Command.REPORT_DEVIATION, "2024-017"),
    ("Rapportera avvikelse", Command.REPORT_DEVIATION, None),
    ("report a deviation on Städbolaget", Command.REPORT_DEVIATION, "Städbolaget"),
    ("reklamation for Stadbolaget", Command.REPORT_COMPLAINT, "Stadbolaget"),
    ("complaint", Command.REPORT_COMPLAINT, None),
    ("avvikelser för 2024-017", Command.SHOW_DEVIATIONS, "2024-017"),
    ("deviations for 2024-017", Command.SHOW_DEVIATIONS, "2024-017"),
    ("sanktionstrappa for 2022-041", Command.SHOW_SANCTIONS, "2022-041"),
    ("sanctions for 2022-041", Command.SHOW_SANCTIONS, "2022-041"),
    ("besluta sanktion för 2022-041", Command.DECIDE_SANCTION, "2022-041"),
    ("decide sanction for 2022-041", Command.DECIDE_SANCTION, "2022-041"),
])
def test_deviation_commands_are_understood_in_swedish_and_english(typed, command, argument):
    assert parse_command_with_argument(typed) == (command, argument)


def test_a_message_is_read_without_its_html_one_line_per_paragraph():
    html = "<div><p>Leveransen &amp; fakturan <b>saknas</b>.</p><p>Ring&nbsp;mig<br>idag</p></div>"
    assert plain_text(html) == "Leveransen & fakturan saknas.\nRing mig\nidag"
    assert plain_text(None) == ""


@pytest.mark.parametrize(("number", "sv", "en"), [
    (1, "1:a", "1st"), (2, "2:a", "2nd"), (3, "3:e", "3rd"), (4, "4:e", "4th"), (11, "11:e", "11th"),
    (12, "12:e", "12th"), (13, "13:e", "13th"), (21, "21:a", "21st"), (22, "22:a", "22nd"),
])
def test_ordinals_in_swedish_and_english(number, sv, en):
    assert (ordinal(Texts("sv"), number), ordinal(Texts("en"), number)) == (sv, en)


def test_the_proposal_names_the_count_the_window_and_the_next_step():
    proposal = Proposal(SanctionStep.PRICE_REDUCTION, (1, 2, 3), 3, 0)
    assert proposal_text(Texts("sv"), proposal) == (
        "Det här är den 3:e avvikelsen på 90 dagar. Nästa steg i sanktionstrappan är prisavdrag.")
    assert proposal_text(Texts("en"), proposal) == (
        "This is the 3rd deviation in 90 days. The next step of the sanctions ladder is price reduction.")
    high = Proposal(SanctionStep.WRITTEN_NOTICE, (1, 2), 2, 2)
    assert proposal_text(Texts("sv"), high).startswith("Det här är den 2:a avvikelsen med hög allvarlighet")


def test_amounts_are_shown_in_kronor_without_empty_decimals():
    assert amount_text(Texts("sv"), Decimal("12500.00")) == "12\u00a0500 kr"
    assert amount_text(Texts("en"), Decimal("12500.50")) == "SEK 12,500.50"
