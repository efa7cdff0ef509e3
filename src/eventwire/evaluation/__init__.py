"""Evaluations: the configured pipeline scored against gold data.

This package sits above the runner (layers import only downward, ``tests/test_layers.py``):
an evaluation builds its documents the way ``eventwire run`` does, through the runner or
the :class:`~eventwire.pipeline.Pipeline` that settings configure, so a swapped stage or
event coder is what gets scored. One module per kind of gold data:

- :mod:`~eventwire.evaluation.anatomy`: document anatomy, field by field
- :mod:`~eventwire.evaluation.actors`: actor codes and sectors (PLOVER gold records)
- :mod:`~eventwire.evaluation.events`: PLV pairs, PLOVER GSR end to end, the project's
  annotated sentences
- :mod:`~eventwire.evaluation.places_times`: toponyms (GeoWebNews-style JSONL), dates (TimeML)
- :mod:`~eventwire.evaluation.quotes`: attributions (BRAT, the PolNeAR layout)
- :mod:`~eventwire.evaluation.corroboration`: gold event clusters
- :mod:`~eventwire.evaluation.gate`: the quality floors pinned in a baseline file
"""
