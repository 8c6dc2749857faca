"""Key-to-screen latency in a real terminal: the app in tmux, timed through tmux control mode.

`annotator annotate` runs in a detached tmux session on its own server socket. A control-mode
client (`tmux -C`) sends each key with `send-keys` and receives a `%output` notification the
moment the app's bytes reach the pane, so the time from the command to the first `%output` is
the time until the pane content starts changing, and the last `%output` before a quiet gap is
when the frame is complete. This is more exact than polling `capture-pane` (each poll is a
process spawn, milliseconds of resolution). Idle CPU of the app is read from /proc afterwards.
The app runs under bench/app_probe.py, which logs its own key-to-frame-write time per key, so
the table can show how much of the pane latency is the app and how much is tmux.
Used by bench/latency.py; needs tmux and Linux.
"""

from __future__ import annotations

import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[1]
QUIET_S = 0.03  # no output for this long: the frame is complete


def available() -> str | None:
    """Why the real-terminal run cannot happen here, or None when it can."""
    if shutil.which("tmux") is None:
        return "tmux is not installed"
    if not Path("/proc/self/stat").exists():
        return "no /proc to read the app's CPU time from"
    return None


class ControlClient:
    """A tmux control-mode client: send commands, collect `%output` arrival times."""

    def __init__(self, socket: str, session: str) -> None:
        """Attach to a session in control mode and start reading its notifications."""
        self.process = subprocess.Popen(
            ["tmux", "-L", socket, "-C", "attach", "-t", session],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            bufsize=0,
        )
        self.outputs: queue.Queue[float] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        """Note the arrival time of every %output line."""
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith(b"%output"):
                self.outputs.put(time.perf_counter())

    def send(self, command: str) -> float:
        """Send one tmux command; return the time it was written."""
        assert self.process.stdin is not None
        sent = time.perf_counter()
        self.process.stdin.write(command.encode() + b"\n")
        return sent

    def drain(self) -> None:
        """Forget output that arrived so far."""
        while True:
            try:
                self.outputs.get_nowait()
            except queue.Empty:
                return

    def frame(self, sent: float, timeout: float = 1.0) -> tuple[float, float] | None:
        """Milliseconds from `sent` to the first and to the last output of the frame."""
        try:
            first = self.outputs.get(timeout=timeout)
        except queue.Empty:
            return None
        last = first
        while True:
            try:
                last = self.outputs.get(timeout=QUIET_S)
            except queue.Empty:
                return (first - sent) * 1000, (last - sent) * 1000

    def close(self) -> None:
        """Detach."""
        if self.process.stdin is not None:
            self.process.stdin.close()
        self.process.wait(timeout=5)


def cpu_seconds(pid: int) -> float:
    """User plus system CPU seconds a process has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run(url: str, fps: int, samples: int, idle_s: float = 5.0) -> dict[str, object]:
    """Latency per key kind and idle CPU of `annotator annotate` at a given TEXTUAL_FPS."""
    socket = f"annotator-bench-{os.getpid()}-{fps}"
    session = "bench"
    env = {**os.environ, "TEXTUAL_FPS": str(fps), "TERM": "xterm-256color"}
    env.pop("TMUX", None)
    probe_log = Path(f"/tmp/{socket}.probe.jsonl")
    probe_log.unlink(missing_ok=True)
    env["ANNOTATOR_PROBE_LOG"] = str(probe_log)
    command = (
        f"cd {ROOT} && exec {sys.executable} {ROOT / 'bench' / 'app_probe.py'} annotate "
        f"--db {url} --dataset bench --annotator bench"
    )
    tmux = ["tmux", "-L", socket]
    subprocess.run(
        [*tmux, "new-session", "-d", "-s", session, "-x", "120", "-y", "40", command],
        check=True,
        env=env,
    )
    client = None
    try:
        subprocess.run([*tmux, "set", "-s", "escape-time", "0"], check=True)
        pid = int(
            subprocess.run(
                [*tmux, "display", "-p", "-t", session, "#{pane_pid}"],
                check=True,
                capture_output=True,
                text=True,
            ).stdout
        )
        wait_for_text(tmux, session, "No more tasks")
        client = ControlClient(socket, session)
        client.send(f"send-keys -t {session} C-b")  # reopen the answered bench document
        wait_for_text(tmux, session, "previous document")
        time.sleep(0.3)
        results: dict[str, object] = {}
        plans = {"cursor right": "Right", "cursor down": "Down", "grow selection": "S-Right"}
        for name, key in plans.items():
            results[name] = timed_keys(client, session, key, samples, turn="Up")
            client.send(f"send-keys -t {session} Escape g")
            time.sleep(0.2)
        results["label (journaled)"] = timed_keys(client, session, "a", samples // 4, before="e")
        time.sleep(0.1)
        results["in_app"] = in_app_times(probe_log)  # before the burst, whose keys pile up
        results.update(burst(client, session, pid))
        client.drain()
        time.sleep(0.5)
        start = cpu_seconds(pid)
        time.sleep(idle_s)
        results["idle_cpu_percent"] = round((cpu_seconds(pid) - start) / idle_s * 100, 2)
        return results
    finally:
        if client is not None:
            client.close()
        subprocess.run([*tmux, "kill-server"], capture_output=True)


def in_app_times(probe_log: Path) -> dict[str, list[float]]:
    """The app's own key-to-frame-write milliseconds, per key name, from the probe's log."""
    times: dict[str, list[float]] = {}
    if probe_log.exists():
        for line in probe_log.read_bytes().splitlines():
            entry = orjson.loads(line)
            times.setdefault(entry["key"], []).append(entry["ms"])
        probe_log.unlink()
    return times


def timed_keys(
    client: ControlClient,
    session: str,
    key: str,
    count: int,
    before: str | None = None,
    turn: str | None = None,
) -> dict[str, list[float]]:
    """Send a key `count` times (each after an optional untimed key); first/last output times.

    A key that draws nothing (the cursor at the end) is not timed; `turn` is then sent instead.
    """
    first: list[float] = []
    last: list[float] = []
    for _ in range(count):
        if before is not None:
            client.send(f"send-keys -t {session} {before}")
            client.frame(time.perf_counter())
        time.sleep(0.02)
        client.drain()
        sent = client.send(f"send-keys -t {session} {key}")
        got = client.frame(sent, timeout=0.3)
        if got is not None:
            first.append(got[0])
            last.append(got[1])
        elif turn is not None:
            key, turn = turn, key
    return {"first": first, "last": last}


def burst(
    client: ControlClient, session: str, pid: int, keys: int = 40, gap_s: float = 0.008
) -> dict[str, float]:
    """Keys faster than a slow frame rate (like a fast key repeat): lag after the last key, CPU."""
    client.send(f"send-keys -t {session} Escape g")
    time.sleep(0.3)
    client.drain()
    cpu = cpu_seconds(pid)
    sent = 0.0
    for i in range(keys):
        sent = client.send(f"send-keys -t {session} {'Right' if i % 2 else 'Down'}")
        time.sleep(gap_s)
    last = sent
    while True:
        try:
            last = client.outputs.get(timeout=0.2)
        except queue.Empty:
            break
    return {
        "burst_last_key_to_frame_ms": round(max(0.0, last - sent) * 1000, 2),
        "burst_cpu_ms_per_key": round((cpu_seconds(pid) - cpu) * 1000 / keys, 2),
    }


def wait_for_text(tmux: list[str], session: str, needle: str, timeout: float = 30.0) -> None:
    """Poll the pane until some text appears."""
    deadline = time.monotonic() + timeout
    screen = ""
    while time.monotonic() < deadline:
        screen = subprocess.run(
            [*tmux, "capture-pane", "-p", "-t", session], capture_output=True, text=True
        ).stdout
        if needle in screen:
            return
        time.sleep(0.1)
    raise RuntimeError(f"{needle!r} never appeared in tmux; the screen was:\n{screen}")
