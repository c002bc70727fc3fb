"""Canvases and documents made the same way everywhere: invariant, our font, binary streams.

* Invariant mode: no timestamps or random ids, so the same inputs give byte-identical PDFs.
* The initial font is ours: otherwise reportlab puts an unembedded Helvetica into every page's
  resources even when no Helvetica text is drawn.
* Compressed streams are written as binary, not ASCII85: a quarter smaller, and reportlab's
  pure-Python ASCII85 encoder was a third of the time spent per plate. reportlab reads the
  switch from its global config when it writes the file, so it is set around the save only.
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas

from plates.fonts import REGULAR, register_fonts

__all__ = ["binary_streams", "new_canvas", "save"]


def new_canvas(target: str | Path | IO[bytes], size: tuple[float, float]) -> Canvas:
    """A canvas in invariant mode whose initial font is ours."""
    register_fonts()
    return Canvas(
        str(target) if isinstance(target, Path) else target,
        pagesize=size,
        invariant=1,
        pageCompression=1,
        initialFontName=REGULAR,
        initialFontSize=10,
    )


# One save at a time: the switch is process-global, and two threads restoring it out of order
# would leave one file half ASCII85, which is valid but breaks byte-identical output.
_SWITCH = threading.RLock()


@contextmanager
def binary_streams() -> Iterator[None]:
    """Write Flate streams without the ASCII85 layer while the block runs."""
    with _SWITCH:
        previous = rl_config.useA85
        rl_config.useA85 = 0
        try:
            yield
        finally:
            rl_config.useA85 = previous


def save(canvas: Canvas) -> None:
    with binary_streams():
        canvas.save()
