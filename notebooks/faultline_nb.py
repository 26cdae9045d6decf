"""Helpers shared by the notebooks: find (or build) faultline, run it, read its outputs.

FAULTLINE_QUICK=1 (set by scripts/test.sh in CI) asks each notebook for its small settings:
short horizons and few replications, so every notebook runs in well under a minute.
"""
import os
import pathlib
import shlex
import subprocess

import pandas as pd

ROOT = pathlib.Path(__file__).resolve().parent.parent
QUICK = os.environ.get("FAULTLINE_QUICK", "") not in ("", "0")
OUT = ROOT / "out" / "notebooks"


def binary():
    """FAULTLINE_BIN, else .build/release/faultline, else .build/debug/faultline, else build release."""
    if os.environ.get("FAULTLINE_BIN"):
        return os.environ["FAULTLINE_BIN"]
    for config in ("release", "debug"):
        candidate = ROOT / ".build" / config / "faultline"
        if candidate.exists():
            return str(candidate)
    subprocess.run(["swift", "build", "-c", "release", "--product", "faultline"], cwd=ROOT, check=True)
    return str(ROOT / ".build" / "release" / "faultline")


def faultline(*args, check=True):
    """Runs faultline from the repository root and returns its standard output."""
    cmd = [binary(), *map(str, args)]
    print("$ faultline " + " ".join(shlex.quote(str(a)) for a in args))
    p = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    if check and p.returncode != 0:
        raise RuntimeError(f"faultline failed (exit {p.returncode}):\n{p.stderr}")
    return p.stdout


def sweep_table(folder):
    """sweep.csv of a sweep folder as a DataFrame."""
    return pd.read_csv(pathlib.Path(folder) / "sweep.csv")


def seconds(text):
    """'20s', '2m', '1h' -> seconds (the forms the notebooks sweep)."""
    units = {"ms": 0.001, "s": 1, "m": 60, "h": 3600}
    for suffix in ("ms", "s", "m", "h"):
        if text.endswith(suffix):
            return float(text[: -len(suffix)]) * units[suffix]
    return float(text)


# Student t 0.975 quantiles (two-sided 95 %) for 1..30 degrees of freedom, as GSL's
# gsl_cdf_tdist_Pinv gives them (faultline's own intervals use GSL directly).
_T975 = [12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157, 2.228139,
         2.200985, 2.178813, 2.160369, 2.144787, 2.131450, 2.119905, 2.109816, 2.100922, 2.093024, 2.085963,
         2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831, 2.048407, 2.045230, 2.042272]


def t975(dof):
    """The 0.975 quantile of Student's t with `dof` degrees of freedom (nan below 1)."""
    dof = int(dof)
    if dof < 1:
        return float("nan")
    return _T975[dof - 1] if dof <= 30 else 1.959964 + 2.4 / dof


def fresh(folder):
    """An empty output folder (a notebook's settings may differ from its last run's)."""
    import shutil
    shutil.rmtree(folder, ignore_errors=True)
    return folder
