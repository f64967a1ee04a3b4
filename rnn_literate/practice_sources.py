# Generated from nbs/00_utils.ipynb .. nbs/06_gru.ipynb
# by rnn_literate.practice.write_practice_sources; do not edit.
SOURCES = {
    '00_utils': [
        ('markdown',
         '# Utilities\n'
         '\n'
         '> Activations, parameter initialisers and the one input-validation helper that every other '
         'chapter leans on.'),
        ('code',
         '#| default_exp utils'),
        ('code',
         '#| hide\n'
         'from fastcore.test import *\n'
         'from nbdev.showdoc import *\n'
         'from rnn_literate.testing import limit_blas_threads'),
        ('code',
         '#| hide\n'
         'limit_blas_threads();'),
        ('code',
         '#| export\n'
         'from __future__ import annotations\n'
         'import math, numbers, os\n'
         'import numpy as np'),
        ('code',
         'import pathlib, warnings\n'
         'from rnn_literate.testing import test_lt'),
        ('markdown',
         'Every network in this package is built from a few small pieces: a squashing function for\n'
         'gates (the sigmoid), a way to turn scores into probabilities (the softmax), a rule for the\n'
         "kind of numbers to compute with, and a guard that refuses malformed inputs before numpy's\n"
         'broadcasting can turn them into a silently wrong answer. This chapter builds those pieces\n'
         'and proves each one.\n'),
        ('markdown',
         '## The sigmoid\n'
         '\n'
         '$$\\sigma(z) = \\frac{1}{1 + e^{-z}}$$\n'
         '\n'
         'The sigmoid maps any real number into $(0, 1)$, which is why LSTM gates use it: a gate is\n'
         'a soft switch, near 0 for "block" and near 1 for "let through". Written literally, the\n'
         'formula evaluates $e^{-z}$, which overflows for $z \\lesssim -710$ in float64 (and much\n'
         'sooner in float32) and makes numpy warn. The cure is to only ever exponentiate a\n'
         'non-positive number. With $e = e^{-|z|} \\in (0, 1]$:\n'
         '\n'
         '$$\\sigma(z) = \\begin{cases} \\dfrac{1}{1 + e} & z \\ge 0 \\\\[2mm] \\dfrac{e}{1 + e} & z < '
         '0 \\end{cases}$$\n'
         '\n'
         'Both branches are the same function (multiply the top and bottom of the second by\n'
         '$e^{-z}$), but neither can overflow.'),
        ('markdown',
         '### Which numbers we compute with\n'
         '\n'
         'Before the code, one rule that every function of the package follows. Inputs arrive as\n'
         'whatever the caller has: lists, integer arrays, float32 or float64 arrays. The dtype of\n'
         'every computation is decided the same way:\n'
         '\n'
         '- float32 in gives float32 out (half precision is widened to float32);\n'
         '- float64 wins as soon as one input is float64;\n'
         '- integers and booleans, of any width, are computed in float64.\n'
         '\n'
         'Anything that is not a real number — complex, object, string or date arrays — is refused\n'
         'with a `TypeError` that names the argument, before numpy can turn it into a confusing\n'
         'failure deep inside a matrix product, or into a complex answer that nobody asked for.'),
        ('code',
         '#| exports\n'
         'def real_array(name:str, # Argument name, for the error message\n'
         '               value,    # Array-like holding real numbers\n'
         '              ) -> np.ndarray:\n'
         '    "`value` as a numpy array; a `TypeError` naming `name` unless it holds real numbers."\n'
         '    try: arr = np.asarray(value)\n'
         '    except ValueError as e: raise ValueError(f"{name} is not a rectangular array: {e}") from '
         'None\n'
         '    if arr.dtype.kind not in "biuf":\n'
         '        raise TypeError(f"{name} must hold real numbers (floating point or integer), got '
         'dtype {arr.dtype}")\n'
         '    return arr\n'
         '\n'
         'def float_dtype(*arrays, # Numpy arrays of real numbers\n'
         '               ) -> np.dtype:\n'
         '    "The dtype to compute in: float32 if every input is float32 or narrower, else float64."\n'
         '    widths = [np.float64 if arr.dtype.kind in "biu" else arr.dtype for arr in arrays]\n'
         '    return np.result_type(np.float32, *widths)'),
        ('code',
         '[float_dtype(np.ones(2, dtype)) for dtype in (np.float16, np.float32, np.float64, np.int8, '
         'np.uint8, bool)]'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: mixed dtypes, non-real input refused"\n'
         'test_eq(float_dtype(np.ones(2, np.float32), np.ones(2, np.int16)), np.float64)\n'
         'test_eq(float_dtype(np.ones(2, np.float32), np.ones(2, np.float16)), np.float32)\n'
         'test_eq(real_array("x", [[1, 2], [3, 4]]).shape, (2, 2))\n'
         'test_fail(lambda: real_array("x", np.ones(2, complex)),\n'
         '          contains="x must hold real numbers", exc=TypeError)\n'
         'for fragment in ("xt must hold real numbers", "got dtype <U1"):\n'
         '    test_fail(lambda: real_array("xt", ["a", "b"]), contains=fragment, exc=TypeError)\n'
         'test_fail(lambda: real_array("a0", None),\n'
         '          contains="a0 must hold real numbers", exc=TypeError)\n'
         'test_fail(lambda: real_array("x", [[1, 2], [3]]), contains="x is not a rectangular array")'),
        ('markdown',
         '### The code\n'
         '\n'
         'The sigmoid converts its input with those two helpers, then computes the branch-wise form,\n'
         'exponentiating only $-|z|$:'),
        ('code',
         '#| exports\n'
         '#| practice\n'
         'def sigmoid(z, # Pre-activations, any shape\n'
         '           ):\n'
         '    "Logistic sigmoid `1/(1+exp(-z))`, computed without overflow for inputs of any size."\n'
         '    z = real_array("z", z)\n'
         '    z = z.astype(float_dtype(z), copy=False)\n'
         '    e = np.exp(-np.abs(z))\n'
         '    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))'),
        ('markdown',
         '<details><summary>Hint</summary>\n'
         '\n'
         'Convert with `real_array` and `float_dtype` first, so float32 stays float32. Then '
         'exponentiate only $-|z|$: `np.exp(-np.abs(z))` once, and let `np.where(z >= 0, ...)` pick the '
         'branch.\n'
         '\n'
         '</details>'),
        ('code',
         'sigmoid(np.array([-1e4, -2., 0., 2., 1e4]))'),
        ('markdown',
         'Drawn next to $\\tanh$, the other squashing function of every cell: the sigmoid runs from 0\n'
         'to 1 and is steepest at 0, where its slope is $\\sigma(1-\\sigma) = 1/4$; $\\tanh$ runs from '
         '−1\n'
         'to 1 with slope 1 at 0. Far from 0 both are flat, which is where gradients fade:'),
        ('markdown',
         'The middle values are the textbook ones, and the extremes are exactly 0 and 1 with no\n'
         'warning. We check both, and that float32 stays float32:'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: values, no warnings, dtypes"\n'
         'test_close(sigmoid(np.array([-2., 0., 2.])), [0.11920292, 0.5, 0.88079708], eps=1e-8)\n'
         'with warnings.catch_warnings():\n'
         '    warnings.simplefilter("error")\n'
         '    extremes = sigmoid(np.array([-1e4, 1e4]))\n'
         '    extremes32 = sigmoid(np.array([-1e4, 1e4], dtype=np.float32))\n'
         'test_eq(extremes, [0., 1.])\n'
         'test_eq(extremes32.dtype, np.float32)\n'
         'test_eq(sigmoid(np.array([1, 2], np.int8)).dtype, np.float64)\n'
         'test_fail(lambda: sigmoid(np.ones(2, complex)), contains="z must hold real numbers", '
         'exc=TypeError)'),
        ('markdown',
         '## The softmax, column by column\n'
         '\n'
         'In this package a batch of score vectors is stored as the *columns* of a matrix of shape\n'
         '`(n_y, m)`: one column per example. The softmax turns each column into a probability\n'
         'distribution on its own:\n'
         '\n'
         '$$\\operatorname{softmax}(z)_{k j} = \\frac{e^{z_{kj}}}{\\sum_{l} e^{z_{lj}}}$$\n'
         '\n'
         "Adding the same constant to every entry of one column does not change that column's\n"
         "softmax (it cancels between numerator and denominator). Subtracting the column's own\n"
         'maximum makes the largest exponent $e^0 = 1$, so nothing overflows and the denominator is\n'
         'at least 1. One subtraction can still overflow: when a column holds scores further apart\n'
         "than the dtype's range (float32's $\\pm 3 \\times 10^{38}$), the gap rounds to $-\\infty$. "
         'Its\n'
         'exponential is 0, which is the right answer, so that overflow is harmless and is not\n'
         'reported.'),
        ('code',
         '#| exports\n'
         '#| practice\n'
         'def softmax(z, # Scores of shape `(n_y, m)` (or `(n_y, m, T_x)`): one distribution per '
         'column\n'
         '           ):\n'
         '    "Softmax over axis 0, shifted by each column\'s own maximum so it never overflows."\n'
         '    z = real_array("z", z)\n'
         '    z = z.astype(float_dtype(z), copy=False)\n'
         '    with np.errstate(over="ignore"):              # a gap beyond the dtype\'s range is -inf: '
         'exp gives 0\n'
         '        shifted = z - z.max(axis=0, keepdims=True)\n'
         '    e = np.exp(shifted)\n'
         '    return e / e.sum(axis=0, keepdims=True)'),
        ('markdown',
         '<details><summary>Hint</summary>\n'
         '\n'
         "Subtract each column's own maximum, `z.max(axis=0, keepdims=True)` — not `np.max(z)`, which "
         'is one number for the whole array — and divide by the column sums, again with `axis=0, '
         'keepdims=True`. Compute the shift inside `with np.errstate(over="ignore"):`: scores further '
         "apart than the dtype's range give `-inf`, whose exponential is the right 0.\n"
         '\n'
         '</details>'),
        ('code',
         'z = np.array([[1., 0., 1e4],\n'
         '              [2., -1e4, 1e4 + 1]])\n'
         'softmax(z)'),
        ('markdown',
         'Every column sums to one, and the middle column, whose scores differ by $10^4$, puts all\n'
         'its mass on the larger score.\n'
         '\n'
         "The constant has to be per column. [The assignment](index.html#the-source-assignment)'s "
         'helper subtracts one *global*\n'
         'maximum: that keeps the exponentials from overflowing, but a column whose scores all sit\n'
         'far below the global maximum underflows to all zeros, and $0/0$ is `nan`:'),
        ('code',
         'def softmax_global_max(z):\n'
         '    "The assignment\'s helper: one maximum for the whole array (do not use)."\n'
         '    e = np.exp(z - np.max(z))\n'
         '    return e / e.sum(axis=0)\n'
         '\n'
         'low_and_high = np.array([[-1e4, 5.], [-1e4 + 1, 6.]])\n'
         'with np.errstate(all="ignore"): broken = softmax_global_max(low_and_high)\n'
         'broken, softmax(low_and_high)'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: the global maximum fails, ours does not; no warnings, even at the '
         'dtype\'s limits"\n'
         'test_eq(np.isnan(broken[:, 0]), [True, True])\n'
         'good = softmax(low_and_high)\n'
         'test_close(good[:, 0], good[:, 1], eps=1e-12)\n'
         'test_close(good.sum(axis=0), [1., 1.], eps=1e-12)\n'
         'with warnings.catch_warnings():\n'
         '    warnings.simplefilter("error")\n'
         '    test_eq(softmax(np.array([[-1e4], [1e4]])), [[0.], [1.]])\n'
         '    test_eq(softmax(z.astype(np.float32)).dtype, np.float32)\n'
         '    for dtype in (np.float32, np.float64):\n'
         '        limit = np.finfo(dtype).max\n'
         '        extreme = np.array([[limit, -limit], [-limit, limit]], dtype)\n'
         '        test_eq(softmax(extreme), np.eye(2, dtype=dtype))\n'
         '        test_eq(softmax(extreme).dtype, dtype)'),
        ('markdown',
         '## Checking inputs, once, for every function\n'
         '\n'
         'Numpy broadcasting is generous: add a `(5, 1)` bias to a `(5, 10)` matrix and you get what\n'
         'you meant, but add a `(5, 10)` matrix to a `(5, 1)` one by mistake and you also get a\n'
         '`(5, 10)` matrix, silently. A reference implementation should never answer a malformed\n'
         'question, so every public function states the shape it expects for each argument in\n'
         '*symbols* such as `("n_a", "m")`, and one helper checks them all:\n'
         '\n'
         '1. every argument holds real, finite numbers and has the right rank;\n'
         '2. each symbol gets its size the first time it is seen, and every later use must agree;\n'
         '3. a sum of symbols such as `"n_a+n_x"` (the LSTM weights\' columns) either checks two\n'
         '   known sizes or, if one of them is still unknown, determines it.\n'
         '\n'
         'The helper also picks the dtype to compute in, by the rule above. NaN and infinity are\n'
         'refused: fed to a recurrent network, one of them spreads through every later step and every\n'
         'gradient, and the answer is silently meaningless. A function whose input may legitimately\n'
         "hold them — the padding past an example's length, which is never read — names that input\n"
         'in `nonfinite_ok` and checks the part that is read with `check_finite`.\n'
         '\n'
         'Once every symbol has a size, a symbolic shape denotes a concrete one:'),
        ('code',
         '#| exports\n'
         'def shape_of(dims:tuple, # Symbolic shape, e.g. `("n_a", "n_a+n_x")`; integers stand for '
         'themselves\n'
         '             sizes:dict, # Size of each symbol, e.g. `{"n_a": 5, "n_x": 3}`\n'
         '            ) -> tuple:\n'
         '    "The concrete shape that `dims` denotes, given the size of every symbol."\n'
         '    return tuple(dim if isinstance(dim, int) else sum(sizes[term] for term in dim.split("+")) '
         'for dim in dims)\n'
         '\n'
         'shape_of(("n_a", "n_a+n_x", 1), {"n_a": 5, "n_x": 3})'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: sums, integers, an unknown symbol"\n'
         'test_eq(shape_of(("n_a", "n_a+n_x", 1), {"n_a": 5, "n_x": 3}), (5, 8, 1))\n'
         'test_eq(shape_of((), {}), ())\n'
         'test_fail(lambda: shape_of(("n_y",), {"n_a": 5}), contains="n_y")'),
        ('markdown',
         'Checking one argument binds the symbols it is the first to use, remembering which argument\n'
         'fixed each size, and then compares its shape with the one its symbols denote. A mismatch is\n'
         'reported with the symbols and where their sizes came from:'),
        ('code',
         '#| exports\n'
         'def _bind_sizes(name, arr, dims, sizes, origins):\n'
         '    "Bind the still-unknown symbolic dimensions of one array (noting where they came from); '
         'check its shape."\n'
         '    for dim, n in zip(dims, arr.shape):\n'
         '        terms = [] if isinstance(dim, int) else dim.split("+")\n'
         '        unknown = [term for term in terms if term not in sizes]\n'
         '        if len(unknown) > 1: raise ValueError(f"{name}: cannot resolve dimension {dim!r}")\n'
         '        if unknown:\n'
         '            sizes[unknown[0]] = n - sum(sizes[term] for term in terms if term in sizes)\n'
         '            origins[unknown[0]] = name\n'
         '    want = shape_of(dims, sizes)\n'
         '    empty = [f"{term} = {n}" for term, n in sizes.items() if n < 1]\n'
         '    if want != arr.shape or empty:\n'
         '        symbols = ", ".join(map(str, dims))\n'
         '        if empty: why = f", which makes {empty[0]} (every size must be at least 1)"\n'
         '        else:\n'
         '            terms = [term for dim in dims if isinstance(dim, str) for term in '
         'dim.split("+")]\n'
         '            bound_elsewhere = dict.fromkeys(term for term in terms if origins[term] != name)\n'
         '            why = "".join(f"; {term} = {sizes[term]} comes from {origins[term]}" for term in '
         'bound_elsewhere)\n'
         '        named = "" if all(isinstance(dim, int) for dim in dims) else f" = ({symbols})"\n'
         '        raise ValueError(f"{name} has shape {arr.shape} but expected {want}{named}{why}")'),
        ('code',
         '#| exports\n'
         'def check_finite(name:str, # Argument name, for the message\n'
         '                 arr,      # Numpy array of real numbers\n'
         '                 live=None, # Boolean mask over the last two axes `(m, T_x)`: only there must '
         '`arr` be finite\n'
         '                ):\n'
         '    "Raise a `ValueError` naming `name` and the first position if `arr` holds NaN or infinity '
         '(where `live`)."\n'
         '    if arr.dtype.kind != "f": return\n'
         '    bad = ~np.isfinite(arr)\n'
         '    if live is not None: bad &= live\n'
         '    if bad.any():\n'
         '        where = tuple(int(i) for i in np.argwhere(bad)[0])\n'
         '        raise ValueError(f"{name} holds {arr[where]} at index {where}: values must be finite '
         '"\n'
         '                         "(NaN and infinity are refused)")'),
        ('markdown',
         'Sizes given as plain numbers — a hidden size, a number of layers or of steps — are counts:\n'
         'positive integers. A `2.5`, a `0` or a `True` (which Python would happily treat as 1) is\n'
         'refused with a message naming the argument, before anything is allocated.'),
        ('code',
         '#| exports\n'
         'def check_count(name:str, # Argument name, for the message\n'
         '                value,    # The number to check\n'
         '               ) -> int:\n'
         '    "`value` as an int; a `ValueError` naming `name` unless it is a positive integer."\n'
         '    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:\n'
         '        raise ValueError(f"{name} must be a positive integer, got {value!r}")\n'
         '    return int(value)'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: positive integers only"\n'
         'test_eq(check_count("steps", np.int64(3)), 3)\n'
         'for bad in (0, -1, 2.5, 3.0, "3", True, None):\n'
         '    test_fail(lambda: check_count("steps", bad),\n'
         '              contains=f"steps must be a positive integer, got {bad!r}")'),
        ('code',
         '#| exports\n'
         'def validate(layout:dict, # Argument name -> symbolic shape, e.g. `{"xt": ("n_x", "m")}`, in '
         'checking order\n'
         '             nonfinite_ok=(), # Names whose NaN or infinity the caller checks itself (e.g. '
         'padded inputs)\n'
         '             **arrays,    # The arguments to check, by the same names\n'
         '            ):\n'
         '    "Check dtypes, ranks, shapes and finiteness of `arrays` against `layout`; return `sizes, '
         'dtype, arrays`."\n'
         '    sizes, origins, checked = {}, {}, {}\n'
         '    for name, dims in layout.items():\n'
         '        arr = real_array(name, arrays[name])\n'
         '        if arr.ndim != len(dims):\n'
         '            symbols = ", ".join(map(str, dims))\n'
         '            raise ValueError(f"{name} must be {len(dims)}-D with shape ({symbols}), got shape '
         '{arr.shape}")\n'
         '        _bind_sizes(name, arr, dims, sizes, origins)\n'
         '        if name not in nonfinite_ok: check_finite(name, arr)\n'
         '        checked[name] = arr\n'
         '    dtype = float_dtype(*checked.values())\n'
         '    return sizes, dtype, {name: arr.astype(dtype, copy=False) for name, arr in '
         'checked.items()}'),
        ('markdown',
         'The order of the layout matters: sizes are bound by the first argument that mentions them,\n'
         'and a later argument that disagrees is the one blamed. Every function in the package\n'
         'therefore lists the *data* first (`x` or `xt`, then `a0` or `a_prev`), which fix `n_x`,\n'
         '`m` and `n_a`, and the parameters after, so a malformed weight is reported by its own name.\n'
         'Each message says where the sizes it expected came from. A demonstration with part of the\n'
         "basic RNN cell's layout:"),
        ('code',
         'demo_layout = {"xt": ("n_x", "m"), "a_prev": ("n_a", "m"), "Wax": ("n_a", "n_x"), "ba": '
         '("n_a", 1)}\n'
         'sizes, dtype, checked = validate(demo_layout, xt=np.ones((3, 10), np.float32),\n'
         '                                 a_prev=np.ones((5, 10), np.float32), Wax=np.ones((5, 3)), '
         'ba=np.ones((5, 1)))\n'
         'sizes, dtype'),
        ('markdown',
         'Mixed float32 and float64 arrays compute in float64 (the wider type wins); all-float32 input\n'
         'would stay float32. Each kind of mistake gets a message that names the argument and shows\n'
         'what was expected and what arrived:'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: each argument blamed by name, dtypes"\n'
         'def demo_arrays(**changes):\n'
         '    "Well-formed arguments for `demo_layout`, with some replaced."\n'
         '    arrays = dict(xt=np.ones((3, 10)), a_prev=np.ones((5, 10)), Wax=np.ones((5, 3)),\n'
         '                  ba=np.ones((5, 1)))\n'
         '    return {**arrays, **changes}\n'
         '\n'
         'for fragment in ("Wax has shape (5, 4) but expected (5, 3)", "n_a = 5 comes from a_prev",\n'
         '                 "n_x = 3 comes from xt"):\n'
         '    test_fail(lambda: validate(demo_layout, **demo_arrays(Wax=np.ones((5, 4)))),\n'
         '              contains=fragment)\n'
         'test_fail(lambda: validate(demo_layout, **demo_arrays(a_prev=np.ones((5, 9)))),\n'
         '          contains="a_prev has shape (5, 9) but expected (5, 10)")\n'
         'test_fail(lambda: validate(demo_layout, **demo_arrays(xt=np.ones(3))),\n'
         '          contains="xt must be 2-D with shape (n_x, m)")\n'
         'test_fail(lambda: validate(demo_layout, **demo_arrays(ba=np.ones((5, 10)))),\n'
         '          contains="ba has shape (5, 10) but expected (5, 1)")\n'
         'test_fail(lambda: validate(demo_layout, **demo_arrays(ba=np.ones((5, 1), complex))),\n'
         '          contains="ba must hold real numbers", exc=TypeError)\n'
         'with_nan = np.ones((3, 10))\n'
         'with_nan[2, 7] = np.nan\n'
         'test_fail(lambda: validate(demo_layout, **demo_arrays(xt=with_nan)),\n'
         '          contains="xt holds nan at index (2, 7)")\n'
         'test_fail(lambda: validate(demo_layout, **demo_arrays(Wax=np.full((5, 3), np.inf))),\n'
         '          contains="Wax holds inf")\n'
         'test_eq(validate(demo_layout, nonfinite_ok=("xt",), **demo_arrays(xt=with_nan))[0]["m"],\n'
         '        10)\n'
         'live = np.eye(3, 4, dtype=bool)\n'
         'test_fail(lambda: check_finite("x", np.full((2, 3, 4), np.nan), live=live),\n'
         '          contains="x holds nan at index (0, 0, 0)")\n'
         'check_finite("x", np.where(live, 1.0, np.nan)[None], live=live)\n'
         'as32 = {name: arr.astype(np.float32) for name, arr in demo_arrays().items()}\n'
         'test_eq(validate(demo_layout, **as32)[1], np.float32)\n'
         'as_int8 = {name: arr.astype(np.int8) for name, arr in as32.items()}\n'
         'test_eq(validate(demo_layout, **as_int8)[1], np.float64)'),
        ('markdown',
         'Sums of symbols: the LSTM weights have `n_a + n_x` columns. With `n_a` and `n_x` known from\n'
         'the data, a weight with the wrong number of columns is blamed by name; a shape that would\n'
         'make a size zero is refused with the reason.'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: sums of symbols, empty sizes"\n'
         'lstm_like = {"xt": ("n_x", "m"), "a_prev": ("n_a", "m"), "Wf": ("n_a", "n_a+n_x")}\n'
         'xt_a_prev = dict(xt=np.ones((3, 2)), a_prev=np.ones((5, 2)))\n'
         'test_eq(validate(lstm_like, **xt_a_prev, Wf=np.ones((5, 8)))[0],\n'
         '        {"n_x": 3, "m": 2, "n_a": 5})\n'
         'test_fail(lambda: validate(lstm_like, **xt_a_prev, Wf=np.ones((5, 9))),\n'
         '          contains="Wf has shape (5, 9) but expected (5, 8)")\n'
         'test_fail(lambda: validate({"Wf": ("n_a", "n_a+n_x")}, Wf=np.ones((5, 5))),\n'
         '          contains="n_x = 0 (every size must be at least 1)")\n'
         'test_fail(lambda: validate(demo_layout, **demo_arrays(xt=np.ones((3, 0)))),\n'
         '          contains="which makes m = 0")'),
        ('markdown',
         '## The other argument checks\n'
         '\n'
         'The later chapters take a few more kinds of argument, and each kind is checked here, in\n'
         'one place, with a message that names the argument: hyperparameters (a finite number above\n'
         'zero, or a fraction in $[0, 1)$), a sampling temperature, the lengths of padded sequences,\n'
         'and file paths.'),
        ('markdown',
         '### Hyperparameters\n'
         '\n'
         'A learning rate of `"0.1"`, `nan` or `-1` must fail when the optimiser is made, not a\n'
         'thousand steps later. Two small checks cover every hyperparameter here: a finite number\n'
         'above zero (learning rates, $\\epsilon$, the clipping threshold), and a fraction in\n'
         "$[0, 1)$ (momentum, Adam's $\\beta$s)."),
        ('code',
         '#| exports\n'
         'def check_positive(name:str, # Argument name, for the message\n'
         '                   value,    # The number to check\n'
         '                  ) -> float:\n'
         '    "`value` as a float; a `TypeError` unless it is a real number, a `ValueError` unless '
         'finite and `> 0`."\n'
         '    if isinstance(value, bool) or not isinstance(value, numbers.Real):\n'
         '        raise TypeError(f"{name} must be a real number, got {type(value).__name__} '
         '{value!r}")\n'
         '    if not (math.isfinite(value) and value > 0):\n'
         '        raise ValueError(f"{name} must be finite and > 0, got {value}")\n'
         '    return float(value)\n'
         '\n'
         'def check_fraction(name:str, # Argument name, for the message\n'
         '                   value,    # The number to check\n'
         '                  ) -> float:\n'
         '    "`value` as a float; a `TypeError` unless it is a real number, a `ValueError` unless `0 '
         '<= value < 1`."\n'
         '    if isinstance(value, bool) or not isinstance(value, numbers.Real):\n'
         '        raise TypeError(f"{name} must be a real number, got {type(value).__name__} '
         '{value!r}")\n'
         '    if not 0 <= value < 1: raise ValueError(f"{name} must lie in [0, 1), got {value}")\n'
         '    return float(value)'),
        ('code',
         'check_positive("lr", 1e-3), check_fraction("momentum", np.float32(0.5))'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: numbers accepted, everything else refused by name"\n'
         'test_fail(lambda: check_positive("lr", "0.1"), contains="lr must be a real number, got str", '
         'exc=TypeError)\n'
         'test_fail(lambda: check_positive("lr", True), contains="lr must be a real number", '
         'exc=TypeError)\n'
         'test_fail(lambda: check_positive("lr", 1j), contains="lr must be a real number", '
         'exc=TypeError)\n'
         'for bad in (0, -1, np.nan, np.inf):\n'
         '    test_fail(lambda: check_positive("eps", bad), contains=f"eps must be finite and > 0, got '
         '{bad}")\n'
         'for bad in (-0.1, 1, np.nan):\n'
         '    test_fail(lambda: check_fraction("beta1", bad), contains=f"beta1 must lie in [0, 1), got '
         '{bad}")\n'
         'test_eq(check_fraction("momentum", 0), 0.0)'),
        ('markdown',
         '### Temperatures and lengths\n'
         '\n'
         'A sampling temperature is a finite number $\\ge 0$; 0 means "always the likeliest symbol"\n'
         '(the [sampling chapter](sampling.html) explains why the limits need care).'),
        ('code',
         '#| exports\n'
         'def check_temperature(temperature, # The softmax temperature\n'
         '                     ) -> float:\n'
         '    "`temperature` as a float; a `TypeError` unless a real number, a `ValueError` unless '
         'finite and `>= 0`."\n'
         '    if isinstance(temperature, bool) or not isinstance(temperature, numbers.Real):\n'
         '        kind = type(temperature).__name__\n'
         '        raise TypeError(f"temperature must be a real number, got {kind} {temperature!r}")\n'
         '    if not (math.isfinite(temperature) and temperature >= 0):\n'
         '        raise ValueError(f"temperature must be a finite number >= 0 (0: greedy), got '
         '{temperature}")\n'
         '    return float(temperature)'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: temperatures"\n'
         'test_eq((check_temperature(0), check_temperature(np.float32(0.5))), (0.0, 0.5))\n'
         'for bad in (-1, np.nan, np.inf):\n'
         '    test_fail(lambda: check_temperature(bad),\n'
         '              contains="temperature must be a finite number >= 0")\n'
         'test_fail(lambda: check_temperature("1"), contains="temperature must be a real number",\n'
         '          exc=TypeError)'),
        ('markdown',
         'Lengths say how many steps of each example in a padded batch are real: one integer per\n'
         'example, each between 0 and $T_x$.'),
        ('code',
         '#| exports\n'
         'def check_lengths(lengths, # Integer length per example, `(m,)` (any integer array-like), or '
         '`None`\n'
         '                  m:int,   # Batch size\n'
         '                  T_x:int, # Number of time steps\n'
         '                 ):\n'
         '    "Validate `lengths`; return them as an integer array (or `None`), each in `[0, T_x]`."\n'
         '    if lengths is None: return None\n'
         '    lengths = real_array("lengths", lengths)\n'
         '    if lengths.shape != (m,):\n'
         '        raise ValueError(f"lengths must have shape (m,) = ({m},), got shape '
         '{lengths.shape}")\n'
         '    if lengths.dtype.kind not in "iu":\n'
         '        raise ValueError(f"lengths must be integers, got dtype {lengths.dtype}")\n'
         '    if m and (lengths.min() < 0 or lengths.max() > T_x):\n'
         '        raise ValueError(f"lengths must lie in [0, T_x] = [0, {T_x}], "\n'
         '                         f"got min {lengths.min()} and max {lengths.max()}")\n'
         '    return lengths.astype(np.intp)'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: lengths are integers in [0, T_x], one per example"\n'
         'test_eq(check_lengths(None, 3, 4), None)\n'
         'test_eq(check_lengths(np.array([1, 2, 3], np.uint8), 3, 4).dtype, np.intp)\n'
         'test_fail(lambda: check_lengths([1, 2], 3, 4),\n'
         '          contains="lengths must have shape (m,) = (3,)")\n'
         'test_fail(lambda: check_lengths([1, 2, 5], 3, 4),\n'
         '          contains="lengths must lie in [0, T_x] = [0, 4]")\n'
         'test_fail(lambda: check_lengths([1., 2, 3], 3, 4), contains="lengths must be integers")\n'
         'test_fail(lambda: check_lengths(["1", "2", "3"], 3, 4),\n'
         '          contains="lengths must hold real numbers", exc=TypeError)'),
        ('markdown',
         '### Flags\n'
         '\n'
         'A switch such as `readout` or `reset_after` is `True` or `False`. Anything else — `"no"`,\n'
         '`0`, `None` — would be read by `if` as one or the other without a word, so it is refused:'),
        ('code',
         '#| exports\n'
         "def check_flag(name:str, # The argument's name, for the message\n"
         '               value,    # What was passed for it\n'
         '              ) -> bool:\n'
         '    "`value` as a plain `bool`; a `TypeError` naming `name` unless it is `True` or `False` '
         '(numpy\'s too)."\n'
         '    if not isinstance(value, (bool, np.bool_)):\n'
         '        raise TypeError(f"{name} must be True or False, got {value!r}")\n'
         '    return bool(value)'),
        ('code',
         'check_flag("readout", np.bool_(False))'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: booleans pass, everything else is refused by name"\n'
         'test_eq((check_flag("readout", True), type(check_flag("readout", np.True_))), (True, bool))\n'
         'for wrong in ("no", 0, 1, None, [True]):\n'
         '    test_fail(lambda: check_flag("readout", wrong), contains="readout must be True or '
         'False",\n'
         '              exc=TypeError)'),
        ('markdown',
         '### Paths\n'
         '\n'
         'A path may come as a `str`, as `bytes` (a file name as the operating system stores it) or\n'
         'as any `os.PathLike`, such as a `pathlib.Path`; `check_path` turns each into a `str`, the\n'
         'form every message and return value uses. Anything else — a number, `None`, a list — is a\n'
         '`TypeError` naming `path`. Two strings name no file and are a `ValueError`: the empty\n'
         'path, which `os.path.abspath` would quietly turn into the current directory, and a path\n'
         'holding a NUL character, which no operating system accepts.'),
        ('code',
         '#| exports\n'
         'def check_path(path, # A file path: `str`, `bytes` or `os.PathLike` (e.g. `pathlib.Path`)\n'
         '              ) -> str:\n'
         '    "`path` as a `str`, refusing what is not a path, the empty path and NUL characters."\n'
         '    if not isinstance(path, (str, bytes, os.PathLike)):\n'
         '        kind = type(path).__name__\n'
         '        raise TypeError(f"path must be a str, bytes or os.PathLike, got {kind}")\n'
         '    try: path = os.fsdecode(path)\n'
         '    except TypeError as error: raise TypeError(f"path is not a path: {error}") from None\n'
         '    if not path: raise ValueError("path must not be empty")\n'
         '    if "\\0" in path: raise ValueError(f"path must not hold a NUL character, got {path!r}")\n'
         '    return path'),
        ('code',
         '[check_path("model.npz"), check_path(b"runs/model.npz"),\n'
         ' check_path(pathlib.Path("runs", "m.npz"))]'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: str, bytes and path objects accepted; anything else refused"\n'
         'class NumberPath:\n'
         '    "A path-like object whose `__fspath__` returns a number."\n'
         '    def __fspath__(self): return 7\n'
         '\n'
         'test_eq(check_path(os.fsencode("caf\\u00e9.npz")), "caf\\u00e9.npz")\n'
         'test_eq(check_path(pathlib.PurePosixPath("a", "b.npz")), os.path.join("a", "b.npz"))\n'
         'for wrong in (3, None, ["m.npz"], 2.5):\n'
         '    test_fail(lambda: check_path(wrong),\n'
         '              contains="path must be a str, bytes or os.PathLike", exc=TypeError)\n'
         'test_fail(lambda: check_path(NumberPath()), contains="path is not a path", exc=TypeError)\n'
         'test_fail(lambda: check_path(""), contains="path must not be empty")\n'
         'test_fail(lambda: check_path(b""), contains="path must not be empty")\n'
         'test_fail(lambda: check_path("a\\0b.npz"), contains="path must not hold a NUL")'),
        ('markdown',
         '## Parameter dictionaries\n'
         '\n'
         'Parameters travel as plain dicts of arrays. The assignment fixes their names and shapes; we\n'
         'write them down once, as layouts for `validate`. The output layer (`Wya` or `Wy`, and `by`)\n'
         'is part of each layout; the `*_KEYS` tuples name the recurrence alone, which is what the\n'
         'backward passes differentiate.'),
        ('code',
         '#| exporti\n'
         'RNN_LAYOUT = {"Waa": ("n_a", "n_a"), "Wax": ("n_a", "n_x"), "ba": ("n_a", 1),\n'
         '              "Wya": ("n_y", "n_a"), "by": ("n_y", 1)}\n'
         'LSTM_LAYOUT = {**{name: ("n_a", "n_a+n_x") for name in ("Wf", "Wi", "Wc", "Wo")},\n'
         '               **{name: ("n_a", 1) for name in ("bf", "bi", "bc", "bo")},\n'
         '               "Wy": ("n_y", "n_a"), "by": ("n_y", 1)}\n'
         'RNN_KEYS = ("Waa", "Wax", "ba")\n'
         'LSTM_KEYS = ("Wf", "Wi", "Wc", "Wo", "bf", "bi", "bc", "bo")'),
        ('markdown',
         'A missing key is the likeliest mistake with a dict. The helper below pulls the named\n'
         'entries out and raises a `KeyError` that lists what is missing and what the dict holds.'),
        ('code',
         '#| exports\n'
         'def get_params(parameters:dict, # Parameter dictionary\n'
         '               names,           # Keys that must be present (iterable of str)\n'
         '              ) -> dict:\n'
         '    "Return `{name: parameters[name]}` for `names`; a `KeyError` names whatever is missing."\n'
         '    if not isinstance(parameters, dict):\n'
         '        raise TypeError(f"parameters must be a dict of numpy arrays, got '
         '{type(parameters).__name__}")\n'
         '    missing = [name for name in names if name not in parameters]\n'
         '    if missing: raise KeyError(f"parameters is missing {missing}; it has '
         '{sorted(parameters)}")\n'
         '    return {name: parameters[name] for name in names}'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: bad input"\n'
         'test_eq(list(get_params({"Waa": 1, "Wax": 2, "extra": 3}, ["Wax", "Waa"])),\n'
         '        ["Wax", "Waa"])\n'
         'test_fail(lambda: get_params({"Waa": 1}, RNN_LAYOUT),\n'
         '          contains="missing [\'Wax\', \'ba\', \'Wya\', \'by\']")\n'
         'test_fail(lambda: get_params([1, 2], RNN_LAYOUT), contains="parameters must be a dict",\n'
         '          exc=TypeError)'),
        ('markdown',
         '## The output layer\n'
         '\n'
         'Every network here ends in the same read-out, $\\hat{y} = \\operatorname{softmax}(W_y a + '
         'b_y)$,\n'
         "applied to one step's states `(n_a, m)` or to all steps at once `(n_a, m, T_x)`. Doing it "
         'for\n'
         'all steps after the recurrent loop is one large matrix product instead of $T_x$ small ones.\n'
         "The bias must be the assignment's column `(n_y, 1)`: a flat `(n_y,)` vector would be added\n"
         'along the wrong axis by broadcasting, so it is refused like any other wrong shape.'),
        ('code',
         '#| exports\n'
         'def predict(Wy,  # Output weights, `(n_y, n_a)`\n'
         '            by,  # Output bias, `(n_y, 1)`\n'
         '            a,   # Hidden states, `(n_a, m)` or `(n_a, m, T_x)`\n'
         '           ):\n'
         '    "Softmax read-out `softmax(Wy a + by)` for one step or for all steps at once."\n'
         '    a = real_array("a", a)\n'
         '    states = ("n_a", "m", "T_x") if a.ndim == 3 else ("n_a", "m")\n'
         '    _, _, checked = validate({"a": states, "Wy": ("n_y", "n_a"), "by": ("n_y", 1)}, a=a, '
         'Wy=Wy, by=by)\n'
         '    scores = np.tensordot(checked["Wy"], checked["a"], axes=1)\n'
         '    scores += checked["by"].reshape((-1,) + (1,) * (a.ndim - 1))\n'
         '    return softmax(scores)'),
        ('code',
         'Wy_demo, by_demo, a_demo = np.array([[1., 1, 1], [-1, -1, -1]]), np.array([[0.], [1.]]), '
         'np.ones((3, 4, 5))\n'
         'predict(Wy_demo, by_demo, a_demo)[:, 0, 0]'),
        ('markdown',
         'One step at a time or all steps together, the numbers are the same; and a flat bias is\n'
         'refused even when the batch happens to have as many columns as there are classes:'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: all steps equal one step at a time; the bias shape is exact"\n'
         'a_demo = np.random.default_rng(0).standard_normal((3, 4, 5))\n'
         'y_all = predict(Wy_demo, by_demo, a_demo)\n'
         'test_close(y_all[:, :, 2], predict(Wy_demo, by_demo, a_demo[:, :, 2]), eps=1e-15)\n'
         'test_close(y_all.sum(axis=0), np.ones((4, 5)), eps=1e-12)\n'
         'test_fail(lambda: predict(Wy_demo, by_demo[:, 0], np.ones((3, 2))),\n'
         '          contains="by must be 2-D with shape (n_y, 1)")\n'
         'test_fail(lambda: predict(Wy_demo, by_demo, np.ones((4, 2))),\n'
         '          contains="Wy has shape (2, 3) but expected (2, 4)")'),
        ('markdown',
         '## Initialisers\n'
         '\n'
         'Good starting weights keep the pre-activations of order one: each weight matrix is drawn\n'
         'from a normal distribution with standard deviation $1/\\sqrt{\\text{fan-in}}$, where the\n'
         'fan-in is the number of inputs feeding one unit. Biases start at zero. A `seed` makes the\n'
         "draw reproducible without touching numpy's global random state."),
        ('code',
         '#| exports\n'
         'def init_rnn_params(n_x:int, # Input size\n'
         '                    n_a:int, # Hidden size\n'
         '                    n_y:int, # Output size\n'
         '                    seed:int|None=None, # Seed for `np.random.default_rng`; `None` draws '
         'fresh entropy\n'
         '                    dtype=np.float64,   # Floating dtype of every array\n'
         '                   ) -> dict:\n'
         '    "Random basic-RNN parameters `Waa, Wax, ba, Wya, by`, weights scaled by 1/sqrt(fan-in)."\n'
         '    rng = np.random.default_rng(seed)\n'
         '    draw = lambda rows, cols: rng.standard_normal((rows, cols)) / np.sqrt(cols)\n'
         '    parameters = dict(Wax=draw(n_a, n_x), Waa=draw(n_a, n_a), Wya=draw(n_y, n_a),\n'
         '                      ba=np.zeros((n_a, 1)), by=np.zeros((n_y, 1)))\n'
         '    return {name: parameters[name].astype(dtype) for name in RNN_LAYOUT}'),
        ('code',
         'p = init_rnn_params(3, 5, 2, seed=0)\n'
         '{name: value.shape for name, value in p.items()}'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: shapes, seeds, dtypes, scale"\n'
         'test_eq(validate(RNN_LAYOUT, **p)[0], {"n_a": 5, "n_x": 3, "n_y": 2})\n'
         'test_eq(init_rnn_params(3, 5, 2, seed=0)["Waa"], p["Waa"])\n'
         'test_ne(init_rnn_params(3, 5, 2, seed=1)["Waa"], p["Waa"])\n'
         'test_eq(init_rnn_params(3, 5, 2, seed=0, dtype=np.float32)["Wax"].dtype, np.float32)\n'
         'test_close(init_rnn_params(1, 400, 1, seed=0)["Waa"].std(), 1 / np.sqrt(400), eps=2e-3)'),
        ('markdown',
         'The LSTM initialiser follows the same rule with fan-in $n_a + n_x$ for the four gate\n'
         'matrices (they all read `[a_prev; xt]`). Its forget-gate bias `bf` decides how long a\n'
         'fresh network remembers: the gate is $\\sigma(b_f)$ at the start, and the memory decays by\n'
         'that factor per step, so it lasts about $1 + e^{b_f}$ steps. The default, $b_f = 4$, keeps\n'
         '98% per step — a memory of about 55 steps; a bias of 1, a common choice, keeps 73% (about 4\n'
         'steps), and [the chapter on vanishing gradients](vanishing.html) shows that this is what\n'
         'makes an LSTM fail to learn long lags.\n'
         '\n'
         '*Chrono initialisation* (Tallec & Ollivier, 2018) instead spreads the time scales: each\n'
         "unit's forget bias is $\\log u$ with $u$ uniform in $(1, T_{max} - 1)$, and its input bias "
         'is\n'
         'the opposite, which keeps the memory from filling up with noise. Pass `chrono=T_max`, the\n'
         'longest dependency you expect, to use it.'),
        ('code',
         '#| exports\n'
         'def init_lstm_params(n_x:int, # Input size\n'
         '                     n_a:int, # Hidden size\n'
         '                     n_y:int, # Output size\n'
         '                     seed:int|None=None, # Seed for `np.random.default_rng`; `None` draws '
         'fresh entropy\n'
         '                     dtype=np.float64,   # Floating dtype of every array\n'
         '                     forget_bias:float=4.0, # Initial forget-gate bias `bf`: memory of about '
         '`1 + e**bf` steps\n'
         '                     chrono:float|None=None, # `T_max` for chrono initialisation (overrides '
         '`forget_bias`)\n'
         '                    ) -> dict:\n'
         '    "Random LSTM parameters `Wf, Wi, Wc, Wo (n_a, n_a+n_x)`, biases, `Wy, by`."\n'
         '    if not np.isfinite(forget_bias):\n'
         '        raise ValueError(f"forget_bias must be a finite number, got {forget_bias!r}")\n'
         '    if chrono is not None and not (np.isfinite(chrono) and chrono > 2):\n'
         '        raise ValueError(f"chrono (the longest time scale T_max) must be a finite number > 2, '
         'got {chrono!r}")\n'
         '    rng = np.random.default_rng(seed)\n'
         '    draw = lambda rows, cols: rng.standard_normal((rows, cols)) / np.sqrt(cols)\n'
         '    parameters = {name: draw(n_a, n_a + n_x) for name in ("Wf", "Wi", "Wc", "Wo")}\n'
         '    parameters.update({name: np.zeros((n_a, 1)) for name in ("bi", "bc", "bo")})\n'
         '    parameters.update(bf=np.full((n_a, 1), float(forget_bias)), Wy=draw(n_y, n_a), '
         'by=np.zeros((n_y, 1)))\n'
         '    if chrono is not None:\n'
         '        parameters["bf"] = np.log(rng.uniform(1, chrono - 1, (n_a, 1)))\n'
         '        parameters["bi"] = -parameters["bf"]\n'
         '    return {name: parameters[name].astype(dtype) for name in LSTM_LAYOUT}'),
        ('code',
         'q = init_lstm_params(3, 5, 2, seed=0)\n'
         '{name: value.shape for name, value in q.items()}'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: the assignment\'s layout, seeds, the forget bias"\n'
         'test_eq(validate(LSTM_LAYOUT, **q)[0], {"n_a": 5, "n_x": 3, "n_y": 2})\n'
         'test_eq(q["bf"], np.full((5, 1), 4.))\n'
         'test_eq(init_lstm_params(3, 5, 2, seed=0)["Wc"], q["Wc"])\n'
         'test_eq(init_lstm_params(3, 5, 2, seed=0, forget_bias=1)["bf"], np.ones((5, 1)))\n'
         'chrono = init_lstm_params(3, 200, 2, seed=0, chrono=100)\n'
         'test_eq(chrono["bi"], -chrono["bf"])\n'
         'test_lt(0, chrono["bf"].min()); test_lt(chrono["bf"].max(), np.log(99))\n'
         'test_eq(chrono["Wc"], init_lstm_params(3, 200, 2, seed=0)["Wc"])\n'
         'for fragment in ("chrono (the longest time scale T_max)",\n'
         '                 "must be a finite number > 2, got 2"):\n'
         '    test_fail(lambda: init_lstm_params(3, 5, 2, chrono=2), contains=fragment)\n'
         'test_fail(lambda: init_lstm_params(3, 5, 2, forget_bias=np.nan),\n'
         '          contains="forget_bias must be a finite number")'),
        ('markdown',
         '## Summary\n'
         '\n'
         '- `sigmoid` and `softmax` never overflow: the sigmoid exponentiates only $-|z|$, the softmax\n'
         "  subtracts each column's own maximum (the assignment's global maximum turns a column into\n"
         '  `nan`).\n'
         '- One dtype rule (`float_dtype`) and one refusal of non-real input (`real_array`) serve\n'
         "  every function; `validate` checks a whole call's shapes against a symbolic layout and\n"
         '  names the argument, the expected shape and where each size came from.\n'
         "- `init_rnn_params` and `init_lstm_params` draw parameters in the assignment's layout, the\n"
         "  LSTM's forget bias set to 1.\n"
         '\n'
         '### Exercises\n'
         '\n'
         '1. Write `sigmoid` and `softmax` yourself: `rnn-literate practice ~/rnn-practice --chapter '
         '00`,\n'
         '   then `rnn-literate check ~/rnn-practice`.\n'
         '2. Compute $\\log \\sigma(z)$ for $z = -800$ with `np.log(sigmoid(z))`. What goes wrong, and\n'
         '   how would you compute it directly? (The [loss chapter](loss.html) needs the same idea.)\n'
         '3. Call `validate` with a layout of your own for a matrix product `W @ x` and find the\n'
         '   smallest wrong input whose message you find unclear. How would you improve it?\n'
         '\n'
         '### References\n'
         '\n'
         '- J. S. Bridle (1990). *Probabilistic Interpretation of Feedforward Classification Network\n'
         '  Outputs, with Relationships to Statistical Pattern Recognition*. (The softmax.)\n'
         '- N. J. Higham (2002). *Accuracy and Stability of Numerical Algorithms*, 2nd ed., SIAM.\n'
         '- NumPy: [type promotion](https://numpy.org/doc/stable/reference/arrays.promotion.html) and\n'
         '  [broadcasting](https://numpy.org/doc/stable/user/basics.broadcasting.html).'),
        ('code',
         '#| hide\n'
         'import nbdev; nbdev.nbdev_export()'),
    ],
    '01_rnn_cell': [
        ('markdown',
         '# The basic RNN cell\n'
         '\n'
         '> One time step of a vanilla recurrent network: mix the new input with the previous hidden '
         'state, squash, predict.'),
        ('code',
         '#| default_exp rnn_cell'),
        ('code',
         '#| hide\n'
         'from fastcore.test import *\n'
         'from nbdev.showdoc import *\n'
         'from rnn_literate.testing import limit_blas_threads'),
        ('code',
         '#| hide\n'
         'limit_blas_threads();'),
        ('code',
         '#| export\n'
         'from __future__ import annotations\n'
         'from typing import NamedTuple\n'
         'import numpy as np\n'
         'from rnn_literate.utils import predict, validate, get_params, RNN_LAYOUT'),
        ('code',
         'import warnings\n'
         'from rnn_literate.testing import rnn_cell_draw'),
        ('markdown',
         'A recurrent network reads a sequence one element at a time and carries a *hidden state*\n'
         "from one step to the next. The hidden state is the network's running summary of\n"
         'everything it has read so far; the cell is the rule that updates that summary when a new\n'
         'input arrives. The same cell, with the same weights, is applied at every step: that\n'
         'sharing is what lets one small set of parameters handle sequences of any length.'),
        ('markdown',
         'This chapter and the five after it follow one well-known programming assignment,\n'
         '["Building your Recurrent Neural Network – Step by Step"](index.html#the-source-assignment),\n'
         "from Course 5 (*Sequence Models*) of DeepLearning.AI's Deep Learning Specialization. We\n"
         'keep what makes the two comparable: the layout of every array (features first, then the\n'
         "batch, then time), the names (`xt`, `a_prev`, `Wax`, `a_next`, …) and the assignment's\n"
         'test vectors, so its expected values are our tests. We differ where a library must: inputs\n'
         'are checked and refused with a message, caches are named tuples, and every gradient is\n'
         'proven rather than trusted.'),
        ('markdown',
         '## What one step computes\n'
         '\n'
         '$$a^{\\langle t \\rangle} = \\tanh\\left(W_{aa}\\, a^{\\langle t-1 \\rangle} + W_{ax}\\, '
         'x^{\\langle t \\rangle} + b_a\\right)$$\n'
         '\n'
         '$$\\hat{y}^{\\langle t \\rangle} = \\operatorname{softmax}\\left(W_{ya}\\, a^{\\langle t '
         '\\rangle} + b_y\\right)$$\n'
         '\n'
         'Read it as two questions the cell answers at every step:\n'
         '\n'
         '1. *What should I remember now?* Take what I remembered a moment ago ($W_{aa} a^{\\langle t-1 '
         '\\rangle}$),\n'
         '   add what I am seeing now ($W_{ax} x^{\\langle t \\rangle}$), and squash the sum into\n'
         '   $(-1, 1)$ with $\\tanh$, so the state stays bounded no matter how long the sequence.\n'
         '2. *What do I predict?* A linear read-out of the new state, turned into probabilities by\n'
         '   the column-wise softmax of the [utilities](utils.html).'),
        ('markdown',
         "The same step drawn, with the code's names under the symbols:"),
        ('markdown',
         '## Shapes\n'
         '\n'
         'A whole mini-batch of `m` examples is processed at once; each example is a *column*.\n'
         '\n'
         '| tensor | shape | role |\n'
         '|---|---|---|\n'
         '| `xt` | `(n_x, m)` | input at this step, one column per example |\n'
         '| `a_prev` | `(n_a, m)` | hidden state from the previous step |\n'
         '| `Wax` | `(n_a, n_x)` | input → hidden |\n'
         '| `Waa` | `(n_a, n_a)` | hidden → hidden (the recurrence) |\n'
         '| `ba` | `(n_a, 1)` | hidden bias, broadcast over the batch |\n'
         '| `Wya` | `(n_y, n_a)` | hidden → output scores |\n'
         '| `by` | `(n_y, 1)` | output bias |\n'
         '| `a_next` | `(n_a, m)` | new hidden state |\n'
         '| `yt_pred` | `(n_y, m)` | class probabilities, each column sums to 1 |\n'
         '\n'
         '## The code\n'
         '\n'
         'The arithmetic of one step lives in a small function with no checks, `rnn_step`: the\n'
         'sequence chapter calls it once per time step and checks its inputs only once, up front.\n'
         'It receives the parameters as arrays already validated and converted to one dtype.'),
        ('code',
         '#| exports\n'
         '#| practice\n'
         'def rnn_step(xt,     # Input at this step, `(n_x, m)`, already validated\n'
         '             a_prev, # Hidden state at the previous step, `(n_a, m)`\n'
         '             params, # Validated arrays `Waa, Wax, ba`\n'
         '            ):\n'
         '    "One RNN step without checks: `tanh(Waa a_prev + Wax xt + ba)`."\n'
         '    return np.tanh(params["Waa"] @ a_prev + params["Wax"] @ xt + params["ba"])'),
        ('markdown',
         '<details><summary>Hint</summary>\n'
         '\n'
         'One line: the first equation above, with `params["Waa"]`, `params["Wax"]`, `params["ba"]` and '
         '`@` for the matrix products. The bias column broadcasts over the batch by itself.\n'
         '\n'
         '</details>'),
        ('markdown',
         'The cache is what the backward pass will need, and nothing more. The derivative of\n'
         '$\\tanh$ is $1 - \\tanh^2$, so the new state `a_next` is enough to differentiate the\n'
         'squashing; no pre-activation is stored. The inputs `a_prev` and `xt` give the weight\n'
         "gradients, and the parameters the input gradients. A named tuple keeps the assignment's\n"
         'order, so `a_next, a_prev, xt, parameters = cache` works, and lets every later function\n'
         'recognise an RNN cache by its type.'),
        ('code',
         '#| exports\n'
         'class RNNCache(NamedTuple):\n'
         '    "What `rnn_cell_backward` needs from one step of `rnn_cell_forward`."\n'
         "    a_next: np.ndarray  # new hidden state `(n_a, m)`: `1 - a_next**2` is tanh's derivative\n"
         '    a_prev: np.ndarray  # previous hidden state `(n_a, m)`, as used\n'
         '    xt: np.ndarray      # input `(n_x, m)`, as used\n'
         '    parameters: dict    # the parameter dict that was passed in\n'
         '    made_by = "rnn_cell_forward"\n'
         '    used_by = "rnn_cell_backward"'),
        ('markdown',
         'The public cell checks its arguments — data first, so a malformed weight is blamed by its\n'
         'own name — takes one step, and reads out the prediction with the shared `predict`.'),
        ('code',
         '#| exporti\n'
         'RNN_CELL_LAYOUT = {"xt": ("n_x", "m"), "a_prev": ("n_a", "m"), **RNN_LAYOUT}'),
        ('code',
         '#| exports\n'
         'def rnn_cell_forward(xt,         # Input at this step, `(n_x, m)`\n'
         '                     a_prev,     # Hidden state at the previous step, `(n_a, m)`\n'
         '                     parameters:dict, # `Waa, Wax, Wya, ba, by`\n'
         '                    ):\n'
         '    "One basic-RNN step; returns `a_next, yt_pred, cache` with `cache = (a_next, a_prev, xt, '
         'parameters)`."\n'
         '    arrays = get_params(parameters, RNN_LAYOUT)\n'
         '    _, _, checked = validate(RNN_CELL_LAYOUT, xt=xt, a_prev=a_prev, **arrays)\n'
         '    a_next = rnn_step(checked["xt"], checked["a_prev"], checked)\n'
         '    yt_pred = predict(checked["Wya"], checked["by"], a_next)\n'
         '    return a_next, yt_pred, RNNCache(a_next, checked["a_prev"], checked["xt"], parameters)'),
        ('markdown',
         "## The assignment's test vector\n"
         '\n'
         "The assignment fixes a test vector: seed numpy's global generator with 1 and draw, in this\n"
         'order, `xt (3,10)`, `a_prev (5,10)`, `Waa (5,5)`, `Wax (5,3)`, `Wya (2,5)`, `ba (5,1)`, `by '
         '(2,1)`.\n'
         '`rnn_cell_draw` of the [test helpers](testing.html) makes that draw (and one more array, for\n'
         'the backward chapter).'),
        ('code',
         'xt, a_prev, parameters, _ = rnn_cell_draw()\n'
         'a_next, yt_pred, cache = rnn_cell_forward(xt, a_prev, parameters)\n'
         'a_next[4]'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: the assignment\'s values, shapes"\n'
         'test_close(a_next[4], [0.59584544, 0.18141802, 0.61311866, 0.99808218, 0.85016201,\n'
         '                       0.99980978, -0.18887155, 0.99815551, 0.6531151, 0.82872037], '
         'eps=1e-7)\n'
         'test_close(yt_pred[1], [0.9888161, 0.01682021, 0.21140899, 0.36817467, 0.98988387,\n'
         '                        0.88945212, 0.36920224, 0.9966312, 0.9982559, 0.17746526], eps=1e-7)\n'
         'test_eq((a_next.shape, yt_pred.shape), ((5, 10), (2, 10)))\n'
         'test_close(yt_pred.sum(axis=0), np.ones(10), eps=1e-12)'),
        ('markdown',
         "The cache, unpacked the assignment's way: four entries, the new state first, then the two\n"
         'inputs as they were used, and the very dict that was passed in.'),
        ('code',
         'a_n, a_p, x_used, p_used = cache\n'
         'type(cache).__name__, cache._fields'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: the cache\'s entries"\n'
         'test_eq(len(cache), 4)\n'
         'test_eq(a_n, a_next); test_eq(a_p, a_prev); test_eq(x_used, xt)\n'
         'test_eq(p_used is parameters, True)'),
        ('markdown',
         '## Bad input is refused\n'
         '\n'
         'Every check, exercised: a wrong rank, an input that disagrees with the\n'
         'others, a parameter of the wrong shape, a missing key and a non-real dtype. Messages name\n'
         'the argument and show both shapes.'),
        ('code',
         'try: rnn_cell_forward(xt[:2], a_prev, parameters)\n'
         'except ValueError as error: refusal = str(error)\n'
         'refusal'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: bad input"\n'
         'def with_param(**changes):\n'
         '    "The test vector\'s parameters with some entries replaced."\n'
         '    return {**parameters, **changes}\n'
         '\n'
         'test_fail(lambda: rnn_cell_forward(xt[None], a_prev, parameters),\n'
         '          contains="xt must be 2-D with shape (n_x, m)")\n'
         'for fragment in ("Wax has shape (5, 3) but expected (5, 2)", "n_x = 2 comes from xt"):\n'
         '    test_fail(lambda: rnn_cell_forward(xt[:2], a_prev, parameters), contains=fragment)\n'
         'test_fail(lambda: rnn_cell_forward(xt, a_prev[:, :4], parameters),\n'
         '          contains="a_prev has shape (5, 4) but expected (5, 10)")\n'
         'test_fail(lambda: rnn_cell_forward(xt, a_prev, with_param(ba=np.ones((5, 10)))),\n'
         '          contains="ba has shape (5, 10) but expected (5, 1)")\n'
         'test_fail(lambda: rnn_cell_forward(xt, a_prev, with_param(Waa=np.ones((5, 4)))),\n'
         '          contains="Waa has shape (5, 4) but expected (5, 5)")\n'
         'without_by = {name: value for name, value in parameters.items() if name != "by"}\n'
         'test_fail(lambda: rnn_cell_forward(xt, a_prev, without_by),\n'
         '          contains="missing [\'by\']")\n'
         'test_fail(lambda: rnn_cell_forward(xt.astype(complex), a_prev, parameters),\n'
         '          contains="xt must hold real numbers", exc=TypeError)'),
        ('markdown',
         '## Dtypes, sizes of one, and untouched inputs\n'
         '\n'
         'float32 in gives float32 out; integer inputs (of any width) are computed in float64; a\n'
         'batch of one and a single output class both work (with `n_y = 1` the softmax is identically\n'
         '1); the call never writes into its arguments; and huge inputs saturate $\\tanh$ and the\n'
         'softmax without overflow warnings.'),
        ('code',
         'p32 = {name: value.astype(np.float32) for name, value in parameters.items()}\n'
         'a32 = rnn_cell_forward(xt.astype(np.float32), a_prev.astype(np.float32), p32)[0]\n'
         'a32.dtype, float(np.abs(a32 - a_next).max())'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: dtypes, sizes of one, inputs untouched, no warnings"\n'
         'a32, y32, _ = rnn_cell_forward(xt.astype(np.float32), a_prev.astype(np.float32), p32)\n'
         'test_eq((a32.dtype, y32.dtype), (np.float32, np.float32))\n'
         'test_close(a32, a_next, eps=1e-5)\n'
         'x_int8 = (np.arange(30).reshape(3, 10) % 3).astype(np.int8)\n'
         'a_int, y_int, _ = rnn_cell_forward(x_int8, np.zeros((5, 10), int), parameters)\n'
         'test_eq((a_int.dtype, y_int.dtype), (np.float64, np.float64))\n'
         '\n'
         'one_class = with_param(Wya=parameters["Wya"][:1], by=parameters["by"][:1])\n'
         'a1, y1, _ = rnn_cell_forward(xt[:, :1], a_prev[:, :1], one_class)\n'
         'test_eq((a1.shape, y1.shape), ((5, 1), (1, 1)))\n'
         'test_eq(y1, np.ones((1, 1)))\n'
         'test_close(a1[:, 0], a_next[:, 0], eps=1e-12)\n'
         '\n'
         'before = [xt.copy(), a_prev.copy()] + [value.copy() for value in parameters.values()]\n'
         'rnn_cell_forward(xt, a_prev, parameters)\n'
         'for saved, now in zip(before, [xt, a_prev, *parameters.values()]): test_eq(saved, now)\n'
         '\n'
         'with warnings.catch_warnings():\n'
         '    warnings.simplefilter("error")\n'
         '    huge_by = with_param(by=parameters["by"] * 1e4)\n'
         '    a_big, y_big, _ = rnn_cell_forward(xt * 1e4, a_prev, huge_by)\n'
         'for out in (a_big, y_big): test_eq(np.isfinite(out), np.full(out.shape, True))'),
        ('markdown',
         '## Summary\n'
         '\n'
         '- One step of the basic RNN: $a^{\\langle t \\rangle} = \\tanh(W_{aa} a^{\\langle t-1 '
         '\\rangle} +\n'
         '  W_{ax} x^{\\langle t \\rangle} + b_a)$, then a softmax read-out.\n'
         '- `rnn_step` computes the state, `rnn_cell_forward` checks its inputs, takes the step and\n'
         '  predicts, and returns an `RNNCache` of exactly what the backward pass needs.\n'
         "- The assignment's test vector reproduces to seven digits; bad shapes, keys and dtypes are\n"
         '  refused with messages that name the argument.\n'
         '\n'
         '### Exercises\n'
         '\n'
         '1. Write `rnn_step` yourself: `rnn-literate practice ~/rnn-practice --chapter 01`, then\n'
         '   `rnn-literate check ~/rnn-practice`.\n'
         '2. Set `Waa` to zero. What does the cell become, and what can it no longer do?\n'
         '3. Multiply `xt` by 100 and look at `a_next`. Why does $\\tanh$ keep the state bounded, and\n'
         '   what does that mean for the gradient (the [backward chapter](backward.html) answers)?\n'
         '\n'
         '### References\n'
         '\n'
         '- J. L. Elman (1990). *Finding Structure in Time*. Cognitive Science 14(2), 179–211.\n'
         '- DeepLearning.AI, *Sequence Models* (Course 5 of the Deep Learning Specialization),\n'
         '  assignment "Building your Recurrent Neural Network – Step by Step".\n'
         '- I. Goodfellow, Y. Bengio, A. Courville (2016). *Deep Learning*, chapter 10,\n'
         '  [deeplearningbook.org](https://www.deeplearningbook.org/contents/rnn.html).'),
        ('code',
         '#| hide\n'
         'import nbdev; nbdev.nbdev_export()'),
    ],
    '02_rnn_seq': [
        ('markdown',
         '# The basic RNN over a sequence\n'
         '\n'
         '> Unroll the cell over all time steps: one set of weights, one hidden state carried from left '
         'to right.'),
        ('code',
         '#| default_exp rnn_seq'),
        ('code',
         '#| hide\n'
         'from fastcore.test import *\n'
         'from nbdev.showdoc import *\n'
         'from rnn_literate.testing import limit_blas_threads'),
        ('code',
         '#| hide\n'
         'limit_blas_threads();'),
        ('code',
         '#| export\n'
         'from __future__ import annotations\n'
         'from typing import NamedTuple\n'
         'import numpy as np\n'
         'from rnn_literate.utils import predict, validate, get_params, check_flag, RNN_LAYOUT, '
         'RNN_KEYS\n'
         'from rnn_literate.rnn_cell import RNNCache, rnn_step'),
        ('code',
         'from rnn_literate.rnn_cell import rnn_cell_forward\n'
         'from rnn_literate.testing import rnn_seq_draw'),
        ('markdown',
         'A sequence of length $T_x$ is processed by applying [the cell](rnn_cell.html) $T_x$ times,\n'
         'each time feeding it the state it produced one step earlier. Unrolled, the network is a\n'
         'chain, drawn below: states flow left to right, inputs enter from below and predictions\n'
         'leave above.\n'
         '\n'
         'Every box is the *same* cell with the *same* parameters. The initial state\n'
         '$a^{\\langle 0 \\rangle}$ is an input (often zeros).\n'
         '\n'
         '$$a^{\\langle t \\rangle} = \\tanh\\left(W_{aa}\\, a^{\\langle t-1 \\rangle} + W_{ax}\\, '
         'x^{\\langle t \\rangle} + b_a\\right), \\qquad\n'
         '  \\hat{y}^{\\langle t \\rangle} = \\operatorname{softmax}\\left(W_{ya}\\, a^{\\langle t '
         '\\rangle} + b_y\\right), \\qquad t = 1, \\dots, T_x$$'),
        ('markdown',
         '## Shapes\n'
         '\n'
         'Time is the last axis, so `x[:, :, t]` is the `(n_x, m)` input of step `t` (counting from '
         '0).\n'
         '\n'
         '| tensor | shape |\n'
         '|---|---|\n'
         '| `x` | `(n_x, m, T_x)` |\n'
         '| `a0` | `(n_a, m)` |\n'
         '| `a` | `(n_a, m, T_x)` — the state after each step |\n'
         '| `y_pred` | `(n_y, m, T_x)` — the prediction at each step (`None` with `readout=False`) |\n'
         '| `caches` | `(list of T_x cell caches, x)` |'),
        ('markdown',
         '## The code\n'
         '\n'
         'The inputs are checked once, before the loop; inside it, the unchecked `rnn_step` of the\n'
         "[cell chapter](rnn_cell.html) does the work, and each step's cache is the same `RNNCache`\n"
         'that `rnn_cell_forward` returns, so the backward pass can treat one step and a whole\n'
         'sequence alike. The loop needs only the recurrent weights, so stacked networks can reuse\n'
         'it; the read-out is applied to all steps at once afterwards.'),
        ('code',
         '#| exports\n'
         '#| practice\n'
         'def rnn_loop(x,          # Inputs for all steps `(n_x, m, T_x)`, already validated\n'
         '             a0,         # Initial hidden state `(n_a, m)`, validated\n'
         '             params,     # Validated arrays `Waa, Wax, ba`\n'
         "             parameters, # The dict to store in each step's cache\n"
         '            ):\n'
         '    "The recurrence over all steps, without checks; returns `a (n_a, m, T_x)` and the step '
         'caches."\n'
         '    a = np.empty(a0.shape + x.shape[2:], np.result_type(x, a0))\n'
         '    a_next, step_caches = a0, []\n'
         '    for t in range(x.shape[2]):\n'
         '        xt, a_prev = x[:, :, t], a_next\n'
         '        a_next = rnn_step(xt, a_prev, params)\n'
         '        a[:, :, t] = a_next\n'
         '        step_caches.append(RNNCache(a_next, a_prev, xt, parameters))\n'
         '    return a, step_caches'),
        ('markdown',
         '<details><summary>Hint</summary>\n'
         '\n'
         'Allocate `a` with `np.empty`, then for each `t`: `xt = x[:, :, t]`, call `rnn_step` on the '
         'state the previous step produced (`a0` for the first), store the result in `a[:, :, t]` and '
         'append `RNNCache(a_next, a_prev, xt, parameters)`.\n'
         '\n'
         '</details>'),
        ('markdown',
         "A sequence cache is [the assignment](index.html#the-source-assignment)'s pair `(caches, x)`: "
         'the list of step caches and the\n'
         'inputs. As a named tuple it still unpacks as a pair, and the backward pass recognises it\n'
         'by its type.'),
        ('code',
         '#| exports\n'
         'class SequenceCache(NamedTuple):\n'
         '    "The `(caches, x)` pair of a reference sequence forward pass."\n'
         '    step_caches: list   # one cell cache per time step\n'
         '    x: np.ndarray       # the inputs `(n_x, m, T_x)`, as used\n'
         '    made_by = "a sequence forward pass (rnn_forward, lstm_forward, gru_forward)"\n'
         '    used_by = "the matching backward pass (rnn_backward, lstm_backward, gru_backward)"'),
        ('markdown',
         'The read-out is optional. A layer inside a stacked network, or a model with an output of\n'
         'its own, only passes its states on: with `readout=False` the function skips the softmax,\n'
         'needs only `Waa, Wax, ba`, and returns `None` in place of `y_pred`. The caches are the same\n'
         'either way, so the backward pass does not care which was used. A flag has to be a real\n'
         'boolean: a string such as `"no"` is truthy and would quietly switch the read-out *on*, so\n'
         '`check_flag` of the [utilities](utils.html) refuses anything but `True` or `False`.'),
        ('code',
         '#| exporti\n'
         'RNN_SEQ_LAYOUT = {readout: {"x": ("n_x", "m", "T_x"), "a0": ("n_a", "m"),\n'
         '                            **{name: RNN_LAYOUT[name] for name in (RNN_LAYOUT if readout else '
         'RNN_KEYS)}}\n'
         '                  for readout in (False, True)}'),
        ('code',
         '#| exports\n'
         'def rnn_forward(x,       # Inputs for all steps, `(n_x, m, T_x)`\n'
         '                a0,      # Initial hidden state, `(n_a, m)`\n'
         '                parameters:dict,   # `Waa, Wax, ba` (and `Wya, by` when `readout`)\n'
         '                readout:bool=True, # Compute the predictions; `False` needs no `Wya, by` and '
         'returns `None`\n'
         '               ):\n'
         '    "Basic RNN over a sequence; returns `a, y_pred, caches` with `caches = '
         '(list_of_step_caches, x)`."\n'
         '    readout = check_flag("readout", readout)\n'
         '    arrays = get_params(parameters, RNN_LAYOUT if readout else RNN_KEYS)\n'
         '    _, _, checked = validate(RNN_SEQ_LAYOUT[readout], x=x, a0=a0, **arrays)\n'
         '    a, step_caches = rnn_loop(checked["x"], checked["a0"], checked, parameters)\n'
         '    y_pred = predict(checked["Wya"], checked["by"], a) if readout else None\n'
         '    return a, y_pred, SequenceCache(step_caches, checked["x"])'),
        ('markdown',
         "## The assignment's test vector\n"
         '\n'
         'Seed 1, then `x (3,10,4)`, `a0 (5,10)`, `Waa (5,5)`, `Wax (5,3)`, `Wya (2,5)`, `ba (5,1)`, '
         '`by (2,1)`.'),
        ('code',
         'x, a0, parameters, _ = rnn_seq_draw()\n'
         'a, y_pred, caches = rnn_forward(x, a0, parameters)\n'
         'a[4][1]'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: the assignment\'s values, shapes"\n'
         'test_close(a[4][1], [-0.99999375, 0.77911235, -0.99861469, -0.99833267], eps=1e-7)\n'
         'test_close(y_pred[1][3], [0.79560373, 0.86224861, 0.11118257, 0.81515947], eps=1e-7)\n'
         'test_close(caches[1][1][3], [-1.1425182, -0.34934272, -0.20889423, 0.58662319], eps=1e-7)\n'
         'test_eq(len(caches), 2)\n'
         'test_eq((a.shape, y_pred.shape), ((5, 10, 4), (2, 10, 4)))'),
        ('markdown',
         '## The unrolled loop is the cell, repeated\n'
         '\n'
         'Calling the public cell step by step gives exactly the same states, predictions and\n'
         'caches: the sequence function adds no arithmetic of its own.'),
        ('code',
         'a_t, states = a0, []\n'
         'for t in range(x.shape[2]):\n'
         '    a_t, y_t, cache_t = rnn_cell_forward(x[:, :, t], a_t, parameters)\n'
         '    states.append(a_t)\n'
         'np.abs(np.stack(states, axis=2) - a).max()'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: every step\'s state, prediction and cache match the cell\'s"\n'
         'step_caches, x_cached = caches\n'
         'test_eq(len(step_caches), 4)\n'
         'a_t = a0\n'
         'for t in range(4):\n'
         '    a_t, y_t, cache_t = rnn_cell_forward(x[:, :, t], a_t, parameters)\n'
         '    test_eq(a[:, :, t], a_t); test_eq(y_pred[:, :, t], y_t)\n'
         '    test_eq(type(step_caches[t]), RNNCache)\n'
         '    for got, want in zip(step_caches[t][:3], cache_t[:3]): test_eq(got, want)\n'
         '    test_eq(step_caches[t].parameters is parameters, True)\n'
         'test_eq(x_cached, x)'),
        ('markdown',
         '## Without the read-out\n'
         '\n'
         'Only the recurrent weights, `readout=False`: the states are exactly those of the full call,\n'
         "the predictions are `None`, and every step's cache holds the same arrays (and the dict that\n"
         'was passed in). The gradients from such caches are checked in the\n'
         '[backward chapter](backward.html).'),
        ('code',
         'recurrent_only = {name: parameters[name] for name in ("Waa", "Wax", "ba")}\n'
         'a_only, no_prediction, caches_only = rnn_forward(x, a0, recurrent_only, readout=False)\n'
         'no_prediction, np.abs(a_only - a).max()'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: no read-out: None, no Wya or by needed, the same states and caches, '
         'bad flags"\n'
         'test_eq(no_prediction, None)\n'
         'test_eq(a_only, a)\n'
         'test_eq(len(caches_only.step_caches), len(caches.step_caches))\n'
         'for got, want in zip(caches_only.step_caches, caches.step_caches):\n'
         '    for got_array, want_array in zip(got[:3], want[:3]): test_eq(got_array, want_array)\n'
         '    test_eq(got.parameters is recurrent_only, True)\n'
         'test_eq(caches_only.x, x)\n'
         'test_eq(rnn_forward(x, a0, parameters, readout=False)[1], None)\n'
         'test_eq(rnn_forward(x, a0, recurrent_only, readout=np.False_)[0], a)\n'
         'test_fail(lambda: rnn_forward(x, a0, recurrent_only), contains="missing [\'Wya\', \'by\']", '
         'exc=KeyError)\n'
         'for flag in ("no", 0, None):\n'
         '    test_fail(lambda: rnn_forward(x, a0, parameters, readout=flag), contains="readout", '
         'exc=TypeError)'),
        ('markdown',
         '## Bad input, dtypes and edge sizes\n'
         '\n'
         'The checks run once, before the loop, so a bad argument is refused by name before any\n'
         'step is taken. A batch of one example of one step works like any other:'),
        ('code',
         'rnn_forward(x[:, :1, :1], a0[:, :1], parameters)[0].shape'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: bad input"\n'
         'test_fail(lambda: rnn_forward(x[:, :, 0], a0, parameters),\n'
         '          contains="x must be 3-D with shape (n_x, m, T_x)")\n'
         'test_fail(lambda: rnn_forward(x[:2], a0, parameters),\n'
         '          contains="Wax has shape (5, 3) but expected (5, 2)")\n'
         'test_fail(lambda: rnn_forward(x, a0[:, :3], parameters),\n'
         '          contains="a0 has shape (5, 3) but expected (5, 10)")\n'
         'test_fail(lambda: rnn_forward(x, a0[:4], parameters),\n'
         '          contains="Waa has shape (5, 5) but expected (4, 4)")\n'
         'test_fail(lambda: rnn_forward(x, a0, {**parameters, "by": np.ones((3, 1))}),\n'
         '          contains="by has shape (3, 1) but expected (2, 1)")\n'
         'without_Wax = {name: value for name, value in parameters.items() if name != "Wax"}\n'
         'test_fail(lambda: rnn_forward(x, a0, without_Wax),\n'
         '          contains="missing [\'Wax\']")'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: dtypes, sizes of one, inputs untouched"\n'
         'p32 = {name: value.astype(np.float32) for name, value in parameters.items()}\n'
         'a32, y32, caches32 = rnn_forward(x.astype(np.float32), a0.astype(np.float32), p32)\n'
         'test_eq((a32.dtype, y32.dtype, caches32.x.dtype), (np.float32,) * 3)\n'
         'test_close(a32, a, eps=1e-5)\n'
         'a_int, y_int, _ = rnn_forward(np.ones((3, 10, 4), dtype=np.uint8), np.zeros((5, 10), '
         'dtype=int), parameters)\n'
         'test_eq((a_int.dtype, y_int.dtype), (np.float64, np.float64))\n'
         '\n'
         'one_class = {**parameters, "Wya": parameters["Wya"][:1], "by": parameters["by"][:1]}\n'
         'a1, y1, caches1 = rnn_forward(x[:, :1, :1], a0[:, :1], one_class)\n'
         'test_eq((a1.shape, y1.shape, len(caches1.step_caches)), ((5, 1, 1), (1, 1, 1), 1))\n'
         'test_close(a1[:, 0, 0], a[:, 0, 0], eps=1e-12)\n'
         '\n'
         'before = [x.copy(), a0.copy()] + [value.copy() for value in parameters.values()]\n'
         'rnn_forward(x, a0, parameters)\n'
         'for saved, now in zip(before, [x, a0, *parameters.values()]): test_eq(saved, now)'),
        ('markdown',
         '## Summary\n'
         '\n'
         "- `rnn_loop` runs the cell's step over all $T_x$ steps with one set of weights, keeping one\n"
         '  `RNNCache` per step; `rnn_forward` checks the inputs once and adds the read-out.\n'
         '- The states equal those of calling `rnn_cell_forward` step by step, exactly: the sequence\n'
         '  adds no arithmetic of its own.\n'
         '- `readout=False` skips the softmax and needs only `Waa, Wax, ba`, as a layer inside a\n'
         "  bigger network does; the assignment's test vector reproduces to seven digits.\n"
         '\n'
         '### Exercises\n'
         '\n'
         '1. Write `rnn_loop` yourself: `rnn-literate practice ~/rnn-practice --chapter 02`, then\n'
         '   `rnn-literate check ~/rnn-practice`.\n'
         '2. Run `rnn_forward` with `a0` of all ones and then all zeros on the same `x`. After how\n'
         "   many steps do the two runs' states agree to three digits, and why do they converge?\n"
         '3. Reverse `x` along time (`x[:, :, ::-1]`). Which outputs change, and which one does not\n'
         '   depend on the order at all?\n'
         '\n'
         '### References\n'
         '\n'
         '- J. L. Elman (1990). *Finding Structure in Time*. Cognitive Science 14(2), 179–211.\n'
         '- I. Goodfellow, Y. Bengio, A. Courville (2016). *Deep Learning*, chapter 10,\n'
         '  [deeplearningbook.org](https://www.deeplearningbook.org/contents/rnn.html).'),
        ('code',
         '#| hide\n'
         'import nbdev; nbdev.nbdev_export()'),
    ],
    '03_lstm_cell': [
        ('markdown',
         '# The LSTM cell\n'
         '\n'
         '> One time step of a long short-term memory network: a protected memory cell and three gates '
         'that decide what to forget, what to write and what to show.'),
        ('code',
         '#| default_exp lstm_cell'),
        ('code',
         '#| hide\n'
         'from fastcore.test import *\n'
         'from nbdev.showdoc import *\n'
         'from rnn_literate.testing import limit_blas_threads'),
        ('code',
         '#| hide\n'
         'limit_blas_threads();'),
        ('code',
         '#| export\n'
         'from __future__ import annotations\n'
         'from typing import NamedTuple\n'
         'import numpy as np\n'
         'from rnn_literate.utils import sigmoid, predict, validate, get_params, LSTM_LAYOUT'),
        ('code',
         'import warnings\n'
         'from rnn_literate.testing import lstm_cell_draw, test_lt'),
        ('markdown',
         'The basic RNN rewrites its whole state at every step, through a $\\tanh$ and a matrix\n'
         'product. Information from far back has to survive many such rewrites, and (as the\n'
         'backward chapter shows) so does the gradient that teaches the network to keep it; in\n'
         'practice both fade within a few dozen steps.\n'
         '\n'
         'The LSTM adds a second state, the **memory cell** $c^{\\langle t \\rangle}$, which is not\n'
         'rewritten wholesale. Each step *edits* it: erase a little, write a little. Because the\n'
         'edit is a multiplication by a number in $(0,1)$ plus an addition, rather than a matrix\n'
         'product followed by a squashing function, what is stored there can last for hundreds of\n'
         'steps when the network wants it to.'),
        ('markdown',
         '## Gates: three soft switches\n'
         '\n'
         'A gate is a vector of numbers between 0 and 1 — one per memory slot — computed by a\n'
         'sigmoid from the previous hidden state and the current input. Multiplying by a gate lets a\n'
         "slot's content through (≈ 1), blocks it (≈ 0), or anything in between. Think of the memory\n"
         'cell as a notebook the network carries:\n'
         '\n'
         "- the **forget gate** $\\Gamma_f$ decides, slot by slot, how much of yesterday's notes to "
         'keep;\n'
         "- the **update gate** $\\Gamma_i$ (the input gate) decides how much of today's candidate\n"
         '  note $\\tilde{c}$ to write in;\n'
         '- the **output gate** $\\Gamma_o$ decides how much of the notebook to read out loud as the\n'
         "  hidden state $a$, which is what the rest of the network (and the next step's gates) see."),
        ('markdown',
         '## The equations\n'
         '\n'
         'All four affine maps read the same input: the previous hidden state stacked on top of the\n'
         'current input, $\\left[a^{\\langle t-1 \\rangle}; x^{\\langle t \\rangle}\\right]$, of '
         'height\n'
         "$n_a + n_x$ (this is `concat`; each weight's first `n_a` columns act on $a$, the rest on "
         '$x$).\n'
         '\n'
         '$$\\Gamma_f^{\\langle t \\rangle} = \\sigma\\left(W_f \\left[a^{\\langle t-1 \\rangle}; '
         'x^{\\langle t \\rangle}\\right] + b_f\\right)$$\n'
         '\n'
         '$$\\Gamma_i^{\\langle t \\rangle} = \\sigma\\left(W_i \\left[a^{\\langle t-1 \\rangle}; '
         'x^{\\langle t \\rangle}\\right] + b_i\\right)$$\n'
         '\n'
         '$$\\tilde{c}^{\\langle t \\rangle} = \\tanh\\left(W_c \\left[a^{\\langle t-1 \\rangle}; '
         'x^{\\langle t \\rangle}\\right] + b_c\\right)$$\n'
         '\n'
         '$$c^{\\langle t \\rangle} = \\Gamma_f^{\\langle t \\rangle} \\odot c^{\\langle t-1 \\rangle} '
         '+ \\Gamma_i^{\\langle t \\rangle} \\odot \\tilde{c}^{\\langle t \\rangle}$$\n'
         '\n'
         '$$\\Gamma_o^{\\langle t \\rangle} = \\sigma\\left(W_o \\left[a^{\\langle t-1 \\rangle}; '
         'x^{\\langle t \\rangle}\\right] + b_o\\right)$$\n'
         '\n'
         '$$a^{\\langle t \\rangle} = \\Gamma_o^{\\langle t \\rangle} \\odot \\tanh\\left(c^{\\langle t '
         '\\rangle}\\right), \\qquad\n'
         '  \\hat{y}^{\\langle t \\rangle} = \\operatorname{softmax}\\left(W_y\\, a^{\\langle t '
         '\\rangle} + b_y\\right)$$\n'
         '\n'
         '$\\odot$ is the element-wise product. In the code the gates are `ft`, `it`, `ot` and the\n'
         'candidate is `cct`.'),
        ('markdown',
         'The cell drawn: the memory runs along the top, edited by one multiplication (the forget\n'
         'gate) and one addition (the input gate times the candidate); below it, the three gates and\n'
         'the candidate all read `[a_prev; xt]`.'),
        ('markdown',
         '## Shapes\n'
         '\n'
         '| tensor | shape | role |\n'
         '|---|---|---|\n'
         '| `xt` | `(n_x, m)` | input at this step |\n'
         '| `a_prev`, `c_prev` | `(n_a, m)` | hidden state and memory from the previous step |\n'
         '| `concat` | `(n_a + n_x, m)` | `a_prev` stacked on `xt` |\n'
         '| `Wf, Wi, Wc, Wo` | `(n_a, n_a + n_x)` | gate and candidate weights |\n'
         '| `bf, bi, bc, bo` | `(n_a, 1)` | their biases |\n'
         '| `ft, it, cct, ot` | `(n_a, m)` | gates (in $(0,1)$) and candidate (in $(-1,1)$) |\n'
         '| `Wy`, `by` | `(n_y, n_a)`, `(n_y, 1)` | output layer |\n'
         '| `a_next`, `c_next` | `(n_a, m)` | new hidden state and memory |\n'
         '| `yt_pred` | `(n_y, m)` | class probabilities |\n'
         '\n'
         '## The code\n'
         '\n'
         'As for the basic RNN, an unchecked step does the arithmetic, one line per equation, so the\n'
         'sequence function can validate once and loop; the read-out is the shared `predict`.'),
        ('code',
         '#| exports\n'
         '#| practice\n'
         'def lstm_step(xt,     # Input at this step `(n_x, m)`, already validated\n'
         '              a_prev, # Hidden state at the previous step `(n_a, m)`\n'
         '              c_prev, # Memory cell at the previous step `(n_a, m)`\n'
         '              params, # Validated gate weights and biases\n'
         '             ):\n'
         '    "One LSTM step without checks; returns `a_next, c_next, ft, it, cct, ot`."\n'
         '    concat = np.concatenate([a_prev, xt], axis=0)\n'
         '    ft = sigmoid(params["Wf"] @ concat + params["bf"])\n'
         '    it = sigmoid(params["Wi"] @ concat + params["bi"])\n'
         '    cct = np.tanh(params["Wc"] @ concat + params["bc"])\n'
         '    c_next = ft * c_prev + it * cct\n'
         '    ot = sigmoid(params["Wo"] @ concat + params["bo"])\n'
         '    a_next = ot * np.tanh(c_next)\n'
         '    return a_next, c_next, ft, it, cct, ot'),
        ('markdown',
         '<details><summary>Hint</summary>\n'
         '\n'
         "Stack the state *above* the input, `np.concatenate([a_prev, xt], axis=0)`, as the weights' "
         'columns expect; then write one line per equation, in order. `sigmoid` comes from the '
         'utilities.\n'
         '\n'
         '</details>'),
        ('markdown',
         'The cache keeps the gates and the candidate as computed — the backward pass needs their\n'
         'values (the derivative of $\\sigma$ is $\\sigma(1-\\sigma)$, of $\\tanh$ is $1-\\tanh^2$), '
         'not\n'
         'the pre-activations — plus both states in and out, the input and the parameters, in the\n'
         "assignment's order."),
        ('code',
         '#| exports\n'
         'class LSTMCache(NamedTuple):\n'
         '    "What `lstm_cell_backward` needs from one step of `lstm_cell_forward`."\n'
         '    a_next: np.ndarray  # new hidden state `(n_a, m)`\n'
         '    c_next: np.ndarray  # new memory cell `(n_a, m)`\n'
         '    a_prev: np.ndarray  # previous hidden state, as used\n'
         '    c_prev: np.ndarray  # previous memory cell, as used\n'
         '    ft: np.ndarray      # forget gate\n'
         '    it: np.ndarray      # update (input) gate\n'
         '    cct: np.ndarray     # candidate memory\n'
         '    ot: np.ndarray      # output gate\n'
         '    xt: np.ndarray      # input, as used\n'
         '    parameters: dict    # the parameter dict that was passed in\n'
         '    made_by = "lstm_cell_forward"\n'
         '    used_by = "lstm_cell_backward"'),
        ('code',
         '#| exporti\n'
         'LSTM_CELL_LAYOUT = {"xt": ("n_x", "m"), "a_prev": ("n_a", "m"), "c_prev": ("n_a", "m"), '
         '**LSTM_LAYOUT}'),
        ('code',
         '#| exports\n'
         'def lstm_cell_forward(xt,      # Input at this step, `(n_x, m)`\n'
         '                      a_prev,  # Hidden state at the previous step, `(n_a, m)`\n'
         '                      c_prev,  # Memory cell at the previous step, `(n_a, m)`\n'
         '                      parameters:dict, # `Wf, Wi, Wc, Wo, bf, bi, bc, bo, Wy, by`\n'
         '                     ):\n'
         '    "One LSTM step; returns `a_next, c_next, yt_pred, cache` (an `LSTMCache`)."\n'
         '    arrays = get_params(parameters, LSTM_LAYOUT)\n'
         '    _, _, checked = validate(LSTM_CELL_LAYOUT, xt=xt, a_prev=a_prev, c_prev=c_prev, '
         '**arrays)\n'
         '    xt, a_prev, c_prev = checked["xt"], checked["a_prev"], checked["c_prev"]\n'
         '    a_next, c_next, ft, it, cct, ot = lstm_step(xt, a_prev, c_prev, checked)\n'
         '    yt_pred = predict(checked["Wy"], checked["by"], a_next)\n'
         '    cache = LSTMCache(a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters)\n'
         '    return a_next, c_next, yt_pred, cache'),
        ('markdown',
         "## The assignment's test vector\n"
         '\n'
         'Seed 1, then `xt (3,10)`, `a_prev (5,10)`, `c_prev (5,10)`, and the parameters in the\n'
         'order `Wf, bf, Wi, bi, Wo, bo, Wc, bc, Wy, by` (note: output gate before candidate).'),
        ('code',
         'xt, a_prev, c_prev, parameters, _, _ = lstm_cell_draw()\n'
         'a_next, c_next, yt_pred, cache = lstm_cell_forward(xt, a_prev, c_prev, parameters)\n'
         'a_next[4], c_next[2]'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: the assignment\'s values, cache length"\n'
         'test_close(a_next[4], [-0.66408471, 0.0036921, 0.02088357, 0.22834167, -0.85575339,\n'
         '                       0.00138482, 0.76566531, 0.34631421, -0.00215674, 0.43827275], '
         'eps=1e-7)\n'
         'test_close(c_next[2], [0.63267805, 1.00570849, 0.35504474, 0.20690913, -1.64566718,\n'
         '                       0.11832942, 0.76449811, -0.0981561, -0.74348425, -0.26810932], '
         'eps=1e-7)\n'
         'test_close(yt_pred[1], [0.79913913, 0.15986619, 0.22412122, 0.15606108, 0.97057211,\n'
         '                        0.31146381, 0.00943007, 0.12666353, 0.39380172, 0.07828381], '
         'eps=1e-7)\n'
         'test_close(cache[1][3], [-0.16263996, 1.03729328, 0.72938082, -0.54101719, 0.02752074,\n'
         '                         -0.30821874, 0.07651101, -1.03752894, 1.41219977, -0.37647422], '
         'eps=1e-7)\n'
         'test_eq(len(cache), 10)'),
        ('markdown',
         '## The cache, entry by entry\n'
         '\n'
         'Each cached gate equals its equation recomputed from scratch with a plain sigmoid, the\n'
         'memory update holds, and the gates live in $(0,1)$ — a direct check of the formulas above,\n'
         'independent of the code.'),
        ('code',
         'concat = np.vstack([a_prev, xt])\n'
         'plain_sigmoid = lambda z: 1 / (1 + np.exp(-z))\n'
         'np.abs(cache.ft - plain_sigmoid(parameters["Wf"] @ concat + parameters["bf"])).max()'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: every cached entry recomputed"\n'
         'a_n, c_n, a_p, c_p, ft, it, cct, ot, xt_used, p_used = cache\n'
         'test_close(ft, plain_sigmoid(parameters["Wf"] @ concat + parameters["bf"]), eps=1e-12)\n'
         'test_close(it, plain_sigmoid(parameters["Wi"] @ concat + parameters["bi"]), eps=1e-12)\n'
         'test_close(cct, np.tanh(parameters["Wc"] @ concat + parameters["bc"]), eps=1e-12)\n'
         'test_close(ot, plain_sigmoid(parameters["Wo"] @ concat + parameters["bo"]), eps=1e-12)\n'
         'test_close(c_n, ft * c_prev + it * cct, eps=1e-12)\n'
         'test_close(a_n, ot * np.tanh(c_n), eps=1e-12)\n'
         'test_eq((a_p, c_p, xt_used), (a_prev, c_prev, xt))\n'
         'test_eq(p_used is parameters, True)\n'
         'gates = np.stack([ft, it, ot])\n'
         'test_lt(0, gates.min()); test_lt(gates.max(), 1)'),
        ('markdown',
         '## The gates at work\n'
         '\n'
         'Two extreme settings make the intuition concrete. A forget bias of $+60$ and an update\n'
         'bias of $-60$ shut the writing and open the keeping: the memory passes through untouched.\n'
         'The opposite biases wipe the memory and replace it by the candidate.'),
        ('code',
         'keep = {**parameters, "bf": np.full((5, 1), 60.), "bi": np.full((5, 1), -60.)}\n'
         'wipe = {**parameters, "bf": np.full((5, 1), -60.), "bi": np.full((5, 1), 60.)}\n'
         'c_kept = lstm_cell_forward(xt, a_prev, c_prev, keep)[1]\n'
         'c_wiped = lstm_cell_forward(xt, a_prev, c_prev, wipe)[1]\n'
         'np.abs(c_kept - c_prev).max(), np.abs(c_wiped - cct).max()'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: keep and wipe"\n'
         'test_close(c_kept, c_prev, eps=1e-10)\n'
         'test_close(c_wiped, cct, eps=1e-10)'),
        ('markdown',
         '## Checked inputs and edge cases\n'
         '\n'
         'As in the [RNN cell](rnn_cell.html), every argument is checked before any arithmetic, and\n'
         'a message names the argument and both shapes; the memory `c_prev` is checked like\n'
         '`a_prev`. A memory of the wrong width, for instance:'),
        ('code',
         'try: lstm_cell_forward(xt, a_prev, c_prev[:4], parameters)\n'
         'except ValueError as error: refusal = str(error)\n'
         'refusal'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: bad input"\n'
         'def with_param(**changes):\n'
         '    "The test vector\'s parameters with some entries replaced."\n'
         '    return {**parameters, **changes}\n'
         '\n'
         'test_fail(lambda: lstm_cell_forward(xt, a_prev, c_prev[None], parameters),\n'
         '          contains="c_prev must be 2-D with shape (n_a, m)")\n'
         'test_fail(lambda: lstm_cell_forward(xt, a_prev, c_prev[:, :7], parameters),\n'
         '          contains="c_prev has shape (5, 7) but expected (5, 10)")\n'
         'test_fail(lambda: lstm_cell_forward(xt, a_prev[:4], c_prev, parameters),\n'
         '          contains="c_prev has shape (5, 10) but expected (4, 10)")\n'
         'test_fail(lambda: lstm_cell_forward(xt, a_prev, c_prev, with_param(Wo=np.ones((5, 7)))),\n'
         '          contains="Wo has shape (5, 7) but expected (5, 8)")\n'
         'test_fail(lambda: lstm_cell_forward(xt, a_prev, c_prev, with_param(Wf=np.ones((5, 9)))),\n'
         '          contains="Wf has shape (5, 9) but expected (5, 8)")\n'
         'test_fail(lambda: lstm_cell_forward(xt, a_prev, c_prev, with_param(bc=np.ones((5, 10)))),\n'
         '          contains="bc has shape (5, 10) but expected (5, 1)")\n'
         'without_two = {name: value for name, value in parameters.items()\n'
         '               if name not in ("Wi", "bo")}\n'
         'test_fail(lambda: lstm_cell_forward(xt, a_prev, c_prev, without_two),\n'
         '          contains="missing [\'Wi\', \'bo\']")'),
        ('markdown',
         'float32 in gives float32 out, integers are computed in float64, a batch of one and a single\n'
         'output class work, the inputs are never written to, and huge inputs saturate the gates\n'
         'without overflow warnings:'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: dtypes, sizes of one, inputs untouched, no warnings"\n'
         'p32 = {name: value.astype(np.float32) for name, value in parameters.items()}\n'
         'out32 = lstm_cell_forward(*(arr.astype(np.float32) for arr in (xt, a_prev, c_prev)), p32)\n'
         'test_eq([out.dtype for out in out32[:3]], [np.float32] * 3)\n'
         'test_close(out32[0], a_next, eps=1e-5)\n'
         'zeros = np.zeros((5, 10), int)\n'
         'out_int = lstm_cell_forward(np.ones((3, 10), np.int16), zeros, zeros, parameters)\n'
         'test_eq([out.dtype for out in out_int[:3]], [np.float64] * 3)\n'
         '\n'
         'one_class = with_param(Wy=parameters["Wy"][:1], by=parameters["by"][:1])\n'
         'a1, c1, y1, _ = lstm_cell_forward(xt[:, :1], a_prev[:, :1], c_prev[:, :1], one_class)\n'
         'test_eq((a1.shape, c1.shape, y1.shape), ((5, 1), (5, 1), (1, 1)))\n'
         'test_close(a1[:, 0], a_next[:, 0], eps=1e-12)\n'
         '\n'
         'inputs = [xt, a_prev, c_prev, *parameters.values()]\n'
         'before = [arr.copy() for arr in inputs]\n'
         'lstm_cell_forward(xt, a_prev, c_prev, parameters)\n'
         'for saved, now in zip(before, inputs): test_eq(saved, now)\n'
         '\n'
         'with warnings.catch_warnings():\n'
         '    warnings.simplefilter("error")\n'
         '    huge_by = with_param(by=parameters["by"] * 1e4)\n'
         '    big = lstm_cell_forward(xt * 1e4, a_prev, c_prev, huge_by)\n'
         'for out in big[:3]: test_eq(np.isfinite(out), np.full(out.shape, True))'),
        ('markdown',
         '## Summary\n'
         '\n'
         "- The LSTM cell carries two states: the memory $c$, changed only by the forget gate's\n"
         "  product and the input gate's addition, and the hidden state $a = \\Gamma_o \\odot \\tanh "
         'c$.\n'
         '- `lstm_step` computes the gates, the candidate and both states; `lstm_cell_forward`\n'
         '  checks its inputs and returns an `LSTMCache` holding the gate values the backward pass\n'
         '  differentiates.\n'
         "- The assignment's test vector reproduces; a forget gate near 1 keeps the memory, near 0\n"
         '  wipes it.\n'
         '\n'
         '### Exercises\n'
         '\n'
         '1. Write `lstm_step` yourself: `rnn-literate practice ~/rnn-practice --chapter 03`, then\n'
         '   `rnn-literate check ~/rnn-practice`.\n'
         '2. Fix the forget gate at 1 and the input gate at 0 (through `bf` and `bi`). What happens to\n'
         '   `c_next` over many steps, and why is that the point of the cell?\n'
         '3. Which gate would you remove first to save computation, and what would the cell lose? The\n'
         '   [GRU chapter](gru.html) gives one answer.\n'
         '\n'
         '### References\n'
         '\n'
         '- S. Hochreiter, J. Schmidhuber (1997). *Long Short-Term Memory*. Neural Computation 9(8),\n'
         '  1735–1780.\n'
         '- F. A. Gers, J. Schmidhuber, F. Cummins (2000). *Learning to Forget: Continual Prediction\n'
         '  with LSTM*. Neural Computation 12(10), 2451–2471.\n'
         '- C. Olah (2015). [*Understanding LSTM Networks*](https://colah.github.io/posts/2015-08-Unders'
         'tanding-LSTMs/).'),
        ('code',
         '#| hide\n'
         'import nbdev; nbdev.nbdev_export()'),
    ],
    '04_lstm_seq': [
        ('markdown',
         '# The LSTM over a sequence\n'
         '\n'
         '> Unroll the LSTM cell over time: two states, hidden and memory, carried from step to step.'),
        ('code',
         '#| default_exp lstm_seq'),
        ('code',
         '#| hide\n'
         'from fastcore.test import *\n'
         'from nbdev.showdoc import *\n'
         'from rnn_literate.testing import limit_blas_threads'),
        ('code',
         '#| hide\n'
         'limit_blas_threads();'),
        ('code',
         '#| export\n'
         'from __future__ import annotations\n'
         'import numpy as np\n'
         'from rnn_literate.utils import real_array, predict, validate, get_params, LSTM_LAYOUT, '
         'LSTM_KEYS\n'
         'from rnn_literate.lstm_cell import LSTMCache, lstm_step\n'
         'from rnn_literate.rnn_seq import SequenceCache\n'
         'from rnn_literate.utils import check_flag'),
        ('code',
         'from rnn_literate.lstm_cell import lstm_cell_forward\n'
         'from rnn_literate.testing import lstm_seq_draw'),
        ('markdown',
         "The loop is the basic RNN's loop with one more thread running through it: each step\n"
         'hands the next both its hidden state $a^{\\langle t \\rangle}$ and its memory\n'
         '$c^{\\langle t \\rangle}$, as the figure draws them: the memory line on top, the hidden '
         'state\n'
         'below it, both entering each step from the left. The layout of `x` and the names are\n'
         "[the assignment](index.html#the-source-assignment)'s.\n"
         '\n'
         'For $t = 1, \\dots, T_x$:\n'
         '\n'
         '$$a^{\\langle t \\rangle}, c^{\\langle t \\rangle}, \\hat{y}^{\\langle t \\rangle} = '
         '\\operatorname{LSTMcell}\\left(x^{\\langle t \\rangle}, a^{\\langle t-1 \\rangle}, '
         'c^{\\langle t-1 \\rangle}\\right)$$\n'
         '\n'
         'with the equations of [the cell chapter](lstm_cell.html). The initial hidden state\n'
         '$a^{\\langle 0 \\rangle}$ is an argument; the initial memory $c^{\\langle 0 \\rangle}$ is\n'
         'zeros unless you pass `c0` — useful for continuing a long sequence in chunks, carrying\n'
         'both states across the boundary.'),
        ('markdown',
         '## Shapes\n'
         '\n'
         '| tensor | shape |\n'
         '|---|---|\n'
         '| `x` | `(n_x, m, T_x)` |\n'
         '| `a0`, `c0` | `(n_a, m)` |\n'
         '| `a`, `c` | `(n_a, m, T_x)` — states after each step |\n'
         '| `y` | `(n_y, m, T_x)` — predictions at each step (`None` with `readout=False`) |\n'
         '| `caches` | `(list of T_x cell caches, x)` |'),
        ('markdown',
         '## The code\n'
         '\n'
         'As in the basic RNN chapter, the loop runs over validated arrays and needs only the gate\n'
         'parameters (stacked networks reuse it); each step stores the same `LSTMCache` the cell\n'
         'returns, and the read-out runs once, over all steps, after it — or not at all: with\n'
         '`readout=False` the function takes no `Wy, by` and returns `None` for `y`.'),
        ('code',
         '#| exports\n'
         '#| practice\n'
         'def lstm_loop(x,          # Inputs for all steps `(n_x, m, T_x)`, already validated\n'
         '              a0,         # Initial hidden state `(n_a, m)`, validated\n'
         '              c0,         # Initial memory cell `(n_a, m)`, validated\n'
         '              params,     # Validated gate weights and biases\n'
         "              parameters, # The dict to store in each step's cache\n"
         '             ):\n'
         '    "The LSTM recurrence over all steps, without checks; returns `a, c (n_a, m, T_x)` and the '
         'step caches."\n'
         '    a = np.empty(a0.shape + x.shape[2:], np.result_type(x, a0, c0))\n'
         '    c = np.empty_like(a)\n'
         '    a_next, c_next, step_caches = a0, c0, []\n'
         '    for t in range(x.shape[2]):\n'
         '        xt, a_prev, c_prev = x[:, :, t], a_next, c_next\n'
         '        a_next, c_next, ft, it, cct, ot = lstm_step(xt, a_prev, c_prev, params)\n'
         '        a[:, :, t], c[:, :, t] = a_next, c_next\n'
         '        step_caches.append(LSTMCache(a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, '
         'parameters))\n'
         '    return a, c, step_caches'),
        ('markdown',
         '<details><summary>Hint</summary>\n'
         '\n'
         '`rnn_loop` with two threads: each step starts from the `a_next` and `c_next` of the step '
         'before (`a0` and `c0` for the first) and stores both; the `LSTMCache` takes its fields in the '
         'order of the class in the cell chapter.\n'
         '\n'
         '</details>'),
        ('code',
         '#| exporti\n'
         'LSTM_SEQ_LAYOUT = {readout: {"x": ("n_x", "m", "T_x"), "a0": ("n_a", "m"), "c0": ("n_a", '
         '"m"),\n'
         '                             **{name: LSTM_LAYOUT[name] for name in (LSTM_LAYOUT if readout '
         'else LSTM_KEYS)}}\n'
         '                   for readout in (False, True)}'),
        ('code',
         '#| exports\n'
         'def lstm_forward(x,      # Inputs for all steps, `(n_x, m, T_x)`\n'
         '                 a0,     # Initial hidden state, `(n_a, m)`\n'
         '                 parameters:dict,   # `Wf, Wi, Wc, Wo, bf, bi, bc, bo` (and `Wy, by` when '
         '`readout`)\n'
         '                 c0=None,           # Initial memory cell, `(n_a, m)`; zeros when `None`\n'
         '                 readout:bool=True, # Compute the predictions; `False` needs no `Wy, by` and '
         'returns `None`\n'
         '                ):\n'
         '    "LSTM over a sequence; returns `a, y, c, caches` with `caches = (list_of_step_caches, '
         'x)`."\n'
         '    readout = check_flag("readout", readout)\n'
         '    a0 = real_array("a0", a0)\n'
         '    c0 = np.zeros(a0.shape, a0.dtype) if c0 is None else c0\n'
         '    arrays = get_params(parameters, LSTM_LAYOUT if readout else LSTM_KEYS)\n'
         '    _, _, checked = validate(LSTM_SEQ_LAYOUT[readout], x=x, a0=a0, c0=c0, **arrays)\n'
         '    a, c, step_caches = lstm_loop(checked["x"], checked["a0"], checked["c0"], checked, '
         'parameters)\n'
         '    y = predict(checked["Wy"], checked["by"], a) if readout else None\n'
         '    return a, y, c, SequenceCache(step_caches, checked["x"])'),
        ('markdown',
         "## The assignment's test vector\n"
         '\n'
         'Seed 1, then `x (3,10,7)`, `a0 (5,10)`, and the parameters in the order\n'
         '`Wf, bf, Wi, bi, Wo, bo, Wc, bc, Wy, by`.'),
        ('code',
         'x, a0, parameters, _ = lstm_seq_draw()\n'
         'a, y, c, caches = lstm_forward(x, a0, parameters)\n'
         'a[4][3][6], y[1][4][3], c[1][2][1]'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: the assignment\'s values, shapes"\n'
         'test_close(a[4][3][6], 0.172117767533, eps=1e-7)\n'
         'test_close(y[1][4][3], 0.95087346185, eps=1e-7)\n'
         'test_close(c[1][2][1], -0.855544916718, eps=1e-7)\n'
         'test_close(caches[1][1][1], [0.82797464, 0.23009474, 0.76201118, -0.22232814,\n'
         '                             -0.20075807, 0.18656139, 0.41005165], eps=1e-7)\n'
         'test_eq(len(caches), 2)\n'
         'test_eq((a.shape, y.shape, c.shape), ((5, 10, 7), (2, 10, 7), (5, 10, 7)))'),
        ('markdown',
         '## The unrolled loop is the cell, repeated\n'
         '\n'
         'Stepping the public cell by hand, starting from zero memory, reproduces every state,\n'
         'prediction and cache entry.'),
        ('code',
         'a_t, c_t = a0, np.zeros_like(a0)\n'
         'for t in range(7): a_t, c_t, y_t, cache_t = lstm_cell_forward(x[:, :, t], a_t, c_t, '
         'parameters)\n'
         'np.abs(a_t - a[:, :, -1]).max(), np.abs(c_t - c[:, :, -1]).max()'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: every step matches the cell"\n'
         'step_caches, x_cached = caches\n'
         'a_t, c_t = a0, np.zeros_like(a0)\n'
         'for t in range(7):\n'
         '    a_t, c_t, y_t, cache_t = lstm_cell_forward(x[:, :, t], a_t, c_t, parameters)\n'
         '    test_eq((a[:, :, t], c[:, :, t], y[:, :, t]), (a_t, c_t, y_t))\n'
         '    test_eq(type(step_caches[t]), LSTMCache)\n'
         '    for got, want in zip(step_caches[t][:9], cache_t[:9]): test_eq(got, want)\n'
         '    test_eq(step_caches[t].parameters is parameters, True)\n'
         'test_eq(x_cached, x)'),
        ('markdown',
         '## Carrying state across chunks with `c0`\n'
         '\n'
         'Because the LSTM is causal, running the first 3 steps and then the last 4 — starting the\n'
         "second run from the first run's final `a` and `c` — gives the same states as one run over\n"
         'all 7.'),
        ('code',
         'a_1, y_1, c_1, _ = lstm_forward(x[:, :, :3], a0, parameters)\n'
         'a_2, y_2, c_2, _ = lstm_forward(x[:, :, 3:], a_1[:, :, -1], parameters, c0=c_1[:, :, -1])\n'
         'np.abs(np.concatenate([a_1, a_2], axis=2) - a).max()'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: two chunks equal one run"\n'
         'test_close(np.concatenate([a_1, a_2], axis=2), a, eps=1e-14)\n'
         'test_close(np.concatenate([c_1, c_2], axis=2), c, eps=1e-14)\n'
         'test_close(np.concatenate([y_1, y_2], axis=2), y, eps=1e-14)'),
        ('markdown',
         '## Without the read-out\n'
         '\n'
         'The gate parameters alone, `readout=False`: the same states and memories, no predictions,\n'
         'and caches holding the same arrays. The [backward chapter](backward.html) checks that they\n'
         'give the same gradients.'),
        ('code',
         'gates_only = {name: parameters[name] for name in ("Wf", "Wi", "Wc", "Wo", "bf", "bi", "bc", '
         '"bo")}\n'
         'a_only, no_prediction, c_only, caches_only = lstm_forward(x, a0, gates_only, readout=False)\n'
         'no_prediction, np.abs(a_only - a).max(), np.abs(c_only - c).max()'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: no read-out: None, no Wy or by needed, the same states and caches, '
         'bad flags"\n'
         'test_eq(no_prediction, None)\n'
         'test_eq((a_only, c_only), (a, c))\n'
         'test_eq(len(caches_only.step_caches), len(caches.step_caches))\n'
         'for got, want in zip(caches_only.step_caches, caches.step_caches):\n'
         '    for got_array, want_array in zip(got[:9], want[:9]): test_eq(got_array, want_array)\n'
         '    test_eq(got.parameters is gates_only, True)\n'
         'test_eq(caches_only.x, x)\n'
         'test_eq(lstm_forward(x, a0, parameters, readout=False)[1], None)\n'
         'a_chunk, _, c_chunk, _ = lstm_forward(x[:, :, 3:], a_1[:, :, -1], gates_only, c_1[:, :, -1], '
         'np.False_)\n'
         'test_eq((a_chunk, c_chunk), (a_2, c_2))\n'
         'test_fail(lambda: lstm_forward(x, a0, gates_only), contains="missing [\'Wy\', \'by\']", '
         'exc=KeyError)\n'
         'for flag in ("no", 1, None):\n'
         '    test_fail(lambda: lstm_forward(x, a0, parameters, readout=flag), contains="readout", '
         'exc=TypeError)'),
        ('markdown',
         '## Bad input, dtypes and edge sizes\n'
         '\n'
         'As for the basic RNN, every argument is checked before the first step, `c0` included,\n'
         'and a batch of one example of one step is an ordinary input:'),
        ('code',
         '[out.shape for out in lstm_forward(x[:, :1, :1], a0[:, :1], parameters)[:3]]'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: bad input"\n'
         'test_fail(lambda: lstm_forward(x[..., 0], a0, parameters),\n'
         '          contains="x must be 3-D with shape (n_x, m, T_x)")\n'
         'test_fail(lambda: lstm_forward(x, a0, {**parameters, "Wo": np.ones((5, 9))}),\n'
         '          contains="Wo has shape (5, 9) but expected (5, 8)")\n'
         'test_fail(lambda: lstm_forward(x[:2], a0, parameters),\n'
         '          contains="Wf has shape (5, 8) but expected (5, 7)")\n'
         'test_fail(lambda: lstm_forward(x, a0[:, :2], parameters),\n'
         '          contains="a0 has shape (5, 2) but expected (5, 10)")\n'
         'test_fail(lambda: lstm_forward(x, a0, parameters, c0=np.zeros((5, 9))),\n'
         '          contains="c0 has shape (5, 9) but expected (5, 10)")\n'
         'test_fail(lambda: lstm_forward(x, a0, parameters, c0=np.zeros((5, 10, 1))),\n'
         '          contains="c0 must be 2-D")\n'
         'without_Wy = {name: value for name, value in parameters.items() if name != "Wy"}\n'
         'test_fail(lambda: lstm_forward(x, a0, without_Wy), contains="missing [\'Wy\']")\n'
         'test_fail(lambda: lstm_forward(x, a0.astype(object), parameters),\n'
         '          contains="a0 must hold real numbers", exc=TypeError)'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: dtypes, sizes of one, inputs untouched"\n'
         'p32 = {name: value.astype(np.float32) for name, value in parameters.items()}\n'
         'out32 = lstm_forward(x.astype(np.float32), a0.astype(np.float32), p32)\n'
         'test_eq([out.dtype for out in out32[:3]], [np.float32] * 3)\n'
         'test_close(out32[0], a, eps=1e-5)\n'
         'out_int = lstm_forward(np.ones((3, 10, 7), np.int8), np.zeros((5, 10), int), parameters)\n'
         'test_eq([out.dtype for out in out_int[:3]], [np.float64] * 3)\n'
         '\n'
         'one_class = {**parameters, "Wy": parameters["Wy"][:1], "by": parameters["by"][:1]}\n'
         'a1, y1, c1, caches1 = lstm_forward(x[:, :1, :1], a0[:, :1], one_class)\n'
         'test_eq((a1.shape, y1.shape, c1.shape, len(caches1.step_caches)), ((5, 1, 1), (1, 1, 1), (5, '
         '1, 1), 1))\n'
         'test_close(a1[:, 0, 0], a[:, 0, 0], eps=1e-12)\n'
         '\n'
         'before = [x.copy(), a0.copy()] + [value.copy() for value in parameters.values()]\n'
         'lstm_forward(x, a0, parameters)\n'
         'for saved, now in zip(before, [x, a0, *parameters.values()]): test_eq(saved, now)'),
        ('markdown',
         '## Summary\n'
         '\n'
         '- `lstm_loop` carries two states through time, the hidden state `a` and the memory `c`,\n'
         '  one `LSTMCache` per step; `lstm_forward` checks once and adds the read-out.\n'
         '- The states equal those of `lstm_cell_forward` called step by step; passing `c0` (and the\n'
         '  last `a`) continues a sequence in chunks with exactly the same result as one long call.\n'
         "- `readout=False` needs only the gate parameters; the assignment's test vector reproduces.\n"
         '\n'
         '### Exercises\n'
         '\n'
         '1. Write `lstm_loop` yourself: `rnn-literate practice ~/rnn-practice --chapter 04`, then\n'
         '   `rnn-literate check ~/rnn-practice`.\n'
         '2. Set `bf` to +5 and then to −5 and plot `c[0, 0, :]` over time for a long random `x`.\n'
         '   Which setting lets the memory keep what it stored, and why?\n'
         '3. Split a sequence into three chunks and carry only `a` (not `c`) across. How far from the\n'
         '   one-call states do you end up?\n'
         '\n'
         '### References\n'
         '\n'
         '- S. Hochreiter, J. Schmidhuber (1997). *Long Short-Term Memory*. Neural Computation 9(8),\n'
         '  1735–1780.\n'
         '- F. A. Gers, J. Schmidhuber, F. Cummins (2000). *Learning to Forget: Continual Prediction\n'
         '  with LSTM*. Neural Computation 12(10), 2451–2471.'),
        ('code',
         '#| hide\n'
         'import nbdev; nbdev.nbdev_export()'),
    ],
    '05_backward': [
        ('markdown',
         '# Backward passes\n'
         '\n'
         '> Backpropagation through time for the basic RNN and the LSTM: derived by the chain rule, '
         'step by step, and proven with finite differences.'),
        ('code',
         '#| default_exp backward'),
        ('code',
         '#| hide\n'
         'from fastcore.test import *\n'
         'from nbdev.showdoc import *\n'
         'from rnn_literate.testing import limit_blas_threads'),
        ('code',
         '#| hide\n'
         'limit_blas_threads();'),
        ('code',
         '#| export\n'
         'from __future__ import annotations\n'
         'import numpy as np\n'
         'from rnn_literate.utils import real_array, validate, get_params, RNN_LAYOUT, LSTM_LAYOUT, '
         'RNN_KEYS, LSTM_KEYS\n'
         'from rnn_literate.rnn_cell import RNNCache\n'
         'from rnn_literate.lstm_cell import LSTMCache\n'
         'from rnn_literate.rnn_seq import SequenceCache'),
        ('code',
         'from rnn_literate.utils import init_rnn_params, init_lstm_params\n'
         'from rnn_literate.rnn_cell import rnn_cell_forward\n'
         'from rnn_literate.rnn_seq import rnn_forward\n'
         'from rnn_literate.lstm_cell import lstm_cell_forward\n'
         'from rnn_literate.lstm_seq import lstm_forward\n'
         'from rnn_literate.testing import rnn_cell_draw, rnn_seq_draw, lstm_cell_draw, lstm_seq_draw\n'
         'from rnn_literate.testing import as_variables, test_grads, test_lt'),
        ('markdown',
         'Training a network means nudging every parameter in the direction that lowers a scalar\n'
         'loss $L$. This chapter computes those directions — the gradients — for the two networks of\n'
         'the previous chapters, by running the forward computation backwards and applying the chain\n'
         'rule at every operation.\n'
         '\n'
         '**Notation.** For any array $X$ of the forward pass we write `dX` for $\\partial L / '
         '\\partial X$:\n'
         'an array with exactly the shape of $X$ whose entry says how much $L$ would change per unit\n'
         'change of that entry of $X$. So `dWaa` has the shape of `Waa`, `da_prev` the shape of\n'
         '`a_prev`, and so on.\n'
         '\n'
         '**Where the gradient comes from.** Our backward passes stop at the hidden states: they do\n'
         'not include the softmax read-out. Whatever sits on top of the states (a read-out and a\n'
         'cross-entropy, another recurrent layer, anything) hands us `da` — the gradient of the loss\n'
         'with respect to every hidden state — and we return the gradients with respect to the\n'
         'parameters of the recurrence and to its inputs. That keeps one backward pass usable by\n'
         'every model that stacks these layers.\n'
         '\n'
         '**How we know it is right.** A derivation can be wrong in a way that still runs and still\n'
         'produces arrays of the right shape. So before any derivation we build the tool that proves\n'
         'them: a finite-difference gradient checker.'),
        ('markdown',
         '## A gradient checker\n'
         '\n'
         'For one scalar entry $\\theta$ of some array, the *central difference*\n'
         '\n'
         '$$\\frac{\\partial L}{\\partial \\theta} \\approx \\frac{L(\\theta + \\varepsilon) - '
         'L(\\theta - \\varepsilon)}{2\\varepsilon}$$\n'
         '\n'
         'is exact up to a term proportional to $\\varepsilon^2 \\, \\partial^3 L / \\partial '
         '\\theta^3$\n'
         '(the even-order Taylor terms cancel between the two evaluations). In float64 with\n'
         '$\\varepsilon = 10^{-6}$ that truncation error is about $10^{-12}$ and the rounding error of\n'
         'the subtraction about $10^{-16} |L| / \\varepsilon \\approx 10^{-10} |L|$, so a correct\n'
         'analytic gradient agrees with it to roughly 9 significant digits, and a wrong one does\n'
         'not agree at all.'),
        ('markdown',
         'To check a whole array we perturb each of its entries in turn, in place, evaluate the loss\n'
         'twice, and restore the entry exactly. The loss is a zero-argument function that reads the\n'
         'arrays from a dictionary, so the checker can reach every parameter and every input without\n'
         'knowing anything about the network. Per key we then report\n'
         '\n'
         '$$\\text{rel}(g, n) = \\frac{\\lVert g - n \\rVert_2}{\\max\\left(\\lVert g \\rVert_2 + '
         '\\lVert n \\rVert_2,\\ \\text{floor}\\right)}$$\n'
         '\n'
         'where $g$ is the analytic gradient and $n$ the numeric one, both flattened over the checked\n'
         'entries. Dividing by the sizes of the two gradients makes the number scale-free: about\n'
         '$10^{-10}$ means "agrees to ten digits", and 1 means "unrelated". The `floor` (default\n'
         '$10^{-4}$) only matters when both gradients are essentially zero: then the ratio of two\n'
         'noise-sized numbers would be meaningless, and we divide by the floor instead. Two exactly\n'
         'zero gradients (an array the loss does not depend on) give 0. Two details make the numeric\n'
         'side as exact as possible: we divide by the step actually taken (`(θ+ε) - (θ-ε)` as\n'
         "rounded in the array's dtype), and for big arrays we may check a random sample of entries.\n"
         '\n'
         'Checks are meant for float64: in float32 the rounding error of the loss swamps a\n'
         '$10^{-6}$ step.'),
        ('code',
         '#| exports\n'
         'def _central_differences(loss, values, flat_indices, eps):\n'
         '    "Numeric gradient of `loss` w.r.t. the entries `flat_indices` of array `values`, '
         'perturbing it in place."\n'
         '    numeric = np.empty(len(flat_indices))\n'
         '    for j, flat in enumerate(flat_indices):\n'
         '        position = np.unravel_index(flat, values.shape)\n'
         '        original = values[position]\n'
         '        try:\n'
         '            values[position] = original + eps\n'
         '            up, loss_up = values[position], float(loss())\n'
         '            values[position] = original - eps\n'
         '            down, loss_down = values[position], float(loss())\n'
         '        finally: values[position] = original\n'
         '        if up == down:\n'
         '            raise ValueError(f"grad_check: eps={eps} vanishes next to the entry {original} "\n'
         '                             f"in {values.dtype}; use float64 or a larger eps")\n'
         '        numeric[j] = (loss_up - loss_down) / (up - down)\n'
         '    return numeric'),
        ('code',
         '#| exports\n'
         'def grad_check(loss,            # Zero-argument callable returning a float; it reads the '
         'arrays in `variables`\n'
         '               variables:dict,  # Name -> float array; entries are perturbed in place and '
         'restored exactly\n'
         '               grads:dict,      # Name -> analytic gradient of `loss` w.r.t. '
         '`variables[name]`, same shape\n'
         '               eps:float=1e-6,  # Finite-difference step\n'
         '               keys=None,       # Names to check; `None` checks every key of `grads`\n'
         '               max_entries:int|None=None, # Check at most this many randomly chosen entries '
         'per array\n'
         '               seed:int=0,      # Seed for choosing those entries\n'
         '               floor:float=1e-4, # Lower bound of the denominator, for gradients that are '
         'both ~0\n'
         '              ) -> dict:\n'
         '    "Relative error `|g-n|/max(|g|+|n|, floor)` per key, analytic `grads` against central '
         'differences `n`."\n'
         '    keys = list(grads) if keys is None else list(keys)\n'
         '    missing = [name for name in keys if name not in variables]\n'
         '    if missing: raise KeyError(f"grad_check: {missing} are in grads but not in variables '
         '{sorted(variables)}")\n'
         '    rng, errors = np.random.default_rng(seed), {}\n'
         '    for name in keys:\n'
         '        values, analytic = variables[name], np.asarray(grads[name])\n'
         '        if not (isinstance(values, np.ndarray) and np.issubdtype(values.dtype, '
         'np.floating)):\n'
         '            raise TypeError(f"grad_check: variables[{name!r}] must be a float numpy array "\n'
         '                            f"(it is perturbed in place), got {type(values).__name__}")\n'
         '        if analytic.shape != values.shape:\n'
         '            raise ValueError(f"grad_check: grads[{name!r}] has shape {analytic.shape} "\n'
         '                             f"but variables[{name!r}] has shape {values.shape}")\n'
         '        flat_indices = np.arange(values.size)\n'
         '        if max_entries is not None and values.size > max_entries:\n'
         '            flat_indices = np.sort(rng.choice(values.size, max_entries, replace=False))\n'
         '        numeric = _central_differences(loss, values, flat_indices, eps)\n'
         '        analytic = analytic.reshape(-1)[flat_indices].astype(np.float64)\n'
         '        scale = max(np.linalg.norm(analytic) + np.linalg.norm(numeric), floor)\n'
         '        errors[name] = float(np.linalg.norm(analytic - numeric) / scale)\n'
         '    return errors'),
        ('markdown',
         'A first try on a function whose gradient we know by heart: $L = \\sum_{jk} \\sin(W_{jk})\\, '
         'G_{jk}$\n'
         'has $\\partial L / \\partial W = \\cos(W) \\odot G$. The right gradient agrees to about ten\n'
         'digits; a gradient with one wrong entry does not.'),
        ('code',
         'rng = np.random.default_rng(0)\n'
         'W, G = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))\n'
         'variables = {"W": W}\n'
         'sin_loss = lambda: np.sum(np.sin(variables["W"]) * G)\n'
         'wrong = np.cos(W) * G\n'
         'wrong[1, 2] *= 1.01\n'
         'grad_check(sin_loss, variables, {"W": np.cos(W) * G}), grad_check(sin_loss, variables, {"W": '
         'wrong})'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: right and wrong gradients, the array restored"\n'
         'W_before = W.copy()\n'
         'test_grads(grad_check(sin_loss, variables, {"W": np.cos(W) * G}), 1e-9)\n'
         'test_lt(1e-4, grad_check(sin_loss, variables, {"W": wrong})["W"])\n'
         'test_eq(variables["W"], W_before)\n'
         'test_eq(variables["W"] is W, True)'),
        ('markdown',
         'The floor at work, sampling, and the mistakes the checker refuses: an array the loss does\n'
         'not read has a numeric gradient of exactly zero, so a zero analytic gradient scores 0\n'
         '(not 0/0); a non-zero one is caught. If the loss raises mid-check, the entry being\n'
         'perturbed is still restored.'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: the floor, sampling, bad input, restoring after an error"\n'
         'with_unused = {"W": W.copy(), "unused": np.ones((2, 2))}\n'
         'loss2 = lambda: np.sum(np.sin(with_unused["W"]) * G)\n'
         'test_eq(grad_check(loss2, with_unused, {"unused": np.zeros((2, 2))}), {"unused": 0.0})\n'
         'test_lt(0.9, grad_check(loss2, with_unused, {"unused": np.full((2, 2), 1e-3)})["unused"])\n'
         'test_grads(grad_check(loss2, with_unused, {"W": np.cos(W) * G}, max_entries=5), 1e-9)\n'
         'for fragment in ("grads[\'W\'] has shape (4, 3)", "variables[\'W\'] has shape (3, 4)"):\n'
         '    test_fail(lambda: grad_check(loss2, with_unused, {"W": np.zeros((4, 3))}),\n'
         '              contains=fragment)\n'
         'test_fail(lambda: grad_check(loss2, with_unused, {"Wx": np.zeros((3, 4))}),\n'
         '          contains="[\'Wx\'] are in grads but not in variables")\n'
         'test_fail(lambda: grad_check(loss2, {"W": [1., 2.]}, {"W": np.zeros(2)}),\n'
         '          contains="variables[\'W\'] must be a float numpy array")\n'
         'big_float32 = {"W": np.full(2, 1e4, np.float32)}\n'
         'test_fail(lambda: grad_check(loss2, big_float32, {"W": np.zeros(2)}),\n'
         '          contains="eps=1e-06 vanishes next to the entry")\n'
         'copy_of_W = {"W": W.copy()}\n'
         'def exploding(): raise RuntimeError("boom")\n'
         'test_fail(lambda: grad_check(exploding, copy_of_W, {"W": W}), contains="boom")\n'
         'test_eq(copy_of_W["W"], W)'),
        ('markdown',
         '## What the backward passes accept\n'
         '\n'
         'A backward pass trusts its cache: it holds the activations the derivation is built on. So\n'
         'before using one, we make sure it is a cache of the reference forward pass of the right\n'
         'kind. Every cache is a named tuple with a type of its own — `RNNCache`, `LSTMCache`, and the\n'
         '`SequenceCache` pair `(step_caches, x)` — and each cache class says which function makes it\n'
         'and which one uses it. Anything else (an object from a different engine, a cell cache\n'
         'handed to a sequence backward, an LSTM cache handed to the RNN backward) gets a\n'
         '`TypeError` that says what arrived, where it comes from and where it belongs, instead of\n'
         'an unpacking error deep inside a loop.'),
        ('code',
         '#| exports\n'
         'def _article(word):\n'
         '    "\'a\' or \'an\' before `word` (an acronym such as RNN or LSTM is read letter by '
         'letter)."\n'
         '    spoken_vowel = word[:1] in "AEIOUaeiou" or (word[:1] in "FHLMNRSX" and '
         'word[1:2].isupper())\n'
         '    return "an" if spoken_vowel else "a"\n'
         '\n'
         'def describe(obj) -> str:\n'
         '    "A short description of `obj` for error messages: its type and, for a cache, where it '
         'comes from."\n'
         '    kind = type(obj).__name__\n'
         '    made_by, used_by = getattr(type(obj), "made_by", None), getattr(type(obj), "used_by", '
         'None)\n'
         '    steps = getattr(obj, "step_caches", None)\n'
         '    if isinstance(obj, SequenceCache) and isinstance(steps, (list, tuple)) and steps:\n'
         '        step_kind = type(steps[0]).__name__\n'
         '        made_by = getattr(type(steps[0]), "made_by", "?").replace("_cell", "")\n'
         '        used_by = getattr(type(steps[0]), "used_by", "?").replace("_cell", "")\n'
         '        return f"a SequenceCache of {len(steps)} {step_kind} steps (made by {made_by}, for '
         '{used_by})"\n'
         '    if made_by: return f"{_article(kind)} {kind} (made by {made_by}, for {used_by})"\n'
         '    if isinstance(obj, (tuple, list)): return f"{_article(kind)} {kind} of length {len(obj)} '
         '(not a cache)"\n'
         '    return f"an object of type {kind}"'),
        ('code',
         'describe(rnn_forward(*rnn_seq_draw()[:3])[2]), describe((1, 2)), describe(None)'),
        ('markdown',
         "A cell's backward pass checks the type of its cache; a sequence's backward pass checks the\n"
         'pair and then every step. The steps must all be of the right type, share one parameter\n'
         'dict, have the shapes and dtypes of the first step, and fit together: the state each step\n'
         'started from is the state the step before it produced, and its input is the matching slice\n'
         'of `x`. A cache whose later steps were changed after the forward pass is refused, naming\n'
         'the step and the entry.'),
        ('code',
         '#| exports\n'
         'def check_cell_cache(cache,           # What was passed as the cache\n'
         '                     cache_type:type, # The cache class the backward pass needs\n'
         '                     name:str="cache", # The argument\'s name, for the message\n'
         '                    ):\n'
         '    "Return `cache` if it is a `cache_type`; otherwise a `TypeError` saying what it is and '
         'where it belongs."\n'
         '    if isinstance(cache, cache_type): return cache\n'
         '    raise TypeError(f"{name} must be {_article(cache_type.__name__)} {cache_type.__name__} '
         'made by "\n'
         '                    f"{cache_type.made_by}; got {describe(cache)}")'),
        ('code',
         '#| exports\n'
         'def _same_values(a, b):\n'
         '    "Are `a` and `b` the same array, or equal (NaN equal to NaN)?"\n'
         '    return a is b or (a.shape == b.shape and np.array_equal(a, b, equal_nan=True))\n'
         '\n'
         'def _check_step(step, first, previous, xt, t, state_names):\n'
         '    "Check step `t` of a sequence cache against the first step, the step before it and its '
         'input `xt`."\n'
         '    for field, value in step._asdict().items():\n'
         '        reference = getattr(first, field)\n'
         '        if not isinstance(reference, np.ndarray): continue\n'
         '        expected = (reference.shape, reference.dtype)\n'
         '        if not (isinstance(value, np.ndarray) and (value.shape, value.dtype) == expected):\n'
         '            got = f"{value.shape}, {value.dtype}" if isinstance(value, np.ndarray) else '
         'type(value).__name__\n'
         '            raise ValueError(f"caches.step_caches[{t}].{field} is ({got}) but step 0\'s is "\n'
         '                             f"({reference.shape}, {reference.dtype}): "\n'
         '                             "the cache was changed after the forward pass")\n'
         '    if step.parameters is not first.parameters:\n'
         '        raise ValueError(f"caches.step_caches[{t}].parameters is not the dict of step 0: '
         'every step of one "\n'
         '                         "forward pass uses the same parameters")\n'
         '    links = [(f"{state}_prev", getattr(previous, f"{state}_next", None)) for state in '
         'state_names]\n'
         '    links.append(("xt", xt))\n'
         '    for field, expected in links:\n'
         '        if expected is not None and not _same_values(getattr(step, field), expected):\n'
         '            source = "x[:, :, t]" if field == "xt" else f"step {t - 1}\'s {field[:-5]}_next"\n'
         '            raise ValueError(f"caches.step_caches[{t}].{field} differs from {source}: "\n'
         '                             "the cache was changed after the forward pass")'),
        ('code',
         '#| exports\n'
         'def check_sequence_cache(caches,          # What was passed as the caches\n'
         '                         step_type:type,  # The cell cache class every step must have\n'
         '                         forward:str,     # The name of the forward pass that makes such '
         'caches\n'
         '                        ):\n'
         '    "Check that `caches` is a `SequenceCache` of consistent `step_type` steps; return '
         '`(step_caches, x)`."\n'
         '    if not isinstance(caches, SequenceCache):\n'
         '        pair = isinstance(caches, (tuple, list)) and len(caches) == 2\n'
         '        hint = "; a cache built by hand is SequenceCache(step_caches, x), from '
         'rnn_literate.rnn_seq"\n'
         '        raise TypeError(f"caches must be the SequenceCache made by {forward}; got '
         '{describe(caches)}"\n'
         '                        + (hint if pair else ""))\n'
         '    step_caches, x = caches\n'
         '    if not isinstance(step_caches, (list, tuple)) or hasattr(type(step_caches), "made_by"):\n'
         '        raise TypeError(f"caches.step_caches must be a list of step caches, one per time '
         'step; "\n'
         '                        f"got {describe(step_caches)}")\n'
         '    if not step_caches:\n'
         '        raise ValueError(f"caches.step_caches holds no step caches; {forward} makes one per '
         'time step")\n'
         '    step_caches = list(step_caches)\n'
         '    x = real_array("caches.x", x)\n'
         '    if x.ndim != 3 or x.shape[2] != len(step_caches):\n'
         '        raise ValueError(f"caches holds {len(step_caches)} step caches but its x has shape '
         '{x.shape}; "\n'
         '                         f"expected (n_x, m, {len(step_caches)})")\n'
         '    state_names = [field[:-5] for field in step_type._fields if field.endswith("_next")]\n'
         '    first = check_cell_cache(step_caches[0], step_type, "caches.step_caches[0]")\n'
         '    for t, step in enumerate(step_caches):\n'
         '        check_cell_cache(step, step_type, f"caches.step_caches[{t}]")\n'
         '        _check_step(step, first, step_caches[t - 1] if t else None, x[:, :, t], t, '
         'state_names)\n'
         '    return step_caches, x'),
        ('markdown',
         'These checks compare shapes and, where two steps meet, values: a cost proportional to the\n'
         'size of the states, small next to the matrix products of the pass itself. The arrays of\n'
         'the first step are then checked once, at the entry of each backward pass, by the same\n'
         '`validate` helper the forward passes use. Each backward pass reads from the parameters only\n'
         'the keys it differentiates — `Waa, Wax, ba` for the RNN, the four gate weights and biases\n'
         'for the LSTM — so parameter dictionaries without an output layer (the inner layers of a\n'
         'stacked network) work too.'),
        ('markdown',
         '## The basic RNN cell, backwards\n'
         '\n'
         'The forward step, with its pre-activation named $z$:\n'
         '\n'
         '$$z = W_{aa}\\, a_{prev} + W_{ax}\\, x_t + b_a, \\qquad a_{next} = \\tanh(z)$$\n'
         '\n'
         'We receive `da_next` $= \\partial L / \\partial a_{next}$ and walk back through the two\n'
         'operations.\n'
         '\n'
         '**Through the $\\tanh$.** Each entry of $a_{next}$ depends only on the same entry of $z$,\n'
         'so the chain rule is an element-wise product with the derivative of $\\tanh$. '
         'Differentiating\n'
         "$\\tanh = \\sinh / \\cosh$ gives $\\tanh'(z) = 1 - \\tanh^2(z)$, and $\\tanh(z)$ *is* "
         '$a_{next}$,\n'
         'which the cache holds. So no pre-activation needs to be stored or recomputed:\n'
         '\n'
         '$$dz = da_{next} \\odot \\left(1 - a_{next}^2\\right)$$'),
        ('markdown',
         '**Through the affine map.** $z_{kj} = \\sum_l (W_{aa})_{kl} (a_{prev})_{lj} + \\dots$, so a\n'
         'weight $(W_{aa})_{kl}$ influences the loss through every example $j$ of the batch, and its\n'
         'gradient is the sum of those influences, $\\sum_j dz_{kj} (a_{prev})_{lj}$ — a matrix\n'
         'product with the transposed input. The bias is added to every column, so its gradient sums\n'
         '$dz$ over the batch (keeping the `(n_a, 1)` shape). And each input entry feeds every row of\n'
         '$z$ through the matching weight column, which is a product with the transposed weight:\n'
         '\n'
         '$$dW_{aa} = dz\\, a_{prev}^\\top, \\quad dW_{ax} = dz\\, x_t^\\top, \\quad db_a = '
         '\\textstyle\\sum_j dz_{:,j}, \\quad\n'
         '  da_{prev} = W_{aa}^\\top dz, \\quad dx_t = W_{ax}^\\top dz$$\n'
         '\n'
         '`rnn_step_backward` computes the part the sequence pass reuses at every step: `dz`, '
         '`da_prev`\n'
         'and `dxt`. The public cell adds the parameter gradients.'),
        ('code',
         '#| exports\n'
         '#| practice\n'
         "def rnn_step_backward(da_next, # Gradient w.r.t. the step's new state `(n_a, m)`, validated\n"
         "                      a_next,  # The step's new state, from its cache\n"
         '                      params,  # Validated arrays `Waa, Wax`\n'
         '                     ):\n'
         '    "Backward through one RNN step without checks: returns `dz, da_prev, dxt` (`dz` for the '
         'pre-activation)."\n'
         '    dz = da_next * (1 - a_next ** 2)\n'
         '    return dz, params["Waa"].T @ dz, params["Wax"].T @ dz'),
        ('markdown',
         '<details><summary>Hint</summary>\n'
         '\n'
         "`dz` is `da_next` times tanh's derivative written with the cached state, `1 - a_next**2` (not "
         '`tanh` of it: `a_next` already *is* a tanh). The input gradients are products with the '
         '*transposed* weights.\n'
         '\n'
         '</details>'),
        ('code',
         '#| exporti\n'
         'RNN_CELL_BWD_LAYOUT = {"xt": ("n_x", "m"), "a_prev": ("n_a", "m"), "a_next": ("n_a", "m"),\n'
         '                       "da_next": ("n_a", "m"), **{name: RNN_LAYOUT[name] for name in '
         'RNN_KEYS}}'),
        ('code',
         '#| exports\n'
         'def rnn_cell_backward(da_next, # Gradient of the loss w.r.t. `a_next`, `(n_a, m)`\n'
         '                      cache,   # The `RNNCache` from `rnn_cell_forward`\n'
         '                     ) -> dict:\n'
         '    "Gradients of one basic-RNN step: `dxt, da_prev, dWax, dWaa, dba`."\n'
         '    a_next, a_prev, xt, parameters = check_cell_cache(cache, RNNCache)\n'
         '    arrays = get_params(parameters, RNN_KEYS)\n'
         '    _, _, checked = validate(RNN_CELL_BWD_LAYOUT, xt=xt, a_prev=a_prev, a_next=a_next, '
         'da_next=da_next,\n'
         '                             **arrays)\n'
         '    dz, da_prev, dxt = rnn_step_backward(checked["da_next"], checked["a_next"], checked)\n'
         '    dWax, dWaa = dz @ checked["xt"].T, dz @ checked["a_prev"].T\n'
         '    return dict(dxt=dxt, da_prev=da_prev, dWax=dWax, dWaa=dWaa, dba=dz.sum(axis=1, '
         'keepdims=True))'),
        ('markdown',
         "### The assignment's first setup\n"
         '\n'
         "The assignment's draw for the cell (seed 1; `xt`, `a_prev`, `Waa`, `Wax`, `Wya`, `ba`, "
         '`by`),\n'
         'followed by one more draw for the upstream gradient `da_next (5, 10)`. The numbers below\n'
         'are what our implementation gives for that draw; what proves them is the gradient check\n'
         'that follows. `peek` shows the first three entries of each gradient, flattened row by row.'),
        ('code',
         'def peek(grads, n=3):\n'
         '    "The first `n` entries of each gradient, flattened, rounded for display."\n'
         '    return {name: grad.ravel()[:n].round(8) for name, grad in grads.items()}\n'
         '\n'
         'xt, a_prev, parameters, da_next = rnn_cell_draw()\n'
         'a_next, _, cache = rnn_cell_forward(xt, a_prev, parameters)\n'
         'grads = rnn_cell_backward(da_next, cache)\n'
         'peek(grads)'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: keys and shapes"\n'
         'test_eq(set(grads), {"dxt", "da_prev", "dWax", "dWaa", "dba"})\n'
         'test_eq(list(grads), ["dxt", "da_prev", "dWax", "dWaa", "dba"])\n'
         'test_eq([grad.shape for grad in grads.values()], [(3, 10), (5, 10), (5, 3), (5, 5), (5, 1)])'),
        ('markdown',
         "To check a cell we make its inputs and parameters the checker's variables and use the\n"
         'random-weighted loss $L = \\sum a_{next} \\odot G$: its gradient with respect to $a_{next}$\n'
         'is exactly $G$, so feeding `da_next = G` to the backward pass must reproduce the numeric\n'
         'gradient of every other array. `as_variables` renames the gradients `dX` to the variables `X`.'),
        ('code',
         'variables = {**parameters, "xt": xt, "a_prev": a_prev}\n'
         'cell_loss = lambda: np.sum(rnn_cell_forward(variables["xt"], variables["a_prev"], '
         'variables)[0] * da_next)\n'
         'errors = grad_check(cell_loss, variables, as_variables(grads))\n'
         'errors'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: the gradient check passes; a missing tanh derivative is caught"\n'
         'test_grads(errors)\n'
         'dz_without_tanh = da_next\n'
         'test_lt(1e-2, grad_check(cell_loss, variables, {"Waa": dz_without_tanh @ a_prev.T})["Waa"])'),
        ('markdown',
         '## The basic RNN over a sequence: backpropagation through time\n'
         '\n'
         'In the unrolled network, the hidden state $a^{\\langle t \\rangle}$ influences the loss '
         'along\n'
         'two routes: directly (whatever sits on top of it — its read-out, or the next layer —\n'
         'contributes `da[:, :, t]`) and indirectly, through every later state, because it is the\n'
         '$a_{prev}$ of step $t+1$. The chain rule adds the contributions of all routes, and all\n'
         'indirect ones pass through $a^{\\langle t+1 \\rangle}$, whose backward step has already\n'
         'summed them into its `da_prev`. So the total gradient reaching step $t$ is\n'
         '\n'
         '$$\\frac{\\partial L}{\\partial a^{\\langle t \\rangle}} = da^{\\langle t \\rangle} + '
         'da_{prev}^{\\langle t+1 \\rangle}, \\qquad da_{prev}^{\\langle T_x + 1 \\rangle} = 0,$$\n'
         '\n'
         'which is why the loop runs from the last step to the first: each step needs the result of\n'
         'the one after it. The weights are shared by all steps, so each step adds its own\n'
         'contribution to `dWaa`, `dWax` and `dba`. What flows out of step 1 is the gradient with\n'
         "respect to the initial state, `da0`, and each step's `dxt` fills one slice of `dx`."),
        ('code',
         '#| exports\n'
         '#| practice\n'
         'def rnn_loop_backward(da,          # Upstream gradient for every state `(n_a, m, T_x)`, '
         'validated\n'
         '                      step_caches, # The step caches of `rnn_loop`\n'
         '                      params,      # Validated arrays `Waa, Wax, ba`\n'
         '                     ) -> dict:\n'
         '    "Backpropagation through time over RNN step caches, without checks: `dx, da0, dWax, dWaa, '
         'dba`."\n'
         '    n_a, m, T_x = da.shape\n'
         '    dx = np.empty((step_caches[0].xt.shape[0], m, T_x), da.dtype)\n'
         '    dWax, dWaa, dba = (np.zeros(params[name].shape, da.dtype) for name in ("Wax", "Waa", '
         '"ba"))\n'
         '    da_prev = np.zeros((n_a, m), da.dtype)\n'
         '    for t in reversed(range(T_x)):\n'
         '        a_next, a_prev, xt, _ = step_caches[t]\n'
         '        dz, da_prev, dx[:, :, t] = rnn_step_backward(da[:, :, t] + da_prev, a_next, params)\n'
         '        dWax += dz @ xt.T\n'
         '        dWaa += dz @ a_prev.T\n'
         '        dba += dz.sum(axis=1, keepdims=True)\n'
         '    return dict(dx=dx, da0=da_prev, dWax=dWax, dWaa=dWaa, dba=dba)'),
        ('markdown',
         '<details><summary>Hint</summary>\n'
         '\n'
         'Walk `reversed(range(T_x))`. The gradient entering step `t` is `da[:, :, t] + da_prev`, where '
         "`da_prev` came back from step `t + 1` (zeros at first). Add each step's weight gradients to "
         'running totals; `dba` sums `dz` over the batch, `axis=1, keepdims=True`.\n'
         '\n'
         '</details>'),
        ('markdown',
         'The public function checks the caches and the upstream gradient once and hands the loop\n'
         'validated arrays; stacked networks call the loop directly, once per layer and direction.\n'
         "The parameters come from the first step's cache (a forward pass stores the same dict at\n"
         'every step, which the cache check confirms).'),
        ('code',
         '#| exporti\n'
         'RNN_SEQ_BWD_LAYOUT = {"x": ("n_x", "m", "T_x"), "a0": ("n_a", "m"), "da": ("n_a", "m", '
         '"T_x"),\n'
         '                      **{name: RNN_LAYOUT[name] for name in RNN_KEYS}}'),
        ('code',
         '#| exports\n'
         'def rnn_backward(da,     # Gradient of the loss w.r.t. every hidden state, `(n_a, m, T_x)`\n'
         '                 caches, # The `SequenceCache` `(step_caches, x)` from `rnn_forward`\n'
         '                ) -> dict:\n'
         '    "Backpropagation through time for the basic RNN: `dx, da0, dWax, dWaa, dba`."\n'
         '    step_caches, x = check_sequence_cache(caches, RNNCache, "rnn_forward")\n'
         '    first = step_caches[0]\n'
         '    arrays = get_params(first.parameters, RNN_KEYS)\n'
         '    _, _, checked = validate(RNN_SEQ_BWD_LAYOUT, x=x, a0=first.a_prev, da=da, **arrays)\n'
         '    return rnn_loop_backward(checked["da"], step_caches, checked)'),
        ('markdown',
         "### The assignment's second setup\n"
         '\n'
         "The assignment's sequence draw (`x (3,10,4)`, `a0`, then the parameters), then `da (5,10,4)`:"),
        ('code',
         'x, a0, parameters, da = rnn_seq_draw()\n'
         'a, y_pred, caches = rnn_forward(x, a0, parameters)\n'
         'grads = rnn_backward(da, caches)\n'
         'peek(grads)'),
        ('code',
         'variables = {**parameters, "x": x, "a0": a0}\n'
         'rnn_loss = lambda: np.sum(rnn_forward(variables["x"], variables["a0"], variables)[0] * da)\n'
         'errors = grad_check(rnn_loss, variables, as_variables(grads))\n'
         'errors'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: keys, gradient check, shapes"\n'
         'test_eq(set(grads), {"dx", "da0", "dWax", "dWaa", "dba"})\n'
         'test_grads(errors)\n'
         'test_eq([grad.shape for grad in grads.values()], [(3, 10, 4), (5, 10), (5, 3), (5, 5), (5, '
         '1)])'),
        ('markdown',
         'Two consistency checks that do not need finite differences: with one time step the\n'
         'sequence pass *is* the cell pass, and unrolling the cell backward by hand, adding the\n'
         'upstream gradient at each step, reproduces the sequence pass exactly.'),
        ('code',
         'da_prev, dWaa = np.zeros_like(a0), 0\n'
         'for t in reversed(range(4)):\n'
         '    cell_grads = rnn_cell_backward(da[:, :, t] + da_prev, caches.step_caches[t])\n'
         '    da_prev, dWaa = cell_grads["da_prev"], dWaa + cell_grads["dWaa"]\n'
         'np.abs(da_prev - grads["da0"]).max(), np.abs(dWaa - grads["dWaa"]).max()'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: one step is the cell; the cell unrolled is the sequence"\n'
         'one_step = rnn_backward(da[:, :, :1], rnn_forward(x[:, :, :1], a0, parameters)[2])\n'
         'cell_grads = rnn_cell_backward(da[:, :, 0], rnn_cell_forward(x[:, :, 0], a0, parameters)[2])\n'
         'test_eq((one_step["dx"][:, :, 0], one_step["da0"], one_step["dWaa"]),\n'
         '        (cell_grads["dxt"], cell_grads["da_prev"], cell_grads["dWaa"]))\n'
         'test_close(da_prev, grads["da0"], eps=1e-12)\n'
         'test_close(dWaa, grads["dWaa"], eps=1e-12)'),
        ('markdown',
         '### Strict inputs\n'
         '\n'
         '`da` must have the `(n_a, m, T_x)` of the forward pass that made `caches`; the message\n'
         'names `da` and shows both shapes. Caches of the wrong kind are described, and a cache\n'
         'changed after the forward pass — a step removed, replaced, or given other parameters — is\n'
         'refused with the step at fault.'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: bad upstream gradients and bad caches"\n'
         'step_caches = caches.step_caches\n'
         'def changed_step(t, **fields):\n'
         '    "`caches` with step `t` replaced by a copy that has other `fields`."\n'
         '    steps = list(step_caches)\n'
         '    steps[t] = steps[t]._replace(**fields)\n'
         '    return type(caches)(steps, x)\n'
         '\n'
         'test_fail(lambda: rnn_backward(da[:, :, :3], caches),\n'
         '          contains="da has shape (5, 10, 3) but expected (5, 10, 4)")\n'
         'test_fail(lambda: rnn_backward(da[:, :7], caches),\n'
         '          contains="da has shape (5, 7, 4) but expected (5, 10, 4)")\n'
         'test_fail(lambda: rnn_backward(da[0], caches), contains="da must be 3-D")\n'
         'wants_sequence = "caches must be the SequenceCache"\n'
         'for fragment in (wants_sequence, "got an RNNCache (made by rnn_cell_forward"):\n'
         '    test_fail(lambda: rnn_backward(da, step_caches[0]), contains=fragment)\n'
         'for fragment in (wants_sequence, "got an object of type dict"):\n'
         '    test_fail(lambda: rnn_backward(da, {"a": a}), contains=fragment, exc=TypeError)\n'
         'for fragment in (wants_sequence, "got a tuple of length 2 (not a cache)"):\n'
         '    test_fail(lambda: rnn_backward(da, tuple(caches)), contains=fragment, exc=TypeError)\n'
         'test_fail(lambda: rnn_backward(da, (step_caches, x)),\n'
         '          contains="SequenceCache(step_caches, x)", exc=TypeError)\n'
         'from_tuple = rnn_backward(da, SequenceCache(tuple(step_caches), x))\n'
         'from_list = rnn_backward(da, caches)\n'
         'for name, grad in from_list.items(): test_eq(from_tuple[name], grad)\n'
         'test_fail(lambda: rnn_backward(da, SequenceCache(step_caches[0], x)),\n'
         '          contains="caches.step_caches must be a list", exc=TypeError)\n'
         'for fragment in ("caches holds 3 step caches", "its x has shape (3, 10, 4)"):\n'
         '    test_fail(lambda: rnn_backward(da, SequenceCache(step_caches[:3], x)),\n'
         '              contains=fragment)\n'
         'test_fail(lambda: rnn_backward(da, SequenceCache([], x)),\n'
         '          contains="caches.step_caches holds no step caches")\n'
         'test_fail(lambda: rnn_cell_backward(da[:, :, 0], caches),\n'
         '          contains="cache must be an RNNCache")\n'
         'test_fail(lambda: rnn_cell_backward(da[:4, :, 0], step_caches[0]),\n'
         '          contains="da_next has shape (4, 10) but expected (5, 10)")\n'
         'narrow_a_next = step_caches[2].a_next[:, :3]\n'
         'for fragment in ("step_caches[2].a_next is ((5, 3), float64)",\n'
         '                 "step 0\'s is ((5, 10), float64)"):\n'
         '    test_fail(lambda: rnn_backward(da, changed_step(2, a_next=narrow_a_next)),\n'
         '              contains=fragment)\n'
         'for fragment in ("step_caches[3].a_prev differs", "from step 2\'s a_next"):\n'
         '    test_fail(lambda: rnn_backward(da, changed_step(3, a_prev=step_caches[3].a_prev + 1)),\n'
         '              contains=fragment)\n'
         'test_fail(lambda: rnn_backward(da, changed_step(1, xt=step_caches[1].xt * 2)),\n'
         '          contains="step_caches[1].xt differs from x[:, :, t]")\n'
         'for fragment in ("step_caches[1].parameters is not the dict", "of step 0"):\n'
         '    test_fail(lambda: rnn_backward(da, changed_step(1, parameters=dict(parameters))),\n'
         '              contains=fragment)\n'
         'complex_a_next = step_caches[1].a_next.astype(complex)\n'
         'test_fail(lambda: rnn_backward(da, changed_step(1, a_next=complex_a_next)),\n'
         '          contains="step_caches[1].a_next is ((5, 10), complex128)")'),
        ('markdown',
         'The output layer is not needed: the caches of a forward pass with `readout=False`, whose\n'
         "parameters are `Waa, Wax, ba` alone (as a stacked layer's are), give the same gradients.\n"
         'Float32 stays float32, and neither `da` nor the caches are modified.'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: no read-out, the same gradients; float32; inputs untouched"\n'
         'recurrent_only = {name: parameters[name] for name in RNN_KEYS}\n'
         'inner_grads = rnn_backward(da, rnn_forward(x, a0, recurrent_only, readout=False)[2])\n'
         'test_eq(set(inner_grads), set(grads))\n'
         'for name in grads: test_eq(inner_grads[name], grads[name])\n'
         '\n'
         'p32 = {name: value.astype(np.float32) for name, value in parameters.items()}\n'
         '_, _, caches32 = rnn_forward(x.astype(np.float32), a0.astype(np.float32), p32)\n'
         'grads32 = rnn_backward(da.astype(np.float32), caches32)\n'
         'test_eq({grad.dtype for grad in grads32.values()}, {np.dtype(np.float32)})\n'
         'for name in grads: test_close(grads32[name], grads[name], eps=1e-3)\n'
         '\n'
         'before = [da.copy(), x.copy(), a0.copy(), *(value.copy() for value in parameters.values())]\n'
         'rnn_backward(da, caches)\n'
         'for saved, now in zip(before, [da, x, a0, *parameters.values()]): test_eq(saved, now)'),
        ('markdown',
         '## The LSTM cell, backwards\n'
         '\n'
         'The forward step, with the pre-activations of the four gates named $z_f, z_i, z_c, z_o$\n'
         'and $\\text{concat} = [a_{prev}; x_t]$:\n'
         '\n'
         '$$\\Gamma_f = \\sigma(z_f),\\ \\ \\Gamma_i = \\sigma(z_i),\\ \\ \\tilde c = \\tanh(z_c),\\ \\ '
         '\\Gamma_o = \\sigma(z_o), \\qquad z_g = W_g\\,\\text{concat} + b_g$$\n'
         '\n'
         '$$c_{next} = \\Gamma_f \\odot c_{prev} + \\Gamma_i \\odot \\tilde c, \\qquad a_{next} = '
         '\\Gamma_o \\odot \\tanh(c_{next})$$\n'
         '\n'
         'Now two gradients arrive: `da_next` and `dc_next` (in a sequence, the memory cell of step\n'
         '$t$ also feeds step $t+1$). We undo the operations in reverse order.\n'
         '\n'
         '**The read-out $a_{next} = \\Gamma_o \\odot \\tanh(c_{next})$.** A product sends to each '
         'factor\n'
         'the incoming gradient times the other factor:\n'
         '\n'
         '$$d\\Gamma_o = da_{next} \\odot \\tanh(c_{next})$$\n'
         '\n'
         'and the memory cell collects two contributions — the one arriving directly and the one\n'
         "through the read-out, where $\\tanh' = 1 - \\tanh^2$ appears again:\n"
         '\n'
         '$$dc = dc_{next} + da_{next} \\odot \\Gamma_o \\odot \\left(1 - \\tanh^2(c_{next})\\right)$$\n'
         '\n'
         '$\\tanh(c_{next})$ is a function of the stored state $c_{next}$, so we evaluate it from the\n'
         'cache (recovering it as $a_{next} / \\Gamma_o$ would divide by a gate that can be 0).'),
        ('markdown',
         '**The memory update $c_{next} = \\Gamma_f \\odot c_{prev} + \\Gamma_i \\odot \\tilde c$.** A '
         'sum\n'
         'passes `dc` unchanged to both terms, and each product again swaps in the other factor:\n'
         '\n'
         '$$d\\Gamma_f = dc \\odot c_{prev}, \\quad d\\Gamma_i = dc \\odot \\tilde c, \\quad d\\tilde c '
         '= dc \\odot \\Gamma_i, \\quad\n'
         '  dc_{prev} = dc \\odot \\Gamma_f$$\n'
         '\n'
         "The last one is the LSTM's highway: from one step to the previous, the memory's gradient\n"
         'is only multiplied by the forget gate — no weight matrix, no squashing derivative — so it\n'
         'can survive many steps when the gate stays open.'),
        ('markdown',
         "**Through the gate nonlinearities.** The sigmoid's derivative can be written with the\n"
         'sigmoid itself: from $\\sigma = (1 + e^{-z})^{-1}$,\n'
         "$\\sigma'(z) = e^{-z} / (1 + e^{-z})^2 = \\sigma(z)\\,(1 - \\sigma(z))$. The gates are stored "
         'in\n'
         'the cache, so every derivative comes from stored activations:\n'
         '\n'
         '$$dz_f = d\\Gamma_f \\odot \\Gamma_f (1 - \\Gamma_f), \\quad dz_i = d\\Gamma_i \\odot '
         '\\Gamma_i (1 - \\Gamma_i), \\quad\n'
         '  dz_c = d\\tilde c \\odot (1 - \\tilde c^2), \\quad dz_o = d\\Gamma_o \\odot \\Gamma_o (1 - '
         '\\Gamma_o)$$'),
        ('markdown',
         '**Through the four affine maps.** Exactly as for the RNN, for each gate $g \\in \\{f, i, c, '
         'o\\}$:\n'
         '\n'
         '$$dW_g = dz_g\\, \\text{concat}^\\top, \\qquad db_g = \\textstyle\\sum_j (dz_g)_{:,j}$$\n'
         '\n'
         '`concat` feeds all four gates, so its gradient is the sum of the four routes back:\n'
         '\n'
         '$$d\\,\\text{concat} = W_f^\\top dz_f + W_i^\\top dz_i + W_c^\\top dz_c + W_o^\\top dz_o$$\n'
         '\n'
         '**Splitting the concatenation.** Stacking $[a_{prev}; x_t]$ only placed the two arrays one\n'
         'above the other, so its gradient splits the same way: the first $n_a$ rows are\n'
         '$da_{prev}$, the remaining $n_x$ rows are $dx_t$.'),
        ('code',
         '#| exporti\n'
         'LSTM_GATES = "fico"   # forget, update (input), candidate, output'),
        ('code',
         '#| exports\n'
         '#| practice\n'
         "def lstm_step_backward(da_next, # Gradient w.r.t. the step's new hidden state `(n_a, m)`\n"
         "                       dc_next, # Gradient arriving at the step's new memory from later steps "
         '`(n_a, m)`\n'
         "                       cache,   # The step's `LSTMCache`\n"
         '                       params,  # Validated gate weights\n'
         '                      ):\n'
         '    "Backward through one LSTM step without checks: `dz` (a dict keyed `f, i, c, o`), '
         '`dc_prev`, `dconcat`."\n'
         '    tanh_c = np.tanh(cache.c_next)\n'
         '    ft, it, cct, ot = cache.ft, cache.it, cache.cct, cache.ot\n'
         '    dc = dc_next + da_next * ot * (1 - tanh_c ** 2)\n'
         '    dz = dict(f=dc * cache.c_prev * ft * (1 - ft),\n'
         '              i=dc * cct * it * (1 - it),\n'
         '              c=dc * it * (1 - cct ** 2),\n'
         '              o=da_next * tanh_c * ot * (1 - ot))\n'
         '    dconcat = sum(params["W" + gate].T @ dz[gate] for gate in LSTM_GATES)\n'
         '    return dz, dc * ft, dconcat'),
        ('markdown',
         '<details><summary>Hint</summary>\n'
         '\n'
         "Start with `dc = dc_next + da_next * ot * (1 - tanh(c_next)**2)`. Each gate's pre-activation "
         'gradient is then its equation above times the derivative read from the cache (`ft * (1 - '
         'ft)`, `1 - cct**2`, ...), and `dconcat` sums `W.T @ dz` over the four gates of `LSTM_GATES`.\n'
         '\n'
         '</details>'),
        ('code',
         '#| exporti\n'
         'LSTM_CELL_BWD_LAYOUT = {"xt": ("n_x", "m"), "a_prev": ("n_a", "m"), "c_prev": ("n_a", "m"),\n'
         '                        "c_next": ("n_a", "m"), "da_next": ("n_a", "m"), "dc_next": ("n_a", '
         '"m"),\n'
         '                        **{name: LSTM_LAYOUT[name] for name in LSTM_KEYS}}'),
        ('markdown',
         'The public cell checks the cache and the two upstream gradients, takes the step back, and\n'
         'adds the parameter gradients. Splitting `dconcat` gives `da_prev` (its first `n_a` rows)\n'
         'and `dxt` (the rest).'),
        ('code',
         '#| exports\n'
         'def lstm_cell_backward(da_next, # Gradient of the loss w.r.t. `a_next`, `(n_a, m)`\n'
         '                       dc_next, # Gradient of the loss w.r.t. `c_next`, `(n_a, m)`\n'
         '                       cache,   # The `LSTMCache` from `lstm_cell_forward`\n'
         '                      ) -> dict:\n'
         '    "Gradients of one LSTM step: `dxt, da_prev, dc_prev, dWf, dWi, dWc, dWo, dbf, dbi, dbc, '
         'dbo`."\n'
         '    cache = check_cell_cache(cache, LSTMCache)\n'
         '    arrays = get_params(cache.parameters, LSTM_KEYS)\n'
         '    _, dtype, checked = validate(LSTM_CELL_BWD_LAYOUT, xt=cache.xt, a_prev=cache.a_prev, '
         'c_prev=cache.c_prev,\n'
         '                                 c_next=cache.c_next, da_next=da_next, dc_next=dc_next, '
         '**arrays)\n'
         '    dz, dc_prev, dconcat = lstm_step_backward(checked["da_next"], checked["dc_next"], cache, '
         'checked)\n'
         '    concat, n_a = np.concatenate([checked["a_prev"], checked["xt"]], axis=0), '
         'checked["a_prev"].shape[0]\n'
         '    grads = dict(dxt=dconcat[n_a:], da_prev=dconcat[:n_a], dc_prev=dc_prev)\n'
         '    grads.update({"dW" + gate: dz[gate] @ concat.T for gate in LSTM_GATES})\n'
         '    grads.update({"db" + gate: dz[gate].sum(axis=1, keepdims=True) for gate in LSTM_GATES})\n'
         '    return {name: grad.astype(dtype, copy=False) for name, grad in grads.items()}'),
        ('markdown',
         "### The assignment's third setup\n"
         '\n'
         "The assignment's LSTM cell draw (`xt`, `a_prev`, `c_prev`, then `Wf, bf, Wi, bi, Wo, bo, Wc,\n"
         'bc, Wy, by`), then `da_next` and `dc_next`, both `(5, 10)`:'),
        ('code',
         'xt, a_prev, c_prev, parameters, da_next, dc_next = lstm_cell_draw()\n'
         'a_next, c_next, _, cache = lstm_cell_forward(xt, a_prev, c_prev, parameters)\n'
         'grads = lstm_cell_backward(da_next, dc_next, cache)\n'
         'peek(grads)'),
        ('markdown',
         'The loss now weights both outputs, $L = \\sum a_{next} \\odot G_a + \\sum c_{next} \\odot '
         'G_c$,\n'
         'so its upstream gradients are `da_next` $= G_a$ and `dc_next` $= G_c$; the check covers the\n'
         'three inputs `xt`, `a_prev`, `c_prev` and all eight gate parameters.'),
        ('code',
         'variables = {**parameters, "xt": xt, "a_prev": a_prev, "c_prev": c_prev}\n'
         'def lstm_cell_loss():\n'
         '    "The random-weighted loss of both outputs of the cell."\n'
         '    a_n, c_n, _, _ = lstm_cell_forward(variables["xt"], variables["a_prev"], '
         'variables["c_prev"], variables)\n'
         '    return np.sum(a_n * da_next) + np.sum(c_n * dc_next)\n'
         '\n'
         'errors = grad_check(lstm_cell_loss, variables, as_variables(grads))\n'
         'max(errors.values())'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: keys, gradient check; the step\'s own dict of gate gradients"\n'
         'test_eq(set(grads), {"dxt", "da_prev", "dc_prev", "dWf", "dWi", "dWc", "dWo", "dbf", "dbi", '
         '"dbc", "dbo"})\n'
         'test_grads(errors)\n'
         'test_eq(list(grads), ["dxt", "da_prev", "dc_prev", "dWf", "dWi", "dWc", "dWo", "dbf", "dbi", '
         '"dbc", "dbo"])\n'
         'dz, dc_prev, dconcat = lstm_step_backward(da_next, dc_next, cache, parameters)\n'
         'test_eq(set(dz), {"f", "i", "c", "o"})\n'
         'test_eq((dc_prev, dconcat[:5], dconcat[5:]), (grads["dc_prev"], grads["da_prev"], '
         'grads["dxt"]))\n'
         'for gate in "fico": test_eq(dz[gate].sum(axis=1, keepdims=True), grads["db" + gate])'),
        ('markdown',
         '## The LSTM over a sequence\n'
         '\n'
         "Both states now carry gradient backwards. The hidden state's gradient reaching step $t$ is,\n"
         'as before, `da[:, :, t]` plus the `da_prev` of step $t+1$. The memory cell has no read-out\n'
         'of its own — nothing upstream consumes $c^{\\langle t \\rangle}$ except step $t+1$ — so its\n'
         'gradient is just the `dc_prev` of step $t+1$, and zero after the last step:\n'
         '\n'
         '$$\\frac{\\partial L}{\\partial a^{\\langle t \\rangle}} = da^{\\langle t \\rangle} + '
         'da_{prev}^{\\langle t+1 \\rangle}, \\qquad\n'
         '  \\frac{\\partial L}{\\partial c^{\\langle t \\rangle}} = dc_{prev}^{\\langle t+1 \\rangle}, '
         '\\qquad\n'
         '  da_{prev}^{\\langle T_x+1 \\rangle} = dc_{prev}^{\\langle T_x+1 \\rangle} = 0$$\n'
         '\n'
         'The gate weights and biases are shared by all steps, so their gradients accumulate. The\n'
         'returned `da0` is what leaves step 1. What leaves step 1 on the memory side, the final\n'
         '`dc_prev`, is the gradient with respect to the initial memory $c^{\\langle 0 \\rangle}$; the\n'
         "assignment's result does not include it (the initial memory is zeros unless `lstm_forward`\n"
         'is given a `c0`), and it is not needed for any parameter gradient.'),
        ('markdown',
         'The loop runs over validated arrays. It also accepts a gradient `dc_last` arriving at the\n'
         'last memory state and returns `dc0`, the gradient leaving through the initial memory:\n'
         'stacked networks need both (their final states can feed a loss, and their `c0` can be an\n'
         "input), while the assignment's `lstm_backward` starts from zero and drops `dc0`."),
        ('code',
         '#| exports\n'
         '#| practice\n'
         'def lstm_loop_backward(da,          # Upstream gradient for every hidden state `(n_a, m, '
         'T_x)`, validated\n'
         '                       dc_last,     # Gradient arriving at the last memory state `(n_a, m)`\n'
         '                       step_caches, # The step caches of `lstm_loop`\n'
         '                       params,      # Validated gate weights and biases\n'
         '                      ) -> dict:\n'
         '    "Unchecked LSTM backpropagation through time: `dx, da0, dc0, dWf, dWi, dWc, dWo, dbf, '
         'dbi, dbc, dbo`."\n'
         '    n_a, m, T_x = da.shape\n'
         '    dtype = np.result_type(da, dc_last)\n'
         '    dx = np.empty((step_caches[0].xt.shape[0], m, T_x), dtype)\n'
         '    dW = {gate: np.zeros(params["W" + gate].shape, dtype) for gate in LSTM_GATES}\n'
         '    db = {gate: np.zeros(params["b" + gate].shape, dtype) for gate in LSTM_GATES}\n'
         '    da_prev, dc_prev = np.zeros((n_a, m), dtype), dc_last\n'
         '    for t in reversed(range(T_x)):\n'
         '        step = step_caches[t]\n'
         '        dz, dc_prev, dconcat = lstm_step_backward(da[:, :, t] + da_prev, dc_prev, step, '
         'params)\n'
         '        concat = np.concatenate([step.a_prev, step.xt], axis=0)\n'
         '        for gate in LSTM_GATES:\n'
         '            dW[gate] += dz[gate] @ concat.T\n'
         '            db[gate] += dz[gate].sum(axis=1, keepdims=True)\n'
         '        da_prev, dx[:, :, t] = dconcat[:n_a], dconcat[n_a:]\n'
         '    grads = dict(dx=dx, da0=da_prev, dc0=dc_prev)\n'
         '    grads.update({"dW" + gate: dW[gate] for gate in LSTM_GATES})\n'
         '    grads.update({"db" + gate: db[gate] for gate in LSTM_GATES})\n'
         '    return grads'),
        ('markdown',
         '<details><summary>Hint</summary>\n'
         '\n'
         "`rnn_loop_backward` with a second gradient carried backwards: the memory's starts at "
         '`dc_last`, and each `lstm_step_backward` returns the next one. The weight gradients use each '
         "step's own `concat = [a_prev; xt]`.\n"
         '\n'
         '</details>'),
        ('markdown',
         "The loop on the assignment's sequence draw, with a random gradient `dc_last` on the last\n"
         'memory state and a random initial memory `c0`. The loss weights the states and the last\n'
         'memory, $L = \\sum a \\odot G_a + \\sum c^{\\langle T_x \\rangle} \\odot G_c$, so the check\n'
         'covers `dc0` too.'),
        ('code',
         'x, a0, parameters, da = lstm_seq_draw()\n'
         'rng = np.random.default_rng(5)\n'
         'c0, dc_last = rng.standard_normal(a0.shape), rng.standard_normal(a0.shape)\n'
         'caches = lstm_forward(x, a0, parameters, c0)[3]\n'
         'loop_grads = lstm_loop_backward(da, dc_last, caches.step_caches, parameters)\n'
         'variables = {**parameters, "x": x, "a0": a0, "c0": c0}\n'
         'def lstm_loop_loss():\n'
         '    "The random-weighted loss of every hidden state and the last memory state."\n'
         '    a, _, c, _ = lstm_forward(variables["x"], variables["a0"], variables, variables["c0"])\n'
         '    return np.sum(a * da) + np.sum(c[:, :, -1] * dc_last)\n'
         '\n'
         'loop_errors = grad_check(lstm_loop_loss, variables, as_variables(loop_grads))\n'
         'max(loop_errors.values())'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: keys, gradient check including dc0"\n'
         'test_eq(set(loop_grads), {"dx", "da0", "dc0", "dWf", "dWi", "dWc", "dWo", "dbf", "dbi", '
         '"dbc", "dbo"})\n'
         'test_eq(set(loop_errors), {"x", "a0", "c0", *LSTM_KEYS})\n'
         'test_grads(loop_errors)'),
        ('code',
         '#| exporti\n'
         'LSTM_SEQ_BWD_LAYOUT = {"x": ("n_x", "m", "T_x"), "a0": ("n_a", "m"), "da": ("n_a", "m", '
         '"T_x"),\n'
         '                       **{name: LSTM_LAYOUT[name] for name in LSTM_KEYS}}'),
        ('code',
         '#| exports\n'
         '#| practice\n'
         'def lstm_backward(da,     # Gradient of the loss w.r.t. every hidden state, `(n_a, m, T_x)`\n'
         '                  caches, # The `SequenceCache` `(step_caches, x)` from `lstm_forward`\n'
         '                 ) -> dict:\n'
         '    "Backpropagation through time for the LSTM: `dx, da0, dWf, dWi, dWc, dWo, dbf, dbi, dbc, '
         'dbo`."\n'
         '    step_caches, x = check_sequence_cache(caches, LSTMCache, "lstm_forward")\n'
         '    first = step_caches[0]\n'
         '    arrays = get_params(first.parameters, LSTM_KEYS)\n'
         '    _, dtype, checked = validate(LSTM_SEQ_BWD_LAYOUT, x=x, a0=first.a_prev, da=da, **arrays)\n'
         '    grads = lstm_loop_backward(checked["da"], np.zeros(checked["a0"].shape, dtype), '
         'step_caches, checked)\n'
         '    del grads["dc0"]\n'
         '    return grads'),
        ('markdown',
         '<details><summary>Hint</summary>\n'
         '\n'
         'Follow `rnn_backward`: `check_sequence_cache`, `get_params` with `LSTM_KEYS`, then `validate` '
         'with `LSTM_SEQ_BWD_LAYOUT` — that is what refuses a `da` whose number of steps differs from '
         "the caches'. Run the loop from a zero memory gradient and drop `dc0`.\n"
         '\n'
         '</details>'),
        ('markdown',
         "### The assignment's fourth setup, and why we refuse it as written\n"
         '\n'
         "The assignment's sequence draw has 7 time steps (`x (3,10,7)`). The assignment then\n"
         'draws an upstream gradient with only **4** steps, `da (5,10,4)`, and hands it to the\n'
         'backward pass of the 7-step forward. '),
        ('markdown',
         'A loose implementation accepts this: it takes the\n'
         'number of steps from `da`, walks back over the first four step caches, ignores the other\n'
         'three, and returns a `dx` with 4 steps for an `x` with 7. That happens to be the gradient\n'
         'of a loss on the first four states — but nothing in the call says so. A 4-step `da` could\n'
         'just as well belong to a loss on the *last* four states, and then the same answer is\n'
         'silently wrong; and a `dx` that does not have the shape of `x` cannot be used to update\n'
         'anything. The rule is that `da` has one slice per state the forward pass produced,\n'
         'so we refuse the mismatch and name `da` with both shapes:'),
        ('code',
         'x, a0, parameters, da4 = lstm_seq_draw(T_da=4)\n'
         'a, y, c, caches = lstm_forward(x, a0, parameters)\n'
         'try: lstm_backward(da4, caches)\n'
         'except ValueError as error: refusal = str(error)\n'
         'refusal'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: the mismatched da is refused"\n'
         'test_fail(lambda: lstm_backward(da4, caches),\n'
         '          contains="da has shape (5, 10, 4) but expected (5, 10, 7)")'),
        ('markdown',
         'What [the assignment](index.html#the-source-assignment) intends is the backward pass of a '
         'network that read the first 4 inputs.\n'
         'The recurrence is causal — the state at step $t$ depends only on inputs $1..t$ — so running\n'
         'the forward pass over `x[:, :, :4]` gives exactly the first 4 states of the 7-step run, and\n'
         'its caches match the 4-step `da`:'),
        ('code',
         'a4, _, c4, caches4 = lstm_forward(x[:, :, :4], a0, parameters)\n'
         'grads = lstm_backward(da4, caches4)\n'
         'peek(grads)'),
        ('code',
         'variables = {**parameters, "x": x[:, :, :4].copy(), "a0": a0}\n'
         'lstm_loss = lambda: np.sum(lstm_forward(variables["x"], variables["a0"], variables)[0] * '
         'da4)\n'
         'errors = grad_check(lstm_loss, variables, as_variables(grads))\n'
         'max(errors.values())'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: keys; the 4-step run is the start of the 7-step run; gradient '
         'check"\n'
         'test_eq(set(grads), {"dx", "da0", "dWf", "dWi", "dWc", "dWo", "dbf", "dbi", "dbc", "dbo"})\n'
         'test_eq(a4, a[:, :, :4]); test_eq(c4, c[:, :, :4])\n'
         'test_grads(errors)'),
        ('markdown',
         'The same thing, said with the full 7-step run: a loss that ignores the last three states\n'
         'has `da` equal to zero there. That gives the very same gradients (the last three `dx`\n'
         'slices are zero: later inputs cannot influence earlier states).'),
        ('code',
         'da7 = np.concatenate([da4, np.zeros((5, 10, 3))], axis=2)\n'
         'grads7 = lstm_backward(da7, caches)\n'
         'np.abs(grads7["dWf"] - grads["dWf"]).max(), np.abs(grads7["dx"][:, :, 4:]).max()'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: zero-padded da gives the same gradients"\n'
         'for name in grads: test_close(grads7[name][..., :4] if name == "dx" else grads7[name], '
         'grads[name], eps=1e-12)\n'
         'test_eq(grads7["dx"][:, :, 4:], np.zeros((3, 10, 3)))'),
        ('markdown',
         'The cell and the sequence agree, bad caches are refused (including an RNN cache given to\n'
         'the LSTM and vice versa), the caches of a forward pass with `readout=False` give the same\n'
         'gradients (the pass does not need the output layer), float32 stays float32,\n'
         'and nothing is modified.'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: one step is the cell"\n'
         'one_step = lstm_backward(da4[:, :, :1], lstm_forward(x[:, :, :1], a0, parameters)[3])\n'
         'zeros = np.zeros((5, 10))\n'
         'cell_grads = lstm_cell_backward(da4[:, :, 0], zeros, lstm_cell_forward(x[:, :, 0], a0, zeros, '
         'parameters)[3])\n'
         'for name in one_step:\n'
         '    cell_name = {"dx": "dxt", "da0": "da_prev"}.get(name, name)\n'
         '    expected = cell_grads[cell_name][:, :, None] if name == "dx" else cell_grads[cell_name]\n'
         '    test_close(one_step[name], expected, eps=1e-14)'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: bad caches"\n'
         'rnn_caches = rnn_forward(x[:, :, :1], a0, init_rnn_params(3, 5, 2, seed=0))[2]\n'
         'for fragment in ("caches must be the SequenceCache", "got an LSTMCache",\n'
         '                 "for lstm_cell_backward"):\n'
         '    test_fail(lambda: lstm_backward(da4, caches4.step_caches[0]), contains=fragment)\n'
         'for fragment in ("step_caches[0] must be an LSTMCache", "got an RNNCache"):\n'
         '    test_fail(lambda: lstm_backward(da4[:, :, :1], rnn_caches), contains=fragment)\n'
         'for fragment in ("step_caches[0] must be an RNNCache", "got an LSTMCache"):\n'
         '    test_fail(lambda: rnn_backward(da4, caches4), contains=fragment)\n'
         'for fragment in ("cache must be an LSTMCache", "got a SequenceCache of 4 LSTMCache"):\n'
         '    test_fail(lambda: lstm_cell_backward(da4[:, :, 0], zeros, caches4), contains=fragment)\n'
         'first_step = caches4.step_caches[0]\n'
         'test_fail(lambda: lstm_cell_backward(da4[:, :, 0], np.zeros((5, 9)), first_step),\n'
         '          contains="dc_next has shape (5, 9) but expected (5, 10)")\n'
         'changed = list(caches4.step_caches)\n'
         'changed[3] = changed[3]._replace(c_prev=changed[3].c_prev * 0)\n'
         'for fragment in ("step_caches[3].c_prev differs", "from step 2\'s c_next"):\n'
         '    test_fail(lambda: lstm_backward(da4, SequenceCache(changed, caches4.x)),\n'
         '              contains=fragment)'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: no read-out, the same gradients; float32; inputs untouched"\n'
         'recurrent_only = {name: parameters[name] for name in LSTM_KEYS}\n'
         'inner_grads = lstm_backward(da4, lstm_forward(x[:, :, :4], a0, recurrent_only, '
         'readout=False)[3])\n'
         'test_eq(set(inner_grads), set(grads))\n'
         'for name in grads: test_eq(inner_grads[name], grads[name])\n'
         'p32 = {name: value.astype(np.float32) for name, value in parameters.items()}\n'
         'caches32 = lstm_forward(x[:, :, :4].astype(np.float32), a0.astype(np.float32), p32)[3]\n'
         'grads32 = lstm_backward(da4.astype(np.float32), caches32)\n'
         'test_eq({grad.dtype for grad in grads32.values()}, {np.dtype(np.float32)})\n'
         'for name in grads: test_close(grads32[name], grads[name], eps=1e-3)\n'
         'before = [da4.copy(), x.copy(), a0.copy(), *(value.copy() for value in parameters.values())]\n'
         'lstm_backward(da4, caches4)\n'
         'lstm_cell_backward(da4[:, :, 0], da4[:, :, 1], caches4.step_caches[0])\n'
         'for saved, now in zip(before, [da4, x, a0, *parameters.values()]): test_eq(saved, now)'),
        ('markdown',
         '## Gradient checks on other shapes\n'
         '\n'
         "The assignment's shapes are one case. Here are five more for each network — with\n"
         'parameters drawn at unit scale so the nonlinearities are exercised well away from their\n'
         'linear region, and including sizes of one — each checked on every parameter and on both\n'
         'inputs `x` and `a0`.'),
        ('code',
         'NETWORKS = {"rnn": (init_rnn_params, rnn_forward, rnn_backward),\n'
         '            "lstm": (init_lstm_params, lstm_forward, lstm_backward)}\n'
         '\n'
         'def seq_check(kind, n_x, n_a, m, T_x, seed=0, n_y=2, eps=1e-6):\n'
         '    "Relative errors over all parameters, `x` and `a0`, for a random `kind` '
         '(\'rnn\'/\'lstm\') network."\n'
         '    rng = np.random.default_rng(seed)\n'
         '    init, forward, backward = NETWORKS[kind]\n'
         '    variables = {name: rng.standard_normal(value.shape) for name, value in init(n_x, n_a, '
         'n_y).items()}\n'
         '    variables.update(x=rng.standard_normal((n_x, m, T_x)), a0=rng.standard_normal((n_a, m)))\n'
         '    G = rng.standard_normal((n_a, m, T_x))\n'
         '    grads = as_variables(backward(G, forward(variables["x"], variables["a0"], '
         'variables)[-1]))\n'
         '    loss = lambda: np.sum(forward(variables["x"], variables["a0"], variables)[0] * G)\n'
         '    return grad_check(loss, variables, grads, eps=eps)'),
        ('code',
         'shapes = [(2, 3, 4, 5), (4, 2, 3, 6), (1, 1, 1, 1), (3, 4, 1, 3), (1, 3, 2, 8)]   # (n_x, '
         'n_a, m, T_x)\n'
         'worst = {(kind, shape): max(seq_check(kind, *shape, seed=i).values())\n'
         '         for kind in NETWORKS for i, shape in enumerate(shapes)}\n'
         'max(worst.values())'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: every shape passes"\n'
         'test_grads(worst)'),
        ('markdown',
         '## Property tests\n'
         '\n'
         'Finally we let `hypothesis` choose the shapes: every size between 1 and 3 (so sizes of one\n'
         'appear often), random parameters, random upstream gradients. Three properties must hold\n'
         'for both networks: the gradients pass the finite-difference check; every gradient of the\n'
         'cell passes has the shape of the array it belongs to (`da_prev`, `dc_prev` included); and\n'
         'float32 inputs give float32 gradients that agree with the float64 ones. The runs are\n'
         'derandomized, so the notebook is reproducible, and kept small so it stays fast.\n'
         '\n'
         'Among so many random draws some gradients are tiny (around $10^{-4}$, often with one\n'
         'unit), and there the rounding noise of the loss, about $10^{-16} |L| / \\varepsilon$, is a\n'
         'visible share of the gradient. So these checks take the step $\\varepsilon = 10^{-5}$,\n'
         'which cuts that noise tenfold while the truncation error stays near $10^{-10}$, and accept\n'
         'errors below $10^{-6}$: a wrong derivative scores $10^{-2}$ or more. (The examples\n'
         "hypothesis draws depend on the test's source text, so the check must pass on any draw, not\n"
         "only on today's.)"),
        ('code',
         'from hypothesis import given, settings, strategies as st'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: property tests (gradient check, shapes, float32)"\n'
         'dims = st.integers(1, 3)\n'
         'quick = settings(max_examples=12, deadline=None, derandomize=True, database=None)\n'
         '\n'
         '@quick\n'
         '@given(kind=st.sampled_from(list(NETWORKS)), n_x=dims, n_a=dims, m=dims, T_x=dims, '
         'seed=st.integers(0, 2**16))\n'
         'def test_seq_grad_check(kind, n_x, n_a, m, T_x, seed):\n'
         '    test_grads(seq_check(kind, n_x, n_a, m, T_x, seed, n_y=1, eps=1e-5), 1e-6)\n'
         '\n'
         '@quick\n'
         '@given(n_x=dims, n_a=dims, m=dims, seed=st.integers(0, 2**16))\n'
         'def test_cell_shapes(n_x, n_a, m, seed):\n'
         '    rng = np.random.default_rng(seed)\n'
         '    xt, a_prev, c_prev = (rng.standard_normal((rows, m)) for rows in (n_x, n_a, n_a))\n'
         '    rnn_params = init_rnn_params(n_x, n_a, 1, seed=seed)\n'
         '    lstm_params = init_lstm_params(n_x, n_a, 1, seed=seed)\n'
         '    rnn_grads = rnn_cell_backward(rng.standard_normal((n_a, m)), rnn_cell_forward(xt, a_prev, '
         'rnn_params)[2])\n'
         '    lstm_cache = lstm_cell_forward(xt, a_prev, c_prev, lstm_params)[3]\n'
         '    lstm_grads = lstm_cell_backward(rng.standard_normal((n_a, m)), rng.standard_normal((n_a, '
         'm)), lstm_cache)\n'
         '    rnn_shapes = {"d" + name: rnn_params[name].shape for name in RNN_KEYS}\n'
         '    test_eq({name: grad.shape for name, grad in rnn_grads.items()},\n'
         '            {"dxt": xt.shape, "da_prev": a_prev.shape, **rnn_shapes})\n'
         '    test_eq({name: grad.shape for name, grad in lstm_grads.items()},\n'
         '            {"dxt": xt.shape, "da_prev": a_prev.shape, "dc_prev": c_prev.shape,\n'
         '             **{"d" + name: lstm_params[name].shape for name in LSTM_KEYS}})\n'
         '\n'
         '@quick\n'
         '@given(kind=st.sampled_from(list(NETWORKS)), n_x=dims, n_a=dims, m=dims, T_x=dims, '
         'seed=st.integers(0, 2**16))\n'
         'def test_float32(kind, n_x, n_a, m, T_x, seed):\n'
         '    rng = np.random.default_rng(seed)\n'
         '    init, forward, backward = NETWORKS[kind]\n'
         '    params = init(n_x, n_a, 1, seed=seed)\n'
         '    x, da = rng.standard_normal((n_x, m, T_x)), rng.standard_normal((n_a, m, T_x))\n'
         '    a0 = rng.standard_normal((n_a, m))\n'
         '    grads64 = backward(da, forward(x, a0, params)[-1])\n'
         '    to32 = lambda arr: arr.astype(np.float32)\n'
         '    params32 = {name: to32(value) for name, value in params.items()}\n'
         '    grads32 = backward(to32(da), forward(to32(x), to32(a0), params32)[-1])\n'
         '    for name in grads64:\n'
         '        test_eq(grads32[name].dtype, np.float32)\n'
         '        test_close(grads32[name], grads64[name], eps=1e-4)\n'
         '\n'
         'test_seq_grad_check()\n'
         'test_cell_shapes()\n'
         'test_float32()'),
        ('markdown',
         '## Summary\n'
         '\n'
         "- `rnn_cell_backward` and `lstm_cell_backward` turn one step's upstream gradients into the\n"
         '  gradients of its inputs, states and parameters, from the activations the forward pass\n'
         '  cached (`1 - a_next**2`, never a second `tanh`).\n'
         '- `rnn_backward` and `lstm_backward` run those steps from the last to the first, adding each\n'
         "  step's `da_prev` to the next step's upstream gradient: backpropagation through time.\n"
         '- `grad_check` proves every gradient by central differences on a random-weighted loss; the\n'
         "  assignment's four setups reproduce, and its fourth is refused as written, with the reason.\n"
         '\n'
         '### Exercises\n'
         '\n'
         '1. Write the backward passes yourself: `rnn-literate practice ~/rnn-practice --chapter 05`,\n'
         '   then `rnn-literate check ~/rnn-practice`.\n'
         '2. Change `eps` in `grad_check` from `1e-6` to `1e-2` and to `1e-12`. Where does the '
         'relative\n'
         '   error grow, and which of the two errors (truncation or rounding) is to blame?\n'
         '3. Print the norm of `da_prev` at every step of `rnn_backward` on a 50-step sequence. How\n'
         '   fast does it shrink, and what does that predict for learning long dependencies?\n'
         '\n'
         '### References\n'
         '\n'
         '- P. J. Werbos (1990). *Backpropagation Through Time: What It Does and How to Do It*.\n'
         '  Proceedings of the IEEE 78(10), 1550–1560.\n'
         '- Y. Bengio, P. Simard, P. Frasconi (1994). *Learning long-term dependencies with gradient\n'
         '  descent is difficult*. IEEE Transactions on Neural Networks 5(2), 157–166.'),
        ('code',
         '#| hide\n'
         'import nbdev; nbdev.nbdev_export()'),
    ],
    '06_gru': [
        ('markdown',
         '# The GRU\n'
         '\n'
         '> The gated recurrent unit: one state, two gates, and the two places its reset gate can sit — '
         'forward, backward, proven against finite differences.'),
        ('code',
         '#| default_exp gru'),
        ('code',
         '#| hide\n'
         'from fastcore.test import *\n'
         'from nbdev.showdoc import *\n'
         'from rnn_literate.testing import limit_blas_threads'),
        ('code',
         '#| hide\n'
         'limit_blas_threads();'),
        ('code',
         '#| export\n'
         'from __future__ import annotations\n'
         'from typing import NamedTuple\n'
         'import numpy as np\n'
         'from rnn_literate.utils import sigmoid, predict, validate, get_params\n'
         'from rnn_literate.rnn_seq import SequenceCache\n'
         'from rnn_literate.utils import check_flag\n'
         'from rnn_literate.backward import check_cell_cache, check_sequence_cache'),
        ('code',
         'import warnings\n'
         'from rnn_literate.utils import init_rnn_params, init_lstm_params, LSTM_KEYS\n'
         'from rnn_literate.rnn_seq import rnn_forward\n'
         'from rnn_literate.lstm_cell import lstm_cell_forward\n'
         'from rnn_literate.backward import grad_check, describe\n'
         'from rnn_literate.testing import as_variables, test_grads, test_lt'),
        ('markdown',
         'The [LSTM](lstm_cell.html) protects its memory by keeping it in a second state that is '
         'edited\n'
         'rather than rewritten. The gated recurrent unit (GRU) gets much of the same benefit with '
         'less\n'
         'machinery: there is only one state, $a$, and each step *blends* the old state with a freshly\n'
         'proposed one. Two gates steer the blend:\n'
         '\n'
         '- the **update gate** $\\Gamma_z$ decides, unit by unit, how much of the old state to keep;\n'
         '  whatever is not kept is filled with the candidate. Keeping and writing are coupled — one\n'
         '  number does both — where the LSTM has separate forget and input gates.\n'
         '- the **reset gate** $\\Gamma_r$ decides how much of the old state the *candidate* may look '
         'at.\n'
         '  With $\\Gamma_r \\approx 0$ the candidate is computed as if the sequence started now.'),
        ('markdown',
         '## The equations\n'
         '\n'
         'As for the LSTM, the gates read the previous state stacked on the current input,\n'
         '$\\left[a^{\\langle t-1 \\rangle}; x^{\\langle t \\rangle}\\right]$ of height $n_a + n_x$; '
         'every\n'
         "weight's first $n_a$ columns act on the state, the rest on the input. We write\n"
         "$W_h = \\left[W_{ha} \\mid W_{hx}\\right]$ for that split of the candidate's weights.\n"
         '\n'
         '$$\\Gamma_z^{\\langle t \\rangle} = \\sigma\\left(W_z \\left[a^{\\langle t-1 \\rangle}; '
         'x^{\\langle t \\rangle}\\right] + b_z\\right), \\qquad\n'
         '  \\Gamma_r^{\\langle t \\rangle} = \\sigma\\left(W_r \\left[a^{\\langle t-1 \\rangle}; '
         'x^{\\langle t \\rangle}\\right] + b_r\\right)$$\n'
         '\n'
         'The candidate comes in two variants, which differ only in *where* the reset gate acts:\n'
         '\n'
         '$$\\text{classic:}\\qquad \\tilde{a}^{\\langle t \\rangle} = '
         '\\tanh\\left(W_{ha}\\left(\\Gamma_r \\odot a^{\\langle t-1 \\rangle}\\right) + W_{hx}\\, '
         'x^{\\langle t \\rangle} + b_h\\right)$$\n'
         '\n'
         '$$\\text{reset-after:}\\qquad \\tilde{a}^{\\langle t \\rangle} = \\tanh\\left(W_{hx}\\, '
         'x^{\\langle t \\rangle} + b_h + \\Gamma_r \\odot \\left(W_{ha}\\, a^{\\langle t-1 \\rangle} + '
         'b_{hh}\\right)\\right)$$\n'
         '\n'
         'and the new state is the blend\n'
         '\n'
         '$$a^{\\langle t \\rangle} = \\Gamma_z \\odot a^{\\langle t-1 \\rangle} + \\left(1 - '
         '\\Gamma_z\\right) \\odot \\tilde{a}^{\\langle t \\rangle}, \\qquad\n'
         '  \\hat{y}^{\\langle t \\rangle} = \\operatorname{softmax}\\left(W_y\\, a^{\\langle t '
         '\\rangle} + b_y\\right).$$\n'
         '\n'
         "In the code the gates are `zt`, `rt`, the candidate is `cct` (as the LSTM's), and in the\n"
         'reset-after variant `hpt` $= W_{ha}\\, a^{\\langle t-1 \\rangle} + b_{hh}$ is the recurrent\n'
         'projection that the reset gate scales.'),
        ('markdown',
         '## Shapes\n'
         '\n'
         '| tensor | shape | role |\n'
         '|---|---|---|\n'
         '| `xt` | `(n_x, m)` | input at this step |\n'
         '| `a_prev` | `(n_a, m)` | hidden state from the previous step |\n'
         '| `Wz, Wr, Wh` | `(n_a, n_a + n_x)` | update-gate, reset-gate and candidate weights: the '
         'first `n_a` columns act on `a_prev`, the rest on `xt` |\n'
         '| `bz, br, bh` | `(n_a, 1)` | their biases |\n'
         '| `bhh` | `(n_a, 1)` | reset-after only: bias of the recurrent projection, scaled by the '
         'reset gate |\n'
         '| `Wy`, `by` | `(n_y, n_a)`, `(n_y, 1)` | output layer |\n'
         '| `zt, rt, cct` | `(n_a, m)` | gates in $(0,1)$, candidate in $(-1,1)$ |\n'
         '| `a_next` | `(n_a, m)` | new hidden state |\n'
         '| `yt_pred` | `(n_y, m)` | class probabilities |\n'
         '\n'
         '```\n'
         'a_prev ──┬──────────────────────────────────── × zt ──────┐\n'
         '         │                                                 ▼\n'
         '         ├──► zt, rt  ◄── xt                               + ──► a_next ──► yt_pred = '
         'softmax(Wy a_next + by)\n'
         '         │        │ rt                                     ▲\n'
         '         └──► cct = tanh(…rt…)  ◄── xt ─────── × (1 − zt) ─┘\n'
         '```\n'
         '\n'
         "The parameter layout follows the LSTM's in the [utilities](utils.html); `gru_layout(True)`\n"
         'adds `bhh`. `GRU_KEYS` are the recurrent parameters only — what a layer of a stacked\n'
         'network carries — and `gru_keys(True)` adds `bhh` to them.'),
        ('code',
         '#| exporti\n'
         'GRU_KEYS = ("Wz", "Wr", "Wh", "bz", "br", "bh")'),
        ('code',
         '#| exports\n'
         'def gru_keys(reset_after:bool=False, # Include the reset-after bias `bhh`\n'
         '            ) -> tuple:\n'
         '    "The recurrent GRU parameter names (no output layer) of one placement of the reset '
         'gate."\n'
         '    return GRU_KEYS + (("bhh",) if reset_after else ())\n'
         '\n'
         'def gru_layout(reset_after:bool=False, # Include the reset-after bias `bhh`\n'
         '               output:bool=True,       # Include the output layer `Wy, by`\n'
         '              ) -> dict:\n'
         '    "Symbolic shapes of the GRU parameters, for `validate`."\n'
         '    keys = gru_keys(reset_after)\n'
         '    layout = {name: ("n_a", "n_a+n_x") if name.startswith("W") else ("n_a", 1) for name in '
         'keys}\n'
         '    if output: layout.update(Wy=("n_y", "n_a"), by=("n_y", 1))\n'
         '    return layout'),
        ('code',
         'gru_layout(True)'),
        ('markdown',
         'The initialiser mirrors `init_lstm_params`: weights drawn with standard deviation\n'
         '$1/\\sqrt{\\text{fan-in}}$, biases zero.'),
        ('code',
         '#| exports\n'
         'def init_gru_params(n_x:int, # Input size\n'
         '                    n_a:int, # Hidden size\n'
         '                    n_y:int, # Output size\n'
         '                    seed:int|None=None, # Seed for `np.random.default_rng`; `None` draws '
         'fresh entropy\n'
         '                    dtype=np.float64,   # Floating dtype of every array\n'
         '                    reset_after:bool=False, # Also create `bhh` (zeros)\n'
         '                   ) -> dict:\n'
         '    "Random GRU parameters `Wz, Wr, Wh (n_a, n_a+n_x)`, zero biases (`bhh` too if '
         '`reset_after`), `Wy, by`."\n'
         '    rng = np.random.default_rng(seed)\n'
         '    draw = lambda rows, cols: rng.standard_normal((rows, cols)) / np.sqrt(cols)\n'
         '    parameters = {name: draw(n_a, n_a + n_x) for name in GRU_KEYS[:3]}\n'
         '    parameters.update({name: np.zeros((n_a, 1)) for name in GRU_KEYS[3:] + ("bhh",)})\n'
         '    parameters.update(Wy=draw(n_y, n_a), by=np.zeros((n_y, 1)))\n'
         '    return {name: parameters[name].astype(dtype) for name in gru_layout(reset_after)}'),
        ('code',
         'initial = init_gru_params(3, 5, 2, seed=0, reset_after=True)\n'
         '{name: value.shape for name, value in initial.items()}'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: layout, seed, dtype"\n'
         'test_eq(validate(gru_layout(True), **initial)[0], {"n_a": 5, "n_x": 3, "n_y": 2})\n'
         'test_eq(list(init_gru_params(3, 5, 2, seed=0)), list(gru_layout()))\n'
         'test_eq(list(gru_layout(True, output=False)), list(gru_keys(True)))\n'
         'test_eq(list(initial), ["Wz", "Wr", "Wh", "bz", "br", "bh", "bhh", "Wy", "by"])\n'
         'test_eq(init_gru_params(3, 5, 2, seed=0)["Wh"], initial["Wh"])\n'
         'test_eq(init_gru_params(3, 5, 2, seed=0, dtype=np.float32)["Wz"].dtype, np.float32)\n'
         'test_eq(gru_keys(), GRU_KEYS)\n'
         'test_eq(gru_keys(True), GRU_KEYS + ("bhh",))'),
        ('markdown',
         '## A test draw\n'
         '\n'
         '[The assignment](index.html#the-source-assignment) fixes no test vector for the GRU, so we '
         'draw one in its spirit: seed 1, then\n'
         '`xt (3,10)`, `a_prev (5,10)`, and for each of the gates `z, r, h` its weights and bias,\n'
         'then `Wy, by`, then `bhh`. The numbers it gives are checked against the equations and, in\n'
         'the [PyTorch chapter](torch.html), against `torch.nn.GRU`. The classic variant takes the\n'
         'same parameters without `bhh`.'),
        ('code',
         'def gru_parameters_draw(n_x=3, n_a=5, n_y=2):\n'
         '    "Reset-after GRU parameters from numpy\'s global generator: `W*, b*` gate by gate, `Wy, '
         'by`, then `bhh`."\n'
         '    parameters = {}\n'
         '    for gate in "zrh":\n'
         '        parameters["W" + gate] = np.random.randn(n_a, n_a + n_x)\n'
         '        parameters["b" + gate] = np.random.randn(n_a, 1)\n'
         '    parameters["Wy"], parameters["by"] = np.random.randn(n_y, n_a), np.random.randn(n_y, 1)\n'
         '    parameters["bhh"] = np.random.randn(n_a, 1)\n'
         '    return parameters\n'
         '\n'
         'def gru_cell_draw():\n'
         '    "Seed 1, then `xt (3,10)`, `a_prev (5,10)` and reset-after parameters."\n'
         '    np.random.seed(1)\n'
         '    xt, a_prev = np.random.randn(3, 10), np.random.randn(5, 10)\n'
         '    return xt, a_prev, gru_parameters_draw()\n'
         '\n'
         'def for_placement(parameters, reset_after):\n'
         '    "The parameters one placement takes: the classic GRU has no `bhh`."\n'
         '    return parameters if reset_after else {name: value for name, value in parameters.items() '
         'if name != "bhh"}'),
        ('code',
         'xt, a_prev, parameters = gru_cell_draw()\n'
         'classic = for_placement(parameters, False)\n'
         'list(parameters), list(classic)'),
        ('markdown',
         '## One step, forward\n'
         '\n'
         "The gates are the LSTM's gates with other names: a sigmoid of an affine map of the stacked\n"
         '`[a_prev; xt]`, one number in $(0, 1)$ per unit and example.'),
        ('code',
         '#| exports\n'
         '#| practice\n'
         'def gru_gates(concat, # `[a_prev; xt]` stacked, `(n_a + n_x, m)`\n'
         '              params, # Validated arrays `Wz, Wr, bz, br`\n'
         '             ):\n'
         '    "Update and reset gates of one step, without checks; returns `zt, rt`."\n'
         '    zt = sigmoid(params["Wz"] @ concat + params["bz"])\n'
         '    rt = sigmoid(params["Wr"] @ concat + params["br"])\n'
         '    return zt, rt'),
        ('markdown',
         '<details><summary>Hint</summary>\n'
         '\n'
         'Two sigmoids of affine maps of the same `concat`: `Wz, bz` for the update gate, `Wr, br` for '
         'the reset gate, returned in that order.\n'
         '\n'
         '</details>'),
        ('code',
         'zt, rt = gru_gates(np.concatenate([a_prev, xt], axis=0), parameters)\n'
         'zt.shape, float(min(zt.min(), rt.min())), float(max(zt.max(), rt.max()))'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: gates in (0, 1)"\n'
         'gates = np.stack([zt, rt])\n'
         'test_lt(0, gates.min())\n'
         'test_lt(gates.max(), 1)'),
        ('markdown',
         '## Two places for the reset gate\n'
         '\n'
         'The **classic** variant (the original GRU; Keras `reset_after=False`) resets the state\n'
         '*before* the matrix product: $W_{ha}\\,\\mathrm{diag}(\\Gamma_r)\\, a$. Each component of the '
         'old\n'
         'state is dimmed before any unit reads it, so the gate chooses *which features of the past*\n'
         'the candidate sees.\n'
         '\n'
         "The **reset-after** variant (PyTorch's `nn.GRU`, cuDNN, Keras `reset_after=True`) applies\n"
         'the gate to the *result* of the product: $\\mathrm{diag}(\\Gamma_r)\\, W_{ha}\\, a$. Now '
         'each\n'
         'candidate unit decides how much of its own recurrent input to accept. The two are different\n'
         'functions, because a diagonal scaling does not commute with a matrix product:\n'
         '$W\\,\\mathrm{diag}(r) \\ne \\mathrm{diag}(r)\\, W$ in general. Reset-after exists for speed: '
         'the\n'
         'three products of $a^{\\langle t-1 \\rangle}$ with $W_{za}, W_{ra}, W_{ha}$ no longer wait '
         'for\n'
         '$\\Gamma_r$, so a GPU does them as one large product per step.\n'
         '\n'
         'In the code `Wh[:, :n_a]` is $W_{ha}$ and `Wh[:, n_a:]` is $W_{hx}$. The candidate also\n'
         'returns $h_p = W_{ha} a^{\\langle t-1 \\rangle} + b_{hh}$, the projection the reset-after '
         'gate\n'
         'scales (`None` in the classic variant, which does not need it).'),
        ('code',
         '#| exports\n'
         '#| practice\n'
         'def gru_candidate(xt,     # Input at this step `(n_x, m)`, validated\n'
         '                  a_prev, # Hidden state at the previous step `(n_a, m)`\n'
         '                  rt,     # Reset gate `(n_a, m)`\n'
         '                  params, # Validated arrays `Wh, bh` (and `bhh` for reset-after)\n'
         '                  reset_after:bool, # Reset gate after the recurrent product instead of '
         'before it\n'
         '                 ):\n'
         '    "Candidate state `cct` and, for reset-after, the recurrent projection `hpt` (else '
         '`None`); no checks."\n'
         '    Wh, n_a = params["Wh"], a_prev.shape[0]\n'
         '    if not reset_after:\n'
         '        reset_input = np.concatenate([rt * a_prev, xt], axis=0)\n'
         '        return np.tanh(Wh @ reset_input + params["bh"]), None\n'
         '    hpt = Wh[:, :n_a] @ a_prev + params["bhh"]\n'
         '    return np.tanh(Wh[:, n_a:] @ xt + params["bh"] + rt * hpt), hpt'),
        ('markdown',
         '<details><summary>Hint</summary>\n'
         '\n'
         '`Wh[:, :n_a]` acts on the state, `Wh[:, n_a:]` on the input. Classic: reset first, '
         '`np.concatenate([rt * a_prev, xt])`, then one product. Reset-after: `hpt = Wh[:, :n_a] @ '
         'a_prev + bhh`, scaled by `rt` inside the tanh; return it as the second value.\n'
         '\n'
         '</details>'),
        ('markdown',
         'The same reset gate, the same weights, and $b_{hh} = 0$ so that only the placement differs:\n'
         'the two candidates are far apart.'),
        ('code',
         'zero_bhh = {**parameters, "bhh": np.zeros((5, 1))}\n'
         'cct_classic, _ = gru_candidate(xt, a_prev, rt, zero_bhh, False)\n'
         'cct_after, hpt = gru_candidate(xt, a_prev, rt, zero_bhh, True)\n'
         'np.abs(cct_classic - cct_after).max()'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: the two candidates from their equations"\n'
         'Wh, bh = parameters["Wh"], parameters["bh"]\n'
         'test_close(cct_classic, np.tanh(Wh[:, :5] @ (rt * a_prev) + Wh[:, 5:] @ xt + bh), eps=1e-12)\n'
         'test_close(cct_after, np.tanh(Wh[:, 5:] @ xt + bh + rt * (Wh[:, :5] @ a_prev)), eps=1e-12)\n'
         'test_close(hpt, Wh[:, :5] @ a_prev, eps=1e-12)\n'
         'test_lt(0.1, np.abs(cct_classic - cct_after).max())'),
        ('markdown',
         '### The bias that belongs to reset-after\n'
         '\n'
         'Moving the gate outside the product also moves a bias inside it. In reset-after the '
         'recurrent\n'
         "projection carries its own bias $b_{hh}$ (PyTorch's `b_hn`), which the reset gate scales\n"
         "together with $W_{ha} a$, while $b_h$ (PyTorch's `b_in`) is always added. The two biases\n"
         'are not interchangeable, so the reset-after parameters have one extra entry, `bhh (n_a, 1)`.\n'
         '(For the gates PyTorch keeps two biases too, but they are only ever added, so they fold into\n'
         'one: $b_r = b_{ir} + b_{hr}$, $b_z = b_{iz} + b_{hz}$.)\n'
         '\n'
         'The classic equations have no place for `bhh`. A classic call given parameters that hold it\n'
         'would have to ignore it — most likely a reset-after model run with the wrong flag — so\n'
         '`_get_gru_params` refuses, and names the flag to pass. It also refuses a `reset_after` that '
         'is\n'
         'not a boolean, with the `check_flag` of the [utilities](utils.html).'),
        ('code',
         '#| exports\n'
         "def _get_gru_params(parameters:dict,  # The user's parameter dict\n"
         '                    reset_after:bool, # The placement of the reset gate asked for\n'
         '                    names,            # The keys to take: `gru_layout(reset_after)` or '
         '`gru_keys(reset_after)`\n'
         '                   ) -> dict:\n'
         '    "`get_params` for one GRU placement; refuses a `bhh` that the classic GRU would silently '
         'ignore."\n'
         '    reset_after = check_flag("reset_after", reset_after)\n'
         '    arrays = get_params(parameters, names)\n'
         '    if "bhh" in parameters and not reset_after:\n'
         '        raise ValueError("parameters holds bhh, the bias of the reset-after GRU\'s recurrent '
         'projection, "\n'
         '                         "which the classic GRU (reset_after=False) has no place for: "\n'
         '                         "pass reset_after=True, or drop bhh")\n'
         '    return arrays'),
        ('code',
         'try: _get_gru_params(parameters, False, gru_layout(False))\n'
         'except ValueError as error: refusal = str(error)\n'
         'refusal'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: the keys each placement takes, bad flags"\n'
         'test_eq(list(_get_gru_params(parameters, True, gru_keys(True))), list(gru_keys(True)))\n'
         'test_eq(list(_get_gru_params(classic, False, gru_layout(False))), list(gru_layout(False)))\n'
         'test_fail(lambda: _get_gru_params(classic, True, gru_keys(True)), contains="missing '
         '[\'bhh\']")\n'
         'test_fail(lambda: _get_gru_params(parameters, "yes", gru_keys(True)),\n'
         '          contains="reset_after", exc=TypeError)\n'
         'test_fail(lambda: _get_gru_params([parameters], True, gru_keys(True)), '
         'contains="parameters",\n'
         '          exc=TypeError)\n'
         'test_fail(lambda: _get_gru_params(classic, "no", gru_keys(False)), contains="reset_after", '
         'exc=TypeError)'),
        ('markdown',
         '## The blend\n'
         '\n'
         'The step puts the pieces together:\n'
         '$a^{\\langle t \\rangle} = \\Gamma_z \\odot a^{\\langle t-1 \\rangle} + (1 - \\Gamma_z) '
         '\\odot \\tilde{a}^{\\langle t \\rangle}$.\n'
         '\n'
         '**Which way round is $\\Gamma_z$?** The literature uses both. We follow PyTorch and Keras:\n'
         '$\\Gamma_z \\approx 1$ *keeps* the old state and $\\Gamma_z \\approx 0$ replaces it with the\n'
         'candidate, as in the paper that introduced the GRU (Cho et al., 2014). Some later papers and\n'
         'courses swap the roles, writing $\\Gamma_z$ where we write $1-\\Gamma_z$; since\n'
         '$1 - \\sigma(u) = \\sigma(-u)$ that is the same model with the signs of $W_z$ and $b_z$ '
         'flipped,\n'
         'but weights cannot be moved between the two conventions without that flip. Matching '
         "PyTorch's\n"
         'convention is what lets the [PyTorch chapter](torch.html) compare with `torch.nn.GRU` number\n'
         'for number.\n'
         '\n'
         'Like `rnn_step` and `lstm_step`, `gru_step` is unchecked, so a loop validates once.'),
        ('code',
         '#| exports\n'
         '#| practice\n'
         'def gru_step(xt,     # Input at this step `(n_x, m)`, validated\n'
         '             a_prev, # Hidden state at the previous step `(n_a, m)`\n'
         '             params, # Validated gate and candidate weights and biases\n'
         '             reset_after:bool, # Reset gate after the recurrent product instead of before it\n'
         '            ):\n'
         '    "One GRU step without checks; returns `a_next, zt, rt, cct, hpt` (`hpt` is `None` for the '
         'classic GRU)."\n'
         '    zt, rt = gru_gates(np.concatenate([a_prev, xt], axis=0), params)\n'
         '    cct, hpt = gru_candidate(xt, a_prev, rt, params, reset_after)\n'
         '    a_next = zt * a_prev + (1 - zt) * cct\n'
         '    return a_next, zt, rt, cct, hpt'),
        ('markdown',
         '<details><summary>Hint</summary>\n'
         '\n'
         'Three lines: `gru_gates` of `[a_prev; xt]`, `gru_candidate`, then the blend — $\\Gamma_z$ '
         'multiplies the *old* state.\n'
         '\n'
         '</details>'),
        ('markdown',
         'The update gate does what its name says: an update bias of $+60$ holds the gate at 1 and\n'
         'carries the state through unchanged; $-60$ holds it at 0 and replaces the state by the\n'
         'candidate.'),
        ('code',
         'keep = {**parameters, "bz": np.full((5, 1), 60.)}\n'
         'write = {**parameters, "bz": np.full((5, 1), -60.)}\n'
         'a_kept = gru_step(xt, a_prev, keep, True)[0]\n'
         'a_written, _, _, cct_written, _ = gru_step(xt, a_prev, write, False)\n'
         'np.abs(a_kept - a_prev).max(), np.abs(a_written - cct_written).max()'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: keep and write"\n'
         'test_close(a_kept, a_prev, eps=1e-12)\n'
         'test_close(a_written, cct_written, eps=1e-12)'),
        ('markdown',
         '## The cache and the public cell\n'
         '\n'
         'The cache keeps what the backward pass needs: the gates and the candidate as values (their\n'
         'derivatives are $\\sigma(1-\\sigma)$ and $1-\\tanh^2$), `hpt` for the reset-after variant, '
         'the\n'
         'inputs, and the parameter dict as passed in. Which variant ran need not be stored: it is\n'
         '`hpt is not None`, read by the property `reset_after`, so a cache cannot contradict itself.'),
        ('code',
         '#| exports\n'
         'class GRUCache(NamedTuple):\n'
         '    "What `gru_cell_backward` needs from one step of `gru_cell_forward`."\n'
         '    a_next: np.ndarray  # new hidden state `(n_a, m)`\n'
         '    a_prev: np.ndarray  # previous hidden state `(n_a, m)`, as used\n'
         '    xt: np.ndarray      # input `(n_x, m)`, as used\n'
         '    zt: np.ndarray      # update gate\n'
         '    rt: np.ndarray      # reset gate\n'
         '    cct: np.ndarray     # candidate state\n'
         '    hpt: np.ndarray | None  # reset-after: recurrent projection `Wh[:, :n_a] a_prev + bhh`; '
         'classic: `None`\n'
         '    parameters: dict    # the parameter dict that was passed in\n'
         '    made_by = "gru_cell_forward"\n'
         '    used_by = "gru_cell_backward"\n'
         '\n'
         '    @property\n'
         '    def reset_after(self) -> bool:\n'
         '        "Whether the step placed the reset gate after the recurrent product."\n'
         '        return self.hpt is not None'),
        ('markdown',
         'The public cell checks its arguments — data first, so a malformed weight is blamed by its\n'
         'own name — takes one step, and reads out the prediction with the shared `predict`.'),
        ('code',
         '#| exporti\n'
         'GRU_CELL_LAYOUT = {reset_after: {"xt": ("n_x", "m"), "a_prev": ("n_a", "m"), '
         '**gru_layout(reset_after)}\n'
         '                   for reset_after in (False, True)}'),
        ('code',
         '#| exports\n'
         'def gru_cell_forward(xt,      # Input at this step, `(n_x, m)`\n'
         '                     a_prev,  # Hidden state at the previous step, `(n_a, m)`\n'
         '                     parameters:dict, # `Wz, Wr, Wh, bz, br, bh, Wy, by` (+ `bhh` when '
         '`reset_after`)\n'
         '                     reset_after:bool=False, # Reset gate after the recurrent product '
         '(PyTorch) or before it\n'
         '                    ):\n'
         '    "One GRU step; returns `a_next, yt_pred, cache` (a `GRUCache`)."\n'
         '    arrays = _get_gru_params(parameters, reset_after, gru_layout(reset_after))\n'
         '    _, _, checked = validate(GRU_CELL_LAYOUT[reset_after], xt=xt, a_prev=a_prev, **arrays)\n'
         '    xt, a_prev = checked["xt"], checked["a_prev"]\n'
         '    a_next, zt, rt, cct, hpt = gru_step(xt, a_prev, checked, bool(reset_after))\n'
         '    yt_pred = predict(checked["Wy"], checked["by"], a_next)\n'
         '    return a_next, yt_pred, GRUCache(a_next, a_prev, xt, zt, rt, cct, hpt, parameters)'),
        ('code',
         'a_next, yt_pred, cache = gru_cell_forward(xt, a_prev, classic)\n'
         'a_next.shape, yt_pred.shape, a_next[4].round(4)'),
        ('markdown',
         'The cached values are the equations, recomputed here from scratch in plain numpy, for both\n'
         'variants:'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: the classic cell and its cache from the equations"\n'
         'plain_sigmoid = lambda z: 1 / (1 + np.exp(-z))\n'
         'concat = np.vstack([a_prev, xt])\n'
         'z_plain = plain_sigmoid(parameters["Wz"] @ concat + parameters["bz"])\n'
         'r_plain = plain_sigmoid(parameters["Wr"] @ concat + parameters["br"])\n'
         'candidate_classic = np.tanh(Wh @ np.vstack([r_plain * a_prev, xt]) + bh)\n'
         'hp_plain = Wh[:, :5] @ a_prev + parameters["bhh"]\n'
         'candidate_after = np.tanh(Wh[:, 5:] @ xt + bh + r_plain * hp_plain)\n'
         'test_close(a_next, z_plain * a_prev + (1 - z_plain) * candidate_classic, eps=1e-12)\n'
         'test_eq(len(cache), 8)\n'
         'test_eq(type(cache), GRUCache)\n'
         'test_close(cache.zt, z_plain, eps=1e-12)\n'
         'test_close(cache.rt, r_plain, eps=1e-12)\n'
         'test_close(cache.cct, candidate_classic, eps=1e-12)\n'
         'test_eq((cache.hpt, cache.reset_after), (None, False))\n'
         'test_eq((cache.a_next, cache.a_prev, cache.xt), (a_next, a_prev, xt))\n'
         'test_eq(cache.parameters is classic, True)\n'
         'scores = np.exp(parameters["Wy"] @ a_next + parameters["by"])\n'
         'test_close(yt_pred, scores / scores.sum(axis=0), eps=1e-12)'),
        ('code',
         'a_after, y_after, cache_after = gru_cell_forward(xt, a_prev, parameters, reset_after=True)\n'
         'np.abs(a_after - a_next).max()'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: the reset-after cell and its cache from the equations"\n'
         'test_close(a_after, z_plain * a_prev + (1 - z_plain) * candidate_after, eps=1e-12)\n'
         'test_close(cache_after.hpt, hp_plain, eps=1e-12)\n'
         'test_eq(cache_after.reset_after, True)\n'
         'test_eq(cache_after.parameters is parameters, True)'),
        ('markdown',
         'At the extremes of the reset gate the variants agree: with $\\Gamma_r = 1$ and $b_{hh} = 0$\n'
         'both compute $\\tanh(W_h [a^{\\langle t-1 \\rangle}; x^{\\langle t \\rangle}] + b_h)$, and '
         'with\n'
         '$\\Gamma_r = 0$ both ignore the past entirely. A reset bias of $+60$ opens the gate fully '
         '(here\n'
         'with $b_{hh} = 0$), one of $-60$ shuts it (any $b_{hh}$). In between they differ.'),
        ('code',
         'def both_placements(parameters):\n'
         '    "The new state of the test draw\'s step, classic and reset-after."\n'
         '    return [gru_cell_forward(xt, a_prev, for_placement(parameters, reset_after), '
         'reset_after)[0]\n'
         '            for reset_after in (False, True)]\n'
         '\n'
         'open_gate = {**zero_bhh, "br": np.full((5, 1), 60.)}\n'
         'shut_gate = {**parameters, "br": np.full((5, 1), -60.)}\n'
         '[float(np.abs(np.subtract(*both_placements(case))).max()) for case in (zero_bhh, open_gate, '
         'shut_gate)]'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: the variants differ in between and agree at the extremes"\n'
         'test_lt(0.1, np.abs(np.subtract(*both_placements(zero_bhh))).max())\n'
         'test_close(*both_placements(open_gate), eps=1e-12)\n'
         'test_close(*both_placements(shut_gate), eps=1e-12)'),
        ('markdown',
         '### Bad input, dtypes, sizes of one\n'
         '\n'
         '`bhh` is required by the reset-after variant and refused by the classic one; everything\n'
         "else is the shared validator's doing, with messages that name the argument and show both\n"
         'shapes.'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: bad input"\n'
         'def with_param(**changes):\n'
         '    "The test draw\'s reset-after parameters with some entries replaced."\n'
         '    return {**parameters, **changes}\n'
         '\n'
         'test_fail(lambda: gru_cell_forward(xt, a_prev, classic, reset_after=True), contains="missing '
         '[\'bhh\']")\n'
         'test_fail(lambda: gru_cell_forward(xt, a_prev, parameters),\n'
         '          contains="parameters holds bhh")\n'
         'test_fail(lambda: gru_cell_forward(xt, a_prev, parameters), contains="pass '
         'reset_after=True")\n'
         'test_fail(lambda: gru_cell_forward(xt, a_prev, parameters, reset_after="False"),\n'
         '          contains="reset_after", exc=TypeError)\n'
         'test_fail(lambda: gru_cell_forward(xt, a_prev, with_param(bhh=np.ones((5, 10))), '
         'reset_after=True),\n'
         '          contains="bhh has shape (5, 10) but expected (5, 1)")\n'
         'test_fail(lambda: gru_cell_forward(xt[None], a_prev, classic),\n'
         '          contains="xt must be 2-D")\n'
         'for fragment in ("Wz has shape (5, 8) but expected (5, 7)", "n_x = 2 comes from xt"):\n'
         '    test_fail(lambda: gru_cell_forward(xt[:2], a_prev, classic), contains=fragment)\n'
         'test_fail(lambda: gru_cell_forward(xt, a_prev[:, :4], classic),\n'
         '          contains="a_prev has shape (5, 4) but expected (5, 10)")\n'
         'test_fail(lambda: gru_cell_forward(xt, a_prev, with_param(Wr=np.ones((5, 7))), '
         'reset_after=True),\n'
         '          contains="Wr has shape (5, 7) but expected (5, 8)")\n'
         'test_fail(lambda: gru_cell_forward(xt, a_prev, with_param(bz=np.ones((5, 10))), '
         'reset_after=True),\n'
         '          contains="bz has shape (5, 10) but expected (5, 1)")\n'
         'without_two = {name: value for name, value in classic.items() if name not in ("Wh", "by")}\n'
         'test_fail(lambda: gru_cell_forward(xt, a_prev, without_two), contains="missing [\'Wh\', '
         '\'by\']")\n'
         'test_fail(lambda: gru_cell_forward(xt.astype(complex), a_prev, classic),\n'
         '          contains="xt must hold real numbers", exc=TypeError)'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: dtypes, sizes of one, inputs untouched, no warnings"\n'
         'for reset_after in (False, True):\n'
         '    placed = for_placement(parameters, reset_after)\n'
         '    p32 = {name: value.astype(np.float32) for name, value in placed.items()}\n'
         '    out32 = gru_cell_forward(xt.astype(np.float32), a_prev.astype(np.float32), p32, '
         'reset_after)\n'
         '    test_eq([out.dtype for out in out32[:2]], [np.float32] * 2)\n'
         '    test_close(out32[0], gru_cell_forward(xt, a_prev, placed, reset_after)[0], eps=1e-5)\n'
         '    out_int = gru_cell_forward(np.ones((3, 10), np.int8), np.zeros((5, 10), int), placed, '
         'reset_after)\n'
         '    test_eq([out.dtype for out in out_int[:2]], [np.float64] * 2)\n'
         '\n'
         'one_class = with_param(Wy=parameters["Wy"][:1], by=parameters["by"][:1])\n'
         'a1, y1, _ = gru_cell_forward(xt[:, :1], a_prev[:, :1], one_class, reset_after=True)\n'
         'test_eq((a1.shape, y1.shape), ((5, 1), (1, 1)))\n'
         'test_eq(y1, np.ones((1, 1)))\n'
         'test_close(a1[:, 0], a_after[:, 0], eps=1e-12)\n'
         'sizes_of_one = init_gru_params(1, 1, 1, seed=0)\n'
         'test_eq(gru_cell_forward(np.ones((1, 2)), np.zeros((1, 2)), sizes_of_one)[0].shape, (1, 2))\n'
         '\n'
         'before = [xt.copy(), a_prev.copy()] + [value.copy() for value in parameters.values()]\n'
         'both_placements(parameters)\n'
         'for saved, now in zip(before, [xt, a_prev, *parameters.values()]): test_eq(saved, now)\n'
         '\n'
         'with warnings.catch_warnings():\n'
         '    warnings.simplefilter("error")\n'
         '    big = gru_cell_forward(xt * 1e4, a_prev, with_param(by=parameters["by"] * 1e4), '
         'reset_after=True)\n'
         'test_eq([bool(np.isfinite(out).all()) for out in big[:2]], [True, True])'),
        ('markdown',
         '## The sequence, forward\n'
         '\n'
         "The loop is the basic RNN's: one state threaded through $T_x$ applications of the same cell.\n"
         'It runs over validated arrays and needs only the recurrent parameters, so the stacked and\n'
         'bidirectional chapter can reuse it layer by layer; the read-out runs once, over all steps,\n'
         "afterwards. Each step's cache is the same `GRUCache` the cell returns."),
        ('code',
         '#| exports\n'
         '#| practice\n'
         'def gru_loop(x,          # Inputs for all steps `(n_x, m, T_x)`, already validated\n'
         '             a0,         # Initial hidden state `(n_a, m)`, validated\n'
         '             params,     # Validated gate and candidate weights and biases\n'
         "             parameters, # The dict to store in each step's cache\n"
         '             reset_after:bool, # Reset gate after the recurrent product instead of before it\n'
         '            ):\n'
         '    "The GRU recurrence over all steps, without checks; returns `a (n_a, m, T_x)` and the '
         'step caches."\n'
         '    a = np.empty(a0.shape + x.shape[2:], np.result_type(x, a0))\n'
         '    a_next, step_caches = a0, []\n'
         '    for t in range(x.shape[2]):\n'
         '        xt, a_prev = x[:, :, t], a_next\n'
         '        a_next, zt, rt, cct, hpt = gru_step(xt, a_prev, params, reset_after)\n'
         '        a[:, :, t] = a_next\n'
         '        step_caches.append(GRUCache(a_next, a_prev, xt, zt, rt, cct, hpt, parameters))\n'
         '    return a, step_caches'),
        ('markdown',
         '<details><summary>Hint</summary>\n'
         '\n'
         "`rnn_loop` with `gru_step` in place of `rnn_step`; each step's cache is `GRUCache(a_next, "
         'a_prev, xt, zt, rt, cct, hpt, parameters)`.\n'
         '\n'
         '</details>'),
        ('code',
         '#| exporti\n'
         'GRU_SEQ_LAYOUT = {(reset_after, readout): {"x": ("n_x", "m", "T_x"), "a0": ("n_a", "m"),\n'
         '                                           **gru_layout(reset_after, output=readout)}\n'
         '                  for reset_after in (False, True) for readout in (False, True)}'),
        ('code',
         '#| exports\n'
         'def gru_forward(x,       # Inputs for all steps, `(n_x, m, T_x)`\n'
         '                a0,      # Initial hidden state, `(n_a, m)`\n'
         '                parameters:dict, # `Wz, Wr, Wh, bz, br, bh, Wy, by` (+ `bhh` when '
         '`reset_after`)\n'
         '                reset_after:bool=False, # Reset gate after the recurrent product (PyTorch) or '
         'before it\n'
         '                readout:bool=True, # Compute the predictions; `False` needs no `Wy, by` and '
         'returns `None`\n'
         '               ):\n'
         '    "GRU over a sequence; returns `a, y_pred, caches` with `caches = (list_of_step_caches, '
         'x)`."\n'
         '    readout = check_flag("readout", readout)\n'
         '    arrays = _get_gru_params(parameters, reset_after, gru_layout(reset_after, '
         'output=readout))\n'
         '    _, _, checked = validate(GRU_SEQ_LAYOUT[bool(reset_after), readout], x=x, a0=a0, '
         '**arrays)\n'
         '    a, step_caches = gru_loop(checked["x"], checked["a0"], checked, parameters, '
         'bool(reset_after))\n'
         '    y_pred = predict(checked["Wy"], checked["by"], a) if readout else None\n'
         '    return a, y_pred, SequenceCache(step_caches, checked["x"])'),
        ('code',
         'np.random.seed(2)\n'
         'x, a0 = np.random.randn(3, 10, 6), np.random.randn(5, 10)\n'
         'a, y_pred, caches = gru_forward(x, a0, parameters, reset_after=True)\n'
         'a.shape, y_pred.shape, describe(caches)'),
        ('markdown',
         'Stepping the public cell by hand reproduces every state, prediction and cache entry, in both\n'
         'variants:'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: every step matches the cell; no read-out: None, same states and '
         'caches, bad flags"\n'
         'for reset_after in (False, True):\n'
         '    placed = for_placement(parameters, reset_after)\n'
         '    a, y_pred, caches = gru_forward(x, a0, placed, reset_after)\n'
         '    a_t = a0\n'
         '    for t in range(6):\n'
         '        a_t, y_t, cache_t = gru_cell_forward(x[:, :, t], a_t, placed, reset_after)\n'
         '        test_eq((a[:, :, t], y_pred[:, :, t]), (a_t, y_t))\n'
         '        step = caches.step_caches[t]\n'
         '        test_eq(type(step), GRUCache)\n'
         '        for got, want in zip(step[:7], cache_t[:7]): test_eq(got, want)\n'
         '        test_eq(step.parameters is placed, True)\n'
         '    test_eq(caches.x, x)\n'
         'classic = for_placement(parameters, False)\n'
         'recurrent_only = {name: value for name, value in classic.items() if name not in ("Wy", '
         '"by")}\n'
         'a_only, no_prediction, caches_only = gru_forward(x, a0, recurrent_only, readout=False)\n'
         'test_eq(no_prediction, None)\n'
         'test_eq(a_only, gru_forward(x, a0, classic)[0])\n'
         'for got, want in zip(caches_only.step_caches, gru_forward(x, a0, classic)[2].step_caches):\n'
         '    for got_array, want_array in zip(got[:7], want[:7]): test_eq(got_array, want_array)\n'
         '    test_eq(got.parameters is recurrent_only, True)\n'
         'test_eq(gru_forward(x, a0, parameters, True, readout=np.False_)[1], None)\n'
         'test_fail(lambda: gru_forward(x, a0, recurrent_only), contains="missing [\'Wy\', \'by\']", '
         'exc=KeyError)\n'
         'for flag in ("no", 0, None):\n'
         '    test_fail(lambda: gru_forward(x, a0, classic, readout=flag), contains="readout", '
         'exc=TypeError)'),
        ('markdown',
         'Bad input, dtypes, sizes of one and untouched inputs, as for the cell:'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: bad input"\n'
         'test_fail(lambda: gru_forward(x[..., 0], a0, classic),\n'
         '          contains="x must be 3-D")\n'
         'test_fail(lambda: gru_forward(x[:2], a0, classic), contains="Wz has shape (5, 8) but expected '
         '(5, 7)")\n'
         'test_fail(lambda: gru_forward(x, a0[:, :2], classic), contains="a0 has shape (5, 2) but '
         'expected (5, 10)")\n'
         'test_fail(lambda: gru_forward(x, a0, {**classic, "Wh": np.ones((5, 9))}),\n'
         '          contains="Wh has shape (5, 9) but expected (5, 8)")\n'
         'test_fail(lambda: gru_forward(x, a0, classic, reset_after=True), contains="missing '
         '[\'bhh\']")\n'
         'test_fail(lambda: gru_forward(x, a0, parameters), contains="pass reset_after=True")'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: dtypes, sizes of one, inputs untouched"\n'
         'for reset_after in (False, True):\n'
         '    placed = for_placement(parameters, reset_after)\n'
         '    p32 = {name: value.astype(np.float32) for name, value in placed.items()}\n'
         '    out32 = gru_forward(x.astype(np.float32), a0.astype(np.float32), p32, reset_after)\n'
         '    test_eq([out32[0].dtype, out32[1].dtype, out32[2].x.dtype], [np.float32] * 3)\n'
         '    test_close(out32[0], gru_forward(x, a0, placed, reset_after)[0], eps=1e-5)\n'
         '    a_int = gru_forward(np.ones((3, 10, 6), np.int8), np.zeros((5, 10), int), placed, '
         'reset_after)[0]\n'
         '    test_eq(a_int.dtype, np.float64)\n'
         'a1, y1, caches1 = gru_forward(x[:, :1, :1], a0[:, :1], one_class, reset_after=True)\n'
         'test_eq((a1.shape, y1.shape, len(caches1.step_caches)), ((5, 1, 1), (1, 1, 1), 1))\n'
         'before = [x.copy(), a0.copy()] + [value.copy() for value in parameters.values()]\n'
         'gru_forward(x, a0, parameters, reset_after=True)\n'
         'for saved, now in zip(before, [x, a0, *parameters.values()]): test_eq(saved, now)'),
        ('markdown',
         '## One step, backward\n'
         '\n'
         'As in the [backward chapter](backward.html), the backward pass starts at the hidden state:\n'
         '`da_next` is the gradient of the loss with respect to $a^{\\langle t \\rangle}$ (the output\n'
         "layer's share already included), and we return the gradients for the step's inputs and\n"
         'parameters. Write $\\delta$ = `da_next` and follow the forward equations backwards.\n'
         '\n'
         '**The blend.** $a^{\\langle t \\rangle} = \\Gamma_z \\odot a^{\\langle t-1 \\rangle} + '
         '(1-\\Gamma_z) \\odot \\tilde{a}$\n'
         "sends $\\delta \\odot \\Gamma_z$ straight into $a^{\\langle t-1 \\rangle}$ (the GRU's "
         'gradient\n'
         'highway: with $\\Gamma_z \\approx 1$ it passes through untouched),\n'
         '$\\delta \\odot (a^{\\langle t-1 \\rangle} - \\tilde{a})$ into $\\Gamma_z$ and\n'
         '$\\delta \\odot (1 - \\Gamma_z)$ into $\\tilde{a}$. Through the sigmoid and the $\\tanh$, '
         'using the\n'
         'cached values:\n'
         '\n'
         '$$d z = \\delta \\odot \\left(a^{\\langle t-1 \\rangle} - \\tilde{a}\\right) \\odot \\Gamma_z '
         '\\odot (1 - \\Gamma_z), \\qquad\n'
         '  d c = \\delta \\odot (1 - \\Gamma_z) \\odot \\left(1 - \\tilde{a}^2\\right)$$\n'
         '\n'
         '($dz$, $dc$ and $dr$ below are gradients with respect to the *pre-activations*.)'),
        ('markdown',
         '**The candidate, classic.** With $u = \\left[\\Gamma_r \\odot a^{\\langle t-1 \\rangle}; '
         'x^{\\langle t \\rangle}\\right]$:\n'
         '$dW_h = dc\\, u^\\top$, $db_h = \\sum_{\\text{batch}} dc$, and $W_h^\\top dc = [du_a; du_x]$ '
         'splits\n'
         'into a part for $\\Gamma_r \\odot a^{\\langle t-1 \\rangle}$ and one for $x^{\\langle t '
         '\\rangle}$.\n'
         "The first is shared by the product's two factors:\n"
         '\n'
         '$$d r = du_a \\odot a^{\\langle t-1 \\rangle} \\odot \\Gamma_r (1-\\Gamma_r), \\qquad\n'
         '  a^{\\langle t-1 \\rangle} \\text{ receives } du_a \\odot \\Gamma_r, \\qquad x^{\\langle t '
         '\\rangle} \\text{ receives } du_x.$$\n'
         '\n'
         '**The candidate, reset-after.** Here the product is $\\Gamma_r \\odot h_p$ with\n'
         "$h_p = W_{ha} a^{\\langle t-1 \\rangle} + b_{hh}$, so the gate's gradient uses the cached "
         '$h_p$,\n'
         "and $h_p$'s gradient $dh = dc \\odot \\Gamma_r$ feeds $W_{ha}$, $b_{hh}$ and the previous "
         'state:\n'
         '\n'
         '$$d r = dc \\odot h_p \\odot \\Gamma_r (1-\\Gamma_r), \\quad dW_h = \\left[dh\\, a^{\\langle '
         't-1 \\rangle\\top} \\;\\middle|\\; dc\\, x^{\\langle t \\rangle\\top}\\right], \\quad\n'
         '  db_h = \\textstyle\\sum dc, \\quad db_{hh} = \\textstyle\\sum dh,$$\n'
         '\n'
         'with $W_{ha}^\\top dh$ going to $a^{\\langle t-1 \\rangle}$ and $W_{hx}^\\top dc$ to '
         '$x^{\\langle t \\rangle}$.\n'
         'The placement is read from the cache: `hpt` is there exactly when the reset gate came after\n'
         'the product.'),
        ('code',
         '#| exports\n'
         '#| practice\n'
         "def gru_candidate_backward(dc,     # Gradient w.r.t. the candidate's pre-activation `(n_a, "
         'm)`\n'
         "                           cache,  # The step's `GRUCache`\n"
         '                           params, # Validated arrays, `Wh` used\n'
         '                          ):\n'
         '    "No checks; returns `dr, da_prev, dxt` and a dict `dWh, dbh` (+ `dbhh`, reset-after)."\n'
         '    a_prev, xt, rt, Wh = cache.a_prev, cache.xt, cache.rt, params["Wh"]\n'
         '    n_a = a_prev.shape[0]\n'
         '    if not cache.reset_after:\n'
         '        reset_input = np.concatenate([rt * a_prev, xt], axis=0)\n'
         '        du = Wh.T @ dc\n'
         '        grads = dict(dWh=dc @ reset_input.T, dbh=dc.sum(axis=1, keepdims=True))\n'
         '        return du[:n_a] * a_prev * rt * (1 - rt), du[:n_a] * rt, du[n_a:], grads\n'
         '    dhp = dc * rt\n'
         '    dWh = np.concatenate([dhp @ a_prev.T, dc @ xt.T], axis=1)\n'
         '    grads = dict(dWh=dWh, dbh=dc.sum(axis=1, keepdims=True), dbhh=dhp.sum(axis=1, '
         'keepdims=True))\n'
         '    return dc * cache.hpt * rt * (1 - rt), Wh[:, :n_a].T @ dhp, Wh[:, n_a:].T @ dc, grads'),
        ('markdown',
         '<details><summary>Hint</summary>\n'
         '\n'
         'Branch on `cache.reset_after`. Classic: `du = Wh.T @ dc`; its first `n_a` rows belong to `rt '
         '* a_prev`, shared by the two factors. Reset-after: `dhp = dc * rt` feeds `Wh[:, :n_a]`, `bhh` '
         'and the state, and `dr` uses the cached `hpt`.\n'
         '\n'
         '</details>'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: the candidate\'s gradients by name, then by finite differences"\n'
         'def candidate_pre(variables, reset_after):\n'
         '    "The candidate\'s pre-activation from `r`, the reset gate\'s, and the step\'s inputs."\n'
         '    rt, n_a, Wh = sigmoid(variables["r"]), variables["a_prev"].shape[0], variables["Wh"]\n'
         '    xt_part = Wh[:, n_a:] @ variables["xt"] + variables["bh"]\n'
         '    if not reset_after: return Wh[:, :n_a] @ (rt * variables["a_prev"]) + xt_part\n'
         '    return xt_part + rt * (Wh[:, :n_a] @ variables["a_prev"] + variables["bhh"])\n'
         '\n'
         'dc = np.random.default_rng(4).standard_normal((5, 10))\n'
         'for step_cache, placed in ((cache, classic), (cache_after, parameters)):\n'
         '    reset_after = step_cache.reset_after\n'
         '    dr, da_share, dx_share, grads = gru_candidate_backward(dc, step_cache, placed)\n'
         '    names = ["Wh", "bh", "bhh"] if reset_after else ["Wh", "bh"]\n'
         '    test_eq({name: np.shape(grad) for name, grad in grads.items()},\n'
         '            {"d" + name: placed[name].shape for name in names})\n'
         '    gate = step_cache.rt\n'
         '    variables = {"r": np.log(gate / (1 - gate)), "a_prev": step_cache.a_prev.copy(),\n'
         '                 "xt": step_cache.xt.copy()}\n'
         '    variables.update({name: placed[name].copy() for name in names})\n'
         '    loss = lambda: np.sum(candidate_pre(variables, reset_after) * dc)\n'
         '    analytic = as_variables(dict(dr=dr, da_prev=da_share, dxt=dx_share, **grads))\n'
         '    test_grads(grad_check(loss, variables, analytic))'),
        ('markdown',
         '**The gates.** Both read $[a^{\\langle t-1 \\rangle}; x^{\\langle t \\rangle}]$, `concat` in '
         'the\n'
         'code: $dW_z = dz\\, \\text{concat}^\\top$, $dW_r = dr\\, \\text{concat}^\\top$, biases are '
         'batch\n'
         'sums, and $W_z^\\top dz + W_r^\\top dr$ splits into one more share for $a^{\\langle t-1 '
         '\\rangle}$\n'
         '(its first $n_a$ rows) and one for $x^{\\langle t \\rangle}$. The previous state therefore\n'
         "collects three shares: the highway $\\delta \\odot \\Gamma_z$, the candidate's, and the "
         "gates'.\n"
         '\n'
         'The whole step is unchecked, like `rnn_step_backward`: the sequence backward calls it $T_x$\n'
         'times with parameters validated once. It reads only `Wz, Wr, Wh` — never the output layer —\n'
         'so a cache whose parameters are one layer of a stacked network works the same.'),
        ('code',
         '#| exports\n'
         '#| practice\n'
         "def gru_step_backward(da_next, # Gradient w.r.t. the step's new state `(n_a, m)`, validated\n"
         "                      cache,   # The step's `GRUCache`\n"
         '                      params,  # Validated arrays `Wz, Wr, Wh`\n'
         '                     ) -> dict:\n'
         '    "Backward through one GRU step without checks: `dxt, da_prev, dWz, dWr, dWh, dbz, dbr, '
         'dbh` (+ `dbhh`)."\n'
         '    zt, cct, a_prev = cache.zt, cache.cct, cache.a_prev\n'
         '    n_a = a_prev.shape[0]\n'
         '    dz = da_next * (a_prev - cct) * zt * (1 - zt)\n'
         '    dc = da_next * (1 - zt) * (1 - cct ** 2)\n'
         '    dr, da_candidate, dx_candidate, candidate_grads = gru_candidate_backward(dc, cache, '
         'params)\n'
         '    concat = np.concatenate([a_prev, cache.xt], axis=0)\n'
         '    dconcat = params["Wz"].T @ dz + params["Wr"].T @ dr\n'
         '    grads = dict(dxt=dx_candidate + dconcat[n_a:], da_prev=da_next * zt + da_candidate + '
         'dconcat[:n_a],\n'
         '                 dWz=dz @ concat.T, dWr=dr @ concat.T, dWh=candidate_grads["dWh"],\n'
         '                 dbz=dz.sum(axis=1, keepdims=True), dbr=dr.sum(axis=1, keepdims=True))\n'
         '    grads.update(candidate_grads)\n'
         '    return grads'),
        ('markdown',
         '<details><summary>Hint</summary>\n'
         '\n'
         "`dz` and `dc` from the blend (the two formulas above), the candidate's share from "
         '`gru_candidate_backward`, then `Wz.T @ dz + Wr.T @ dr` split at `n_a`. The state collects '
         "three shares: `da_next * zt`, the candidate's and the gates'.\n"
         '\n'
         '</details>'),
        ('markdown',
         'The public cell checks its two arguments once: the cache must be a `GRUCache` (an RNN or\n'
         'LSTM cache, or a sequence cache, is described and refused), its parameters must hold the\n'
         'keys of the placement the cache records (and no `bhh` for a classic cache), and `da_next`\n'
         'must have the shape of the state it belongs to — data first, then parameters.'),
        ('code',
         '#| exporti\n'
         'GRU_CELL_BWD_LAYOUT = {reset_after: {"xt": ("n_x", "m"), "a_prev": ("n_a", "m"), "a_next": '
         '("n_a", "m"),\n'
         '                                     "da_next": ("n_a", "m"),\n'
         '                                     **gru_layout(reset_after, output=False)}\n'
         '                       for reset_after in (False, True)}'),
        ('code',
         '#| exports\n'
         "def gru_cell_backward(da_next, # Gradient of the loss w.r.t. this step's `a_next`, `(n_a, "
         'm)`\n'
         '                      cache,   # The `GRUCache` from `gru_cell_forward`\n'
         '                     ) -> dict:\n'
         '    "Gradients of one GRU step: `dxt, da_prev, dWz, dWr, dWh, dbz, dbr, dbh` (+ `dbhh` for '
         'reset-after)."\n'
         '    cache = check_cell_cache(cache, GRUCache)\n'
         '    reset_after = cache.reset_after\n'
         '    arrays = _get_gru_params(cache.parameters, reset_after, gru_keys(reset_after))\n'
         '    _, _, checked = validate(GRU_CELL_BWD_LAYOUT[reset_after], xt=cache.xt, '
         'a_prev=cache.a_prev,\n'
         '                             a_next=cache.a_next, da_next=da_next, **arrays)\n'
         '    return gru_step_backward(checked["da_next"], cache, checked)'),
        ('code',
         'np.random.seed(3)\n'
         'da_next = np.random.randn(5, 10)\n'
         'cell_grads = gru_cell_backward(da_next, cache_after)\n'
         '{name: grad.shape for name, grad in cell_grads.items()}'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: keys and shapes, both placements"\n'
         'shape_of = {"dxt": xt.shape, "da_prev": a_prev.shape,\n'
         '            **{"d" + name: parameters[name].shape for name in gru_keys(True)}}\n'
         'classic_grads = gru_cell_backward(da_next, cache)\n'
         'test_eq({name: np.shape(grad) for name, grad in cell_grads.items()}, shape_of)\n'
         'test_eq({name: np.shape(grad) for name, grad in classic_grads.items()},\n'
         '        {name: shape for name, shape in shape_of.items() if name != "dbhh"})\n'
         'test_eq(list(cell_grads), ["dxt", "da_prev", "dWz", "dWr", "dWh", "dbz", "dbr", "dbh", '
         '"dbhh"])\n'
         'test_eq(list(classic_grads), ["dxt", "da_prev", "dWz", "dWr", "dWh", "dbz", "dbr", "dbh"])'),
        ('markdown',
         '## The sequence, backward\n'
         '\n'
         'Back-propagation through time walks the steps in reverse. The gradient reaching step $t$ is\n'
         'what the loss sends to $a^{\\langle t \\rangle}$ directly, `da[:, :, t]`, plus what step '
         '$t+1$\n'
         'sent back through its `a_prev`; parameter gradients add up over the steps, and what leaves\n'
         'step 1 through `a_prev` is `da0`. The loop is unchecked so that stacked networks can reuse\n'
         "it; the placement comes from the first step's cache."),
        ('code',
         '#| exports\n'
         '#| practice\n'
         'def gru_loop_backward(da,          # Upstream gradient for every state `(n_a, m, T_x)`, '
         'validated\n'
         '                      step_caches, # The step caches of `gru_loop`\n'
         '                      params,      # Validated arrays `Wz, Wr, Wh` (and the biases, for their '
         'shapes)\n'
         '                     ) -> dict:\n'
         '    "GRU backpropagation through time, without checks: `dx, da0, dWz, dWr, dWh, dbz, dbr, '
         'dbh` (+ `dbhh`)."\n'
         '    n_a, m, T_x = da.shape\n'
         '    dx = np.empty((step_caches[0].xt.shape[0], m, T_x), da.dtype)\n'
         '    keys = gru_keys(step_caches[0].reset_after)\n'
         '    totals = {"d" + name: np.zeros(params[name].shape, da.dtype) for name in keys}\n'
         '    da_prev = np.zeros((n_a, m), da.dtype)\n'
         '    for t in reversed(range(T_x)):\n'
         '        grads = gru_step_backward(da[:, :, t] + da_prev, step_caches[t], params)\n'
         '        dx[:, :, t], da_prev = grads.pop("dxt"), grads.pop("da_prev")\n'
         '        for name, grad in grads.items(): totals[name] += grad\n'
         '    return dict(dx=dx, da0=da_prev, **totals)'),
        ('markdown',
         '<details><summary>Hint</summary>\n'
         '\n'
         "`rnn_loop_backward`'s walk with `gru_step_backward`: pop `dxt` and `da_prev` from each step's "
         "gradients and add the rest to totals that start at zeros of each parameter's shape (the keys "
         'come from `gru_keys`).\n'
         '\n'
         '</details>'),
        ('markdown',
         'The public function checks the sequence cache with `check_sequence_cache` of the backward\n'
         'chapter (every step a `GRUCache`, consistent shapes and dtypes, one parameter dict, each '
         'step\n'
         'starting where the previous one ended), then that every step has the same placement of the\n'
         'reset gate, then `da` and the parameters, once.'),
        ('code',
         '#| exporti\n'
         'GRU_PLACEMENT_NAMES = {False: "classic", True: "reset-after"}\n'
         'GRU_SEQ_BWD_LAYOUT = {reset_after: {"x": ("n_x", "m", "T_x"), "a0": ("n_a", "m"), "da": '
         '("n_a", "m", "T_x"),\n'
         '                                    **gru_layout(reset_after, output=False)}\n'
         '                      for reset_after in (False, True)}'),
        ('code',
         '#| exports\n'
         'def gru_backward(da,     # Gradient of the loss w.r.t. every hidden state, `(n_a, m, T_x)`\n'
         '                 caches, # The `SequenceCache` `(step_caches, x)` from `gru_forward`\n'
         '                ) -> dict:\n'
         '    "Backpropagation through time for the GRU: `dx, da0, dWz, dWr, dWh, dbz, dbr, dbh` (+ '
         '`dbhh`)."\n'
         '    step_caches, x = check_sequence_cache(caches, GRUCache, "gru_forward")\n'
         '    first = step_caches[0]\n'
         '    reset_after = first.reset_after\n'
         '    mixed = [t for t, step in enumerate(step_caches) if step.reset_after != reset_after]\n'
         '    if mixed:\n'
         '        names = GRU_PLACEMENT_NAMES\n'
         '        raise ValueError(f"caches.step_caches[{mixed[0]}] is a {names[not reset_after]} step '
         'but step 0 is "\n'
         '                         f"{names[reset_after]}: one forward pass uses one placement of the '
         'reset gate")\n'
         '    arrays = _get_gru_params(first.parameters, reset_after, gru_keys(reset_after))\n'
         '    _, _, checked = validate(GRU_SEQ_BWD_LAYOUT[reset_after], x=x, a0=first.a_prev, da=da, '
         '**arrays)\n'
         '    return gru_loop_backward(checked["da"], step_caches, checked)'),
        ('markdown',
         '### Demonstration\n'
         '\n'
         'A random upstream gradient on every state, in both variants. The reset-after gradients have\n'
         'one more entry, `dbhh`; every gradient has the shape of what it differentiates.'),
        ('code',
         'np.random.seed(3)\n'
         'da = np.random.randn(5, 10, 6)\n'
         'forwards = {reset_after: gru_forward(x, a0, for_placement(parameters, reset_after), '
         'reset_after)\n'
         '            for reset_after in (False, True)}\n'
         'grads = {reset_after: gru_backward(da, forwards[reset_after][2]) for reset_after in (False, '
         'True)}\n'
         '{name: grad.shape for name, grad in grads[True].items()}'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: keys and shapes"\n'
         'parameter_shapes = {name: shape for name, shape in shape_of.items()\n'
         '                    if name not in ("dxt", "da_prev")}\n'
         'seq_shape_of = {"dx": x.shape, "da0": a0.shape, **parameter_shapes}\n'
         'classic_shapes = {name: shape for name, shape in seq_shape_of.items() if name != "dbhh"}\n'
         'for reset_after, wanted in ((False, classic_shapes), (True, seq_shape_of)):\n'
         '    test_eq({name: np.shape(grad) for name, grad in grads[reset_after].items()}, wanted)\n'
         'test_eq(list(grads[False]), ["dx", "da0", "dWz", "dWr", "dWh", "dbz", "dbr", "dbh"])\n'
         'test_eq(list(grads[True]), ["dx", "da0", "dWz", "dWr", "dWh", "dbz", "dbr", "dbh", "dbhh"])'),
        ('markdown',
         'The sequence backward is the cell backward, chained: walking the cell caches in reverse by\n'
         'hand, adding `da[:, :, t]` to what came back from step $t+1$, gives the same numbers.'),
        ('code',
         'step_caches = forwards[True][2].step_caches\n'
         'da_prev, dWh = np.zeros_like(a0), 0\n'
         'for t in reversed(range(6)):\n'
         '    step_grads = gru_cell_backward(da[:, :, t] + da_prev, step_caches[t])\n'
         '    da_prev, dWh = step_grads["da_prev"], dWh + step_grads["dWh"]\n'
         'np.abs(da_prev - grads[True]["da0"]).max(), np.abs(dWh - grads[True]["dWh"]).max()'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: the cell unrolled is the sequence, both placements"\n'
         'for reset_after in (False, True):\n'
         '    step_caches = forwards[reset_after][2].step_caches\n'
         '    da_prev, totals = np.zeros_like(a0), {}\n'
         '    for t in reversed(range(6)):\n'
         '        step_grads = gru_cell_backward(da[:, :, t] + da_prev, step_caches[t])\n'
         '        test_close(step_grads["dxt"], grads[reset_after]["dx"][:, :, t], eps=1e-12)\n'
         '        da_prev = step_grads["da_prev"]\n'
         '        for name, grad in step_grads.items(): totals[name] = totals.get(name, 0) + grad\n'
         '    test_close(da_prev, grads[reset_after]["da0"], eps=1e-12)\n'
         '    for name in gru_keys(reset_after):\n'
         '        test_close(totals["d" + name], grads[reset_after]["d" + name], eps=1e-12)'),
        ('markdown',
         '### The gradient highway\n'
         '\n'
         'With the update gate wide open ($\\Gamma_z \\approx 1$) the state is copied from step to '
         'step,\n'
         'and so is its gradient: whatever reaches the last state arrives at `a0` undiminished, '
         'however\n'
         "long the sequence. This is the GRU's answer to the vanishing gradients of the basic RNN."),
        ('code',
         'hold = {**parameters, "bz": np.full((5, 1), 60.)}\n'
         'x_long = np.random.randn(3, 10, 50)\n'
         'da_last = np.zeros((5, 10, 50))\n'
         'da_last[:, :, -1] = 1.\n'
         'held = gru_backward(da_last, gru_forward(x_long, a0, hold, reset_after=True)[2])\n'
         'np.abs(held["da0"] - 1).max()'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: the gradient arrives undiminished"\n'
         'test_close(held["da0"], np.ones((5, 10)), eps=1e-12)'),
        ('markdown',
         '### Bad input\n'
         '\n'
         'A `da` that does not match the forward pass, a cache from another network, something that is\n'
         'not a cache at all, a cache changed after the forward pass, or one whose steps disagree on '
         'the\n'
         'placement of the reset gate, is refused before any arithmetic:'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: bad upstream gradients and bad caches"\n'
         'classic_caches = forwards[False][2]\n'
         'first_step = classic_caches.step_caches[0]\n'
         'test_fail(lambda: gru_backward(da[:, :, :5], classic_caches),\n'
         '          contains="da has shape (5, 10, 5) but expected (5, 10, 6)")\n'
         'test_fail(lambda: gru_backward(da[:, :3], classic_caches),\n'
         '          contains="da has shape (5, 3, 6) but expected (5, 10, 6)")\n'
         'test_fail(lambda: gru_backward(da[0], classic_caches), contains="da must be 3-D")\n'
         'test_fail(lambda: gru_cell_backward(da[:4, :, 0], first_step),\n'
         '          contains="da_next has shape (4, 10) but expected (5, 10)")\n'
         'for fragment in ("cache must be a GRUCache", "got a SequenceCache of 6 GRUCache steps"):\n'
         '    test_fail(lambda: gru_cell_backward(da[:, :, 0], classic_caches), contains=fragment, '
         'exc=TypeError)\n'
         'for fragment in ("caches must be the SequenceCache", "got a GRUCache (made by '
         'gru_cell_forward"):\n'
         '    test_fail(lambda: gru_backward(da, first_step), contains=fragment, exc=TypeError)\n'
         'test_fail(lambda: gru_backward(da, SequenceCache([], x)), contains="holds no step caches")\n'
         'test_fail(lambda: gru_backward(da, tuple(classic_caches)), contains="got a tuple of length '
         '2",\n'
         '          exc=TypeError)\n'
         'test_fail(lambda: gru_cell_backward(da[:, :, 0], "cache"), contains="got an object of type '
         'str",\n'
         '          exc=TypeError)'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: caches of other networks, changed caches"\n'
         'rnn_caches = rnn_forward(x, a0, init_rnn_params(3, 5, 2, seed=0))[2]\n'
         'lstm_cache = lstm_cell_forward(xt, a_prev, a_prev, init_lstm_params(3, 5, 2, seed=0))[3]\n'
         'for fragment in ("caches.step_caches[0] must be a GRUCache", "got an RNNCache"):\n'
         '    test_fail(lambda: gru_backward(da, rnn_caches), contains=fragment, exc=TypeError)\n'
         'for fragment in ("cache must be a GRUCache", "got an LSTMCache"):\n'
         '    test_fail(lambda: gru_cell_backward(da[:, :, 0], lstm_cache), contains=fragment, '
         'exc=TypeError)\n'
         'missing_Wr = first_step._replace(parameters={"Wz": parameters["Wz"], "Wh": '
         'parameters["Wh"]})\n'
         'test_fail(lambda: gru_cell_backward(da[:, :, 0], missing_Wr), contains="missing [\'Wr\'")\n'
         '\n'
         'def changed_step(caches, t, **fields):\n'
         '    "`caches` with step `t` replaced by a copy that has other `fields`."\n'
         '    steps = list(caches.step_caches)\n'
         '    steps[t] = steps[t]._replace(**fields)\n'
         '    return SequenceCache(steps, caches.x)\n'
         '\n'
         'classic_steps = classic_caches.step_caches\n'
         'shifted_a_prev = changed_step(classic_caches, 3, a_prev=classic_steps[3].a_prev + 1)\n'
         'for fragment in ("step_caches[3].a_prev differs", "from step 2\'s a_next"):\n'
         '    test_fail(lambda: gru_backward(da, shifted_a_prev), contains=fragment)\n'
         'narrow_zt = changed_step(classic_caches, 2, zt=classic_steps[2].zt[:, :3])\n'
         'for fragment in ("step_caches[2].zt is ((5, 3), float64)", "step 0\'s is ((5, 10), '
         'float64)"):\n'
         '    test_fail(lambda: gru_backward(da, narrow_zt), contains=fragment)'),
        ('markdown',
         'The placement lives in the cache, so the backward pass cannot be told the wrong one: a cache\n'
         'whose steps mix the two placements is refused, and so is a classic cache whose parameters\n'
         'hold `bhh` — the same rule as in the forward pass.'),
        ('code',
         'after6 = forwards[True][2]\n'
         'hpt_added = changed_step(classic_caches, 4, hpt=after6.step_caches[4].hpt)\n'
         'try: gru_backward(da, hpt_added)\n'
         'except ValueError as error: refusal = str(error)\n'
         'refusal'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: mixed placements, a classic cache holding bhh"\n'
         'for fragment in ("step_caches[4] is a reset-after step", "step 0 is classic"):\n'
         '    test_fail(lambda: gru_backward(da, hpt_added), contains=fragment)\n'
         'for fragment in ("step_caches[4].hpt is (NoneType)", "step 0\'s is ((5, 10), float64)"):\n'
         '    test_fail(lambda: gru_backward(da, changed_step(after6, 4, hpt=None)), '
         'contains=fragment)\n'
         'relabelled = SequenceCache([step._replace(hpt=None) for step in after6.step_caches], '
         'after6.x)\n'
         'test_fail(lambda: gru_backward(da, relabelled), contains="pass reset_after=True")\n'
         'test_fail(lambda: gru_cell_backward(da[:, :, 0], relabelled.step_caches[0]), '
         'contains="parameters holds bhh")'),
        ('markdown',
         'The backward pass needs nothing but the recurrent weights, so the cache of a forward pass\n'
         "with `readout=False`, whose parameters are a single layer's `Wz, Wr, Wh, ...`, gives the\n"
         'same gradients; float32 all the way through gives float32 gradients; an integer `da` is\n'
         'computed in float64; sizes of one work; and nothing is modified.'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: no output layer needed, dtypes, sizes of one, inputs untouched"\n'
         'recurrent_only = {name: parameters[name] for name in gru_keys(True)}\n'
         'no_readout_grads = gru_backward(da, gru_forward(x, a0, recurrent_only, True, '
         'readout=False)[2])\n'
         'test_eq(set(no_readout_grads), set(grads[True]))\n'
         'for name, grad in no_readout_grads.items(): test_eq(grad, grads[True][name])\n'
         '\n'
         'for reset_after in (False, True):\n'
         '    p32 = {name: value.astype(np.float32) for name, value in for_placement(parameters, '
         'reset_after).items()}\n'
         '    caches32 = gru_forward(x.astype(np.float32), a0.astype(np.float32), p32, reset_after)[2]\n'
         '    grads32 = gru_backward(da.astype(np.float32), caches32)\n'
         '    test_eq({grad.dtype for grad in grads32.values()}, {np.dtype(np.float32)})\n'
         '    for name, grad in grads32.items(): test_close(grad, grads[reset_after][name], eps=1e-3)\n'
         '    grads_int = gru_backward(np.ones((5, 10, 6), np.int8), forwards[reset_after][2])\n'
         '    test_eq({grad.dtype for grad in grads_int.values()}, {np.dtype(np.float64)})\n'
         '\n'
         'caches1 = gru_forward(x[:, :1, :1], a0[:, :1], one_class, reset_after=True)[2]\n'
         'grads1 = gru_backward(np.ones((5, 1, 1)), caches1)\n'
         'test_eq({name: grad.shape for name, grad in grads1.items()}, {**seq_shape_of, "dx": (3, 1, '
         '1), "da0": (5, 1)})\n'
         '\n'
         'inputs = [da, x, a0, *parameters.values(), *after6.step_caches[3][:7]]\n'
         'kept = [value.copy() for value in inputs]\n'
         'gru_backward(da, after6)\n'
         'gru_cell_backward(da[:, :, 0], after6.step_caches[3])\n'
         'for saved, now in zip(kept, inputs): test_eq(saved, now)'),
        ('markdown',
         '## Proof: gradient checks\n'
         '\n'
         'Every analytic gradient is compared with central finite differences of the scalar loss\n'
         '$L = \\sum a \\odot G$ for a random $G$ (so $\\partial L / \\partial a = G$ is the `da` we '
         'feed in),\n'
         'using `grad_check` from the [backward chapter](backward.html): it perturbs each entry of '
         'each\n'
         'array by $\\pm\\varepsilon$ in place and reports the relative error per array. We check '
         'every\n'
         'parameter and both inputs, for both variants, on several random shapes including one where\n'
         'every size is 1, with weights scaled up and random biases so that the gates and the\n'
         'candidate are far from their linear regimes. In float64 the relative errors should sit far\n'
         'below $10^{-7}$.'),
        ('code',
         'def gru_problem(n_x, n_a, m, T_x, reset_after, seed):\n'
         '    "Random float64 parameters (non-zero biases), `x`, `a0` and a loss weight `G` for one '
         'gradient check."\n'
         '    rng = np.random.default_rng(seed)\n'
         '    initial = init_gru_params(n_x, n_a, 2, seed=seed, reset_after=reset_after)\n'
         '    problem = {name: value * 1.5 for name, value in initial.items()}\n'
         '    problem.update({name: rng.standard_normal((n_a, 1)) for name in '
         'gru_keys(reset_after)[3:]})\n'
         '    x, a0 = rng.standard_normal((n_x, m, T_x)), rng.standard_normal((n_a, m))\n'
         '    return problem, x, a0, rng.standard_normal((n_a, m, T_x))\n'
         '\n'
         'def seq_grad_check(n_x, n_a, m, T_x, reset_after, seed=0, eps=1e-6):\n'
         '    "Relative error per array of `gru_backward` against finite differences of `sum(a * G)`."\n'
         '    problem, x, a0, G = gru_problem(n_x, n_a, m, T_x, reset_after, seed)\n'
         '    grads = gru_backward(G, gru_forward(x, a0, problem, reset_after)[2])\n'
         '    variables = {**problem, "x": x, "a0": a0}\n'
         '    loss = lambda: np.sum(gru_forward(variables["x"], variables["a0"], variables, '
         'reset_after)[0] * G)\n'
         '    return grad_check(loss, variables, as_variables(grads), eps=eps)'),
        ('code',
         'shapes = [(3, 5, 4, 6), (2, 4, 3, 5), (4, 3, 2, 7), (1, 1, 1, 1)]   # (n_x, n_a, m, T_x)\n'
         'label = lambda shape, reset_after: f"{shape} {GRU_PLACEMENT_NAMES[reset_after]}"\n'
         'seq_errors = {label(shape, reset_after): seq_grad_check(*shape, reset_after, seed=i)\n'
         '              for i, shape in enumerate(shapes) for reset_after in (False, True)}\n'
         'def summary(errors_by_case):\n'
         '    "The worst relative error of each case, and the array it came from."\n'
         '    return {case: f"{max(errors.values()):.1e} (worst: {max(errors, key=errors.get)})"\n'
         '            for case, errors in errors_by_case.items()}\n'
         '\n'
         'summary(seq_errors)'),
        ('markdown',
         'Each entry is the worst relative error over all arrays of that case (`x`, `a0` and every\n'
         'parameter), and which array it came from.'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: every array checked, every case passes"\n'
         'for case, errors in seq_errors.items():\n'
         '    reset_after = case.endswith("reset-after")\n'
         '    test_eq(sorted(errors), sorted(["x", "a0", *gru_keys(reset_after)]))\n'
         '    test_grads(errors)'),
        ('markdown',
         'The cell backward on its own, with the loss $\\sum a_{next} \\odot G$ and both of its inputs:'),
        ('code',
         'def cell_grad_check(n_x, n_a, m, reset_after, seed=0):\n'
         '    "Relative error per array of `gru_cell_backward` against finite differences."\n'
         '    problem, x, a0, G = gru_problem(n_x, n_a, m, 1, reset_after, seed)\n'
         '    variables, G = {**problem, "xt": x[:, :, 0], "a_prev": a0}, G[:, :, 0]\n'
         '    cell = lambda: gru_cell_forward(variables["xt"], variables["a_prev"], variables, '
         'reset_after)\n'
         '    grads = gru_cell_backward(G, cell()[2])\n'
         '    return grad_check(lambda: np.sum(cell()[0] * G), variables, as_variables(grads))\n'
         '\n'
         'cell_errors = {label(shape[:3], reset_after): cell_grad_check(*shape[:3], reset_after, '
         'seed=10 + i)\n'
         '               for i, shape in enumerate(shapes) for reset_after in (False, True)}\n'
         'summary(cell_errors)'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: every array checked, every case passes"\n'
         'for case, errors in cell_errors.items():\n'
         '    reset_after = case.endswith("reset-after")\n'
         '    test_eq(sorted(errors), sorted(["xt", "a_prev", *gru_keys(reset_after)]))\n'
         '    test_grads(errors)'),
        ('markdown',
         'The worst relative error over every array of every sequence and cell case:'),
        ('code',
         'max(max(errors.values()) for errors in [*seq_errors.values(), *cell_errors.values()])'),
        ('markdown',
         'A check that cannot fail proves nothing, so we also feed it a wrong gradient: the caches of '
         'a\n'
         'reset-after run, relabelled as classic (`hpt` dropped), so that the backward loop applies '
         'the\n'
         "classic variant's derivative to the reset-after forward pass. `gru_backward` refuses such a\n"
         'cache, as shown above, so we call the unchecked loop directly. The check notices at once.'),
        ('code',
         'def relabelled_check(seed=7):\n'
         '    "Relative errors of the classic backward applied to a reset-after forward pass: a wrong '
         'gradient."\n'
         '    problem, x, a0, G = gru_problem(3, 4, 2, 5, True, seed)\n'
         '    as_classic = [step._replace(hpt=None) for step in gru_forward(x, a0, problem, '
         'True)[2].step_caches]\n'
         '    wrong = gru_loop_backward(G, as_classic, problem)\n'
         '    variables = {**problem, "x": x, "a0": a0}\n'
         '    loss = lambda: np.sum(gru_forward(variables["x"], variables["a0"], variables, True)[0] * '
         'G)\n'
         '    return grad_check(loss, variables, as_variables(wrong))\n'
         '\n'
         'wrong_errors = relabelled_check()\n'
         '{name: round(error, 3) for name, error in wrong_errors.items()}'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: the wrong gradient is caught"\n'
         'test_lt(1e-2, max(wrong_errors.values()))'),
        ('markdown',
         '### Property tests\n'
         '\n'
         'Finally `hypothesis` chooses the shapes: every size between 1 and 3 (so sizes of one appear\n'
         'often), both placements, random parameters and upstream gradients. Two properties must hold:\n'
         'the gradients pass the finite-difference check, and float32 inputs give float32 gradients\n'
         'that agree with the float64 ones. The runs are derandomized, so the notebook is\n'
         'reproducible, and kept small so it stays fast.\n'
         '\n'
         'Among so many random draws some gradients are tiny (around $10^{-4}$, often with one\n'
         'unit), and there the rounding noise of the loss, about $10^{-16} |L| / \\varepsilon$, is a\n'
         'visible share of the gradient. So these checks take the step $\\varepsilon = 10^{-5}$,\n'
         'which cuts that noise tenfold while the truncation error stays near $10^{-10}$, and accept\n'
         'errors below $10^{-6}$: a wrong derivative scores $10^{-2}$ or more. (The examples\n'
         "hypothesis draws depend on the test's source text, so the check must pass on any draw, not\n"
         "only on today's.)"),
        ('code',
         'from hypothesis import given, settings, strategies as st'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: property tests (gradient check, float32)"\n'
         'dims = st.integers(1, 3)\n'
         'quick = settings(max_examples=12, deadline=None, derandomize=True, database=None)\n'
         '\n'
         '@quick\n'
         '@given(n_x=dims, n_a=dims, m=dims, T_x=dims, reset_after=st.booleans(), seed=st.integers(0, '
         '2**16))\n'
         'def test_gru_grad_check(n_x, n_a, m, T_x, reset_after, seed):\n'
         '    test_grads(seq_grad_check(n_x, n_a, m, T_x, reset_after, seed, eps=1e-5), 1e-6)\n'
         '\n'
         '@quick\n'
         '@given(n_x=dims, n_a=dims, m=dims, T_x=dims, reset_after=st.booleans(), seed=st.integers(0, '
         '2**16))\n'
         'def test_gru_float32(n_x, n_a, m, T_x, reset_after, seed):\n'
         '    problem, x, a0, da = gru_problem(n_x, n_a, m, T_x, reset_after, seed)\n'
         '    grads64 = gru_backward(da, gru_forward(x, a0, problem, reset_after)[2])\n'
         '    to32 = lambda array: array.astype(np.float32)\n'
         '    problem32 = {name: to32(value) for name, value in problem.items()}\n'
         '    grads32 = gru_backward(to32(da), gru_forward(to32(x), to32(a0), problem32, '
         'reset_after)[2])\n'
         '    for name in grads64:\n'
         '        test_eq(grads32[name].dtype, np.float32)\n'
         '        test_close(grads32[name], grads64[name], eps=1e-3)\n'
         '\n'
         'test_gru_grad_check()\n'
         'test_gru_float32()'),
        ('markdown',
         '## Agreement with PyTorch\n'
         '\n'
         '`torch.nn.GRU` implements the reset-after variant with our update convention. The\n'
         '[PyTorch chapter](torch.html) converts our parameters to and from its state dict\n'
         '(`gru_to_torch`, `gru_from_torch`, `gru_grads_from_torch`) and shows that states and every\n'
         "gradient agree with torch's autograd to rounding error. PyTorch has no classic variant, so\n"
         'the classic GRU rests on the gradient checks above and on the equation-by-equation check of\n'
         'the forward pass; the two variants share all code except the candidate, and they coincide\n'
         'exactly where the equations say they must (reset gate fully open with $b_{hh} = 0$, or fully\n'
         'shut).'),
        ('markdown',
         '## GRU or LSTM?\n'
         '\n'
         'Both cells solve the same problem — keeping information, and its gradient, alive over many\n'
         'steps — with a gate-controlled path along which the state is copied rather than rewritten.\n'
         'They differ in how much machinery they spend on it.\n'
         '\n'
         '| | GRU | LSTM |\n'
         '|---|---|---|\n'
         '| states carried | one, $a$ | two, $a$ and $c$ |\n'
         '| weight blocks | 3 (`Wz, Wr, Wh`) | 4 (`Wf, Wi, Wc, Wo`) |\n'
         '| keep / write | coupled: keep $\\Gamma_z$, write $1-\\Gamma_z$ | independent forget and '
         'input gates |\n'
         '| exposure | the whole state is the output | an output gate decides what to show |\n'
         '| state range | stays in $(-1,1)$ if $a^{\\langle 0\\rangle}$ does (a blend of such values) | '
         '$c$ is unbounded: it can accumulate |\n'
         '\n'
         'The parameter count makes the first difference concrete:'),
        ('code',
         'gru_sized = init_gru_params(100, 128, 1, seed=0)\n'
         'lstm_sized = init_lstm_params(100, 128, 1, seed=0)\n'
         'gru_count = sum(gru_sized[name].size for name in GRU_KEYS)\n'
         'lstm_count = sum(lstm_sized[name].size for name in LSTM_KEYS)\n'
         'gru_count, lstm_count, round(gru_count / lstm_count, 3)'),
        ('code',
         '#| code-fold: true\n'
         '#| code-summary: "Tests: a quarter fewer parameters"\n'
         'test_eq(gru_count / lstm_count, 0.75)'),
        ('markdown',
         'How to choose, in practice:\n'
         '\n'
         '- **Start with a GRU when compute, memory or data are tight.** A quarter fewer weights and '
         'one\n'
         '  state instead of two make each step cheaper and leave less to overfit on small data sets. '
         'On\n'
         '  many sequence tasks the two reach similar accuracy; published comparisons tend to find no\n'
         '  consistent winner, and the tuning of size, learning rate and regularisation usually '
         'matters\n'
         '  more than the choice of cell.\n'
         '- **Prefer an LSTM when the task needs an accumulator or very long, precise memory.** Its\n'
         '  memory cell adds instead of blending, so it can count (e.g. match nested brackets) and '
         'hold\n'
         '  a value for a very long time while the output gate keeps it hidden until it is needed. A\n'
         "  GRU's state is a convex blend of bounded values, which makes counting awkward.\n"
         '- **If in doubt, try both**: with the same interfaces here (and in PyTorch/Keras) swapping '
         'one\n'
         '  for the other is a one-line change.\n'
         '\n'
         'Between the two GRU variants: use **reset-after** to interoperate with PyTorch, cuDNN and\n'
         "Keras's default (and for speed on GPUs); use **classic** to reproduce the original "
         'formulation\n'
         'or older Keras models saved with `reset_after=False`. Their parameter dicts differ only by\n'
         '`bhh`, but trained weights are not interchangeable between the variants.'),
        ('markdown',
         '## Summary\n'
         '\n'
         '- The GRU mixes the old state and a candidate with one update gate,\n'
         '  `a_next = zt * a_prev + (1 - zt) * cct`, and has no separate memory.\n'
         "- Both placements of the reset gate are one cell with a flag: before the candidate's product\n"
         "  (the classic GRU of Cho et al.) or after it with its own bias `bhh` (PyTorch's and "
         "cuDNN's).\n"
         '- Forward and backward, one step and a sequence, gradient-checked and in agreement with\n'
         '  `torch.nn.GRU` for the reset-after form.\n'
         '\n'
         '### Exercises\n'
         '\n'
         '1. Write the GRU yourself: `rnn-literate practice ~/rnn-practice --chapter 06`, then\n'
         '   `rnn-literate check ~/rnn-practice`.\n'
         "2. Convert a classic GRU's parameters to reset-after by adding `bhh = 0`. Do the two give "
         'the\n'
         '   same states? On which input would they differ, and why?\n'
         "3. Set the update gate's bias `bz` to +4. How long does the initial state survive a\n"
         '   sequence of random inputs, compared with `bz = 0`?\n'
         '\n'
         '### References\n'
         '\n'
         '- K. Cho, B. van Merriënboer, C. Gulcehre, D. Bahdanau, F. Bougares, H. Schwenk, Y. Bengio\n'
         '  (2014). *Learning Phrase Representations using RNN Encoder–Decoder for Statistical Machine\n'
         '  Translation*. [arXiv:1406.1078](https://arxiv.org/abs/1406.1078).\n'
         '- J. Chung, C. Gulcehre, K. Cho, Y. Bengio (2014). *Empirical Evaluation of Gated Recurrent\n'
         '  Neural Networks on Sequence Modeling*. [arXiv:1412.3555](https://arxiv.org/abs/1412.3555).\n'
         '- PyTorch, [`torch.nn.GRU`](https://pytorch.org/docs/stable/generated/torch.nn.GRU.html).'),
        ('code',
         '#| hide\n'
         'import nbdev; nbdev.nbdev_export()'),
    ],
}
