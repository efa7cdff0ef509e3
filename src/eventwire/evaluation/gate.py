"""The quality gate: figures on gold data may not fall below floors pinned in a baseline
file (a JSON object: one section of floors per evaluation, e.g. ``"actors_central_asia":
{"code_accuracy": 0.97}``). A section named ``NAME_ceilings`` holds figures that may not
rise above their pin (rates of errors, where lower is better). A figure may miss its pin by
:data:`EPSILON`, so that rounding noise does not fail a run; lowering a pin is an edit of
the baseline file, with its reason in the commit message.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.errors import OptionsError

EPSILON = 0.005
CEILINGS = "_ceilings"  # suffix of the section that holds a gate's ceilings


@dataclass(frozen=True)
class Baseline:
    """Pinned floors and ceilings, by evaluation name."""

    pins: Mapping[str, Mapping[str, float]]

    @classmethod
    def read(cls, path: Path) -> Baseline:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise OptionsError(f"cannot read the baseline: {exc}", source=str(path)) from exc
        # keys starting with "_" are notes for the reader
        return cls({name: pins for name, pins in data.items() if not name.startswith("_")})

    def shortfalls(self, name: str, measured: Mapping[str, Any]) -> list[str]:
        """One line for each figure of ``name`` below its floor or above its ceiling;
        empty when the gate passes. A gate the baseline lacks is an error, not a pass."""
        if name not in self.pins:
            raise OptionsError(f"the baseline pins no floors for {name!r}", source=name)
        below = [f"{name}: {key} {measured[key]} < floor {floor}"
                 for key, floor in self.pins[name].items()
                 if measured[key] < floor - EPSILON]
        above = [f"{name}: {key} {measured[key]} > ceiling {ceiling}"
                 for key, ceiling in self.pins.get(name + CEILINGS, {}).items()
                 if measured[key] > ceiling + EPSILON]
        return below + above
