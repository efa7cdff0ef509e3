"""The learned pair classifier: the PLOVER relation between a marked source and target.

A fine-tuned all-MiniLM-L6-v2 (``training/train_pairs.py``, ``make train``), exported to
ONNX and quantised to int8, ships as package data in ``eventwire/models/plover-pairs/``
with its tokenizer and labels; onnxruntime and tokenizers run it on the CPU, so nothing
of the training stack (torch, transformers) is needed here. It reads the sentence with the
source marked ``<s>…</s>`` and the target ``<t>…</t>``, as it was trained, and gives a
probability to each PLOVER type and to ``NONE``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

from eventwire.errors import OptionsError

MODEL_NAME = "plover-pairs"
_FILES = ("model.onnx", "tokenizer.json", "labels.json")
_BATCH = 32
#: Characters kept either side of the marked pair in a long sentence, so that the markers
#: survive the cut at the model's token limit.
_WINDOW = 240

Span = tuple[int, int]


def packaged_model() -> Path:
    """The folder of the model that ships inside the package."""
    return Path(str(resources.files("eventwire") / "models" / MODEL_NAME))


@dataclass(frozen=True)
class Pair:
    """One question for the classifier: a sentence and the offsets, inside it, of the
    source and of the target."""

    sentence: str
    source: Span
    target: Span


def mark(pair: Pair) -> str:
    """The sentence with the markers the model was trained on, cut to a window around the
    pair when it is long."""
    text = pair.sentence
    inserts = sorted([(pair.source[0], 0, "<s>"), (pair.source[1], 1, "</s>"),
                      (pair.target[0], 0, "<t>"), (pair.target[1], 1, "</t>")],
                     key=lambda item: (item[0], -item[1]), reverse=True)
    for offset, _closing, marker in inserts:  # from the end, so offsets stay valid
        text = text[:offset] + marker + text[offset:]
    # no marker precedes the first one; all four (14 characters) precede the end of the last
    first = min(pair.source[0], pair.target[0])
    last = max(pair.source[1], pair.target[1]) + 14
    return text[max(0, first - _WINDOW):last + _WINDOW]


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
    return shifted / shifted.sum(axis=1, keepdims=True)


class PairClassifier:
    """The ONNX model and its tokenizer, loaded once (see :func:`pair_classifier`)."""

    def __init__(self, folder: Path | None = None) -> None:
        folder = folder or packaged_model()
        missing = [name for name in _FILES if not (folder / name).is_file()]
        if missing:
            raise OptionsError(
                f"the learned pair classifier needs {', '.join(missing)} in {folder}; "
                "reinstall eventwire (the model ships inside the package), run `make train` "
                "in a checkout, or set [events.hybrid] model to a folder that has them, or "
                "choose [events] coder = \"eventwire.events.rules.v1\"", source=str(folder))
        import onnxruntime
        from tokenizers import Tokenizer

        spec = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
        self.labels: tuple[str, ...] = tuple(spec["labels"])
        self.folder = folder
        self._tokenizer = Tokenizer.from_file(str(folder / "tokenizer.json"))
        self._tokenizer.enable_truncation(int(spec.get("max_tokens", 128)))
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = onnxruntime.SessionOptions()
        options.log_severity_level = 3  # the quantised graph's notices are not for users
        self._session = onnxruntime.InferenceSession(
            str(folder / "model.onnx"), options, providers=["CPUExecutionProvider"])
        self._inputs = {i.name for i in self._session.get_inputs()}

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """Label probabilities (rows in the order of :attr:`labels`) for marked texts."""
        if not texts:
            return np.zeros((0, len(self.labels)), dtype=np.float32)
        # similar lengths together: less padding per batch
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        out = np.zeros((len(texts), len(self.labels)), dtype=np.float32)
        for start in range(0, len(order), _BATCH):
            chosen = order[start:start + _BATCH]
            out[chosen] = _softmax(self._logits([texts[i] for i in chosen]))
        return out

    def _logits(self, texts: list[str]) -> np.ndarray:
        encoded = self._tokenizer.encode_batch(texts)
        feed = {"input_ids": [e.ids for e in encoded],
                "attention_mask": [e.attention_mask for e in encoded],
                "token_type_ids": [e.type_ids for e in encoded]}
        arrays = {k: np.asarray(v, dtype=np.int64) for k, v in feed.items() if k in self._inputs}
        return self._session.run(None, arrays)[0]

    def classify_many(self, pairs: Sequence[Pair]) -> list[tuple[str, dict[str, float]]]:
        """For each pair, the likeliest label (a PLOVER type or ``NONE``) and every
        label's probability."""
        table = self.probabilities([mark(p) for p in pairs])
        return [(self.labels[int(row.argmax())],
                 {label: float(p) for label, p in zip(self.labels, row, strict=True)})
                for row in table]

    def classify(self, sentence: str, source_span: Span,
                 target_span: Span) -> tuple[str, dict[str, float]]:
        """The label of one pair and every label's probability."""
        return self.classify_many([Pair(sentence, source_span, target_span)])[0]


@cache
def pair_classifier(folder: str = "") -> PairClassifier:
    """The classifier of ``folder`` (empty: the packaged one), loaded once per process."""
    return PairClassifier(Path(folder) if folder else None)
