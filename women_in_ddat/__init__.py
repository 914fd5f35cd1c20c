"""Run a women-in-DDaT mentoring programme from a local (or shared) database.

The package is split into a Qt-free core (domain, storage, services,
importing, reports, cli) and ``women_in_ddat.ui``, the only place that
imports PySide6.
"""

__version__ = "0.1.0"
APP_NAME = "women-in-ddat"
APP_DISPLAY_NAME = "Women in DDaT"
