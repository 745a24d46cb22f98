"""Progress bars on stderr for long scans: rate and ETA when stderr is a terminal, else silent."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Never

from tqdm import tqdm

MIN_TOTAL = 500
"""Stages with fewer items than this finish too fast to need a bar."""

LABELS = {"prepare": "reading sentences", "align": "aligning articles"}


class ProgressBars:
    """A ``scan(progress=...)`` callback showing one tqdm bar per stage.

    >>> with ProgressBars(enabled=False) as progress:
    ...     progress("prepare", 10, 10)
    """

    def __init__(self, *, enabled: bool = True) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self._bars: dict[str, tqdm[Never]] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if not self.enabled or total < MIN_TOTAL:
            return
        if stage not in self._bars:
            self._bars[stage] = tqdm(
                total=total,
                desc=LABELS.get(stage, stage),
                unit=" articles",
                file=sys.stderr,
                leave=False,
                dynamic_ncols=True,
            )
        bar = self._bars[stage]
        bar.update(done - bar.n)

    def __enter__(self) -> ProgressBars:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        for bar in self._bars.values():
            bar.close()
