#!/usr/bin/env python3
r"""Check the docs as a reader gets them: each processed notebook in _proc/, treated as Quarto treats it.

Run from the repository root after `nbdev_proc_nbs`:

    python .ci/check_docs.py [--katex-dir DIR] [--html-out DIR] [--only|--skip CHECK,...]
                             [--browser-pages NAME,...|all] [--self-test]

Quarto cannot be installed here, so this script does its part. Each _proc/CHAPTER.ipynb becomes one pandoc
markdown page, by Quarto's rules for Jupyter notebooks: the front matter (first raw cell, YAML `title:` and
`description:`) becomes the title block; `#| include: false` drops a cell, `#| echo: false` its code,
`#| output: false` its outputs; the `#|` lines leave the code; `#| code-fold: true` wraps the code (not
the outputs) in a closed `<details><summary>` (`show`: an open one); outputs become code blocks (stream,
error, text/plain), markdown (text/markdown), an image file (image/svg+xml, png, jpeg) or raw HTML
(text/html), chosen in that order of preference, html first; with `#| output: asis`, stdout is markdown.
Pandoc 2.17 (the engine inside Quarto) then parses the page to its JSON AST, where the checks find math,
headings, code blocks and images by pandoc's rules, and renders it to standalone HTML with KaTeX.
"Folded" below means inside a closed <details> (a folded code cell, a hint); "visible" means shown and
not folded.

Checks (the names --only and --skip take):
  render     the page of every chapter builds with pandoc (to the AST and to HTML), and no cell swallows
             the cells after it (an unclosed fence, a traceback printed as markdown); no nbs/ notebook
             lacks its _proc/ copy. A page that cannot be built is reported even when render is skipped.
  lesson     a chapter with a module (`#| default_exp NAME`) shows, in visible code (a folded definition
             does not count), the definition of every top-level function and class of lib/NAME.py that
             is public (in `__all__`) or named in the chapter's markdown, and at least one of them.
  stderr     no error output, no stderr stream and no traceback printed to stdout is stored in the
             processed notebook (shown or not: the notebook did not run cleanly).
  images     every image a markdown cell references (`![..](path)`, `<img src=..>`) exists relative to the
             notebook's folder in nbs/ (a leading `/` means nbs/ itself); http(s) and data: are not checked.
  katex      every math expression of the page parses with KaTeX (node, throwOnError), and no `$` is left
             that pandoc prints as text (`$x = $`: a space before the closing `$`); `\$` is a dollar sign.
  tests      unfolded test lines are under 15% of the page's code lines (code cells' source as shown,
             folded or not). A test line starts with `test(`, `test_...(` or `assert`.
  words      no markdown cell has over 250 words (words of its text, code spans and math; not code blocks).
  lines      no code line of the source notebook nbs/CHAPTER.ipynb is longer than 110 characters; a cell's
             `#|` options (a figure's alt text) are not code and may run longer.
  paths      no output shown on the page holds an absolute filesystem path ('/usr/', '/home/',
             'site-packages', the repository's own path, ...).
  markup     no markdown left raw inside a code block (`[`name`](https://...)`, `](http`): a link nbdev
             wrote into a show_doc signature, an output or a code cell. (Code spans in prose are the
             author's choice: a chapter may show such markup on purpose.)
  headings   no two headings of a chapter have the same text (the title counts).
  ending     every chapter but index has a `## Summary` heading, followed by headings "Exercises" and
             "References" (any level).
  figure     a chapter of Part I or II (found by module, not by file number: default_exp utils, rnn_cell,
             rnn_seq, lstm_cell, lstm_seq, backward, gru, stacked; loss, optim, training, sampling,
             embedding, charlm, vanishing, classify, scripts) shows a picture that is not folded: an
             output image, a markdown image, or raw HTML <img>/<svg>. Part III (engineering) may go without.
  width      no visible code line of a code cell (its source as shown: directives stripped; outputs
             not counted; folded cells not counted) is over 90 characters. When nbs/_quarto.yml sets
             `code-overflow: wrap` under format: html (or the cell sets `#| code-overflow: wrap`), long
             lines wrap instead of scrolling and the limit is the library limit, 110.
  signature  no show_doc card shows the signature `(*args, **kwargs)` (read from the card's output that
             the page shows, so that a broken page above it does not hide it).
  tex        no inline math has `\\` right before a letter (`$\\tilde c$`): KaTeX reads a line break and
             then plain letters, which no parse error catches.
  tocs       every table-of-contents heading (## or ###) has something visible under it before the next
             heading: not only folded cells, and not nothing (unless a deeper heading follows).
  browser    the HTML of some pages (--browser-pages: chapter or module names, or `all`; default the index
             and the lstm_cell chapter) opened in headless Chromium, KaTeX's JS, CSS and fonts loaded from
             local files, holds no KaTeX error (`katex-error`) and no math span KaTeX left unrendered.

KaTeX comes from npm: `npm install --prefix DIR katex@0.16.47`, then pass `--katex-dir DIR` (without it
./node_modules and node_modules beside this script are tried). katex needs node, browser needs chromium,
every check needs pandoc (Debian: `apt-get install -y pandoc chromium`).
`--self-test` runs the tests in test_check_docs.py beside this script (made-up notebooks for every new
check, and a page with a bad expression that the browser check must fail) instead of the checks.

Every problem is printed as one line: `FAIL [check] chapter cell N: what`. Cell numbers are 0-based indices in
the source notebook nbs/CHAPTER.ipynb; cells that nbdev added (show_doc) are given as `_proc cell N`.
Exit status: 0 when every check passed, 1 when some check failed, 2 when the checks could not run.
"""
from __future__ import annotations

import argparse
import ast
import base64
import configparser
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import nbformat
import yaml

ALL_CHECKS = ("render", "lesson", "stderr", "images", "katex", "tests", "words", "lines", "paths", "markup",
              "headings", "ending", "figure", "width", "signature", "tex", "tocs", "browser")
CORE_MODULES = ("utils", "rnn_cell", "rnn_seq", "lstm_cell", "lstm_seq", "backward", "gru", "stacked")
LEARNING_MODULES = ("loss", "optim", "training", "sampling", "embedding", "charlm", "vanishing", "classify", "scripts")
DEFAULT_BROWSER_PAGES = ("index", "lstm_cell")
ENDING_AFTER_SUMMARY = ("exercises", "references")
MAX_TEST_SHARE = 0.15
MAX_MARKDOWN_WORDS = 250
MAX_LINE_LENGTH = 110  # the library limit
MAX_VISIBLE_WIDTH = 90  # a code line the reader sees without scrolling
PATH_MARKERS = ("/usr/", "/opt/", "/root/", "/home/", "/tmp/", "/var/", "site-packages")
PANDOC_TIMEOUT = 120  # seconds for one page; a page takes well under one
KATEX_SCRIPT = Path(__file__).with_name("katex_check.js")
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--virtual-time-budget=10000")
# Quarto's output preference for HTML (src/core/jupyter/display-data.ts), less widget and script types.
MIME_ORDER = ("text/html", "text/markdown", "image/svg+xml", "image/png", "image/jpeg", "text/plain")
IMAGE_SUFFIX = {"image/svg+xml": "svg", "image/png": "png", "image/jpeg": "jpg"}
CONTENT_BLOCKS = {"Para", "Plain", "CodeBlock", "Table", "LineBlock", "DefinitionList", "RawBlock"}

DIRECTIVE_RE = re.compile(r"^\s*#\s*\|\s*([\w-]+)\s*:?\s*(.*?)\s*$")
DEF_RE = re.compile(r"^(?:async[ \t]+)?def[ \t]+(\w+)[ \t]*\(|^class[ \t]+(\w+)\b", re.MULTILINE)
TEST_LINE_RE = re.compile(r"^(?:test(?:_\w*)?\s*\(|assert\b)")
MODULE_CELL_RE = re.compile(r"^# %% (\S+\.ipynb)")
HTML_IMAGE_RE = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
HTML_PICTURE_RE = re.compile(r"<(?:img|svg)\b", re.IGNORECASE)
DETAILS_RE = re.compile(r"<(/?)details\b([^>]*)>", re.IGNORECASE)
FOLD_TAGS_RE = re.compile(r"<(/?)(?:details|summary)\b[^>]*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
REMOTE_URL_RE = re.compile(r"^(?:https?:|data:|//)", re.IGNORECASE)
MARKUP_RE = re.compile(r"\[`[^`\n]+`\]\(|\]\(https?:")
SIGNATURE_RE = re.compile(r"\(\s*\*args\s*,\s*\*\*kwargs\s*\)")
TEX_BREAK_RE = re.compile(r"(?<!\\)\\\\(?=[A-Za-z])")
ANSI_RE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
BACKTICKS_RE = re.compile(r"`+")
TRACEBACK = "Traceback (most recent call last)"


class SetupError(Exception):
    """The checks cannot run (no _proc/, no pandoc, no KaTeX, no node, no chromium)."""


@dataclass
class Problem:
    """One failed check, at one place in one chapter."""

    check: str
    chapter: str
    where: str  # e.g. "cell 12", "_proc cell 5" or "-" for the whole chapter
    message: str

    def line(self) -> str:
        """The one-line report of this problem."""
        return f"FAIL [{self.check}] {self.chapter} {self.where}: {self.message}"


@dataclass
class Item:
    """One element of the page's pandoc AST, with the notebook cell and cell part it came from."""

    node: dict  # {"t": type, "c": content}
    cell: int  # index in the processed notebook; -1 before the first cell
    part: str  # "title", "markdown", "raw", "code" or "output"
    folded: bool  # inside a closed <details>

    @property
    def kind(self) -> str:
        """The pandoc element type: Str, Math, Header, CodeBlock, ..."""
        return self.node["t"]


@dataclass
class Chapter:
    """A processed notebook, the notebook it came from, and the page a reader gets from it."""

    name: str  # path under _proc/ without .ipynb, e.g. 01_rnn_cell
    proc: nbformat.NotebookNode  # the processed notebook, _proc/NAME.ipynb
    source: nbformat.NotebookNode | None  # the notebook it came from, nbs/NAME.ipynb
    source_path: Path
    module: str | None  # the `#| default_exp` name, if any
    page: str = ""  # the treated page, pandoc markdown
    part_texts: dict = field(default_factory=dict)  # (cell, part) -> the markdown written for it
    marks: list = field(default_factory=list)  # (cell, part) of every marker written, in order
    shown_outputs: list = field(default_factory=list)  # (cell, output) for the outputs on the page
    show_doc_cells: set = field(default_factory=set)
    items: list[Item] = field(default_factory=list)  # the page's AST elements, in document order
    html_path: Path | None = None
    stats: dict = field(default_factory=dict)


@dataclass
class Context:
    """What the checks need beside the chapter."""

    nbs_dir: Path
    lib_dir: Path
    width_limit: int = MAX_VISIBLE_WIDTH
    path_markers: tuple = PATH_MARKERS


# ---------------------------------------------------------------- notebooks and cells

def read_settings(root: Path) -> tuple[Path, Path]:
    """The notebook and library folders named in settings.ini (nbs/ and the package folder by default)."""
    parser = configparser.ConfigParser()  # nbdev's settings.ini uses %(name)s interpolation
    parser.read(root / "settings.ini")
    settings = parser["DEFAULT"]
    lib_name = settings.get("lib_name", "")
    return root / settings.get("nbs_path", "nbs"), root / settings.get("lib_path", lib_name)


def cell_directives(source: str) -> dict[str, str]:
    """The leading `#| key: value` lines of a cell as a dict (value '' for a bare `#| key`)."""
    directives = {}
    for line in source.splitlines():
        match = DIRECTIVE_RE.match(line)
        if not match:
            break
        directives[match.group(1)] = match.group(2).strip("'\"")
    return directives


def without_directives(source: str) -> str:
    """A code cell's source as Quarto shows it: the leading `#|` lines and blank lines removed."""
    lines = source.splitlines()
    while lines and (DIRECTIVE_RE.match(lines[0]) or not lines[0].strip()):
        lines.pop(0)
    return "\n".join(lines)


def default_export(notebook: nbformat.NotebookNode) -> str | None:
    """The module name of the notebook's `#| default_exp` directive, if it has one."""
    for cell in notebook.cells:
        if cell.cell_type == "code":
            module = cell_directives(cell.source).get("default_exp")
            if module:
                return module.split()[0]
    return None


def source_cell_label(chapter: Chapter, proc_index: int) -> str:
    """Where a _proc cell is in the source notebook: 'cell N', or '_proc cell N' for a cell nbdev added."""
    if proc_index < 0 or proc_index >= len(chapter.proc.cells):
        return "-"
    cell_id = chapter.proc.cells[proc_index].get("id")
    for index, cell in enumerate(chapter.source.cells if chapter.source else []):
        if cell_id and cell.get("id") == cell_id:
            return f"cell {index}"
    return f"_proc cell {proc_index}"


def load_chapters(proc_dir: Path, nbs_dir: Path) -> list[Chapter]:
    """Every processed notebook in _proc/, with the source notebook it came from."""
    chapters = []
    for proc_path in sorted(proc_dir.rglob("*.ipynb")):
        relative = proc_path.relative_to(proc_dir)
        if any(part.startswith((".", "_")) for part in relative.parts):
            continue
        source_path = nbs_dir / relative
        source = nbformat.read(source_path, as_version=4) if source_path.exists() else None
        proc = nbformat.read(proc_path, as_version=4)
        module = default_export(source) if source else None
        chapters.append(Chapter(str(relative.with_suffix("")), proc, source, source_path, module))
    return chapters


def unprocessed_notebooks(proc_dir: Path, nbs_dir: Path) -> list[str]:
    """Notebooks in nbs/ with no processed copy in _proc/ (nbdev_proc_nbs not run since they were added)."""
    missing = []
    for source_path in sorted(nbs_dir.rglob("*.ipynb")):
        relative = source_path.relative_to(nbs_dir)
        if any(part.startswith((".", "_")) for part in relative.parts):
            continue
        if not (proc_dir / relative).exists():
            missing.append(str(relative.with_suffix("")))
    return missing


def visible_width_limit(nbs_dir: Path) -> int:
    """90, or the library limit 110 when nbs/_quarto.yml sets `code-overflow: wrap` under format: html."""
    config_path = nbs_dir / "_quarto.yml"
    config = yaml.safe_load(config_path.read_text(encoding="utf-8")) if config_path.exists() else None
    html = ((config or {}).get("format") or {}).get("html") or {}
    wraps = isinstance(html, dict) and html.get("code-overflow") == "wrap"
    return MAX_LINE_LENGTH if wraps else MAX_VISIBLE_WIDTH


# ---------------------------------------------------------------- Quarto's treatment: notebook -> page

def marker(cell: int, part: str) -> str:
    """An empty div that tells the AST walk which cell and part the following elements come from."""
    return f'::: {{.docs-mark cell="{cell}" part="{part}"}}\n:::\n\n'


def code_block(text: str, attributes: str = "") -> str:
    """A fenced code block holding text, with fences longer than any backtick run inside."""
    runs = [len(run) for run in BACKTICKS_RE.findall(text)]
    fence = "`" * max(3, max(runs, default=0) + 1)
    opening = f"{fence} {{{attributes}}}" if attributes else fence
    return f"{opening}\n{text.rstrip(chr(10))}\n{fence}\n\n"


def front_matter(cell) -> dict | None:
    """The YAML front matter of a raw cell (`---` ... `---`), or None when the cell holds none."""
    match = re.match(r"\s*---\s*\n(.*?)\n---\s*(?:\n|$)", cell.source, re.DOTALL)
    if cell.cell_type != "raw" or not match:
        return None
    meta = yaml.safe_load(match.group(1))
    return meta if isinstance(meta, dict) else None


def title_block(meta: dict) -> str:
    """The title heading and the description paragraph Quarto puts on top of the page."""
    text = ""
    if meta.get("title"):
        text += f"# {meta['title']} {{.title}}\n\n"
    if meta.get("description"):
        text += f"::: {{.description}}\n{meta['description']}\n:::\n\n"
    return text


def image_markdown(data, mime: str, target: Path, directives: dict) -> str:
    """Write an output image next to the page and return the markdown that shows it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    payload = "".join(data) if isinstance(data, list) else data
    if mime == "image/svg+xml":
        target.write_text(payload, encoding="utf-8")
    else:
        target.write_bytes(base64.b64decode(payload))
    caption = directives.get("fig-cap", "")
    alt = directives.get("fig-alt", "").replace('"', "'")
    attributes = f'{{fig-alt="{alt}"}}' if alt else ""
    return f"![{caption}]({target.parent.name}/{target.name}){attributes}\n\n"


def discarded(output, has_image: bool) -> bool:
    """Whether Quarto drops this text-only result (a matplotlib object's repr beside its figure)."""
    data = output.get("data", {})
    if output.output_type != "execute_result" or list(data) != ["text/plain"]:
        return False
    text = data["text/plain"]
    text = "".join(text) if isinstance(text, list) else text
    if has_image and "\n" not in text.strip():
        return bool(re.match(r"^[<(\[].*[>)\]]$", text.strip()))
    return text.startswith(("[<matplotlib", "<matplotlib", "<seaborn.", "<ggplot:"))


def display_markdown(output, image_target: Path, directives: dict) -> str:
    """The markdown of a display_data or execute_result output, in Quarto's order of preference."""
    data = output.get("data", {})
    mime = next((name for name in MIME_ORDER if name in data), None)
    if mime is None:
        return ""
    value = data[mime]
    text = "".join(value) if isinstance(value, list) else str(value)
    if mime in IMAGE_SUFFIX:
        return image_markdown(value, mime, image_target.with_suffix("." + IMAGE_SUFFIX[mime]), directives)
    if mime == "text/html":
        return code_block(text, "=html")
    if mime == "text/markdown":
        return text.rstrip("\n") + "\n\n"
    return code_block(ANSI_RE.sub("", text))


def output_markdown(output, asis: bool, image_target: Path, directives: dict) -> str:
    """The markdown Quarto writes for one output of a code cell."""
    if output.output_type == "stream":
        if asis and output.get("name") == "stdout":  # markdown; colour codes stripped (pandoc stalls on some)
            return ANSI_RE.sub("", output.get("text", "")) + "\n\n"
        return code_block(ANSI_RE.sub("", output.get("text", "")))
    if output.output_type == "error":
        return code_block(ANSI_RE.sub("", f"{output.get('ename', '')}: {output.get('evalue', '')}"))
    return display_markdown(output, image_target, directives)


def code_markdown(code: str, directives: dict) -> str:
    """A code cell's source block, folded into <details> as `#| code-fold` asks."""
    classes = ".python .cell-code"
    if directives.get("code-overflow") == "wrap":
        classes += " .code-overflow-wrap"
    block = code_block(code, classes)
    fold = directives.get("code-fold", "false")
    if fold not in ("true", "show"):
        return block
    summary = directives.get("code-summary") or "Code"
    opening = "<details open>" if fold == "show" else "<details>"
    return f"{opening}\n<summary>{summary}</summary>\n\n{block}</details>\n\n"


def shown_outputs(cell, directives: dict) -> list:
    """The outputs of a code cell that Quarto puts on the page."""
    if directives.get("output") == "false":
        return []
    outputs = cell.get("outputs", [])
    has_image = any(set(output.get("data", {})) & set(IMAGE_SUFFIX) for output in outputs)
    keep_warnings = directives.get("warning") != "false"
    return [output for output in outputs if not discarded(output, has_image)
            and (keep_warnings or output.get("name") != "stderr")]


def treat_code_cell(chapter: Chapter, index: int, cell, figures: Path) -> list[tuple[str, str]]:
    """(part, markdown) for a code cell: its code unless `echo: false`, then its outputs."""
    directives = cell_directives(cell.source)
    if directives.get("include") == "false":
        return []
    code = without_directives(cell.source)
    if code.startswith("show_doc("):
        chapter.show_doc_cells.add(index)
    parts = []
    if directives.get("echo") != "false" and code.strip():
        parts.append(("code", code_markdown(code, directives)))
    asis = directives.get("output") == "asis"
    for number, output in enumerate(shown_outputs(cell, directives), start=1):
        chapter.shown_outputs.append((index, output))
        target = figures / f"cell-{index + 1}-output-{number}"
        parts.append(("output", output_markdown(output, asis, target, directives)))
    return parts


def treat_cell(chapter: Chapter, index: int, cell, figures: Path) -> list[tuple[str, str]]:
    """(part, markdown) pairs for one cell of the processed notebook."""
    if cell.cell_type == "code":
        return treat_code_cell(chapter, index, cell, figures)
    if cell.cell_type == "markdown":
        return [("markdown", cell.source.rstrip("\n") + "\n\n")]
    meta = front_matter(cell)
    if meta is not None:
        return [("title", title_block(meta))]
    return [("raw", cell.source.rstrip("\n") + "\n\n")]


def treat(chapter: Chapter, html_dir: Path) -> str:
    """The page Quarto would make of the chapter, as pandoc markdown; output images go to html_dir."""
    figures = html_dir / f"{Path(chapter.name).name}_files"
    pieces = []
    for index, cell in enumerate(chapter.proc.cells):
        for part, markdown in treat_cell(chapter, index, cell, figures):
            key = (index, part)
            chapter.part_texts[key] = chapter.part_texts.get(key, "") + markdown
            chapter.marks.append(key)
            pieces.append(marker(index, part) + markdown)
    chapter.page = "".join(pieces)
    return chapter.page


# ---------------------------------------------------------------- pandoc and the AST

def run_pandoc(markdown: str, arguments: list[str]) -> str:
    """Run pandoc on markdown and return what it prints; a failure raises RuntimeError with its message."""
    command = ["pandoc", "-f", "markdown", *arguments]
    try:
        finished = subprocess.run(command, input=markdown, capture_output=True, text=True, check=False,
                                  timeout=PANDOC_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise RuntimeError(f"pandoc did not finish in {PANDOC_TIMEOUT} s") from None
    if finished.returncode != 0:
        raise RuntimeError(f"pandoc exit {finished.returncode}: {finished.stderr.strip()[:300]}")
    return finished.stdout


def folding_after(raw_html: str, stack: list[bool]) -> None:
    """Update the stack of open <details> (True: opened with `open`) with the tags in a raw HTML piece."""
    for match in DETAILS_RE.finditer(raw_html):
        if match.group(1):
            if stack:
                stack.pop()
        else:
            stack.append(bool(re.search(r"\bopen\b", match.group(2))))


class Walk:
    """A pre-order walk of a pandoc AST that notes, for every element, its cell, part and folding."""

    def __init__(self):
        self.cell, self.part, self.details, self.items, self.marks = -1, "markdown", [], [], []

    def visit(self, node) -> None:
        """Visit a node or a list of nodes."""
        if isinstance(node, list):
            for child in node:
                self.visit(child)
        elif isinstance(node, dict) and "t" in node:
            self.visit_element(node)

    def visit_element(self, node: dict) -> None:
        """Record one element (a marker div sets the cell and part instead), then its children."""
        if node["t"] == "Div" and "docs-mark" in node["c"][0][1]:
            attributes = dict(node["c"][0][2])
            self.cell, self.part = int(attributes["cell"]), attributes["part"]
            self.marks.append((self.cell, self.part))
            return
        folded = not all(self.details)
        self.items.append(Item(node, self.cell, self.part, folded))
        if node["t"] in ("RawBlock", "RawInline") and node["c"][0] == "html":
            folding_after(node["c"][1], self.details)
        self.visit(node.get("c"))


def page_items(ast_json: dict) -> tuple[list[Item], list[tuple[int, str]]]:
    """The elements of a page's AST in document order, and the (cell, part) markers found."""
    walk = Walk()
    walk.visit(ast_json["blocks"])
    return walk.items, walk.marks


def plain_text(node) -> str:
    """The text of an element and its children: words, code and math, spaces as spaces."""
    walk = Walk()
    walk.visit(node)
    pieces = []
    for item in walk.items:
        if item.kind == "Str":
            pieces.append(item.node["c"])
        elif item.kind in ("Code", "Math"):
            pieces.append(item.node["c"][1])
        elif item.kind in ("Space", "SoftBreak", "LineBreak"):
            pieces.append(" ")
    return "".join(pieces)


def katex_url(katex_package: Path) -> str:
    """The file URL of KaTeX's dist/ folder, ending in `/` as pandoc's --katex wants it."""
    return (katex_package / "dist").resolve().as_uri() + "/"


def build_page(chapter: Chapter, html_dir: Path, katex_package: Path | None) -> list[Problem]:
    """Treat the chapter, parse its page to the AST and, with KaTeX at hand, render it to HTML."""
    treat(chapter, html_dir)
    try:
        chapter.items, marks = page_items(json.loads(run_pandoc(chapter.page, ["-t", "json"])))
        if katex_package is not None:
            target = html_dir / f"{chapter.name}.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            arguments = ["-t", "html5", "--standalone", f"--katex={katex_url(katex_package)}",
                         "--metadata", f"pagetitle={chapter.name}", "-o", str(target)]
            run_pandoc(chapter.page, arguments)
            chapter.html_path = target
    except (RuntimeError, json.JSONDecodeError) as error:
        return [Problem("render", chapter.name, "-", f"the page does not build: {error}")]
    return swallowed(chapter, marks)


def swallowed(chapter: Chapter, marks: list[tuple[int, str]]) -> list[Problem]:
    """A render problem when a cell's markdown swallows the cells after it (their markers vanish)."""
    if marks == chapter.marks:
        return []
    lost = next(n for n, key in enumerate(chapter.marks) if n >= len(marks) or marks[n] != key)
    cell, part = chapter.marks[max(lost - 1, 0)]
    message = (f"its {part} swallows what follows: pandoc reads {len(chapter.marks) - len(marks)} later "
               f"cell part(s) as part of it (an unclosed code fence, a table, raw text printed as markdown)")
    return [problem("render", chapter, cell, message)]


def items_of(chapter: Chapter, *kinds: str) -> list[Item]:
    """The page's elements of the given pandoc types."""
    return [item for item in chapter.items if item.kind in kinds]


def cell_code_blocks(chapter: Chapter) -> list[Item]:
    """The code blocks that show code cells' source (not outputs, not code blocks in markdown)."""
    return [item for item in items_of(chapter, "CodeBlock") if "cell-code" in item.node["c"][0][1]]


def shorten(text: str, limit: int = 90) -> str:
    """The text on one line, cut to limit characters."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[:limit - 3] + "..."


def problem(check: str, chapter: Chapter, cell: int, message: str) -> Problem:
    """A problem at a _proc cell, labelled by its place in the source notebook."""
    return Problem(check, chapter.name, source_cell_label(chapter, cell), message)


# ---------------------------------------------------------------- check: lesson

def module_definitions(module_path: Path, source_path: Path) -> dict[str, int]:
    """Top-level functions and classes of a module that came from the given notebook, with their line."""
    module_text = module_path.read_text(encoding="utf-8")
    lines = module_text.splitlines()
    definitions = {}
    for node in ast.parse(module_text).body:
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            continue
        origin = exporting_notebook(lines, node.lineno, module_path)
        if origin is None or origin == source_path.resolve():
            definitions[node.name] = node.lineno
    return definitions


def exporting_notebook(lines: list[str], lineno: int, module_path: Path) -> Path | None:
    """The notebook named by the nearest `# %% ../nbs/X.ipynb` marker above a line of an nbdev module."""
    for line in reversed(lines[:lineno]):
        match = MODULE_CELL_RE.match(line)
        if match:
            return (module_path.parent / match.group(1)).resolve()
    return None


def module_public_names(module_path: Path) -> set[str]:
    """The names listed in the module's `__all__`."""
    for node in ast.parse(module_path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "__all__" for t in node.targets):
            return set(ast.literal_eval(node.value))
    return set()


def markdown_text(chapter: Chapter) -> str:
    """The text (words, code spans, math) of the chapter's markdown cells."""
    blocks = [item.node for item in chapter.items if item.part == "markdown"
              and item.kind in ("Para", "Plain", "Header")]
    return "\n".join(plain_text(block) for block in blocks)


def mentioned_names(chapter: Chapter, names: set[str]) -> set[str]:
    """The names that appear as whole identifiers in the chapter's markdown."""
    text = markdown_text(chapter)
    return {name for name in names if re.search(r"(?<![\w.])%s(?!\w)" % re.escape(name), text)}


def visible_definitions(chapter: Chapter) -> set[str]:
    """Names of functions and classes defined (at column 0) in the page's visible code."""
    names = set()
    for item in cell_code_blocks(chapter):
        if not item.folded:
            for match in DEF_RE.finditer(item.node["c"][1]):
                names.add(match.group(1) or match.group(2))
    return names


def defining_cell(chapter: Chapter, name: str) -> str:
    """'cell N (#| export)' for the source cell that defines name, or '-' when it cannot be found."""
    pattern = re.compile(r"^(?:async[ \t]+)?(?:def|class)[ \t]+%s\b" % re.escape(name), re.MULTILINE)
    for index, cell in enumerate(chapter.source.cells if chapter.source else []):
        if cell.cell_type == "code" and pattern.search(cell.source):
            directives = " ".join(f"#| {key}" for key in cell_directives(cell.source))
            return f"cell {index}" + (f" ({directives})" if directives else "")
    return "-"


def check_lesson(chapter: Chapter, context: Context) -> list[Problem]:
    """The chapter shows the code it teaches: public or mentioned definitions of its module are visible."""
    if chapter.module is None:
        return []
    module_path = context.lib_dir / (chapter.module.replace(".", "/") + ".py")
    if not module_path.exists():
        return [Problem("lesson", chapter.name, "-", f"module {module_path} (default_exp) does not exist")]
    definitions = module_definitions(module_path, chapter.source_path)
    public = module_public_names(module_path) & set(definitions)
    taught = public | mentioned_names(chapter, set(definitions) - public)
    shown = visible_definitions(chapter) & set(definitions)
    chapter.stats["lesson"] = (len(taught & shown), len(taught))
    problems = []
    for name in sorted(taught - shown, key=definitions.get):
        reason = "public" if name in public else "named in the markdown"
        message = f"`{name}` ({reason}, {module_path.name}:{definitions[name]}) has no visible definition"
        problems.append(Problem("lesson", chapter.name, defining_cell(chapter, name), message))
    if definitions and not shown:
        message = f"shows none of the {len(definitions)} functions/classes of {module_path.name}"
        problems.append(Problem("lesson", chapter.name, "-", message))
    return problems


# ---------------------------------------------------------------- checks: stderr and paths

def output_text(output) -> str:
    """All the text of one stored output: stream text, error traceback, text-like data."""
    if output.output_type == "stream":
        return output.get("text", "")
    if output.output_type == "error":
        return "\n".join([output.get("ename", ""), output.get("evalue", ""), *output.get("traceback", [])])
    parts = []
    for mime, value in output.get("data", {}).items():
        if mime.startswith("text/") or mime.endswith(("json", "javascript")):
            parts.append(value if isinstance(value, str) else json.dumps(value))
    return "\n".join(parts)


def check_stderr(chapter: Chapter, context: Context) -> list[Problem]:
    """No stored error output and no stderr stream in the processed notebook."""
    problems = []
    for index, cell in enumerate(chapter.proc.cells):
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                message = f"error output {output.get('ename', '')}: {output.get('evalue', '')}"[:200]
                problems.append(problem("stderr", chapter, index, message))
            elif output.output_type == "stream" and output.get("name") == "stderr":
                first_line = output.get("text", "").strip().splitlines()[:1]
                snippet = first_line[0][:120] if first_line else ""
                problems.append(problem("stderr", chapter, index, f"stderr output: {snippet!r}"))
            elif output.output_type == "stream" and TRACEBACK in output.get("text", ""):
                text = ANSI_RE.sub("", output.get("text", ""))
                last = shorten(text.strip().splitlines()[-1], 120)
                problems.append(problem("stderr", chapter, index, f"a traceback printed to stdout: {last!r}"))
    return problems


def check_paths(chapter: Chapter, context: Context) -> list[Problem]:
    """No output on the page shows an absolute filesystem path (a debug print, a traceback's file name)."""
    problems = []
    for index, output in chapter.shown_outputs:
        text = ANSI_RE.sub("", output_text(output))
        found = [(text.find(path), path) for path in context.path_markers if path in text]
        if found:
            position, path = min(found)
            snippet = shorten(text[max(0, position - 40):position + 60], 100)
            message = f"output shows a filesystem path {path!r}: ...{snippet}..."
            problems.append(problem("paths", chapter, index, message))
    return problems


# ---------------------------------------------------------------- check: images

def image_targets(chapter: Chapter) -> list[tuple[int, str]]:
    """(cell, path) for the images the markdown cells reference: markdown images and <img> tags."""
    found = []
    for item in chapter.items:
        if item.part != "markdown":
            continue
        if item.kind == "Image":
            found.append((item.cell, item.node["c"][2][0]))
        elif item.kind in ("RawBlock", "RawInline") and item.node["c"][0] == "html":
            found.extend((item.cell, target) for target in HTML_IMAGE_RE.findall(item.node["c"][1]))
    return found


def missing_image(target: str, cell, notebook_dir: Path, nbs_dir: Path) -> str | None:
    """Why an image reference is broken, or None when the file (or cell attachment) exists."""
    if REMOTE_URL_RE.match(target):
        return None
    if target.startswith("attachment:"):
        attachment = unquote(target[len("attachment:"):])
        return None if attachment in cell.get("attachments", {}) else f"no cell attachment {attachment!r}"
    path_part = unquote(re.split(r"[?#]", target)[0])
    base = nbs_dir if path_part.startswith("/") else notebook_dir
    image_path = base / path_part.lstrip("/")
    return None if image_path.is_file() else f"image {target!r} not found (looked for {image_path})"


def check_images(chapter: Chapter, context: Context) -> list[Problem]:
    """Every image a markdown cell references exists."""
    problems = []
    for index, target in image_targets(chapter):
        cell = chapter.proc.cells[index]
        reason = missing_image(target, cell, chapter.source_path.parent, context.nbs_dir)
        if reason:
            problems.append(problem("images", chapter, index, reason))
    return problems


# ---------------------------------------------------------------- check: katex (node) and stray dollars

def find_katex(katex_dir: str | None) -> Path:
    """The KaTeX package folder: from --katex-dir (an npm prefix or the package itself) or a default place."""
    if katex_dir:
        candidates = [Path(katex_dir) / "node_modules" / "katex", Path(katex_dir)]
    else:
        script_dir = Path(__file__).resolve().parent
        candidates = [Path.cwd() / "node_modules" / "katex", script_dir / "node_modules" / "katex"]
    for candidate in candidates:
        if (candidate / "package.json").is_file() and (candidate / "dist").is_dir():
            return candidate
    looked = ", ".join(str(candidate) for candidate in candidates)
    raise SetupError(f"KaTeX not found (looked in {looked}). Install it with "
                     f"`npm install --prefix DIR katex@0.16.47` and pass --katex-dir DIR.")


def run_katex(expressions: list[tuple[str, bool]], katex_package: Path) -> list[dict]:
    """Parse every (tex, display) with KaTeX in one node process; one result dict per expression."""
    if shutil.which("node") is None:
        raise SetupError("node is not on PATH; the katex check needs node (v16 or later)")
    request = json.dumps([{"tex": tex, "display": display} for tex, display in expressions])
    command = ["node", str(KATEX_SCRIPT), str(katex_package)]
    finished = subprocess.run(command, input=request, capture_output=True, text=True, check=False)
    if finished.returncode != 0:
        status = finished.returncode
        raise SetupError(f"{KATEX_SCRIPT.name} failed (exit {status}): {finished.stderr.strip()}")
    return json.loads(finished.stdout)


def math_items(chapter: Chapter) -> list[Item]:
    """The math of the page: inline and display."""
    return items_of(chapter, "Math")


def is_display(item: Item) -> bool:
    """Whether a Math element is display math ($$...$$)."""
    return item.node["c"][0]["t"] == "DisplayMath"


def literal_node_text(item: Item) -> str:
    """The text pandoc keeps as it is (code, math, raw HTML), where a `\\$` is not an escaped dollar."""
    if item.kind in ("Code", "CodeBlock", "Math", "RawInline", "RawBlock"):
        return item.node["c"][1]
    return ""


def stray_dollars(chapter: Chapter) -> list[Problem]:
    """A problem per cell part where pandoc prints a `$` that the source did not escape as `\\$`."""
    by_part: dict[tuple[int, str], list[Item]] = {}
    for item in chapter.items:
        by_part.setdefault((item.cell, item.part), []).append(item)
    problems = []
    for (cell, part), source in chapter.part_texts.items():
        items = by_part.get((cell, part), [])
        texts = [item.node["c"] for item in items if item.kind == "Str" and "$" in item.node["c"]]
        printed = sum(text.count("$") for text in texts)
        escaped = source.count("\\$") - sum(literal_node_text(item).count("\\$") for item in items)
        if printed > escaped:
            near = shorten(" ".join(texts), 60)
            message = (f"a `$` that is not math (pandoc prints it as it is) near {near!r}; close the math "
                       f"without a space before `$`, or write `\\$` for a dollar sign")
            problems.append(problem("katex", chapter, cell, message))
    return problems


def check_katex(chapters: list[Chapter], katex_package: Path) -> tuple[list[Problem], list[str]]:
    """Math parses with KaTeX and no `$` is left over as text; returns problems and KaTeX's warnings."""
    located = [(chapter, item) for chapter in chapters for item in math_items(chapter)]
    expressions = [(item.node["c"][1], is_display(item)) for _, item in located]
    results = run_katex(expressions, katex_package) if expressions else []
    problems, warnings = [], []
    for chapter in chapters:
        chapter.stats["math"] = len(math_items(chapter))
        problems.extend(stray_dollars(chapter))
    for (chapter, item), result in zip(located, results):
        delimiter = "$$" if is_display(item) else "$"
        shown = f"{delimiter}{shorten(item.node['c'][1])}{delimiter}"
        if not result["ok"]:
            problems.append(problem("katex", chapter, item.cell, f"{shown}: {result['error']}"))
        where = source_cell_label(chapter, item.cell)
        for text in result["warnings"]:
            warnings.append(f"warning [katex] {chapter.name} {where}: {shown}: {text}")
    return problems, warnings


# ---------------------------------------------------------------- checks: tests, words, lines

def code_lines(text: str) -> list[str]:
    """The non-blank lines of code that are not `#|` directives, stripped."""
    stripped = [line.strip() for line in text.splitlines()]
    return [line for line in stripped if line and not line.startswith("#|")]


def check_tests(chapter: Chapter, context: Context) -> list[Problem]:
    """Unfolded test lines are under 15% of the code lines of the page."""
    total, unfolded_tests, test_cells = 0, 0, []
    for item in cell_code_blocks(chapter):
        lines = code_lines(item.node["c"][1])
        total += len(lines)
        tests = 0 if item.folded else sum(1 for line in lines if TEST_LINE_RE.match(line))
        unfolded_tests += tests
        if tests:
            test_cells.append((tests, source_cell_label(chapter, item.cell)))
    share = unfolded_tests / total if total else 0.0
    chapter.stats["code_lines"], chapter.stats["test_share"] = total, share
    if share < MAX_TEST_SHARE:
        return []
    largest = sorted(test_cells, key=lambda entry: -entry[0])[:5]
    cells = ", ".join(f"{label} ({tests})" for tests, label in largest)
    message = (f"unfolded test lines are {unfolded_tests}/{total} = {share:.0%} of the code lines (limit: "
               f"under {MAX_TEST_SHARE:.0%}); fold them with `#| code-fold: true`; most in: {cells}")
    return [Problem("tests", chapter.name, "-", message)]


def word_count(items: list[Item]) -> int:
    """Words of a markdown cell: its text, code spans and math, split at spaces; not code blocks."""
    words = 0
    for item in items:
        if item.kind == "Str":
            words += 1 if any(char.isalnum() for char in item.node["c"]) else 0
        elif item.kind in ("Code", "Math"):
            words += sum(1 for token in item.node["c"][1].split() if any(char.isalnum() for char in token))
    return words


def check_words(chapter: Chapter, context: Context) -> list[Problem]:
    """No markdown cell is over 250 words."""
    by_cell: dict[int, list[Item]] = {}
    for item in chapter.items:
        if item.part == "markdown":
            by_cell.setdefault(item.cell, []).append(item)
    problems = []
    for index, items in by_cell.items():
        words = word_count(items)
        if words > MAX_MARKDOWN_WORDS:
            start = shorten(chapter.proc.cells[index].source, 50)
            message = f"markdown cell has {words} words (limit {MAX_MARKDOWN_WORDS}): {start!r}"
            problems.append(problem("words", chapter, index, message))
    return problems


def check_lines(chapter: Chapter, context: Context) -> list[Problem]:
    """No code line of the source notebook is longer than 110 characters (a cell's `#|` options aside)."""
    problems = []
    for index, cell in enumerate(chapter.source.cells if chapter.source else []):
        if cell.cell_type != "code":
            continue
        for number, line in enumerate(cell.source.splitlines(), start=1):
            if len(line) > MAX_LINE_LENGTH and not line.startswith("#|"):
                start = shorten(line, 60)
                message = f"code line is {len(line)} characters (limit {MAX_LINE_LENGTH}): {start!r}"
                problems.append(Problem("lines", chapter.name, f"cell {index} line {number}", message))
    return problems


# ---------------------------------------------------------------- checks on the page: markup, headings, ...

def check_markup(chapter: Chapter, context: Context) -> list[Problem]:
    """No markdown is left raw inside code: a link in a code block, an escaped pipe in inline code."""
    problems = []
    for item in items_of(chapter, "CodeBlock"):
        text = item.node["c"][1]
        match = MARKUP_RE.search(text)
        if match:
            snippet = shorten(text[max(0, match.start() - 30):match.end() + 40], 80)
            message = f"raw markdown shown in a code block ({item.part}): ...{snippet}..."
            problems.append(problem("markup", chapter, item.cell, message))
    for item in items_of(chapter, "Code"):
        if "\\|" in item.node["c"][1]:
            message = f"inline code shows a table's escaped pipe as a backslash: `{shorten(item.node['c'][1], 60)}`"
            problems.append(problem("markup", chapter, item.cell, message))
    return problems


def headings(chapter: Chapter) -> list[tuple[Item, int, str]]:
    """(item, level, text) for every heading of the page, in order."""
    found = []
    for item in items_of(chapter, "Header"):
        found.append((item, item.node["c"][0], plain_text(item.node["c"][2]).strip()))
    return found


def check_headings(chapter: Chapter, context: Context) -> list[Problem]:
    """No two headings of the chapter have the same text."""
    seen: dict[str, Item] = {}
    problems = []
    for item, _, text in headings(chapter):
        key = " ".join(text.lower().split())
        if key in seen:
            first = source_cell_label(chapter, seen[key].cell)
            message = f"heading {text!r} repeats the one in {first}"
            problems.append(problem("headings", chapter, item.cell, message))
        else:
            seen[key] = item
    return problems


def check_ending(chapter: Chapter, context: Context) -> list[Problem]:
    """A chapter (not the index) ends with `## Summary`, then headings Exercises and References."""
    if Path(chapter.name).name == "index":
        return []
    found = headings(chapter)
    summaries = [n for n, (_, level, text) in enumerate(found) if level == 2 and text.lower() == "summary"]
    summary = summaries[0] if summaries else None
    if summary is None:
        return [Problem("ending", chapter.name, "-", "no `## Summary` heading (the chapter's ending)")]
    after = {text.lower() for _, _, text in found[summary + 1:]}
    missing = [name.capitalize() for name in ENDING_AFTER_SUMMARY if name not in after]
    if not missing:
        return []
    message = f"no heading {' or '.join(repr(name) for name in missing)} after `## Summary`"
    return [problem("ending", chapter, found[summary][0].cell, message)]


def shows_picture(item: Item) -> bool:
    """Whether an element puts a picture on the page: an image, or raw HTML with <img> or <svg>."""
    if item.kind == "Image":
        return True
    is_html = item.kind in ("RawBlock", "RawInline") and item.node["c"][0] == "html"
    return is_html and bool(HTML_PICTURE_RE.search(item.node["c"][1]))


def check_figure(chapter: Chapter, context: Context) -> list[Problem]:
    """A chapter of Part I or II (by module) shows at least one picture that is not folded."""
    if chapter.module not in CORE_MODULES + LEARNING_MODULES:
        return []
    if any(shows_picture(item) and not item.folded for item in chapter.items):
        return []
    part = "core" if chapter.module in CORE_MODULES else "learning"
    message = f"{part} chapter (module {chapter.module}) shows no figure: no output image, no markdown image"
    return [Problem("figure", chapter.name, "-", message)]


def check_width(chapter: Chapter, context: Context) -> list[Problem]:
    """No visible code line of a code cell is wider than the page shows (90, or 110 when lines wrap)."""
    problems = []
    for item in cell_code_blocks(chapter):
        wraps = "code-overflow-wrap" in item.node["c"][0][1]
        limit = MAX_LINE_LENGTH if wraps else context.width_limit
        wide = [line for line in item.node["c"][1].splitlines() if len(line) > limit]
        if wide and not item.folded:
            longest = max(wide, key=len)
            message = (f"{len(wide)} visible code line(s) over {limit} characters, the longest "
                       f"{len(longest)}: {shorten(longest, 50)!r}")
            problems.append(problem("width", chapter, item.cell, message))
    return problems


def shown_text(output) -> str:
    """The text of the representation Quarto shows for an output (stream text, or the preferred mime)."""
    if output.output_type != "execute_result" and output.output_type != "display_data":
        return output.get("text", "")
    data = output.get("data", {})
    mime = next((name for name in MIME_ORDER if name in data), None)
    value = data.get(mime, "")
    return "".join(value) if isinstance(value, list) else str(value)


def check_signature(chapter: Chapter, context: Context) -> list[Problem]:
    """No show_doc card shows `(*args, **kwargs)` in place of the real parameters."""
    problems = []
    for index, output in chapter.shown_outputs:
        if index in chapter.show_doc_cells and SIGNATURE_RE.search(shown_text(output)):
            call = shorten(without_directives(chapter.proc.cells[index].source), 60)
            message = f"show_doc card shows the signature (*args, **kwargs): {call}"
            problems.append(problem("signature", chapter, index, message))
    return problems


def check_tex(chapter: Chapter, context: Context) -> list[Problem]:
    """No inline math has `\\\\` right before a letter (a doubled backslash: a line break, then text)."""
    problems = []
    for item in math_items(chapter):
        tex = item.node["c"][1]
        if not is_display(item) and TEX_BREAK_RE.search(tex):
            message = (f"${shorten(tex, 60)}$: `\\\\` before a letter is a line break then plain letters; "
                       f"write a single backslash")
            problems.append(problem("tex", chapter, item.cell, message))
    return problems


def is_content(item: Item) -> bool:
    """Whether an element shows the reader something: prose, code, a table, a picture (not fold tags)."""
    if item.folded or item.kind not in CONTENT_BLOCKS:
        return False
    if item.kind == "RawBlock":
        return bool(FOLD_TAGS_RE.sub("", item.node["c"][1]).strip())
    return True


def section_problem(chapter: Chapter, heading: Item, section: list[Item],
                    next_level: int | None) -> Problem | None:
    """The problem with a table-of-contents heading, given the elements up to the next heading."""
    level, text = heading.node["c"][0], plain_text(heading.node["c"][2]).strip()
    if level not in (2, 3) or any(is_content(item) for item in section):
        return None
    folded = [item for item in section if item.folded and item.kind in CONTENT_BLOCKS]
    if folded:
        cells = len({item.cell for item in folded})
        message = (f"heading {text!r} holds only folded content ({cells} cell(s)): "
                   f"the reader sees a heading over nothing")
        return problem("tocs", chapter, heading.cell, message)
    if next_level is None or next_level <= level:
        return problem("tocs", chapter, heading.cell, f"heading {text!r} has nothing under it")
    return None


def check_tocs(chapter: Chapter, context: Context) -> list[Problem]:
    """Every ## and ### heading has visible content before the next heading (or a deeper heading)."""
    positions = [n for n, item in enumerate(chapter.items) if item.kind == "Header"] + [len(chapter.items)]
    problems = []
    for start, end in zip(positions, positions[1:]):
        next_level = chapter.items[end].node["c"][0] if end < len(chapter.items) else None
        found = section_problem(chapter, chapter.items[start], chapter.items[start + 1:end], next_level)
        if found:
            problems.append(found)
    return problems


# ---------------------------------------------------------------- check: browser (headless Chromium)

class RenderedMath(HTMLParser):
    """Reads a DOM dump: KaTeX error spans, and math spans whose first child is not KaTeX's output."""

    def __init__(self):
        super().__init__()
        self.cell, self.pending, self.errors, self.unrendered, self.math = -1, None, [], [], 0

    def handle_starttag(self, tag, attrs):
        """Note marker divs, math spans and what KaTeX put inside them."""
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if "docs-mark" in classes:
            self.cell = int(attributes.get("data-cell", -1))
        if self.pending is not None:
            if not {"katex", "katex-display", "katex-error"} & set(classes):
                self.unrendered.append((self.pending, f"<{tag}>"))
            self.pending = None
        if "katex-error" in classes:
            self.errors.append((self.cell, attributes.get("title") or "katex-error"))
        if tag == "span" and "math" in classes:
            self.math += 1
            self.pending = self.cell

    def handle_data(self, data):
        """Text right inside a math span means KaTeX did not replace it."""
        if self.pending is not None and data.strip():
            self.unrendered.append((self.pending, data.strip()))
            self.pending = None


def dump_dom(html_path: Path) -> str:
    """The DOM of a local HTML page after its scripts ran, from headless Chromium."""
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        raise SetupError("chromium is not on PATH; the browser check needs it (apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="check_docs_chromium_") as profile:
        command = [browser, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--dump-dom",
                   html_path.resolve().as_uri()]
        finished = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    if finished.returncode != 0 or "<body" not in finished.stdout:
        status, error = finished.returncode, finished.stderr[-300:]
        raise SetupError(f"chromium failed on {html_path} (exit {status}): {error}")
    return finished.stdout


def browser_problems(chapter: Chapter) -> list[Problem]:
    """KaTeX errors and unrendered math in the chapter's page as Chromium shows it."""
    reader = RenderedMath()
    reader.feed(dump_dom(chapter.html_path))
    chapter.stats["browser math"] = reader.math
    problems = []
    for cell, title in reader.errors:
        message = f"KaTeX error in the browser: {shorten(title, 150)}"
        problems.append(problem("browser", chapter, cell, message))
    for cell, start in reader.unrendered:
        message = f"math KaTeX did not render: {shorten(start, 60)!r}"
        problems.append(problem("browser", chapter, cell, message))
    if reader.math == 0 and math_items(chapter):
        problems.append(Problem("browser", chapter.name, "-", "the page in the browser has no math spans"))
    return problems


def browser_chapters(chapters: list[Chapter], pages: str | None) -> list[Chapter]:
    """The chapters --browser-pages names (by chapter name, its file stem, or its module), or all."""
    wanted = DEFAULT_BROWSER_PAGES if not pages else tuple(name.strip() for name in pages.split(","))
    if "all" in wanted:
        return [chapter for chapter in chapters if chapter.html_path]
    names = {chapter.name: {chapter.name, Path(chapter.name).name, chapter.module} for chapter in chapters}
    chosen = [chapter for chapter in chapters if names[chapter.name] & set(wanted)]
    unknown = [name for name in wanted if not any(name in keys for keys in names.values())]
    if unknown:
        raise SetupError(f"--browser-pages: no chapter or module named {', '.join(sorted(unknown))}")
    return [chapter for chapter in chosen if chapter.html_path]


def check_browser(chapters: list[Chapter], pages: str | None) -> list[Problem]:
    """Open the chosen pages in headless Chromium and report KaTeX's failures there."""
    problems = []
    for chapter in browser_chapters(chapters, pages):
        problems.extend(browser_problems(chapter))
    return problems


# ---------------------------------------------------------------- running and reporting

CHAPTER_CHECKS = {
    "lesson": check_lesson, "stderr": check_stderr, "images": check_images, "tests": check_tests,
    "words": check_words, "lines": check_lines, "paths": check_paths, "markup": check_markup,
    "headings": check_headings, "ending": check_ending, "figure": check_figure, "width": check_width,
    "signature": check_signature, "tex": check_tex, "tocs": check_tocs,
}


def check_list(text: str | None, parser: argparse.ArgumentParser) -> set[str]:
    """The check names of a comma-separated option value; an unknown name is an error."""
    names = {name.strip() for name in (text or "").split(",") if name.strip()}
    unknown = sorted(names - set(ALL_CHECKS))
    if unknown:
        parser.error(f"unknown check(s) {', '.join(unknown)}; choose from {', '.join(ALL_CHECKS)}")
    return names


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--katex-dir", help="npm prefix where katex is installed, or the katex package")
    parser.add_argument("--html-out", help="folder for the rendered pages (default: a temporary folder)")
    parser.add_argument("--only", help="comma-separated checks to run: " + ",".join(ALL_CHECKS))
    parser.add_argument("--skip", help="comma-separated checks not to run")
    parser.add_argument("--browser-pages", help="chapters or modules to open in Chromium, or 'all' "
                        f"(default: {','.join(DEFAULT_BROWSER_PAGES)})")
    parser.add_argument("--self-test", action="store_true", help="run test_check_docs.py instead")
    args = parser.parse_args(argv)
    only = check_list(args.only, parser) or set(ALL_CHECKS)
    skip = check_list(args.skip, parser)
    args.checks = tuple(name for name in ALL_CHECKS if name in only and name not in skip)
    return args


def require_pandoc() -> None:
    """Fail early, with the install command, when pandoc is missing."""
    if shutil.which("pandoc") is None:
        raise SetupError("pandoc is not on PATH; every check needs it (apt-get install pandoc)")


def build_pages(chapters: list[Chapter], html_dir: Path, katex_package: Path | None) -> list[Problem]:
    """Build every chapter's page; the chapters whose page fails are reported under render."""
    problems = []
    for chapter in chapters:
        problems.extend(build_page(chapter, html_dir, katex_package))
    return problems


def run_checks(chapters: list[Chapter], context: Context, args, katex_package: Path | None,
               html_dir: Path) -> tuple[list[Problem], list[str]]:
    """Build the pages and run the selected checks; returns problems and warnings."""
    problems = build_pages(chapters, html_dir, katex_package)
    built = [chapter for chapter in chapters if chapter.items]
    for chapter in built:
        for name, check in CHAPTER_CHECKS.items():
            if name in args.checks:
                problems.extend(check(chapter, context))
    warnings = []
    if "katex" in args.checks:
        katex_problems, warnings = check_katex(built, katex_package)
        problems += katex_problems
    if "browser" in args.checks:
        problems += check_browser(built, args.browser_pages)
    return problems, warnings


def summary_table(chapters: list[Chapter], problems: list[Problem]) -> str:
    """A row per chapter: code lines, unfolded test share, taught definitions shown, math, problems."""
    header = ("chapter", "code lines", "unfolded tests", "taught shown", "math", "problems")
    rows = [header]
    for chapter in chapters:
        stats = chapter.stats
        share = f"{stats['test_share']:.1%}" if "test_share" in stats else "-"
        lesson = "%d/%d" % stats["lesson"] if "lesson" in stats else "-"
        count = sum(1 for problem in problems if problem.chapter == chapter.name)
        cells = (chapter.name, stats.get("code_lines", "-"), share, lesson, stats.get("math", "-"), count)
        rows.append(tuple(str(cell) for cell in cells))
    widths = [max(len(row[column]) for row in rows) for column in range(len(header))]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def totals_by_check(problems: list[Problem], checks: tuple) -> str:
    """'check: N problem(s)' for every check that ran."""
    lines = []
    for name in checks:
        count = sum(1 for problem in problems if problem.check == name)
        lines.append(f"  {name:<9} {'ok' if count == 0 else f'{count} problem(s)'}")
    return "\n".join(lines)


def report(chapters: list[Chapter], problems: list[Problem], warnings: list[str], args) -> int:
    """Print the problems, the table and the totals; 0 when nothing failed, 1 otherwise."""
    problems.sort(key=lambda found: ALL_CHECKS.index(found.check))  # stable: grouped by check
    for line in warnings:
        print(line)
    for found in problems:
        print(found.line())
    print()
    print(summary_table(chapters, problems))
    print()
    print(f"checks run on {len(chapters)} chapters:")
    print(totals_by_check(problems, args.checks))
    print(f"check_docs: {'FAILED' if problems else 'passed'}, {len(problems)} problem(s)")
    return 1 if problems else 0


def run(args: argparse.Namespace) -> int:
    """Run the selected checks from the repository root; 0 when all pass, 1 otherwise."""
    require_pandoc()
    root = Path.cwd()
    nbs_dir, lib_dir = read_settings(root)
    proc_dir = root / "_proc"
    if not proc_dir.is_dir():
        raise SetupError(f"{proc_dir} does not exist: run nbdev_proc_nbs first")
    chapters = load_chapters(proc_dir, nbs_dir)
    if not chapters:
        raise SetupError(f"no processed notebooks in {proc_dir}")
    needs_katex = {"katex", "browser", "render"} & set(args.checks)
    katex_package = find_katex(args.katex_dir) if needs_katex else None
    markers = PATH_MARKERS + (str(root.resolve()) + "/",)
    context = Context(nbs_dir, lib_dir, visible_width_limit(nbs_dir), markers)
    problems = []
    if "render" in args.checks:
        problems += [Problem("render", name, "-", "no processed copy in _proc/; run nbdev_proc_nbs")
                     for name in unprocessed_notebooks(proc_dir, nbs_dir)]
    with tempfile.TemporaryDirectory(prefix="check_docs_html_") as scratch:
        html_dir = Path(args.html_out) if args.html_out else Path(scratch)
        found, warnings = run_checks(chapters, context, args, katex_package, html_dir)
    return report(chapters, problems + found, warnings, args)


def self_test(args: argparse.Namespace) -> int:
    """Run the tests of test_check_docs.py (beside this script); 0 when they all pass."""
    import os
    import unittest

    if args.katex_dir:
        os.environ["CHECK_DOCS_KATEX_DIR"] = args.katex_dir
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    suite = unittest.defaultTestLoader.loadTestsFromName("test_check_docs")
    result = unittest.TextTestRunner(verbosity=1).run(suite)
    return 0 if result.wasSuccessful() else 1


def main(argv: list[str]) -> int:
    """Entry point: parse the options, run the checks (or the self-test), setup errors give exit status 2."""
    args = parse_args(argv)
    try:
        return self_test(args) if args.self_test else run(args)
    except SetupError as error:
        print(f"check_docs: cannot run: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
