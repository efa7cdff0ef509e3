"""A second process that makes the spaCy parses of the texts a runner will come to next,
while the runner's own process runs the stages of the texts before them.

spaCy holds the interpreter's lock for most of a parse, so a parsing thread overlaps
little with the stages (measured: about a sixth of the parse). A process of its own
overlaps all of it, on a machine with a core to spare. The parses come back as
``Doc.to_bytes`` (the token vectors left out: no stage reads them) and are rebuilt on the
runner's vocabulary; the tests check that the documents are the same either way.

One task at a time, over a pipe: the runner sends the texts of a batch, and reads the
parses back before it sends the next. The process loads the pipeline when it starts
(seconds): until it says it is ready the runner parses as it would without it. A process
that fails, dies or runs past the time limit is stopped and not used again by that run.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import time
from multiprocessing.connection import Connection
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

# What a parse leaves out on its way back: the tok2vec output, about 0.4 KB a token, which
# no stage reads (the pipeline has no word vectors to compare).
_LEFT_OUT = ["tensor"]


def _serve(connection: Connection) -> None:
    """The parse process: load the pipeline, say so, then parse each batch it is sent."""
    from eventwire.memory import Collector, settle_long_lived
    from eventwire.nlp import load_nlp, parse_all

    nlp = load_nlp()
    settle_long_lived()
    collector = Collector()
    connection.send("ready")
    while True:
        try:
            texts = connection.recv()
        except (EOFError, OSError, KeyboardInterrupt):  # the runner's process ended or was stopped
            return
        if texts is None:
            return
        started, cpu = time.monotonic(), time.process_time()
        try:
            payload = [doc.to_bytes(exclude=_LEFT_OUT)
                       for doc in parse_all(nlp, texts, batch_size=len(texts))]
        except Exception as exc:  # the runner parses these texts itself, and fails alone
            connection.send(("failed", f"{type(exc).__name__}: {exc}"))
            continue
        connection.send(("parsed", payload, time.monotonic() - started,
                         time.process_time() - cpu))
        collector.done(len(texts))


class ParseProcess:
    """The runner's side of the parse process."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")  # no copy of this process's threads
        self._connection, theirs = context.Pipe()
        self._process = context.Process(target=_serve, args=(theirs,), daemon=True,
                                        name="eventwire-parse")
        self._process.start()
        theirs.close()
        self._ready = False
        self._usable = True
        self.cpu_seconds = 0.0  # the process's own CPU time on the parses it made
        self.batches = 0  # batches parsed and taken back

    @property
    def usable(self) -> bool:
        """False once stopped (closed, failed, late or gone)."""
        return self._usable

    def ready(self) -> bool:
        """Whether the process has loaded the pipeline and can take a batch (never waits)."""
        if self._ready or not self._usable:
            return self._ready and self._usable
        try:
            if self._connection.poll(0):
                self._ready = self._connection.recv() == "ready"
        except (EOFError, OSError):
            self.close()
        return self._ready and self._usable

    def send(self, texts: list[str]) -> bool:
        """Hand the process a batch; False (and the process stopped) if it is gone."""
        try:
            self._connection.send(texts)
        except OSError:
            self.close()
            return False
        return True

    def parses(self, nlp: Language, timeout: float | None) -> tuple[list[Doc], float]:
        """The parses of the texts sent last, on ``nlp``'s vocabulary, and the seconds the
        process took; a process that fails or is still at it after ``timeout`` seconds is
        stopped, and the error raised."""
        try:
            if not self._connection.poll(timeout):
                raise TimeoutError(f"the parse process took longer than {timeout:g} s")
            answer: Any = self._connection.recv()
        except BaseException:
            self.close()
            raise
        if answer[0] != "parsed":
            raise RuntimeError(f"the parse process failed: {answer[1]}")
        _, payload, seconds, cpu = answer
        self.cpu_seconds += cpu
        self.batches += 1
        return [Doc(nlp.vocab).from_bytes(data) for data in payload], seconds

    def close(self) -> None:
        """Stop the process (at once: a parse under way is of no further use)."""
        self._usable = False
        if self._process.is_alive():
            with contextlib.suppress(OSError):  # it may have closed its end already
                self._connection.send(None)
            self._process.join(timeout=1)
            if self._process.is_alive():
                self._process.terminate()
                self._process.join(timeout=5)
        self._connection.close()
