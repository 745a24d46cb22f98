"""Progress bars on stderr for long scans: rate and ETA when stderr is a terminal, else silent."""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Never

from tqdm import tqdm

STAGES = {
    "read": ("reading articles", " pieces", 20),
    "prepare": ("reading sentences", " articles", 500),
    "sign": ("signing sentences", " sentences", 20_000),
    "join": ("finding candidate pairs", " band keys", 720_000),
    "verify": ("checking candidate pairs", " pairs", 200_000),
    "source": ("choosing sources", " articles", 20_000),
    "align": ("aligning articles", " article pairs", 500),
}
"""Each stage's label, unit, and the least total worth a bar (smaller stages finish at once)."""

REDRAW_SECONDS = 0.5
"""Least time between two redraws of a bar (tqdm's default is 0.1 s). In a scan of 10^6
articles run in a pseudo-terminal, py-spy saw the parent redraw bars for 14 s, time taken
from the two workers on two cores."""


class ProgressBars:
    """A ``scan(progress=...)`` callback showing one tqdm bar per stage.

    >>> with ProgressBars(enabled=False) as progress:
    ...     progress("prepare", 10, 10)
    """

    def __init__(self, *, enabled: bool = True) -> None:
        self.enabled = enabled and sys.stderr.isatty()
        self._bars: dict[str, tqdm[Never]] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        label, unit, least = STAGES.get(stage, (stage, "", 500))
        if not self.enabled or total < least:
            return
        if stage not in self._bars:
            for done_bar in self._bars.values():  # one stage at a time: the last one is over
                done_bar.close()
            self._bars[stage] = tqdm(
                total=total,
                desc=label,
                unit=unit,
                file=sys.stderr,
                leave=False,
                dynamic_ncols=True,
                mininterval=REDRAW_SECONDS,
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
