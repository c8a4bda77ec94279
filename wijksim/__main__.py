import sys

from wijksim.cli import main

sys.exit(main())
