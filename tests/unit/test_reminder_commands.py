"""The reminder commands are understood in Swedish and English, with å/ä/ö typed or not."""

from __future__ import annotations

import pytest

from bot.commands import Command, parse_command_with_argument


@pytest.mark.parametrize(("text", "expected"), [
    ("vad är på gång för mig?", (Command.COMING_UP, None)),
    ("Vad har jag på gång", (Command.COMING_UP, None)),
    ("vad ar pa gang for mig", (Command.COMING_UP, None)),
    ("mina påminnelser", (Command.COMING_UP, None)),
    ("what's coming up for me?", (Command.COMING_UP, None)),
    ("my reminders", (Command.COMING_UP, None)),
    ("pausa påminnelser för 2024-017 till 2027-01-10", (Command.PAUSE_REMINDERS, "2024-017 till 2027-01-10")),
    ("Pausa paminnelser for Städbolaget till 10 januari 2027 eftersom avtalet omförhandlas",
     (Command.PAUSE_REMINDERS, "Städbolaget till 10 januari 2027 eftersom avtalet omförhandlas")),
    ("pause reminders for Städbolaget until 2027-01-10", (Command.PAUSE_REMINDERS, "Städbolaget until 2027-01-10")),
    ("pausa påminnelser", (Command.PAUSE_REMINDERS, None)),
    ("återuppta påminnelser för 2024-017", (Command.RESUME_REMINDERS, "2024-017")),
    ("resume reminders for Städbolaget", (Command.RESUME_REMINDERS, "Städbolaget")),
    ("påminnelseöversikt", (Command.REMINDER_OVERVIEW, None)),
    ("paminnelseoversikt", (Command.REMINDER_OVERVIEW, None)),
    ("reminder overview", (Command.REMINDER_OVERVIEW, None)),
])
def test_reminder_commands_are_understood_in_both_languages(text, expected):
    assert parse_command_with_argument(text) == expected
