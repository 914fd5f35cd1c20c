"""The command line: ``women-in-ddat``. Each sub-command lives in its own ``cmd_*`` module."""
