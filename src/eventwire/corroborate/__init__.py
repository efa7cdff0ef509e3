"""Corroboration: event mentions clustered into real-world events, with their sources."""

from eventwire.corroborate.engine import CorroborationReport, corroborate

__all__ = ["CorroborationReport", "corroborate"]
