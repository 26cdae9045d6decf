#!/usr/bin/env python3
"""Run a Faultline sweep's shards on a Dask cluster, then merge them into one sweep folder.

Each shard is one Dask task that runs ``faultline sweep ... --shard I/N`` on a worker in a
temporary folder and returns the shard's files (sweep.json and points/) as bytes, so workers need
the faultline binary and the scenario (with the files it names) at the same paths, but no shared
file system. The client writes the shards locally and runs ``faultline merge``; the merged
sweep.csv is byte-identical to running the whole sweep on one machine (points are deterministic,
and the table is rendered from the point files alone).

    python3 python/faultline_dask.py scenarios/mmc-erlang-c.yaml --shards 4 --out out/mmc-dask \\
        -- --set services.station.workersPerAZ=10,11,12 --replications 5 --horizon 1h

Without --scheduler a LocalCluster (one single-threaded worker process per core) is started;
with --scheduler tcp://HOST:8786 the shards go to that cluster.
"""
import argparse
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile


def run_shard(faultline, scenario, sweep_args, index, count, jobs):
    """Runs on a worker: shard index/count of the sweep; returns {relative path: bytes}."""
    with tempfile.TemporaryDirectory(prefix="faultline-shard-") as tmp:
        out = os.path.join(tmp, "shard")
        cmd = [faultline, "sweep", scenario, *sweep_args,
               "--shard", f"{index}/{count}", "--jobs", str(jobs), "--out", out, "--quiet"]
        p = subprocess.run(cmd, capture_output=True, text=True)
        if p.returncode != 0:
            raise RuntimeError(f"shard {index}/{count} failed (exit {p.returncode}): {' '.join(cmd)}\n{p.stderr}")
        files = {}
        for root, _, names in os.walk(out):
            for name in names:
                full = os.path.join(root, name)
                files[os.path.relpath(full, out)] = pathlib.Path(full).read_bytes()
        return files


def default_binary():
    """FAULTLINE_BIN, else the release build, else the debug build, else faultline on PATH."""
    if os.environ.get("FAULTLINE_BIN"):
        return os.environ["FAULTLINE_BIN"]
    root = pathlib.Path(__file__).resolve().parent.parent
    for config in ("release", "debug"):
        candidate = root / ".build" / config / "faultline"
        if candidate.exists():
            return str(candidate)
    return shutil.which("faultline") or "faultline"


def sweep(scenario, sweep_args, out, shards, scheduler=None, faultline=None, jobs_per_shard=1, n_workers=None):
    """Runs the sweep as `shards` Dask tasks and merges them into `out`; returns sweep.csv's path."""
    from dask.distributed import Client, LocalCluster

    faultline = os.path.abspath(faultline or default_binary())
    scenario = os.path.abspath(scenario)
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=n_workers or os.cpu_count() or 1, threads_per_worker=1,
                               processes=True, dashboard_address=None)
        client = Client(cluster)
    try:
        futures = [client.submit(run_shard, faultline, scenario, list(sweep_args), i, shards, jobs_per_shard,
                                 pure=False, key=f"faultline-shard-{i}-of-{shards}")
                   for i in range(1, shards + 1)]
        results = client.gather(futures)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    with tempfile.TemporaryDirectory(prefix="faultline-merge-") as staging:
        folders = []
        for i, files in enumerate(results, 1):
            folder = os.path.join(staging, f"shard-{i}")
            for rel, data in files.items():
                path = os.path.join(folder, rel)
                os.makedirs(os.path.dirname(path), exist_ok=True)
                pathlib.Path(path).write_bytes(data)
            folders.append(folder)
        subprocess.run([faultline, "merge", *folders, "--out", out, "--quiet"], check=True)
    return os.path.join(out, "sweep.csv")


def main(argv=None):
    parser = argparse.ArgumentParser(
        description="Run a faultline sweep's shards on Dask and merge them. "
                    "Arguments after '--' go to 'faultline sweep' (--set, --replications, --horizon, --metric, ...).")
    parser.add_argument("scenario")
    parser.add_argument("--out", required=True, help="merged sweep folder")
    parser.add_argument("--shards", type=int, default=4, help="number of shards (Dask tasks), default 4")
    parser.add_argument("--scheduler", help="Dask scheduler address (default: a LocalCluster)")
    parser.add_argument("--workers", type=int, help="LocalCluster worker processes (default: cores)")
    parser.add_argument("--jobs-per-shard", type=int, default=1, help="faultline --jobs inside each shard, default 1")
    parser.add_argument("--faultline", help="the faultline binary (default: FAULTLINE_BIN or .build/{release,debug}/faultline)")
    args, rest = parser.parse_known_args(argv)
    if rest and rest[0] == "--":
        rest = rest[1:]
    if args.shards < 1:
        parser.error("--shards must be at least 1")
    csv = sweep(args.scenario, rest, args.out, args.shards, scheduler=args.scheduler, faultline=args.faultline,
                jobs_per_shard=args.jobs_per_shard, n_workers=args.workers)
    print(f"merged {args.shards} shards: {csv}")


if __name__ == "__main__":
    sys.exit(main())
