"""The unit of work on SQL: one connection and one transaction per use case, never shared between tasks."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.checklist_answers import SqlChecklistAnswers
from storage.action_plan import SqlActionPlan
from storage.decision_log import SqlDecisionLog
from storage.deviations import SqlDeviations
from storage.follow_up_items import SqlFollowUpItems
from storage.follow_up_store import SqlFollowUpStore
from storage.follow_up_plans import SqlFollowUpPlans
from storage.kpi_repository import SqlKpiRepository
from storage.kpi_store import SqlKpiStore
from storage.lessons import SqlLessons
from storage.meetings import SqlMeetingRepository
from storage.meeting_records import SqlMeetingRecords
from storage.register_edits import SqlContactRepository, SqlContractRepository
from storage.register_reader import SqlRegisterReader
from storage.register_store import SqlRegisterStore
from storage.reminder_answers import SqlReminderAnswers
from storage.reminder_pauses import SqlReminderPauses
from storage.reminder_planning import SqlReminderPlanning
from storage.reminder_statistics import SqlReminderStatistics
from storage.summary_facts import SqlSummaryFacts
from storage.supplier_ratings import SqlSupplierRatings
from storage.repositories import SqlChangeHistory, SqlPeopleRepository, SqlSupplierRepository
from storage.swot import SqlSwot


class SqlUnitOfWork:
    def __init__(self, connection: AsyncConnection) -> None:
        self._connection = connection
        self.people = SqlPeopleRepository(connection)
        self.suppliers = SqlSupplierRepository(connection)
        self.contracts = SqlContractRepository(connection)
        self.contacts = SqlContactRepository(connection)
        self.history = SqlChangeHistory(connection)
        self.catalogue = SqlRegisterReader(connection)
        self.register = SqlRegisterStore(connection)
        self.kpi_store = SqlKpiStore(connection)
        self.follow_up_store = SqlFollowUpStore(connection)
        self.kpis = SqlKpiRepository(connection)
        self.plans = SqlFollowUpPlans(connection)
        self.reminder_planning = SqlReminderPlanning(connection)
        self.reminder_answers = SqlReminderAnswers(connection)
        self.follow_up_items = SqlFollowUpItems(connection)
        self.reminder_pauses = SqlReminderPauses(connection)
        self.reminder_statistics = SqlReminderStatistics(connection)
        self.meetings = SqlMeetingRepository(connection)
        self.checklists = SqlChecklistAnswers(connection)
        self.decisions = SqlDecisionLog(connection)
        self.actions = SqlActionPlan(connection)
        self.meeting_records = SqlMeetingRecords(connection)
        self.deviations = SqlDeviations(connection)
        self.summary = SqlSummaryFacts(connection)
        self.swot = SqlSwot(connection)
        self.lessons = SqlLessons(connection)
        self.supplier_ratings = SqlSupplierRatings(connection)

    async def commit(self) -> None:
        await self._connection.commit()


def unit_of_work_factory(engine: AsyncEngine):
    """`async with factory() as uow:` opens a transaction; leaving without `commit()` rolls it back."""

    @asynccontextmanager
    async def open_unit() -> AsyncIterator[SqlUnitOfWork]:
        async with engine.connect() as connection:
            try:
                yield SqlUnitOfWork(connection)
            finally:
                if connection.in_transaction():
                    await connection.rollback()

    return open_unit
