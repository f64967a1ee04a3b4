"""Benchmark forward+backward of the reference engine, the fast engine and torch.nn.RNN / LSTM / GRU on the CPU.

Run from the repository root after `pip install -e ".[dev,torch]"` (without torch the torch column is skipped
with a message):

    python benchmarks/bench.py                 # all shapes, float64 and float32, 5 rounds
    python benchmarks/bench.py --quick         # three smaller shapes, 3 rounds, float64 only
    python benchmarks/bench.py --dtype float32 --repeats 9 --nets lstm,gru

What is timed: one forward pass followed by one backward pass (upstream gradient `da` given for every hidden
state), with the reference's and the fast engine's softmax read-out included (n_y = 10; torch's modules have
none, so this slightly favours torch). Inputs are prepared outside the timing in each engine's own layout. The
GRU is the reset-after placement, the one torch.nn.GRU computes.

How: engines are interleaved round by round, so background load hits them alike; each measurement repeats the
call enough times to last >= --min-time seconds; the table reports medians over --repeats rounds and the ratios
torch/fast and reference/fast of those medians. torch uses as many threads as numpy's BLAS (found with
threadpoolctl if installed, else by asking the OpenBLAS library numpy loaded, else from OPENBLAS_NUM_THREADS /
OMP_NUM_THREADS, else os.cpu_count()). After each engine's block the script sleeps briefly so that spinning BLAS
or OpenMP worker threads of one library go idle before the next library runs. The machine may be shared: before
each round the script waits (up to --max-wait s) until other processes use fewer than --quiet CPUs (from
/proc/stat), and records what it saw; multi-threaded BLAS calls slow down badly -- often by 10x or more -- when
another process holds a core, so numbers taken on a busy machine are not comparable.

Memory: bytes held by each engine's cache (fast: the FastCache buffers; reference: the distinct arrays in its
step caches; torch: the distinct tensors autograd saved), and the tracemalloc peak of one numpy forward+backward.

Matrix-multiply throughput: measured in the same rounds as the largest LSTM shape, at that shape's own GEMM sizes
and at a large square size. The LSTM forward+backward needs 6 * T * m * 4 n_a * (n_a + n_x) floating-point
operations in matrix products (forward: input and recurrent products; backward: dA, dX, dW); divided by the best
measured GEMM rate that is a lower bound on the time, and `share` = bound / measured time.
"""
from __future__ import annotations
import argparse, ctypes, gc, json, os, platform, re, sys, time, tracemalloc
from pathlib import Path
import numpy as np

from functools import partial
from rnn_literate.utils import init_rnn_params, init_lstm_params
from rnn_literate.rnn_seq import rnn_forward
from rnn_literate.lstm_seq import lstm_forward
from rnn_literate.gru import gru_forward, gru_backward, init_gru_params
from rnn_literate.backward import rnn_backward, lstm_backward
from rnn_literate.fast import rnn_forward_fast, rnn_backward_fast, lstm_forward_fast, lstm_backward_fast
from rnn_literate.fast import gru_forward_fast, gru_backward_fast

try: import torch
except ImportError: torch = None

SHAPES = [(3, 5, 10, 7), (32, 64, 16, 50), (64, 128, 32, 100), (256, 512, 64, 100)]
# per network: initialiser, reference forward and backward, fast forward and backward, torch module name
NETS = {"rnn": (init_rnn_params, rnn_forward, rnn_backward, rnn_forward_fast, rnn_backward_fast, "RNN"),
        "lstm": (init_lstm_params, lstm_forward, lstm_backward, lstm_forward_fast, lstm_backward_fast, "LSTM"),
        "gru": (partial(init_gru_params, reset_after=True), partial(gru_forward, reset_after=True), gru_backward,
                partial(gru_forward_fast, reset_after=True), gru_backward_fast, "GRU")}
N_Y = 10
PAUSE = 0.15  # seconds between engine blocks, for spinning worker threads to park

def numpy_blas_threads():
    "Number of threads numpy's BLAS uses, and how it was found."
    try:
        from threadpoolctl import threadpool_info
        n = [i["num_threads"] for i in threadpool_info() if i.get("user_api") == "blas"]
        if n: return n[0], "threadpoolctl"
    except ImportError: pass
    try:
        libs = set(re.findall(r"(/\S*openblas\S*\.so\S*)", Path("/proc/self/maps").read_text()))
        symbols = ("scipy_openblas_get_num_threads64_", "openblas_get_num_threads64_", "openblas_get_num_threads")
        for lib in sorted(libs):
            dll = ctypes.CDLL(lib)
            for sym in symbols:
                if hasattr(dll, sym): return int(getattr(dll, sym)()), "OpenBLAS"
    except OSError: pass
    for var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        if os.environ.get(var, "").isdigit(): return int(os.environ[var]), var
    return os.cpu_count() or 1, "os.cpu_count()"

def lstm_flops(n_x, n_a, m, T):
    "Floating-point operations in the matrix products of LSTM forward+backward."
    return 6 * T * m * 4 * n_a * (n_a + n_x)

def rnn_flops(n_x, n_a, m, T):
    "Floating-point operations in the matrix products of basic-RNN forward+backward."
    return 6 * T * m * n_a * (n_a + n_x)

# ---------------------------------------------------------------- the three engines
def make_case(net, shape, dtype, seed=0):
    "Inputs, parameters and upstream gradient in the contract's layout."
    n_x, n_a, m, T = shape
    rng = np.random.default_rng(seed)
    p = NETS[net][0](n_x, n_a, N_Y, seed=seed, dtype=dtype)
    x, a0, da = (rng.standard_normal(s).astype(dtype) for s in [(n_x, m, T), (n_a, m), (n_a, m, T)])
    return x, a0, p, da

def numpy_engine(net, kind, case):
    "Zero-argument forward+backward of the reference or fast engine, and a function returning its cache."
    x, a0, p, da = case
    _, ref_fwd, ref_bwd, fast_fwd, fast_bwd, _ = NETS[net]
    fwd, bwd = (ref_fwd, ref_bwd) if kind == "reference" else (fast_fwd, fast_bwd)
    cache = lambda: fwd(x, a0, p)[-1]
    return (lambda: bwd(da, cache())), cache

def torch_engine(net, case):
    "Zero-argument forward+backward (gradients of x, h0, all weights) of a torch module, and its saved bytes."
    x, a0, p, da = case
    dt = torch.float64 if x.dtype == np.float64 else torch.float32
    n_x, m, T = x.shape
    n_a = a0.shape[0]
    mod = getattr(torch.nn, NETS[net][5])(n_x, n_a, dtype=dt)
    xt = torch.tensor(np.ascontiguousarray(x.transpose(2, 1, 0)), requires_grad=True)
    h0 = torch.tensor(a0.T.copy()[None], requires_grad=True)
    state = (h0, torch.zeros_like(h0)) if net == "lstm" else h0
    g = torch.tensor(np.ascontiguousarray(da.transpose(2, 1, 0)))
    inputs = [xt, h0, *mod.parameters()]
    def run():
        out, _ = mod(xt, state)
        return torch.autograd.grad(out, inputs, g)
    def saved_bytes():
        seen = {}
        def pack(t):
            seen[(t.untyped_storage().data_ptr(), t.untyped_storage().nbytes())] = t.untyped_storage().nbytes()
            return t
        with torch.autograd.graph.saved_tensors_hooks(pack, lambda t: t):
            out, _ = mod(xt, state)
        del out
        return sum(seen.values())
    return run, saved_bytes

def reference_cache_bytes(caches):
    "Bytes of the distinct arrays (by their memory) held in a reference `(step_caches, x)` pair."
    seen = {}
    def visit(o):
        if isinstance(o, np.ndarray):
            base = o if o.base is None else o.base
            seen[id(base)] = base.nbytes
        elif isinstance(o, (tuple, list)):
            for e in o: visit(e)
    visit(caches)
    return sum(seen.values())

def traced_peak(fn):
    "Peak bytes allocated (tracemalloc) while running `fn` once."
    gc.collect(); tracemalloc.start()
    try: fn(); return tracemalloc.get_traced_memory()[1]
    finally: tracemalloc.stop()

# ---------------------------------------------------------------- timing
def others_cpu(window=0.5):
    "CPUs' worth of work done by other processes during a `window`-second sleep (Linux /proc/stat), or None."
    def busy():
        f = [int(v) for v in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        return (sum(f[:8]) - f[3] - f[4]) / os.sysconf("SC_CLK_TCK")  # all but idle and iowait, in seconds
    try:
        b0, me0 = busy(), sum(os.times()[:2]); time.sleep(window); b1, me1 = busy(), sum(os.times()[:2])
    except (OSError, ValueError, IndexError): return None
    return max(0.0, (b1 - b0) - (me1 - me0)) / window

def wait_quiet(limit, max_wait):
    "Wait until other processes use less than `limit` CPUs (at most `max_wait` s); returns their last usage."
    t0, busy = time.time(), others_cpu()
    while busy is not None and busy > limit and time.time() - t0 < max_wait:
        busy = others_cpu(2.0)
    return None if busy is None else round(busy, 2)

def per_call(fn, min_time):
    "Seconds per call of `fn`, repeating it enough times that one measurement lasts >= `min_time`."
    t0 = time.perf_counter(); fn(); once = time.perf_counter() - t0
    if once >= min_time: return once
    n = max(1, int(min_time / max(once, 1e-7)))
    t0 = time.perf_counter()
    for _ in range(n): fn()
    return (time.perf_counter() - t0) / n

def gemm_cases(shape, dtype):
    "GEMM sizes (M, K, N) that occur in the LSTM engine at `shape`, plus a large square one."
    n_x, n_a, m, T = shape
    return {"square 2048": (2048, 2048, 2048), "input projection": (T * m, n_x, 4 * n_a),
            "recurrent step": (m, n_a, 4 * n_a), "backward step": (m, 4 * n_a, n_a), "dW": (4 * n_a, T * m, n_a + n_x)}

def gemm_fn(M, K, N, dtype, rng):
    "A zero-argument (M, K) x (K, N) matrix product into a preallocated output."
    A, B, C = rng.standard_normal((M, K)).astype(dtype), rng.standard_normal((K, N)).astype(dtype), np.empty((M, N), dtype)
    return lambda: np.matmul(A, B, out=C)

def bench_config(net, shape, dtype, repeats, min_time, engines, gemm=False, quiet=(101, 0)):
    "Interleaved rounds of every engine (and GEMMs if asked); returns the result row."
    case = make_case(net, shape, dtype)
    fns, mem = {}, {}
    for kind in ("reference", "fast"):
        if kind in engines:
            fns[kind], cache = numpy_engine(net, kind, case)
            c = cache()
            mem[kind] = c.nbytes if kind == "fast" else reference_cache_bytes(c)
            del c
    if "torch" in engines and torch is not None:
        fns["torch"], saved = torch_engine(net, case)
        mem["torch"] = saved()
    gemms = {}
    if gemm:
        rng = np.random.default_rng(1)
        gemms = {name: (mkn, gemm_fn(*mkn, dtype, rng)) for name, mkn in gemm_cases(shape, dtype).items()}
    for fn in fns.values(): fn(); fn()          # warm-up: allocator, BLAS threads, torch's one-time setup
    for _, fn in gemms.values(): fn()
    times = {k: [] for k in fns}
    gtimes = {k: [] for k in gemms}
    others, kinds = [], list(fns)
    for r in range(repeats):
        others.append(wait_quiet(*quiet))
        for kind in kinds[r % len(kinds):] + kinds[:r % len(kinds)]:   # rotate the order from round to round
            times[kind].append(per_call(fns[kind], min_time)); time.sleep(PAUSE)
        for name, (_, fn) in gemms.items():
            gtimes[name].append(per_call(fn, min_time / 4))
        if gemms: time.sleep(PAUSE)
    ms = {k: 1e3 * float(np.median(v)) for k, v in times.items()}
    row = dict(net=net, dtype=np.dtype(dtype).name, shape=list(shape), ms=ms,
               ms_all={k: [round(1e3 * t, 4) for t in v] for k, v in times.items()},
               cache_MiB={k: round(v / 2**20, 4) for k, v in mem.items()}, others_cpu_before_rounds=others)
    if "reference" in ms: row["ref_over_fast"] = ms["reference"] / ms["fast"]
    if "torch" in ms: row["torch_over_fast"] = ms["torch"] / ms["fast"]
    fast_fn = fns.get("fast")
    if fast_fn is not None: row["fast_peak_MiB"] = round(traced_peak(fast_fn) / 2**20, 3)
    if "reference" in fns and np.prod(shape) <= 64 * 128 * 32 * 100:
        row["reference_peak_MiB"] = round(traced_peak(fns["reference"]) / 2**20, 3)
    if gemms:
        gf = {name: 2 * np.prod(mkn) / np.median(gtimes[name]) / 1e9 for name, (mkn, _) in gemms.items()}
        row["gemm_GFLOPs"] = {k: round(float(v), 2) for k, v in gf.items()}
    return row

def gemm_share(row):
    "Share of the matrix-multiply time bound the fast LSTM reaches at this row's shape."
    n_x, n_a, m, T = row["shape"]
    flops, gf = lstm_flops(n_x, n_a, m, T), row["gemm_GFLOPs"]
    best = max(gf.values())
    bound_ms = flops / (best * 1e9) * 1e3
    # a second, shape-aware bound: every product at the rate measured for its own size
    parts = [("input projection", 2 * T * m * 4 * n_a * n_x), ("recurrent step", 2 * T * m * 4 * n_a * n_a),
             ("backward step", 2 * T * m * 4 * n_a * n_a), ("dW", 2 * T * m * 4 * n_a * (n_a + n_x)),
             ("input projection", 2 * T * m * 4 * n_a * n_x)]  # dX = dZ W_x has the input projection's size
    shaped_ms = sum(f / (gf[k] * 1e9) for k, f in parts) * 1e3
    share, shaped = bound_ms / row["ms"]["fast"], shaped_ms / row["ms"]["fast"]
    return dict(shape=row["shape"], dtype=row["dtype"], GFLOP=flops / 1e9, best_GFLOPs=best, bound_ms=bound_ms,
                fast_ms=row["ms"]["fast"], share=share, shaped_bound_ms=shaped_ms, shaped_share=shaped,
                summary=(f"LSTM {tuple(row['shape'])} {row['dtype']}: {flops / 1e9:.1f} GFLOP in matrix products; best measured "
                         f"GEMM {best:.1f} GFLOP/s -> bound {bound_ms:.0f} ms; fast engine {row['ms']['fast']:.0f} ms = "
                         f"{100 * share:.0f}% of the bound ({100 * shaped:.0f}% of the bound at each product's own measured rate)"))

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quick", action="store_true", help="three smaller shapes, 3 rounds, float64 only")
    ap.add_argument("--dtype", choices=["float64", "float32", "both"], default=None, help="default: both (float64 with --quick)")
    ap.add_argument("--repeats", type=int, default=None, help="rounds per configuration (default 5, 3 with --quick)")
    ap.add_argument("--nets", default="rnn,lstm,gru", help="comma-separated subset of rnn,lstm,gru")
    ap.add_argument("--engines", default="reference,fast,torch", help="comma-separated subset of reference,fast,torch")
    ap.add_argument("--min-time", type=float, default=0.05, help="seconds one measurement lasts at least")
    ap.add_argument("--quiet", type=float, default=0.25, help="before each round wait until other processes use fewer CPUs than this")
    ap.add_argument("--max-wait", type=float, default=60.0, help="longest wait for a quiet CPU before a round, seconds")
    ap.add_argument("--out", default=str(Path(__file__).with_name("results.json")), help="where to write the JSON results")
    args = ap.parse_args(argv)
    dtypes = {"float64": ["float64"], "float32": ["float32"], "both": ["float64", "float32"]}[args.dtype or ("float64" if args.quick else "both")]
    repeats = args.repeats or (3 if args.quick else 5)
    shapes = SHAPES[:3] if args.quick else SHAPES
    engines = args.engines.split(",")
    threads, how = numpy_blas_threads()
    if torch is None: print("torch not installed: skipping the torch column")
    else: torch.set_num_threads(threads)
    machine = (f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, numpy {np.__version__} "
               f"({threads} BLAS threads via {how})" + ("" if torch is None else f", torch {torch.__version__} "
               f"({torch.get_num_threads()} threads)"))
    print(machine)
    try: load = os.getloadavg()
    except OSError: load = None
    rows, t0 = [], time.time()
    head = f"{'net':4} {'dtype':7} {'(n_x, n_a, m, T)':20} {'ref ms':>10} {'fast ms':>10} {'torch ms':>10} {'ref/fast':>8} {'torch/fast':>10} {'cache MiB ref/fast/torch':>26}"
    print(head); print("-" * len(head))
    for dtype in dtypes:
        for net in args.nets.split(","):
            for shape in shapes:
                row = bench_config(net, shape, np.dtype(dtype), repeats, args.min_time, engines,
                                   gemm=(net == "lstm" and shape == shapes[-1]), quiet=(args.quiet, args.max_wait))
                rows.append(row)
                f = lambda k, fmt: format(row["ms"][k], fmt) if k in row["ms"] else "-"
                g = lambda k: format(row[k], ".2f") if k in row else "-"
                mem = "/".join(format(row["cache_MiB"][k], ".3g") if k in row["cache_MiB"] else "-" for k in ("reference", "fast", "torch"))
                print(f"{net:4} {dtype:7} {str(tuple(shape)):20} {f('reference', '10.3f')} {f('fast', '10.3f')} {f('torch', '10.3f')} "
                      f"{g('ref_over_fast'):>8} {g('torch_over_fast'):>10} {mem:>26}", flush=True)
    shares = {r["dtype"]: gemm_share(r) for r in rows if "gemm_GFLOPs" in r}
    for s in shares.values(): print(s["summary"])
    out = dict(machine=machine, blas_threads=threads, blas_threads_found_by=how, torch_threads=None if torch is None else torch.get_num_threads(),
               load_before=load, seconds=round(time.time() - t0, 1), repeats=repeats, n_y=N_Y,
               date=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), rows=rows, gemm_shares=shares,
               gemm_share=shares.get("float64") or next(iter(shares.values()), {"summary": "no GEMM share measured"}))
    Path(args.out).write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {args.out} ({out['seconds']} s)")

if __name__ == "__main__": main()
