"""The Import and Reports pages, built by their own teams, mounted in this window.

Each is imported only when first opened (so their libraries stay off the
start-up path). If a page is missing from this build, or fails to start,
the window carries on and says so on that page.
"""

from __future__ import annotations

import importlib
import logging

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from women_in_ddat.ui.context import AppContext
from women_in_ddat.ui.pages.base import Page, page_layout

log = logging.getLogger("women_in_ddat.ui")


class FeaturePage(Page):
    def __init__(
        self,
        context: AppContext,
        title: str,
        module: str,
        class_name: str,
        missing_text: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self.title = title
        self.setAccessibleName(title)
        self.module = module
        self.class_name = class_name
        self.missing_text = missing_text
        self.inner: QWidget | None = None
        self._column = QVBoxLayout(self)
        self._column.setContentsMargins(0, 0, 0, 0)

    def refresh(self) -> None:
        if self.inner is None:
            self.inner = self._build()
            self._column.addWidget(self.inner)
            return
        reload = getattr(self.inner, "refresh", None)
        if callable(reload):
            reload()

    def _build(self) -> QWidget:
        try:
            page_class = getattr(importlib.import_module(self.module), self.class_name)
        except ModuleNotFoundError as exc:
            if exc.name is not None and self.module.startswith(exc.name):
                return self._placeholder(self.missing_text)
            return self._broken(exc)
        except Exception as exc:  # their bug must not take the window down
            return self._broken(exc)
        try:
            widget = page_class(self.context.services, self)
        except Exception as exc:
            return self._broken(exc)
        signal = getattr(widget, "dataChanged", None)
        if signal is not None:
            signal.connect(lambda: self.context.changed(self, ""))
        opener = getattr(widget, "openRecord", None)
        if opener is not None:  # a record it links to, shown on the page that owns it
            opener.connect(self.openRecord)
        return widget

    def _broken(self, exc: Exception) -> QWidget:
        from women_in_ddat.logging_setup import log_exception

        log_exception(f"the {self.title} page could not start", type(exc), exc, exc.__traceback__)
        return self._placeholder(
            f"The {self.title} page could not start ({type(exc).__name__}). "
            "The rest of the app works as usual; details are in the log."
        )

    def _placeholder(self, text: str) -> QWidget:
        holder = QWidget()
        column, _ = page_layout(holder, self.title)
        message = QLabel(text)
        message.setObjectName("hint")
        message.setWordWrap(True)
        message.setAccessibleName(text)
        column.addWidget(message)
        column.addStretch(1)
        return holder
