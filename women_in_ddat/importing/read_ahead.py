"""Reading a workbook on a thread while the rest of an import starts up.

calamine parses a sheet without holding the interpreter's lock (about
50 ms of a 10,000-row xlsx), so the command line starts reading as soon as
it has its arguments and, meanwhile, sets up the log, loads the code that
checks and writes rows and reads the programme's framework.

The refusals (``inspect_source``) run first, in line: they take a
millisecond alone, but on a thread they would wait for the lock behind the
main thread's start-up. Only a file that passed them reaches calamine,
exactly as when it is read in line. The checksum is taken by ``result``,
while calamine works.

Text files are read in line: their reader is Python, holding the lock, so a
thread would only take turns with the main one.
"""

from __future__ import annotations

import threading
from pathlib import Path

# workbooks is what the thread reads with: loaded here, because imports on
# two threads take turns for the import lock.
from women_in_ddat.importing import workbooks  # noqa: F401
from women_in_ddat.importing.reading import (
    FileRead,
    ReadOptions,
    file_sha256,
    read_tables,
)
from women_in_ddat.importing.sources import EXTENSION_KINDS, Source, SourceKind, inspect_source
from women_in_ddat.importing.tables import SheetInfo, Table


class ReadAhead:
    """The sheets of one checked workbook being read on a thread; ``result`` waits for them."""

    def __init__(self, path: Path, source: Source, options: ReadOptions) -> None:
        self.path, self.options, self._source = Path(path), options, source
        self._tables: tuple[list[Table], list[SheetInfo]] | None = None
        self._error: BaseException | None = None
        # A daemon: if the command fails before it needs the file, the
        # process ends without waiting for a read nobody will use.
        self._thread = threading.Thread(target=self._run, name="import-read-ahead", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        try:
            self._tables = read_tables(self._source, self.options)
        except BaseException as exc:  # raised again by result(), as if read in line
            self._error = exc

    def reads(self, path: Path, options: ReadOptions) -> bool:
        return Path(path) == self.path and options == self.options

    def result(self) -> FileRead:
        sha256 = file_sha256(self._source.path)
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._tables is not None
        return FileRead(self._source, sha256, *self._tables)


def start_reading(path: Path, options: ReadOptions) -> ReadAhead | None:
    """A read-ahead of a workbook; None for a text file (read in line).

    Raises FileProblem for a file that is refused.
    """
    kind = EXTENSION_KINDS.get(Path(path).suffix.lower())
    if kind is None or kind is SourceKind.TEXT:
        return None
    return ReadAhead(path, inspect_source(Path(path)), options)
