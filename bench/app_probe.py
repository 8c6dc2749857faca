"""Run `annotator annotate` with a probe that logs, per key, the app's own key-to-write time.

Used by bench/tmux_latency.py in place of `python -m annotator`: in a real terminal the time
tmux reports includes tmux itself (reading send-keys, the pty, parsing the frame, notifying its
control client). This probe notes when Textual's driver hands a key to the app and when the
first frame after it is written to the terminal, so the app's share can be told apart.
Each line of the log (path in ANNOTATOR_PROBE_LOG) is JSON: key, ms to write, bytes written.
Run: ANNOTATOR_PROBE_LOG=probe.jsonl python bench/app_probe.py annotate --db URL ...
"""

from __future__ import annotations

import os
import sys
import time

import orjson
from textual import events
from textual.app import App
from textual.drivers.linux_driver import LinuxDriver


def install(log_path: str) -> None:
    """Patch the driver and the app so each key's first frame write is logged."""
    log = open(log_path, "ab", buffering=0)  # noqa: SIM115 - open for the process's life
    pending: dict[str, object] = {}
    post_message = App.post_message
    write = LinuxDriver.write

    def post_key(self: App, message: object) -> bool:
        if isinstance(message, events.Key) and not pending:
            pending.update(key=message.key, at=time.perf_counter())
        return post_message(self, message)

    def write_frame(self: LinuxDriver, data: str) -> None:
        write(self, data)
        if pending:
            ms = (time.perf_counter() - float(pending["at"])) * 1000  # type: ignore[arg-type]
            log.write(orjson.dumps({"key": pending["key"], "ms": ms, "bytes": len(data)}) + b"\n")
            pending.clear()

    App.post_message = post_key  # type: ignore[method-assign]
    LinuxDriver.write = write_frame  # type: ignore[method-assign]


def main() -> None:
    """Install the probe, then run the annotator CLI with this script's arguments."""
    install(os.environ["ANNOTATOR_PROBE_LOG"])
    from annotator.cli import main as cli

    sys.argv = ["annotator", *sys.argv[1:]]
    cli()


if __name__ == "__main__":
    main()
