"""eventwire: evidence-backed political event data from news articles and press releases.

The public surface is listed in ``__all__``; everything else is implementation and may
change between releases.
"""

from eventwire._version import __version__
from eventwire.contract import Event, generate_schema, to_contract
from eventwire.document import Anatomy, Document
from eventwire.errors import EventwireError, InputError, OptionsError, Reason, StoreError
from eventwire.options import Options, load_options
from eventwire.pipeline import Pipeline
from eventwire.store import DocumentFilter, DuckDBStore, EventFilter, Store, open_store

__all__ = [
    "Anatomy",
    "Document",
    "DocumentFilter",
    "DuckDBStore",
    "Event",
    "EventFilter",
    "EventwireError",
    "InputError",
    "Options",
    "OptionsError",
    "Pipeline",
    "Reason",
    "Store",
    "StoreError",
    "__version__",
    "generate_schema",
    "load_options",
    "open_store",
    "to_contract",
]
