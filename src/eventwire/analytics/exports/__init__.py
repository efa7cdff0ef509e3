"""Exports of the store (`eventwire export`) and of the analytics' own tables, each with a
manifest: Parquet with nested columns, CSV, JSONL, GeoJSON, GEXF and GraphML networks, and
PLOVER JSON records. See docs/exports.md."""

from eventwire.analytics.exports.exporter import (
    ANALYSES,
    FORMATS,
    FORMATS_OF,
    WHATS,
    ExportRequest,
    check_combination,
    default_out,
    export,
    parse_since,
)
from eventwire.analytics.exports.manifest import Manifest
from eventwire.analytics.exports.tables import write_table

__all__ = [
    "ANALYSES",
    "FORMATS",
    "FORMATS_OF",
    "WHATS",
    "ExportRequest",
    "Manifest",
    "check_combination",
    "default_out",
    "export",
    "parse_since",
    "write_table",
]
