"""Scale: batch analysis into Parquet (locally or on Ray) and loading it into a store.

``eventwire batch`` analyses inputs into a folder of Parquet parts
(:func:`run_batch`); ``eventwire load`` replays such a folder into any store
(:func:`load_batch`) with ingest's own duplicate rules, then corroborates.
"""

from eventwire.scale.batch import BatchReport, BatchSettings, run_batch
from eventwire.scale.load import batch_options, load_batch

__all__ = ["BatchReport", "BatchSettings", "batch_options", "load_batch", "run_batch"]
