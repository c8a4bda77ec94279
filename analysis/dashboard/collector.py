"""How the dashboard keeps Python's garbage collector from stopping the page for a second.

Python's full collection walks every object the process holds, and a town of 50,000 residents is a
few hundred thousand of them: measured in the dashboard server at a load average of 10-12, a full
collection took 0.3-1.3 s, came every 8 s or so while playing, and held every thread meanwhile
(the engine loop, the page's renders, the message handlers): it was the worst delay between a
control and its visible effect. The simulation itself makes no reference cycles (a full collection
after five simulated years finds nothing to free), so its objects need not be walked at all.

So after every frame the engine loop freezes what is alive (:func:`gc.freeze`): the collector no
longer walks those objects, a later collection walks only what is newer (a few milliseconds), and a
frozen object is still freed as soon as its last reference goes. A cycle that dies after it was
frozen (a page widget, say) waits for the next :func:`full_collection`, made when a run starts again
at week 0, when the class waits for a warm-up anyway.
"""

from __future__ import annotations

import gc


def after_frame() -> None:
    """Freeze every object alive now, so no collection walks them again (cheap: no walk)."""
    gc.freeze()


def full_collection() -> None:
    """Unfreeze and collect everything: the one full walk, made while a run warms up."""
    gc.unfreeze()
    gc.collect()
