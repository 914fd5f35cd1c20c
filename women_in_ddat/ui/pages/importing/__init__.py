"""The import wizard page: file -> sheets and columns -> preview -> import -> summary."""

from women_in_ddat.ui.pages.importing.page import ImportPage

__all__ = ["ImportPage"]
