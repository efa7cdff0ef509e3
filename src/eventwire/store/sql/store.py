"""Every query of the store, together: what a backend inherits, adding its connection,
its transactions and its exports."""

from __future__ import annotations

from eventwire.store.sql.analytics import AnalyticsReads
from eventwire.store.sql.corrections import CorrectionTables
from eventwire.store.sql.corroboration import CorroborationReads
from eventwire.store.sql.documents import DocumentTables
from eventwire.store.sql.events import EventTables


class SqlStore(DocumentTables, EventTables, CorroborationReads, AnalyticsReads,
               CorrectionTables):
    """The shared half of a store; a backend implements ``_execute``, ``_executemany``,
    ``transaction``, ``close`` and the exports."""
