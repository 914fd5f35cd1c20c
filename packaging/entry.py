"""The frozen app's entry point: ``women-in-ddat`` with no command opens the app.

The same executable is the command line and the desktop app, as the
installed ``women-in-ddat`` script is. ``freeze_support`` comes first: a
batch of reports renders in worker processes started with "spawn", and in
a frozen app each worker is this executable again, which must become the
worker instead of opening a second app.
"""

import multiprocessing
import sys

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from women_in_ddat.cli.main import main

    sys.exit(main())
