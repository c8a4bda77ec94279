"""wijksim's command line; see ``wijksim --help``.

Importing this package prepares a quick, lean start of a command, before sim is imported:

- Mesa's Agent and Model are loaded without the rest of Mesa (see ``wijksim.mesa_core``), so a
  command does not import the scipy and networkx that Mesa's spaces need;
- Arrow allocates from the system allocator (``ARROW_DEFAULT_MEMORY_POOL=system``, unless set
  already) instead of its bundled jemalloc, whose reserved arenas added about 15 MB to the peak
  memory of ``wijksim run``. Only memory is allocated differently; no number changes.
"""

import os

from wijksim.mesa_core import load_mesa_core

os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")
load_mesa_core()
