"""Integration fixtures: the demo register loaded as on a fixed day, so its KPI histories and dates are known."""

from __future__ import annotations

import pytest

from storage.demo_data import load_demo_data
from storage.unit_of_work import unit_of_work_factory
from tests.support.demo_people import DEMO_DAY


@pytest.fixture
async def demo(engine):
    """The demo register on `DEMO_DAY`; the unit-of-work factory over it. A test file may define its own."""
    await load_demo_data(engine, today=DEMO_DAY)
    return unit_of_work_factory(engine)
