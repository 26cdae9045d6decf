#!/usr/bin/env python3
"""Executes every notebook in notebooks/ headlessly (nbclient) and fails if one errors.

Run from anywhere: python3 notebooks/run_notebooks.py [NAME.ipynb ...]
Executed copies go to out/notebooks/executed/. scripts/test.sh runs this with FAULTLINE_QUICK=1.
Ends with 'notebooks: N passed, M failed'.
"""
import pathlib
import sys
import time

import nbformat
from nbclient import NotebookClient

HERE = pathlib.Path(__file__).resolve().parent


def main(names):
    paths = [HERE / n for n in names] if names else sorted(HERE.glob("*.ipynb"))
    out = HERE.parent / "out" / "notebooks" / "executed"
    out.mkdir(parents=True, exist_ok=True)
    failed = []
    for path in paths:
        start = time.monotonic()
        nb = nbformat.read(path, as_version=4)
        client = NotebookClient(nb, timeout=1200, kernel_name="python3", resources={"metadata": {"path": str(HERE)}})
        try:
            client.execute()
            status = "ok"
        except Exception as e:  # nbclient raises CellExecutionError with the cell's traceback
            failed.append(path.name)
            status = "FAILED\n" + str(e)
        nbformat.write(nb, out / path.name)
        print(f"notebook {path.name}: {status} ({time.monotonic() - start:.0f} s)", flush=True)
    print(f"notebooks: {len(paths) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
