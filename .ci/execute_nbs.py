"""Run notebooks and store their outputs, which the book shows: `python .ci/execute_nbs.py nbs/14_vanishing.ipynb`.

Cells flagged `slow` (or any flag given with `--skip`) are not run and keep the outputs stored before;
`--skip ''` runs every cell. Outputs are stored as `nbdev_test` computes them (execnb's shell, so tqdm
draws text bars; `IN_TEST` set, so one BLAS thread), then `nbdev_clean` tidies the notebook. A cell that fails stops the run and leaves the
notebook unchanged.
"""
import argparse, os, sys
from pathlib import Path
from execnb.nbio import read_nb, write_nb
from execnb.shell import CaptureShell
from fastcore.xtras import working_directory
from nbdev.clean import clean_nb


def _flags(source, skip):
    "Does a cell's directive block hold one of the flags in `skip`?"
    lines = [line[2:].strip() for line in source.splitlines() if line.startswith("#|")]
    return any(line.split(":")[0].split()[0] in skip for line in lines if line)


def execute(path, skip):
    "Run the notebook at `path` and write it back with fresh outputs; raise if a cell fails."
    path = Path(path).resolve()
    nb = read_nb(path)
    shell = CaptureShell(path)
    def keep(cell):
        if cell.cell_type != "code": return True
        if "nbdev_export" + "(" in cell.source: return True
        return _flags(cell.source, skip)
    with working_directory(path.parent):
        shell.run_all(nb, exc_stop=True, preproc=keep)
    clean_nb(nb, clear_all=False)
    write_nb(nb, path)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", help="notebooks to run")
    parser.add_argument("--skip", default="slow", help="comma-separated flags of cells not to run")
    args = parser.parse_args()
    skip = {flag for flag in args.skip.split(",") if flag}
    os.environ["IN_TEST"] = "1"
    for notebook in args.notebooks:
        print(f"running {notebook}", flush=True)
        try: execute(notebook, skip)
        except Exception as error:
            print(f"{notebook}: a cell failed, notebook left unchanged: {type(error).__name__}: {error}",
                  file=sys.stderr)
            raise SystemExit(1)
    os.system("nbdev_clean >/dev/null 2>&1")
