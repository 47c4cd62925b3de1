"""`wijksite-beheer`: beheer started by double-clicking, as a volunteer starts any program on Windows.

pip installs it as a gui-script (a launcher without a terminal window). It finds the site (the folder given, the
folder it is started in, or the one used last time; else it asks), starts beheer, opens the browser, and shows a
small window with a button to open the browser again and one to stop. Without a window system it runs until it is
stopped, and says where in its output.
"""

from __future__ import annotations

import socket
import sys
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..content.config import CONFIG_FILE
from ..errors import BuildStopped, UsageError
from .app import DEFAULT_PORT, run_admin

REMEMBERED = ".wijksite-beheer"  # in the volunteer's home folder: the site used last time


def find_site(arguments: list[str], here: Path, remembered: Path | None) -> Path | None:
    """The site to manage: the folder given, else this folder, else the one used last time (None if none is one)."""
    candidates = [Path(arguments[0])] if arguments else []
    candidates += [here] + ([remembered] if remembered else [])
    return next((c.resolve() for c in candidates if (c / CONFIG_FILE).is_file()), None)


def free_port(first: int = DEFAULT_PORT, tries: int = 20) -> int:
    """The first port from `first` on that nothing else listens on (a second beheer gets the next one)."""
    for port in range(first, first + tries):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise UsageError(f"geen vrije poort gevonden tussen {first} en {first + tries - 1}")


def main(argv: list[str] | None = None) -> None:
    arguments = sys.argv[1:] if argv is None else argv
    memory = Path.home() / REMEMBERED
    remembered = Path(memory.read_text(encoding="utf-8").strip()) if memory.is_file() else None
    root = find_site(arguments, Path.cwd(), remembered)
    window = _window()
    if root is None and window is not None:
        root = _ask_folder(window)
    if root is None:
        _tell(window, "Geen site gevonden: kies de map waarin site.yaml staat (of sleep die map op wijksite-beheer).")
        return
    try:
        memory.write_text(str(root), encoding="utf-8")
    except OSError:
        pass  # remembering is a convenience
    port = free_port()
    if window is None:
        run_admin(root, port, open_browser=True, say=lambda line: print(line, flush=True))
        return
    _run_with_window(window, root, port)


def _window() -> Any:
    """A Tk root window, or None where there is no window system (a server, a test)."""
    try:
        import tkinter

        root = tkinter.Tk()
    except Exception:  # noqa: BLE001 (no tkinter, or no display: run without a window)
        return None
    root.withdraw()
    return root


def _ask_folder(window: Any) -> Path | None:
    from tkinter import filedialog

    chosen = filedialog.askdirectory(parent=window, title="Kies de map van de site (waar site.yaml staat)")
    return find_site([chosen], Path(chosen), None) if chosen else None


def _tell(window: Any, message: str) -> None:
    if window is None:
        print(message, file=sys.stderr)
        return
    from tkinter import messagebox

    messagebox.showinfo("wijksite beheer", message, parent=window)
    window.destroy()


def _run_with_window(window: Any, root: Path, port: int) -> None:
    """Beheer in a thread of its own; this window shows where it is and stops it."""
    import tkinter

    url = f"http://127.0.0.1:{port}/"
    stop: list[Callable[[], None]] = []
    problems: list[str] = []

    def serve() -> None:
        try:
            run_admin(root, port, open_browser=True, say=lambda line: None, started=stop.append)
        except (UsageError, BuildStopped) as exc:
            problems.append(str(exc))

    def close_when_stopped() -> None:  # Tk is asked only from its own thread
        if thread.is_alive():
            window.after(300, close_when_stopped)
        else:
            window.destroy()

    window.title("wijksite beheer")
    window.deiconify()
    tkinter.Label(window, text=f"Beheer van de site in\n{root}\n\nstaat open op {url}", font=("TkDefaultFont", 14),
                  justify="left", padx=20, pady=16).pack()
    buttons = tkinter.Frame(window, padx=20, pady=16)
    buttons.pack()
    tkinter.Button(buttons, text="Open in de browser", font=("TkDefaultFont", 14),
                   command=lambda: webbrowser.open(url)).pack(side="left", padx=8)
    tkinter.Button(buttons, text="Stoppen", font=("TkDefaultFont", 14),
                   command=lambda: [s() for s in stop]).pack(side="left", padx=8)
    window.protocol("WM_DELETE_WINDOW", lambda: [s() for s in stop])
    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    close_when_stopped()
    window.mainloop()
    for stopping in stop:
        stopping()
    thread.join(30)
    if problems:
        _tell(tkinter.Tk(), problems[0])


if __name__ == "__main__":
    main()
