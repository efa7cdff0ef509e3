"""Extraction layers over the NLP parse: actors (and, later, places, times, quotes)."""
