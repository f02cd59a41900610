"""Running a report command while following its progress lines: the memory of the command's process during
each step, for the benchmarks' reports of where a peak is."""

from __future__ import annotations

import subprocess
import threading
import time

import psutil


def followed(command: list[str], environment: dict[str, str]) -> tuple[subprocess.CompletedProcess[str],
                                                                   dict[str, tuple[float, float]]]:
    """Run the command, following its progress lines (stderr): for each step, when it started (s) and the
    largest resident set the command's process had during it (sampled every 0.2 s, MB)."""
    process = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL,  # Dask's bars
                               stderr=subprocess.PIPE, text=True)
    started = time.perf_counter()
    phases: dict[str, tuple[float, float]] = {}
    state = {"phase": "starting"}
    phases["starting"] = (0.0, 0.0)
    lines: list[str] = []

    def sample() -> None:
        watched = psutil.Process(process.pid)
        while process.poll() is None:
            try:
                mb = watched.memory_info().rss / 2**20
            except psutil.Error:
                break
            at, peak = phases[state["phase"]]
            phases[state["phase"]] = (at, max(peak, mb))
            time.sleep(0.2)

    watcher = threading.Thread(target=sample, daemon=True)
    watcher.start()
    assert process.stderr is not None
    for line in process.stderr:
        lines.append(line)
        if line.startswith("· "):
            phase = line[2:].strip()[:70]
            phases.setdefault(phase, (time.perf_counter() - started, 0.0))
            state["phase"] = phase
    process.wait()
    watcher.join()
    return subprocess.CompletedProcess(command, process.returncode, "", "".join(lines)), phases


def print_steps(phases: dict[str, tuple[float, float]]) -> None:
    """The steps as :func:`followed` measured them, one a line."""
    print("  the command's steps (started at, its largest resident set during the step):")
    for phase, (at, mb) in phases.items():
        print(f"    {at:7.0f} s  {mb:7,.0f} MB  {phase}")
