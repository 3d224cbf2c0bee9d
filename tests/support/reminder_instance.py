"""One bot instance for the tests and the benchmark that run several: `python -m tests.support.reminder_instance`.

The same app as `followup-bot serve` (settings from the environment, SIGTERM stops it gracefully), except that
the reminders' messages come from `LabelComposer`, which names the reminder so a stub can count arrivals, and
nothing is planned: the test writes the due reminders itself.
"""

from __future__ import annotations

import logging
import os

from aiohttp import web

from bot.app import create_app
from bot.settings import Settings
from tests.support.reminders import LabelComposer, no_planning


def main() -> None:
    logging.basicConfig(level=os.environ.get("LOG_LEVEL", "WARNING").upper(),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    settings = Settings()
    web.run_app(create_app(settings, composer=LabelComposer(), planner=no_planning), host=settings.host, port=settings.port,
                print=None, access_log=None, handle_signals=True)


if __name__ == "__main__":
    main()
