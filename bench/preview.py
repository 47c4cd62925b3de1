"""Live preview latency: from saving a text edit to the browser's reload command, on the sample site.

    .venv/bin/python bench/preview.py --runs 7
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from tornado.ioloop import IOLoop
from tornado.websocket import websocket_connect

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary) / "site"
        shutil.copytree(REPO / "content", root / "content")
        shutil.copy(REPO / "site.yaml", root / "site.yaml")
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--port", str(port)], cwd=root,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            for _ in range(200):
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1)
                    break
                except OSError:
                    time.sleep(0.1)
            page = root / "content/initiatieven/reparatiecafe-en-kledingpunt/index.md"
            original = page.read_text(encoding="utf-8")
            times = [IOLoop.current().run_sync(lambda n=n: measure(port, page, original, n), timeout=30)
                     for n in range(args.runs)]
        finally:
            server.terminate()
            server.wait()
    print(f"save -> reload command, {args.runs} edits: median {statistics.median(times):.2f} s, "
          f"max {max(times):.2f} s ({', '.join(f'{t:.2f}' for t in times)})")


async def measure(port: int, page: Path, original: str, number: int) -> float:
    connection = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
    connection.write_message(json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
    await connection.read_message()
    connection.write_message(json.dumps({"command": "info", "url": f"http://127.0.0.1:{port}/"}))
    await asyncio.sleep(0.5)
    started = time.perf_counter()
    page.write_text(original.replace("Breng je kapotte", f"Breng ({number}) je kapotte"), encoding="utf-8")
    while True:
        message = json.loads(await connection.read_message())
        print(round(time.perf_counter() - started, 3), message)
        if message.get("command") == "reload":
            break
    elapsed = time.perf_counter() - started
    connection.close()
    await asyncio.sleep(0.5)
    return elapsed


if __name__ == "__main__":
    main()
