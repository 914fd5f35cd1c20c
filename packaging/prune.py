"""Leave out the Qt plugins a widgets app never loads, and the libraries only they need.

PyInstaller's Qt hooks collect every plugin of the modules in use, and with
them whatever each plugin links to: the virtual keyboard brings QML and
Qt Quick, the PDF image format brings Qt PDF, the GTK theme brings Cairo and
Pango, Wayland its client libraries (Qt falls back to X11 through XWayland).
The app uses QtCore, QtGui, QtWidgets and QtNetwork (for its local socket).

A library goes only when no kept binary needs it, directly or through
another: the link-time dependencies are read from the files themselves
(PyInstaller's own reader), so nothing another part of the app needs is lost.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Callable, Iterable

# Plugin paths under .../plugins/ (Linux and macOS: lib*.so / *.dylib; Windows: *.dll).
UNUSED_PLUGINS = (
    "egldeviceintegrations/*",
    "generic/*",
    "imageformats/*pdf*",
    "imageformats/*tiff*",
    "imageformats/*webp*",
    "imageformats/*tga*",
    "imageformats/*wbmp*",
    "imageformats/*icns*",
    "networkinformation/*",
    "platforminputcontexts/*virtualkeyboard*",
    "platforms/*eglfs*",
    "platforms/*minimalegl*",
    "platforms/*linuxfb*",
    "platforms/*vnc*",
    "platforms/*vkkhrdisplay*",
    "platforms/*wayland*",
    "platformthemes/*gtk3*",
    "tls/*",
    "wayland-*/*",
)

TocEntry = tuple[str, str, str]  # (destination, source, type)


def _name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1].lower()


def is_unused_plugin(destination: str) -> bool:
    path = destination.replace("\\", "/")
    if "/plugins/" not in path:
        return False
    inside = path.split("/plugins/", 1)[1]
    return any(fnmatch.fnmatch(inside.lower(), pattern) for pattern in UNUSED_PLUGINS)


def _closure(
    roots: Iterable[TocEntry], by_name: dict[str, TocEntry], imports: Callable[[str], set]
) -> set[str]:
    """The names of every bundled library ``roots`` need, directly or not."""
    seen: set[str] = set()
    pending = list(roots)
    while pending:
        entry = pending.pop()
        for name, _resolved in imports(entry[1]):
            dependency = by_name.get(_name(name))
            if dependency is not None and _name(dependency[0]) not in seen:
                seen.add(_name(dependency[0]))
                pending.append(dependency)
    return seen


def prune_binaries(
    binaries: list[TocEntry], imports: Callable[[str], set]
) -> tuple[list[TocEntry], list[str]]:
    """``binaries`` without unused plugins and what only they needed; and what was left out."""
    if not any(is_unused_plugin(e[0]) for e in binaries):
        return binaries, []
    by_name = {_name(e[0]): e for e in binaries}
    linked = _closure(binaries, by_name, imports)
    # The roots: what nothing links to (extension modules, plugins, libraries
    # loaded by name at run time). A library goes when only left-out plugins
    # lead to it.
    kept_roots = [e for e in binaries if _name(e[0]) not in linked and not is_unused_plugin(e[0])]
    orphans = linked - _closure(kept_roots, by_name, imports)
    result = [e for e in binaries if not is_unused_plugin(e[0]) and _name(e[0]) not in orphans]
    removed = sorted(e[0] for e in binaries if e not in result)
    return result, removed


def without_links_to(toc: list[TocEntry], removed: list[str]) -> list[TocEntry]:
    """``toc`` without the symbolic links PyInstaller made to libraries left out."""
    gone = {_name(path) for path in removed}
    return [e for e in toc if not (e[2] == "SYMLINK" and _name(e[0]) in gone)]
