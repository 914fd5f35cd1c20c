"""One window per database on this computer.

The first copy of the app listens on a local socket named after the user
and the database; a second copy on the same database finds it, asks it to
come to the front, and steps aside. A socket left behind by a crash is
noticed (nobody answers) and replaced.
"""

from __future__ import annotations

import getpass
import hashlib
import os

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QAbstractSocket, QLocalServer, QLocalSocket

RAISE_REQUEST = b"raise\n"
CONNECT_TIMEOUT_MS = 1000


def database_identity(database_target: str) -> str:
    """The same string for every way of naming the same database."""
    from women_in_ddat.storage.preflight import parse_target, redact_url

    target = parse_target(database_target)
    if target.sqlite_path is not None:
        return "sqlite:" + os.path.normcase(os.path.realpath(target.sqlite_path))
    return redact_url(target.url)


def server_name_for(database_target: str) -> str:
    try:
        user = getpass.getuser()
    except Exception:  # no login name in some sandboxes
        user = str(os.getuid()) if hasattr(os, "getuid") else "user"
    digest = hashlib.sha256(f"{user}\0{database_identity(database_target)}".encode()).hexdigest()
    return f"women-in-ddat-{digest[:24]}"


class SingleInstance(QObject):
    """Claim the database for this window, or find the window that has it."""

    raiseRequested = Signal()

    def __init__(self, database_target: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name_for(database_target)
        self._server: QLocalServer | None = None
        self._clients: list[QLocalSocket] = []

    def ask_running_copy_to_raise(self) -> bool:
        """True if another copy has this database open (it has been asked to come forward)."""
        return self._knock() is None

    def _knock(self) -> QLocalSocket.LocalSocketError | None:
        """Send the raise request; None if it was delivered, else why not."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
            return socket.error()
        socket.write(RAISE_REQUEST)
        socket.flush()
        socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
        socket.disconnectFromServer()
        if socket.state() != QLocalSocket.LocalSocketState.UnconnectedState:
            socket.waitForDisconnected(CONNECT_TIMEOUT_MS)
        return None

    def claim(self) -> bool:
        """Listen for later copies. False if another copy claimed the database first."""
        # Default socket options on purpose: with UserAccessOption, Qt on Unix
        # renames a fresh socket over the name and silently takes it from a
        # live first copy. Without options the socket gets the user's umask.
        server = QLocalServer(self)
        if not server.listen(self.name):
            if server.serverError() != QAbstractSocket.SocketError.AddressInUseError:
                return True  # no socket to be had: carry on without the guard
            why = self._knock()
            if why is None:
                return False
            if why not in (
                QLocalSocket.LocalSocketError.ConnectionRefusedError,
                QLocalSocket.LocalSocketError.ServerNotFoundError,
            ):
                return True  # someone is there but not answering: leave their socket alone
            # A socket file left by a crashed copy: nobody listens on it.
            QLocalServer.removeServer(self.name)
            if not server.listen(self.name):
                return True
        server.newConnection.connect(self._on_connection)
        self._server = server
        return True

    def release(self) -> None:
        for client in self._clients:
            client.abort()
        self._clients.clear()
        if self._server is not None:
            self._server.close()
            self._server = None

    def _on_connection(self) -> None:
        assert self._server is not None
        while (client := self._server.nextPendingConnection()) is not None:
            # Kept here until released: the server owns the socket, and deleting
            # it from a signal of its own has crashed PySide6.
            self._clients.append(client)
            client.readyRead.connect(self._read_requests)
        self._read_requests()

    def _read_requests(self) -> None:
        for client in list(self._clients):
            if client.bytesAvailable() and bytes(client.readAll().data()).startswith(
                RAISE_REQUEST.strip()
            ):
                self.raiseRequested.emit()
            if (
                client.state() == QLocalSocket.LocalSocketState.UnconnectedState
                and not client.bytesAvailable()
            ):
                self._clients.remove(client)
