"""Run one command and append its wall time, CPU time and peak memory per process to a JSON-lines file.

    python scripts/stage_meter.py --record stages.jsonl --stage extract -- python -m pipeline.extract ...

Used by scripts/benchmark.py, which wraps every dvc.yaml stage command with it. Peak RSS is
sampled every 200 ms for the command's process and each of its descendants (pool or Dask
workers); the kernel's own high-water mark of the largest descendant is recorded too. CPU
seconds (user + system, the command and its descendants) are far less disturbed than wall
seconds when other jobs share the CPU.
"""
from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

import psutil

MB = 1024 * 1024


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--record", required=True)
    ap.add_argument("--stage", required=True)
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    args = ap.parse_args(argv)
    cmd = args.cmd[1:] if args.cmd and args.cmd[0] == "--" else args.cmd
    start = time.perf_counter()
    proc = subprocess.Popen(cmd)
    root = psutil.Process(proc.pid)
    peaks: dict[int, float] = {}
    while proc.poll() is None:
        try:
            procs = [root, *root.children(recursive=True)]
        except psutil.Error:
            procs = []
        for p in procs:
            try:
                peaks[p.pid] = max(peaks.get(p.pid, 0.0), p.memory_info().rss / MB)
            except psutil.Error:
                pass
        time.sleep(0.2)
    seconds = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # the command and every descendant it waited for
    largest_kernel = usage.ru_maxrss / 1024
    workers = sorted((mb for pid, mb in peaks.items() if pid != proc.pid), reverse=True)
    with open(args.record, "a", encoding="utf-8") as fh:
        fh.write(json.dumps({"stage": args.stage, "seconds": seconds, "cpu_seconds": usage.ru_utime + usage.ru_stime,
                             "returncode": proc.returncode,
                             "stage_peak_mb": peaks.get(proc.pid, 0.0), "child_peaks_mb": workers,
                             "largest_process_peak_mb": largest_kernel}) + "\n")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
