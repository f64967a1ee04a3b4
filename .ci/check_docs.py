#!/usr/bin/env python3
r"""Check this nbdev project's docs inputs, the processed notebooks in _proc/, before Quarto renders them.

Run from the repository root after `nbdev_proc_nbs`:

    python .ci/check_docs.py [--katex-dir DIR] [--html-out DIR] [--only CHECK,CHECK,...]

Checks (the names --only takes):
  render  every _proc/*.ipynb renders to HTML with nbconvert's HTMLExporter; no nbs/ notebook is unprocessed.
  lesson  a chapter with a module (`#| default_exp NAME`) shows, in a visible code cell, the definition of
          every top-level function and class of lib/NAME.py that is public (in `__all__`) or named in the
          chapter's markdown; and shows at least one of the module's definitions.
  stderr  no error output and no stderr stream output is stored in the processed notebook.
  images  every image a markdown cell references (`![..](path)`, `<img src=..>`) exists relative to the
          notebook's folder in nbs/ (a leading `/` means nbs/ itself); http(s), data: URLs are not checked.
  katex   every `$...$` and `$$...$$` in markdown (outside code spans and fenced code) parses with KaTeX, and
          no `$` is left that pandoc prints as text (`$x = $`: a space before the closing `$`); math is found
          by pandoc's rules (tex_math_dollars), so `\$` and `$20,000 and $30,000` are not math.
  tests   unfolded test lines are under 15% of the visible code lines. Visible code cells are those not hidden
          with `#| echo: false` or `#| include: false`; a cell with `#| code-fold: true` is folded. Lines are
          the non-blank lines that are not `#|` directives; a test line starts with `test(`, `test_...(`
          (test_eq, test_close, test_fail, ...) or `assert`.
  words   no markdown cell of the source notebook has over 250 words; a word is a whitespace-separated token
          with a letter or digit in it, outside fenced code blocks (math and table cells count).
  lines   no code line of the source notebook is longer than 110 characters.
  paths   no stored output shows an absolute filesystem path ('/usr/', '/home/', 'site-packages', the
          repository's own path, ...).

KaTeX comes from npm: `npm install --prefix DIR katex@0.16`, then pass `--katex-dir DIR`. Without that option
the script looks in ./node_modules and in node_modules beside this script. The katex check needs node.

Every problem is printed as one line: `FAIL [check] chapter cell N: what`. Cell numbers are 0-based indices in
the source notebook nbs/CHAPTER.ipynb; cells that nbdev added (show_doc) are given as `_proc cell N`.
Exit status: 0 when every check passed, 1 when some check failed, 2 when the checks could not run.
"""
from __future__ import annotations

import argparse
import ast
import configparser
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

import nbformat

ALL_CHECKS = ("render", "lesson", "stderr", "images", "katex", "tests", "words", "lines", "paths")
MAX_TEST_SHARE = 0.15
MAX_MARKDOWN_WORDS = 250
MAX_LINE_LENGTH = 110
PATH_MARKERS = ("/usr/", "/opt/", "/root/", "/home/", "/tmp/", "/var/", "site-packages")
KATEX_SCRIPT = Path(__file__).with_name("katex_check.js")

DIRECTIVE_RE = re.compile(r"^\s*#\s*\|\s*([\w-]+)\s*:?\s*(.*?)\s*$")
FENCE_RE = re.compile(r"^\s*(`{3,}|~{3,})")
DEF_RE = re.compile(r"^(?:async[ \t]+)?def[ \t]+(\w+)[ \t]*\(|^class[ \t]+(\w+)\b", re.MULTILINE)
TEST_LINE_RE = re.compile(r"^(?:test(?:_\w*)?\s*\(|assert\b)")
MODULE_CELL_RE = re.compile(r"^# %% (\S+\.ipynb)")
MD_IMAGE_RE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)>?[^)]*\)")
HTML_IMAGE_RE = re.compile(r"<img\b[^>]*?\bsrc\s*=\s*[\"']([^\"']+)[\"']", re.IGNORECASE)
REMOTE_URL_RE = re.compile(r"^(?:https?:|data:|//)", re.IGNORECASE)
BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")
SPACES_RE = re.compile(r"\s+")


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
class Chapter:
    """A processed notebook, the source notebook it came from, and the numbers the checks found."""

    name: str  # path under _proc/ without .ipynb, e.g. 01_rnn_cell
    proc: nbformat.NotebookNode  # the processed notebook, _proc/NAME.ipynb
    source: nbformat.NotebookNode | None  # the notebook it came from, nbs/NAME.ipynb
    source_path: Path
    module: str | None  # the `#| default_exp` name, if any
    stats: dict = field(default_factory=dict)


@dataclass
class Segment:
    """A piece of a markdown cell: plain text, a code span or a math expression (without delimiters)."""

    kind: str  # "text", "code" (a code span) or "math"
    text: str
    line: int  # 1-based line of the segment's start in its cell
    display: bool = False


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


def default_export(notebook: nbformat.NotebookNode) -> str | None:
    """The module name of the notebook's `#| default_exp` directive, if it has one."""
    for cell in notebook.cells:
        if cell.cell_type == "code":
            module = cell_directives(cell.source).get("default_exp")
            if module:
                return module.split()[0]
    return None


def is_visible(cell) -> bool:
    """Whether Quarto shows this code cell's source (not `#| echo: false`, `#| include: false`, `#| hide`)."""
    directives = cell_directives(cell.source)
    hidden = directives.get("echo") == "false" or directives.get("include") == "false"
    return cell.cell_type == "code" and not hidden and "hide" not in directives


def is_folded(cell) -> bool:
    """Whether Quarto collapses this code cell (`#| code-fold: true`)."""
    return cell_directives(cell.source).get("code-fold") == "true"


def code_lines(source: str) -> list[str]:
    """The non-blank lines of a code cell that are not `#|` directives, stripped."""
    stripped = [line.strip() for line in source.splitlines()]
    return [line for line in stripped if line and not line.startswith("#|")]


def source_cell_label(chapter: Chapter, proc_index: int) -> str:
    """Where a _proc cell is in the source notebook: 'cell N', or '_proc cell N' for a cell nbdev added."""
    cell_id = chapter.proc.cells[proc_index].get("id")
    source_cells = chapter.source.cells if chapter.source else []
    for index, cell in enumerate(source_cells):
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
        name = str(relative.with_suffix(""))
        chapters.append(Chapter(name, proc, source, source_path, module))
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


# ---------------------------------------------------------------- markdown

def without_fenced_code(markdown: str) -> str:
    """The markdown with the lines of fenced code blocks blanked (line numbers are kept)."""
    kept, fence = [], None
    for line in markdown.split("\n"):
        match = FENCE_RE.match(line)
        if fence is None and match:
            fence = match.group(1)
            kept.append("")
        elif fence is not None:
            closes = match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence)
            if closes and line.strip() == match.group(1):
                fence = None
            kept.append("")
        else:
            kept.append(line)
    return "\n".join(kept)


def backtick_run(text: str, start: int) -> int:
    """How many backticks follow one another from start."""
    end = start
    while end < len(text) and text[end] == "`":
        end += 1
    return end - start


def code_span_end(text: str, start: int) -> int | None:
    """End of the code span opened by the backtick run at start, or None when the run is never closed."""
    run = backtick_run(text, start)
    closing = re.compile(r"(?<!`)`{%d}(?!`)" % run)
    match = closing.search(text, start + run)
    return match.end() if match else None


def display_math_end(text: str, start: int) -> int | None:
    """Index of the `$$` closing display math opened at start, or None (then pandoc keeps `$$` as text).

    As in pandoc, display math cannot span a blank line.
    """
    end = text.find("$$", start + 2)
    if end == -1 or BLANK_LINE_RE.search(text, start, end):
        return None
    return end


def inline_math_end(text: str, start: int) -> int | None:
    """Index of the `$` closing inline math opened at start, or None when pandoc would not see math there.

    Pandoc's rules: the opening `$` is followed by a non-space; a backslash escapes the next character;
    the first unescaped `$` closes, and must not follow a space nor be followed by a digit (so
    `$20,000 and $30,000` is not math); the math cannot span a blank line.
    """
    if start + 1 >= len(text) or text[start + 1].isspace():
        return None
    index = start + 1
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
        elif char == "$":
            followed_by_digit = index + 1 < len(text) and text[index + 1].isdigit()
            return None if followed_by_digit else index
        elif char.isspace():
            spaces = SPACES_RE.match(text, index).group()
            if spaces.count("\n") > 1 or text.startswith("$", index + len(spaces)):
                return None
            index += len(spaces)
        else:
            index += 1
    return None


def special_segment(text: str, index: int) -> Segment | None:
    """The code span or math starting at index, or None when the character there is plain text."""
    line = text.count("\n", 0, index) + 1
    if text[index] == "`":
        end = code_span_end(text, index)
        return Segment("code", text[index:end], line) if end is not None else None
    if text.startswith("$$", index):
        end = display_math_end(text, index)
        return Segment("math", text[index + 2:end], line, display=True) if end is not None else None
    end = inline_math_end(text, index)
    return Segment("math", text[index + 1:end], line) if end is not None else None


def segment_end(segment: Segment, start: int) -> int:
    """Index just past a code or math segment found at start."""
    if segment.kind == "code":
        return start + len(segment.text)
    delimiter = 2 if segment.display else 1
    return start + len(segment.text) + 2 * delimiter


def markdown_segments(markdown: str) -> list[Segment]:
    """Split a markdown cell, left to right, into text, code spans and math; fenced code is dropped."""
    text = without_fenced_code(markdown)
    segments, text_start, index = [], 0, 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2
            continue
        segment = special_segment(text, index) if char in "`$" else None
        if segment is None and char == "`":
            index += backtick_run(text, index)  # an unclosed run is literal text, all of it
            continue
        if segment is None:
            index += 1
            continue
        if text_start < index:
            segments.append(Segment("text", text[text_start:index], text.count("\n", 0, text_start) + 1))
        segments.append(segment)
        index = text_start = segment_end(segment, index)
    segments.append(Segment("text", text[text_start:], text.count("\n", 0, text_start) + 1))
    return segments


def prose(markdown: str) -> str:
    """The markdown without fenced code, code spans and math."""
    return "".join(segment.text for segment in markdown_segments(markdown) if segment.kind == "text")


def markdown_cells(notebook: nbformat.NotebookNode) -> list[tuple[int, nbformat.NotebookNode]]:
    """(index, cell) for every markdown cell of a notebook."""
    return [(index, cell) for index, cell in enumerate(notebook.cells) if cell.cell_type == "markdown"]


# ---------------------------------------------------------------- check: render

def check_render(chapters: list[Chapter], html_dir: Path) -> list[Problem]:
    """Render every processed notebook to HTML with nbconvert; a failure to render is a problem."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter()
    problems = []
    for chapter in chapters:
        target = html_dir / f"{chapter.name}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            body, _ = exporter.from_notebook_node(chapter.proc)
        except Exception as error:  # any failure of the exporter is what this check reports
            problems.append(Problem("render", chapter.name, "-", f"HTMLExporter failed: {error!r}"))
            continue
        target.write_text(body, encoding="utf-8")
    return problems


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


def mentioned_names(chapter: Chapter, names: set[str]) -> set[str]:
    """The names that appear as whole identifiers in the chapter's markdown."""
    markdown = "\n".join(cell.source for _, cell in markdown_cells(chapter.proc))
    mentioned = set()
    for name in names:
        if re.search(r"(?<![\w.])%s(?!\w)" % re.escape(name), markdown):
            mentioned.add(name)
    return mentioned


def visible_definitions(chapter: Chapter) -> set[str]:
    """Names of functions and classes defined (at column 0) in the chapter's visible code cells."""
    names = set()
    for cell in chapter.proc.cells:
        if is_visible(cell):
            for match in DEF_RE.finditer(cell.source):
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


def check_lesson(chapter: Chapter, lib_dir: Path) -> list[Problem]:
    """The chapter shows the code it teaches: public or mentioned definitions of its module are visible."""
    if chapter.module is None:
        return []
    module_path = lib_dir / (chapter.module.replace(".", "/") + ".py")
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


# ---------------------------------------------------------------- check: stderr and paths

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


def check_stderr(chapter: Chapter) -> list[Problem]:
    """No stored error output and no stderr stream in the processed notebook."""
    problems = []
    for index, cell in enumerate(chapter.proc.cells):
        for output in cell.get("outputs", []):
            where = source_cell_label(chapter, index)
            if output.output_type == "error":
                message = f"error output {output.get('ename', '')}: {output.get('evalue', '')}"[:200]
                problems.append(Problem("stderr", chapter.name, where, message))
            elif output.output_type == "stream" and output.get("name") == "stderr":
                first_line = output.get("text", "").strip().splitlines()[:1]
                snippet = first_line[0][:120] if first_line else ""
                problems.append(Problem("stderr", chapter.name, where, f"stderr output: {snippet!r}"))
    return problems


def check_paths(chapter: Chapter, markers: tuple[str, ...]) -> list[Problem]:
    """No stored output shows an absolute filesystem path (a debug print, a warning's file name)."""
    problems = []
    for index, cell in enumerate(chapter.proc.cells):
        text = "\n".join(output_text(output) for output in cell.get("outputs", []))
        for marker in markers:
            position = text.find(marker)
            if position == -1:
                continue
            snippet = text[max(0, position - 40):position + 60].replace("\n", " ")
            message = f"output shows a filesystem path {marker!r}: ...{snippet}..."
            problems.append(Problem("paths", chapter.name, source_cell_label(chapter, index), message))
    return problems


# ---------------------------------------------------------------- check: images

def image_targets(markdown: str) -> list[str]:
    """The image paths a markdown cell references, outside code."""
    text = prose(markdown)
    return MD_IMAGE_RE.findall(text) + HTML_IMAGE_RE.findall(text)


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


def check_images(chapter: Chapter, nbs_dir: Path) -> list[Problem]:
    """Every image a markdown cell references exists."""
    problems = []
    for index, cell in markdown_cells(chapter.proc):
        for target in image_targets(cell.source):
            reason = missing_image(target, cell, chapter.source_path.parent, nbs_dir)
            if reason:
                problems.append(Problem("images", chapter.name, source_cell_label(chapter, index), reason))
    return problems


# ---------------------------------------------------------------- check: katex

def math_expressions(chapter: Chapter) -> list[tuple[int, Segment]]:
    """(proc cell index, math segment) for every math expression in the chapter's markdown."""
    found = []
    for index, cell in markdown_cells(chapter.proc):
        for segment in markdown_segments(cell.source):
            if segment.kind == "math":
                found.append((index, segment))
    return found


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
                     f"`npm install --prefix DIR katex@0.16` and pass --katex-dir DIR.")


def run_katex(expressions: list[Segment], katex_package: Path) -> list[dict]:
    """Parse every expression with KaTeX in one node process; one result dict per expression."""
    if shutil.which("node") is None:
        raise SetupError("node is not on PATH; the katex check needs node (v16 or later)")
    request = json.dumps([{"tex": segment.text, "display": segment.display} for segment in expressions])
    command = ["node", str(KATEX_SCRIPT), str(katex_package)]
    finished = subprocess.run(command, input=request, capture_output=True, text=True, check=False)
    if finished.returncode != 0:
        status = finished.returncode
        raise SetupError(f"{KATEX_SCRIPT.name} failed (exit {status}): {finished.stderr.strip()}")
    return json.loads(finished.stdout)


def shorten(text: str, limit: int = 90) -> str:
    """The text on one line, cut to limit characters."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[:limit - 3] + "..."


def literal_dollars(text: str) -> list[int]:
    """Positions of the unescaped `$` in a text segment: dollars pandoc prints as they are."""
    positions, index = [], 0
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text[index] == "$":
            positions.append(index)
        index += 1
    return positions


def stray_dollar_lines(markdown: str) -> dict[int, str]:
    """Line number -> context, for the lines of a markdown cell with a `$` that pandoc prints as text."""
    found = {}
    for segment in markdown_segments(markdown):
        if segment.kind != "text":
            continue
        for position in literal_dollars(segment.text):
            line = segment.line + segment.text.count("\n", 0, position)
            context = segment.text[max(0, position - 30):position + 40]
            found.setdefault(line, shorten(context, 70))
    return found


def stray_dollars(chapter: Chapter) -> list[Problem]:
    """A problem for each markdown line with a `$` that is not math, e.g. `$x = $` (a space before `$`)."""
    problems = []
    for index, cell in markdown_cells(chapter.proc):
        for line, context in stray_dollar_lines(cell.source).items():
            where = f"{source_cell_label(chapter, index)} line {line}"
            message = (f"a `$` that is not math (pandoc prints it as it is): ...{context}...; "
                       f"close the math without a space before `$`, or write `\\$` for a dollar sign")
            problems.append(Problem("katex", chapter.name, where, message))
    return problems


def check_katex(chapters: list[Chapter], katex_package: Path) -> tuple[list[Problem], list[str]]:
    """Math parses with KaTeX and no `$` is left over as text; returns problems and KaTeX's warnings."""
    located = []
    for chapter in chapters:
        for index, segment in math_expressions(chapter):
            located.append((chapter, index, segment))
    results = run_katex([segment for _, _, segment in located], katex_package) if located else []
    problems, warnings = [], []
    for chapter in chapters:
        chapter.stats["math"] = 0
        problems.extend(stray_dollars(chapter))
    for (chapter, index, segment), result in zip(located, results):
        chapter.stats["math"] += 1
        where = f"{source_cell_label(chapter, index)} line {segment.line}"
        delimiter = "$$" if segment.display else "$"
        shown = f"{delimiter}{shorten(segment.text)}{delimiter}"
        if not result["ok"]:
            problems.append(Problem("katex", chapter.name, where, f"{shown}: {result['error']}"))
        for warning in result["warnings"]:
            warnings.append(f"warning [katex] {chapter.name} {where}: {shown}: {warning}")
    return problems, warnings


# ---------------------------------------------------------------- check: tests

def test_line_count(source: str) -> int:
    """How many lines of a code cell are test lines (test(...), test_xxx(...), assert)."""
    return sum(1 for line in code_lines(source) if TEST_LINE_RE.match(line))


def check_tests(chapter: Chapter) -> list[Problem]:
    """Unfolded test lines are under 15% of the visible code lines of the processed chapter."""
    visible_lines, unfolded_tests, test_cells = 0, 0, []
    for index, cell in enumerate(chapter.proc.cells):
        if not is_visible(cell):
            continue
        visible_lines += len(code_lines(cell.source))
        if not is_folded(cell):
            tests = test_line_count(cell.source)
            unfolded_tests += tests
            if tests:
                test_cells.append((tests, source_cell_label(chapter, index)))
    share = unfolded_tests / visible_lines if visible_lines else 0.0
    chapter.stats["code_lines"] = visible_lines
    chapter.stats["test_share"] = share
    if share < MAX_TEST_SHARE:
        return []
    largest = sorted(test_cells, key=lambda item: -item[0])[:5]
    cells = ", ".join(f"{label} ({tests})" for tests, label in largest)
    message = (f"unfolded test lines are {unfolded_tests}/{visible_lines} = {share:.0%} of visible code "
               f"lines (limit: under {MAX_TEST_SHARE:.0%}); fold them with `#| code-fold: true`; "
               f"most in: {cells}")
    return [Problem("tests", chapter.name, "-", message)]


# ---------------------------------------------------------------- checks on the source notebook: words, lines

def word_count(markdown: str) -> int:
    """Whitespace-separated tokens with a letter or digit in them, outside fenced code blocks."""
    tokens = without_fenced_code(markdown).split()
    return sum(1 for token in tokens if any(char.isalnum() for char in token))


def check_words(chapter: Chapter) -> list[Problem]:
    """No markdown cell of the source notebook is over 250 words."""
    problems = []
    if chapter.source is None:
        return []
    for index, cell in markdown_cells(chapter.source):
        words = word_count(cell.source)
        if words > MAX_MARKDOWN_WORDS:
            start = shorten(cell.source, 50)
            message = f"markdown cell has {words} words (limit {MAX_MARKDOWN_WORDS}): {start!r}"
            problems.append(Problem("words", chapter.name, f"cell {index}", message))
    return problems


def check_lines(chapter: Chapter) -> list[Problem]:
    """No code line of the source notebook is longer than 110 characters."""
    problems = []
    for index, cell in enumerate(chapter.source.cells if chapter.source else []):
        if cell.cell_type != "code":
            continue
        for number, line in enumerate(cell.source.splitlines(), start=1):
            if len(line) > MAX_LINE_LENGTH:
                start = shorten(line, 60)
                message = f"code line is {len(line)} characters (limit {MAX_LINE_LENGTH}): {start!r}"
                problems.append(Problem("lines", chapter.name, f"cell {index} line {number}", message))
    return problems


# ---------------------------------------------------------------- running and reporting

class SetupError(Exception):
    """The checks cannot run (no _proc/, no KaTeX, no node)."""


def parse_args(argv: list[str]) -> argparse.Namespace:
    """The command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--katex-dir", help="npm prefix where katex is installed, or the katex package")
    parser.add_argument("--html-out", help="folder for the rendered HTML (default: a temporary folder)")
    parser.add_argument("--only", help="comma-separated checks to run: " + ",".join(ALL_CHECKS))
    args = parser.parse_args(argv)
    args.checks = ALL_CHECKS
    if args.only:
        args.checks = tuple(name.strip() for name in args.only.split(",") if name.strip())
        unknown = sorted(set(args.checks) - set(ALL_CHECKS))
        if unknown:
            parser.error(f"unknown check(s) {', '.join(unknown)}; choose from {', '.join(ALL_CHECKS)}")
    return args


def per_chapter_problems(chapters: list[Chapter], checks: tuple, nbs_dir: Path,
                         lib_dir: Path) -> list[Problem]:
    """Run the checks that look at one chapter at a time."""
    markers = PATH_MARKERS + (str(Path.cwd().resolve()) + "/",)
    chapter_checks = {
        "lesson": lambda chapter: check_lesson(chapter, lib_dir),
        "stderr": check_stderr,
        "images": lambda chapter: check_images(chapter, nbs_dir),
        "tests": check_tests,
        "words": check_words,
        "lines": check_lines,
        "paths": lambda chapter: check_paths(chapter, markers),
    }
    problems = []
    for chapter in chapters:
        for name, check in chapter_checks.items():
            if name in checks:
                problems.extend(check(chapter))
    return problems


def render_problems(chapters: list[Chapter], html_out: str | None, missing: list[str]) -> list[Problem]:
    """Render every chapter to HTML (into html_out or a temporary folder) and report unprocessed notebooks."""
    problems = []
    for name in missing:
        problems.append(Problem("render", name, "-", "no processed copy in _proc/; run nbdev_proc_nbs"))
    if html_out:
        return problems + check_render(chapters, Path(html_out))
    with tempfile.TemporaryDirectory(prefix="check_docs_html_") as html_dir:
        return problems + check_render(chapters, Path(html_dir))


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
        lines.append(f"  {name:<7} {'ok' if count == 0 else f'{count} problem(s)'}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Run the selected checks from the repository root; 0 when all pass, 1 otherwise."""
    root = Path.cwd()
    nbs_dir, lib_dir = read_settings(root)
    proc_dir = root / "_proc"
    if not proc_dir.is_dir():
        raise SetupError(f"{proc_dir} does not exist: run nbdev_proc_nbs first")
    chapters = load_chapters(proc_dir, nbs_dir)
    if not chapters:
        raise SetupError(f"no processed notebooks in {proc_dir}")
    katex_package = find_katex(args.katex_dir) if "katex" in args.checks else None
    problems, warnings = [], []
    if "render" in args.checks:
        problems += render_problems(chapters, args.html_out, unprocessed_notebooks(proc_dir, nbs_dir))
    problems += per_chapter_problems(chapters, args.checks, nbs_dir, lib_dir)
    if katex_package:
        katex_problems, warnings = check_katex(chapters, katex_package)
        problems += katex_problems
    problems.sort(key=lambda problem: ALL_CHECKS.index(problem.check))  # stable: grouped by check
    for line in warnings:
        print(line)
    for problem in problems:
        print(problem.line())
    print()
    print(summary_table(chapters, problems))
    print()
    print(f"checks run on {len(chapters)} chapters:")
    print(totals_by_check(problems, args.checks))
    print(f"check_docs: {'FAILED' if problems else 'passed'}, {len(problems)} problem(s)")
    return 1 if problems else 0


def main(argv: list[str]) -> int:
    """Entry point: parse the options, run the checks, turn setup errors into exit status 2."""
    args = parse_args(argv)
    try:
        return run(args)
    except SetupError as error:
        print(f"check_docs: cannot run: {error}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
