// Parse TeX expressions with KaTeX, the renderer the docs site uses (html-math-method: katex).
// Usage: node katex_check.js KATEX_PACKAGE_DIR < expressions.json
// stdin:  [{"tex": "...", "display": true|false}, ...]
// stdout: [{"ok": true|false, "error": "message or empty", "warnings": ["..."]}, ...], same order.
// A parse error fails the expression (throwOnError: true); strict-mode remarks are only warnings.
"use strict";
const fs = require("fs");
const path = require("path");

const katex = require(path.resolve(process.argv[2]));

function check(expression) {
  const warnings = [];
  const options = {
    throwOnError: true,
    displayMode: Boolean(expression.display),
    strict: (code, message) => { warnings.push(`${code}: ${message}`); return "ignore"; },
  };
  try {
    katex.renderToString(expression.tex, options);
    return { ok: true, error: "", warnings };
  } catch (err) {
    return { ok: false, error: String(err.message || err), warnings };
  }
}

const expressions = JSON.parse(fs.readFileSync(0, "utf8"));
process.stdout.write(JSON.stringify(expressions.map(check)));
