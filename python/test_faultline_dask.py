#!/usr/bin/env python3
"""The Dask driver on a LocalCluster gives the same bytes as a local sweep.

Run from the repository root (scripts/test.sh does): python3 python/test_faultline_dask.py
Skips, saying so, when dask.distributed is not installed (./scripts/setup.sh installs it).
"""
import os
import pathlib
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
ROOT = pathlib.Path(__file__).resolve().parent.parent

try:
    import dask.distributed  # noqa: F401
    HAVE_DASK = True
except ImportError:
    HAVE_DASK = False

SWEEP_ARGS = ["--set", "services.station.workersPerAZ=10,11,12", "--set", "seed=1,2",
              "--replications", "3", "--horizon", "15m"]


@unittest.skipUnless(HAVE_DASK, "dask.distributed is not installed (run ./scripts/setup.sh)")
class DaskDriverTest(unittest.TestCase):
    def test_local_cluster_matches_local_sweep(self):
        import faultline_dask
        binary = faultline_dask.default_binary()
        scenario = str(ROOT / "scenarios" / "mmc-erlang-c.yaml")
        with tempfile.TemporaryDirectory() as tmp:
            local = os.path.join(tmp, "local")
            subprocess.run([binary, "sweep", scenario, *SWEEP_ARGS, "--jobs", "2", "--out", local, "--quiet"], check=True)
            merged = os.path.join(tmp, "dask")
            csv = faultline_dask.sweep(scenario, SWEEP_ARGS, merged, shards=4, faultline=binary, n_workers=2)
            self.assertEqual(csv, os.path.join(merged, "sweep.csv"))
            want = pathlib.Path(local, "sweep.csv").read_bytes()
            self.assertEqual(pathlib.Path(csv).read_bytes(), want)
            self.assertEqual(len(want.decode().splitlines()), 7)  # header + 6 points
            for name in ["sweep.json"] + sorted(os.listdir(os.path.join(local, "points"))):
                rel = name if name == "sweep.json" else os.path.join("points", name)
                self.assertEqual(pathlib.Path(merged, rel).read_bytes(), pathlib.Path(local, rel).read_bytes(), rel)

    def test_failing_shard_reports_the_error(self):
        import faultline_dask
        with tempfile.TemporaryDirectory() as tmp:
            with self.assertRaises(Exception) as caught:
                faultline_dask.sweep(str(ROOT / "scenarios" / "mmc-erlang-c.yaml"), ["--set", "services.nope.workersPerAZ=1"],
                                     os.path.join(tmp, "x"), shards=1, n_workers=1)
            self.assertIn("services has no item named 'nope'", str(caught.exception))


if __name__ == "__main__":
    if not HAVE_DASK:
        print("skipped: python/test_faultline_dask.py needs dask.distributed (run ./scripts/setup.sh)")
    unittest.main(verbosity=2)
