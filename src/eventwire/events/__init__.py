"""Event coding: PLOVER event mentions with modality, attribution and magnitude."""
