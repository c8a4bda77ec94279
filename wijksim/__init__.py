"""wijksim's command line; see ``wijksim --help``."""
