import sys

from women_in_ddat.cli.main import main

sys.exit(main())
