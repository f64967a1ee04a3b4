"""Write the practice chapters' cells into the package: `python .ci/practice_data.py` (or `--check`).

`rnn-literate practice` ships the cells of chapters 00-06 as package data, rnn_literate/practice_chapters.json
(see nbs/23_practice.ipynb). Run this after editing one of those chapters; `--check` only says whether the
file is up to date (exit status 1 when it is not), as .ci/run does.
"""
import argparse, sys
from pathlib import Path

root = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(root))
from rnn_literate.practice import stale_practice_data, write_practice_data  # noqa: E402

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("--check", action="store_true", help="only check that the data is up to date")
args = parser.parse_args()
if args.check:
    stale = stale_practice_data(root)
    if stale:
        sys.exit(f"rnn_literate/practice_chapters.json is out of date for {stale}: run python .ci/practice_data.py")
    print("rnn_literate/practice_chapters.json is up to date")
else:
    print(f"wrote {write_practice_data(root).relative_to(root)}")
