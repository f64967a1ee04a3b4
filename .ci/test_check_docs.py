"""Tests of check_docs.py on small made-up notebooks: each check fails where it should and passes otherwise.

Run with `python .ci/check_docs.py --self-test --katex-dir DIR` (or `python .ci/test_check_docs.py`, KaTeX
found through CHECK_DOCS_KATEX_DIR or the default places). Needs pandoc, node and chromium.
"""
from __future__ import annotations

import base64
import contextlib
import io
import os
import struct
import sys
import tempfile
import unittest
import zlib
from pathlib import Path

from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output, new_raw_cell

sys.path.insert(0, str(Path(__file__).resolve().parent))
import check_docs as cd  # noqa: E402

FRONT = new_raw_cell("---\ntitle: A made-up chapter\n"
                     "description: 'Made up for the tests, with $x^2$.'\n---\n")
ENDING = "## Summary\n\nWhat it did.\n\n## Exercises\n\nTry it.\n\n## References\n\nA book."


def tiny_png() -> str:
    """A 1x1 PNG, base64-encoded as a notebook stores it."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0\0\0\0"))
    return base64.b64encode(png + chunk(b"IEND", b"")).decode()


def md(text: str):
    """A markdown cell."""
    return new_markdown_cell(text)


def code(source: str, *outputs):
    """A code cell with stored outputs."""
    return new_code_cell(source, outputs=list(outputs))


def result(**data):
    """An execute_result output; keywords are mime types with '/' written as '_'."""
    return new_output("execute_result", data={key.replace("_", "/", 1): value for key, value in data.items()},
                      execution_count=1)


def stream(text: str, name: str = "stdout"):
    """A stream output."""
    return new_output("stream", name=name, text=text)


def katex_package() -> Path:
    """KaTeX for the tests: CHECK_DOCS_KATEX_DIR, else the default places check_docs looks in."""
    return cd.find_katex(os.environ.get("CHECK_DOCS_KATEX_DIR"))


class PageTest(unittest.TestCase):
    """Builds made-up chapters into pages in a temporary folder."""

    def setUp(self):
        self.scratch = tempfile.TemporaryDirectory(prefix="test_check_docs_")
        self.html_dir = Path(self.scratch.name)
        self.context = cd.Context(self.html_dir, self.html_dir)

    def tearDown(self):
        self.scratch.cleanup()

    def chapter(self, *cells, name="03_made_up", module=None, katex=False) -> cd.Chapter:
        """A chapter of the given cells (front matter first), its page built."""
        notebook = new_notebook(cells=[FRONT, *cells])
        chapter = cd.Chapter(name, notebook, notebook, self.html_dir / f"{name}.ipynb", module)
        self.assertEqual(cd.build_page(chapter, self.html_dir, katex_package() if katex else None), [])
        return chapter

    def checks(self, check, *cells, **options) -> list[str]:
        """The problem lines of one chapter check on a chapter of the given cells."""
        return [found.line() for found in check(self.chapter(*cells, **options), self.context)]

    def assertFails(self, lines: list[str], check: str, *words: str):
        """Some problem of the named check, holding every word given."""
        ours = [line for line in lines if line.startswith(f"FAIL [{check}]")]
        matching = [line for line in ours if all(word in line for word in words)]
        self.assertTrue(matching, f"expected a [{check}] problem with {words}, got {lines}")


class TreatmentTest(PageTest):
    """The page is what Quarto would show."""

    def test_front_matter_is_the_title_block(self):
        chapter = self.chapter(md("Text."))
        found = cd.headings(chapter)
        self.assertEqual([(level, text) for _, level, text in found], [(1, "A made-up chapter")])
        self.assertIn("Made up for the tests", cd.markdown_text(chapter) + chapter.page)
        self.assertEqual(len(cd.math_items(chapter)), 1)  # the description's $x^2$ is math on the page

    def test_directives_hide_code_cells_and_outputs(self):
        chapter = self.chapter(code("#| echo: false\nsecret_code = 1", result(text_plain="'shown value'")),
                               code("#| include: false\nvanished = 2", result(text_plain="'vanished value'")),
                               code("#| output: false\nkept = 3", result(text_plain="'dropped value'")))
        blocks = [item.node["c"][1] for item in cd.items_of(chapter, "CodeBlock")]
        self.assertEqual(blocks, ["'shown value'", "kept = 3"])

    def test_long_code_lines_fail_but_long_cell_options_do_not(self):
        alt = "#| fig-alt: \"" + "a long description " * 8 + "\""
        lines = self.checks(cd.check_lines, code(alt + "\nfigure()"), code("x = 1  # " + "y" * 120))
        self.assertEqual(len(lines), 1)
        self.assertFails(lines, "lines", "cell 2 line 1", "limit 110")

    def test_a_cell_that_swallows_the_next_ones_is_a_render_problem(self):
        # pandoc closes the unclosed fence at the next cell's fence, reading the heading as code
        notebook = new_notebook(cells=[FRONT, md("Fine."), md("```python\nx = 1"), md("## Lost\n\nText."),
                                       md("```\ny = 2\n```")])
        chapter = cd.Chapter("03_made_up", notebook, notebook, self.html_dir / "x.ipynb", None)
        lines = [found.line() for found in cd.build_page(chapter, self.html_dir, None)]
        self.assertFails(lines, "render", "cell 2", "swallows")
        self.assertEqual(cd.headings(chapter)[1:], [])  # the reader sees no heading "Lost"

    def test_code_fold_folds_the_code_not_the_output(self):
        source = '#| code-fold: true\n#| code-summary: "Tests: x"\ntest_eq(1, 1)'
        cell = code(source, result(text_plain="'out'"))
        chapter = self.chapter(cell, code("#| code-fold: show\ndef shown(): pass"))
        folding = {item.node["c"][1]: item.folded for item in cd.items_of(chapter, "CodeBlock")}
        self.assertEqual(folding, {"test_eq(1, 1)": True, "'out'": False, "def shown(): pass": False})

    def test_outputs_become_markdown_images_and_raw_html(self):
        chapter = self.chapter(code("show()", result(text_markdown="**bold** words", text_plain="x")),
                               code("plot()", result(image_png=tiny_png(), text_plain="<Figure>")),
                               code("table()", result(text_html="<table><tr><td>1</td></tr></table>")))
        self.assertEqual(len(cd.items_of(chapter, "Strong")), 1)
        images = cd.items_of(chapter, "Image")
        self.assertEqual(len(images), 1)
        self.assertTrue((self.html_dir / images[0].node["c"][2][0]).is_file())
        self.assertTrue(any("<table>" in item.node["c"][1] for item in cd.items_of(chapter, "RawBlock")))
        self.assertNotIn("<Figure>", chapter.page)  # a figure's repr beside its image is dropped


class NewChecksTest(PageTest):
    """Each new check, failing and passing."""

    def test_markup(self):
        linked = "def f(\n    x, # a [`Cache`](https://example.org/cache)\n):"
        lines = self.checks(cd.check_markup, code("show()", result(text_plain=linked)))
        self.assertFails(lines, "markup", "Cache")
        self.assertFails(self.checks(cd.check_markup, code("url = '](http://x)'")), "markup")
        self.assertEqual(self.checks(cd.check_markup, code("f(x)[0]", result(text_plain="[1, 2]"))), [])
        table = "| name | shape |\n|---|---|\n| `W` | columns `[a \\| x]` |"
        self.assertFails(self.checks(cd.check_markup, md(table)), "markup", "escaped pipe")
        self.assertEqual(self.checks(cd.check_markup, md("| name |\n|---|\n| `W`, then `x` |")), [])

    def test_headings(self):
        cells = md("## Shapes\n\nA."), md("## Gates\n\nB."), md("### shapes\n\nC.")
        lines = self.checks(cd.check_headings, *cells)
        self.assertFails(lines, "headings", "shapes", "cell 1")
        self.assertEqual(self.checks(cd.check_headings, md("## Shapes\n\nA."), md("## Gates\n\nB.")), [])

    def test_ending(self):
        self.assertFails(self.checks(cd.check_ending, md("## Text\n\nA.")), "ending", "Summary")
        no_references = md("## Summary\n\nA.\n\n## Exercises\n\nB.")
        self.assertFails(self.checks(cd.check_ending, no_references), "ending", "References")
        self.assertFails(self.checks(cd.check_ending, md("### Summary\n\nA.")), "ending", "Summary")
        self.assertEqual(self.checks(cd.check_ending, md(ENDING)), [])
        self.assertEqual(self.checks(cd.check_ending, md("## Text\n\nA."), name="index"), [])

    def test_figure(self):
        plot = code("plot()", result(image_png=tiny_png(), text_plain="<Figure>"))
        hint = md('<details><summary>Hint</summary>\n\n![a sketch](sketch.png)\n\n</details>')
        self.assertFails(self.checks(cd.check_figure, md("Text."), module="lstm_cell"), "figure", "lstm_cell")
        self.assertFails(self.checks(cd.check_figure, hint, module="gru"), "figure")  # folded: not seen
        self.assertEqual(self.checks(cd.check_figure, plot, module="lstm_cell"), [])
        self.assertEqual(self.checks(cd.check_figure, md("![a sketch](sketch.png)"), module="utils"), [])
        self.assertFails(self.checks(cd.check_figure, md("Text."), module="training"), "figure", "learning")
        self.assertEqual(self.checks(cd.check_figure, md("Text."), module="cli"), [])  # Part III may go without

    def test_width(self):
        wide = "x = " + "1 + " * 22 + "1"  # 93 characters
        self.assertFails(self.checks(cd.check_width, code(wide)), "width", "over 90", "93")
        self.assertEqual(self.checks(cd.check_width, code("#| code-fold: true\n" + wide)), [])
        self.assertEqual(self.checks(cd.check_width, code("x = 1", result(text_plain=wide))), [])
        self.assertEqual(self.checks(cd.check_width, code("#| code-overflow: wrap\n" + wide)), [])
        self.context.width_limit = cd.MAX_LINE_LENGTH
        self.assertEqual(self.checks(cd.check_width, code(wide)), [])

    def test_width_limit_follows_quarto_config(self):
        self.assertEqual(cd.visible_width_limit(self.html_dir), 90)
        config = self.html_dir / "_quarto.yml"
        config.write_text("format:\n  html:\n    toc: true\n    code-overflow: wrap\n")
        self.assertEqual(cd.visible_width_limit(self.html_dir), 110)
        config.write_text("format:\n  html:\n    code-overflow: scroll\n")
        self.assertEqual(cd.visible_width_limit(self.html_dir), 90)

    def test_signature(self):
        card = "### Cache\n\n```python\ndef Cache(\n    *args, **kwargs\n):\n```\n\n*A cache.*"
        real = "### Cache\n\n```python\nclass Cache(NamedTuple):\n    a: int # first\n```"
        show_doc = "#| echo: false\n#| output: asis\nshow_doc(Cache)"
        bad = code(show_doc, result(text_markdown=card, text_plain="x"))
        self.assertFails(self.checks(cd.check_signature, bad), "signature", "show_doc(Cache)")
        self.assertEqual(self.checks(cd.check_signature, code(show_doc, result(text_markdown=real))), [])

    def test_tex(self):
        self.assertFails(self.checks(cd.check_tex, md(r"Gates $o, f, i, \\tilde c$ here.")), "tex", "tilde")
        self.assertEqual(self.checks(cd.check_tex, md(r"Gates $o, f, i, \tilde c$, rows $$a \\ b$$")), [])

    def test_tocs(self):
        folded = code('#| code-fold: true\n#| code-summary: "Tests: bad input"\ntest_fail(f)')
        self.assertFails(self.checks(cd.check_tocs, md("## Bad input"), folded, md("## Next\n\nText.")),
                         "tocs", "Bad input", "folded")
        lines = self.checks(cd.check_tocs, md("## Empty\n\n## Next\n\nText."))
        self.assertFails(lines, "tocs", "nothing under")
        hint = md("## Try\n\n<details><summary>Hint</summary>\n\nA hint.\n\n</details>")
        self.assertFails(self.checks(cd.check_tocs, hint, md("## Next\n\nText.")), "tocs", "Try")
        self.assertEqual(self.checks(cd.check_tocs, md("## Bad input\n\nIt refuses:"), folded), [])
        self.assertEqual(self.checks(cd.check_tocs, md("## Part\n\n### Sub\n\nText.")), [])
        self.assertEqual(self.checks(cd.check_tocs, md("## Shown"), code("f(1)")), [])

    def test_stderr_catches_a_traceback_on_stdout(self):
        trace = "\x1b[31mTraceback (most recent call last)\x1b[0m\n  File x\nOSError: no source"
        lines = self.checks(cd.check_stderr, code("show_doc(f)", stream(trace)))
        self.assertFails(lines, "stderr", "OSError")
        self.assertFails(self.checks(cd.check_stderr, code("warn()", stream("careful", "stderr"))), "stderr")
        self.assertEqual(self.checks(cd.check_stderr, code("print(1)", stream("1\n"))), [])

    def test_lesson_counts_folded_definitions_as_hidden(self):
        self.context.lib_dir.joinpath("made_up.py").write_text("__all__ = ['f']\ndef f(): pass\n")
        folded = code("#| code-fold: true\ndef f(): pass")
        self.assertFails(self.checks(cd.check_lesson, folded, module="made_up"), "lesson", "`f`")
        self.assertEqual(self.checks(cd.check_lesson, code("#| code-fold: show\ndef f(): pass"),
                                     module="made_up"), [])


class KatexTest(PageTest):
    """KaTeX in node and in the browser."""

    def katex_lines(self, *cells) -> list[str]:
        problems, _ = cd.check_katex([self.chapter(*cells)], katex_package())
        return [found.line() for found in problems]

    def test_katex_parse_errors_and_stray_dollars(self):
        self.assertFails(self.katex_lines(md(r"Bad $\frac{1$ here.")), "katex", "frac")
        self.assertFails(self.katex_lines(md("Open $x = $ and so on.")), "katex", "not math")
        self.assertEqual(self.katex_lines(md(r"Costs \$5 and `$HOME`; $x = 1$ and $$\sum_i x_i$$.")), [])

    def browser_lines(self, *cells) -> list[str]:
        chapter = self.chapter(*cells, katex=True)
        return [found.line() for found in cd.browser_problems(chapter)]

    def test_browser_fails_on_a_bad_expression(self):
        lines = self.browser_lines(md("Fine $a^2$."), md(r"Bad $\frac{1$ here."))
        self.assertFails(lines, "browser", "KaTeX error", "cell 2")
        self.assertEqual(len(lines), 1)

    def test_browser_passes_good_math(self):
        self.assertEqual(self.browser_lines(md(r"Fine $a^2$ and $$\Gamma_f = \sigma(W_f x)$$.")), [])

    def test_browser_fails_when_katex_does_not_load(self):
        broken = self.html_dir / "no_katex"
        (broken / "dist").mkdir(parents=True)
        (broken / "package.json").write_text("{}")
        notebook = new_notebook(cells=[FRONT, md("Math $a^2$.")])
        chapter = cd.Chapter("03_made_up", notebook, notebook, self.html_dir / "x.ipynb", None)
        self.assertEqual(cd.build_page(chapter, self.html_dir, broken), [])
        lines = [found.line() for found in cd.browser_problems(chapter)]
        self.assertFails(lines, "browser", "did not render")


class OptionsTest(unittest.TestCase):
    """--only and --skip select the checks."""

    def test_only_and_skip(self):
        self.assertEqual(cd.parse_args(["--only", "width,tex"]).checks, ("width", "tex"))
        skipped = cd.parse_args(["--skip", "browser,ending"]).checks
        self.assertNotIn("browser", skipped)
        self.assertEqual(len(skipped), len(cd.ALL_CHECKS) - 2)
        self.assertEqual(cd.parse_args(["--only", "tex,tocs", "--skip", "tocs"]).checks, ("tex",))
        with self.assertRaises(SystemExit), contextlib.redirect_stderr(io.StringIO()):
            cd.parse_args(["--only", "nonsense"])


if __name__ == "__main__":
    unittest.main()
