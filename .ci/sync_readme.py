#!/usr/bin/env python3
"""Render nbs/index.ipynb as README.md (markdown cells as they are, with chapter links made
relative to the repo root; code cells and their text outputs as fenced blocks; hidden cells skipped).  `--check` exits 1 if README.md differs.

nbdev_readme does the same job through Quarto; this script needs only the standard library,
so it runs on machines without Quarto and in CI."""
import json, re, sys, pathlib

root = pathlib.Path(__file__).resolve().parent.parent

def render(nb_path):
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    out = []
    for cell in nb["cells"]:
        src = "".join(cell["source"]).rstrip()
        if not src or src.lstrip().startswith("#| hide"): continue
        if cell["cell_type"] == "markdown":
            out.append(re.sub(r"\]\((\d\d_\w+\.ipynb)\)", r"](nbs/\1)", src))  # chapter links, from the repo root
            continue
        out.append("```python\n" + "\n".join(l for l in src.splitlines() if not l.startswith("#|")) + "\n```")
        for o in cell.get("outputs", []):
            text = o.get("text") or o.get("data", {}).get("text/plain")
            if text: out.append("```\n" + "".join(text).rstrip() + "\n```")
    return "\n\n".join(out) + "\n"

if __name__ == "__main__":
    text, readme = render(root / "nbs" / "index.ipynb"), root / "README.md"
    if "--check" in sys.argv:
        if readme.read_text(encoding="utf-8") != text:
            sys.exit("README.md is out of step with nbs/index.ipynb: run `python .ci/sync_readme.py`")
        print("README.md matches nbs/index.ipynb")
    else:
        readme.write_text(text, encoding="utf-8")
        print("wrote README.md from nbs/index.ipynb")
