"""Benchmark forward+backward of the reference engine, the fast engine and torch.nn.RNN / LSTM / GRU (CPU).

Run from the repository root after `pip install -e ".[dev,torch]"` (without torch the torch column is skipped
with a message):

    python benchmarks/bench.py                 # all shapes, float64 and float32, 5 rounds
    python benchmarks/bench.py --quick         # three smaller shapes, 3 rounds, float64 only (results-partial.json)
    python benchmarks/bench.py --dtype float32 --repeats 9 --nets lstm,gru

What is timed: one forward pass followed by one backward pass of the recurrent layer, with an upstream
gradient `da` on every hidden state. Every engine is reached the same way the rest of the package reaches it,
through the cell registry (`rnn_literate.cells`): the reference and fast engines through each `Cell`'s doors,
torch through the module the registry names, loaded with the same weights. None of the three computes a
read-out, so they do the same work. The GRU is the reset-after placement, the one torch.nn.GRU computes.
Before timing, each configuration checks that the three engines agree on the hidden states.

How: engines are interleaved round by round, so background load hits them alike. Within a round each
engine is first called once untimed, then timed over enough calls to last >= --min-time seconds: an engine
is measured as a training loop runs it, called again and again, not straight after another engine (at the
largest shapes, a fast-engine call that directly follows the reference's thousands of small allocations
runs up to 1.8x slower than the next one). The table reports medians over --repeats rounds and the ratios
torch/fast and reference/fast of those medians. torch uses as many threads as numpy's BLAS (found
with threadpoolctl if installed, else by asking the OpenBLAS library numpy loaded, else from
OPENBLAS_NUM_THREADS / OMP_NUM_THREADS, else os.cpu_count()). After each engine's block the script sleeps
briefly so that spinning BLAS or OpenMP worker threads of one library go idle before the next library runs.
The machine may be shared: before each round the script waits (up to --max-wait s) until other processes use
fewer than --quiet CPUs (from /proc/stat), and records what it saw; multi-threaded BLAS calls slow down
badly -- often by 10x or more -- when another process holds a core, so numbers taken on a busy machine are
not comparable.

Memory: bytes held by each engine's cache (fast: the FastCache buffers; reference: the distinct arrays in
its step caches; torch: the distinct tensors autograd saved), and the tracemalloc peak of one numpy
forward+backward.

Matrix-multiply throughput: measured in the same rounds as each network's largest shape, at that shape's
own GEMM sizes and at a large square size. With G gate blocks of n_a rows each (1 for the RNN, 3 for the
GRU, 4 for the LSTM), forward+backward needs 6 * T * m * G * n_a * (n_a + n_x) floating-point operations in
matrix products (forward: input and recurrent products; backward: dA, dX, dW); divided by the best
measured GEMM rate that is a lower bound on the time, and `share` = bound / measured time.
"""
from __future__ import annotations
import argparse, ctypes, gc, json, os, platform, re, time, tracemalloc
from pathlib import Path
import numpy as np

from rnn_literate.cells import get_cell

try: import torch
except ImportError: torch = None

SHAPES = [(3, 5, 10, 7), (32, 64, 16, 50), (64, 128, 32, 100), (256, 512, 64, 100)]
NETS = {"rnn": "rnn", "lstm": "lstm", "gru": "gru_reset_after"}   # benchmark name -> registry name
PAUSE = 0.15  # seconds between engine blocks, for spinning worker threads to park

def numpy_blas_threads():
    "Number of threads numpy's BLAS uses, and how it was found."
    try:
        from threadpoolctl import threadpool_info
        counts = [pool["num_threads"] for pool in threadpool_info() if pool.get("user_api") == "blas"]
        if counts: return counts[0], "threadpoolctl"
    except ImportError: pass
    try:
        libraries = set(re.findall(r"(/\S*openblas\S*\.so\S*)", Path("/proc/self/maps").read_text()))
        symbols = ("scipy_openblas_get_num_threads64_", "openblas_get_num_threads64_",
                   "openblas_get_num_threads")
        for library in sorted(libraries):
            handle = ctypes.CDLL(library)
            for symbol in symbols:
                if hasattr(handle, symbol): return int(getattr(handle, symbol)()), "OpenBLAS"
    except OSError: pass
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        if os.environ.get(variable, "").isdigit(): return int(os.environ[variable]), variable
    return os.cpu_count() or 1, "os.cpu_count()"

# ---------------------------------------------------------------- the three engines
class Case:
    "Inputs, recurrent parameters and upstream gradient of one configuration, features first, then batch, then time."
    def __init__(self, net, shape, dtype, seed=0):
        self.cell, self.shape = get_cell(NETS[net]), shape
        n_x, n_a, m, T_x = shape
        rng = np.random.default_rng(seed)
        drawn = self.cell.init(n_x, n_a, 1, seed=seed, dtype=dtype)
        self.params = {name: drawn[name] for name in self.cell.layout}
        self.x = rng.standard_normal((n_x, m, T_x)).astype(dtype)
        self.states0 = tuple(rng.standard_normal((n_a, m)).astype(dtype) for _ in self.cell.states)
        self.da = rng.standard_normal((n_a, m, T_x)).astype(dtype)

    def gate_blocks(self):
        "How many `(n_a, n_a+n_x)` matrices the cell's weights (biases excluded) add up to."
        n_x, n_a = self.shape[:2]
        weights = [name for name, dims in self.cell.layout.items() if dims[1] != 1]
        return sum(self.params[name].size for name in weights) // (n_a * (n_a + n_x))

    def matmul_flops(self):
        "Floating-point operations in the matrix products of one forward+backward."
        n_x, n_a, m, T_x = self.shape
        return 6 * T_x * m * self.gate_blocks() * n_a * (n_a + n_x)

def numpy_engine(case, engine):
    "Zero-argument forward+backward of the reference or fast engine, and a function returning its cache."
    cell, no_final_grads = case.cell, (None,) * len(case.cell.states)
    if engine == "reference": forward, backward = cell.forward, cell.backward
    else: forward, backward = (lambda x, states0, params: cell.fast_forward(x, states0, params, None),
                               cell.fast_backward)
    run_forward = lambda: forward(case.x, case.states0, case.params)
    return (lambda: backward(case.da, no_final_grads, run_forward()[2])), run_forward

def torch_engine(case):
    "Zero-argument forward+backward (gradients of x, the initial states, all weights) of the torch module."
    dtype = torch.float64 if case.x.dtype == np.float64 else torch.float32
    n_x, n_a = case.shape[:2]
    module = getattr(torch.nn, case.cell.torch_module)(n_x, n_a, dtype=dtype)
    module.load_state_dict({key: torch.tensor(value, dtype=dtype)
                            for key, value in case.cell.to_torch(case.params, "_l0").items()})
    time_major = lambda arr: torch.tensor(np.ascontiguousarray(arr.transpose(2, 1, 0)))
    x = time_major(case.x).requires_grad_()
    states0 = [torch.tensor(np.ascontiguousarray(state.T)[None], requires_grad=True)
               for state in case.states0]
    torch_states0 = states0[0] if len(states0) == 1 else tuple(states0)
    da = time_major(case.da)
    inputs = [x, *states0, *module.parameters()]
    forward = lambda: module(x, torch_states0)[0]
    def run():
        return torch.autograd.grad(forward(), inputs, da)
    def saved_bytes():
        seen = {}
        def pack(tensor):
            storage = tensor.untyped_storage()
            seen[(storage.data_ptr(), storage.nbytes())] = storage.nbytes()
            return tensor
        with torch.autograd.graph.saved_tensors_hooks(pack, lambda tensor: tensor):
            forward()
        return sum(seen.values())
    hidden = lambda: forward().detach().numpy().transpose(2, 1, 0)
    return run, saved_bytes, hidden

def reference_cache_bytes(cache):
    "Bytes of the distinct arrays (by their memory) held in a reference cache."
    seen = {}
    def visit(item):
        if isinstance(item, np.ndarray):
            base = item if item.base is None else item.base
            seen[id(base)] = base.nbytes
        elif isinstance(item, (tuple, list)):
            for entry in item: visit(entry)
    visit(cache)
    return sum(seen.values())

def traced_peak(function):
    "Peak bytes allocated (tracemalloc) while running `function` once."
    gc.collect(); tracemalloc.start()
    try: function(); return tracemalloc.get_traced_memory()[1]
    finally: tracemalloc.stop()

def agreement(case, forwards, hidden_torch):
    "Largest relative difference of the hidden states between the engines and the fast one."
    outputs = {engine: forward()[0] for engine, forward in forwards.items()}
    if hidden_torch is not None: outputs["torch"] = hidden_torch()
    fast = outputs["fast"]
    scale = max(1.0, float(np.abs(fast).max()))
    return {engine: float(np.abs(hidden - fast).max()) / scale for engine, hidden in outputs.items()
            if engine != "fast"}

# ---------------------------------------------------------------- timing
def others_cpu(window=0.5):
    "CPUs' worth of work done by other processes during a `window`-second sleep (Linux /proc/stat), or None."
    def busy():
        fields = [int(field) for field in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
        return (sum(fields[:8]) - fields[3] - fields[4]) / os.sysconf("SC_CLK_TCK")  # not idle nor iowait
    try:
        busy0, mine0 = busy(), sum(os.times()[:2])
        time.sleep(window)
        busy1, mine1 = busy(), sum(os.times()[:2])
    except (OSError, ValueError, IndexError): return None
    return max(0.0, (busy1 - busy0) - (mine1 - mine0)) / window

def wait_quiet(limit, max_wait):
    "Wait until other processes use less than `limit` CPUs (at most `max_wait` s); returns their last usage."
    start, busy = time.time(), others_cpu()
    while busy is not None and busy > limit and time.time() - start < max_wait:
        busy = others_cpu(2.0)
    return None if busy is None else round(busy, 2)

def per_call(function, min_time):
    "Seconds per call of `function`: one untimed call, then enough timed calls to last >= `min_time`."
    start = time.perf_counter(); function(); once = time.perf_counter() - start
    calls = max(1, int(min_time / max(once, 1e-7)))
    start = time.perf_counter()
    for _ in range(calls): function()
    return (time.perf_counter() - start) / calls

def gemm_cases(case):
    "GEMM sizes (M, K, N) that occur in the fast engine at the case's shape, plus a large square one."
    n_x, n_a, m, T_x = case.shape
    rows = case.gate_blocks() * n_a
    return {"square 2048": (2048, 2048, 2048), "input projection": (T_x * m, n_x, rows),
            "recurrent step": (m, n_a, rows), "backward step": (m, rows, n_a),
            "dW": (rows, T_x * m, n_a + n_x)}

def gemm_function(M, K, N, dtype, rng):
    "A zero-argument (M, K) x (K, N) matrix product into a preallocated output."
    left, right = rng.standard_normal((M, K)).astype(dtype), rng.standard_normal((K, N)).astype(dtype)
    out = np.empty((M, N), dtype)
    return lambda: np.matmul(left, right, out=out)

def bench_config(net, shape, dtype, repeats, min_time, engines, gemm=False, quiet=(101, 0)):
    "Interleaved rounds of every engine (and GEMMs if asked); returns the result row."
    case = Case(net, shape, dtype)
    functions, forwards, memory, hidden_torch = {}, {}, {}, None
    for engine in ("reference", "fast"):
        if engine in engines:
            functions[engine], forwards[engine] = numpy_engine(case, engine)
            cache = forwards[engine]()[2]
            memory[engine] = cache.nbytes if engine == "fast" else reference_cache_bytes(cache)
            del cache
    if "torch" in engines and torch is not None:
        functions["torch"], saved_bytes, hidden_torch = torch_engine(case)
        memory["torch"] = saved_bytes()
    differences = agreement(case, forwards, hidden_torch) if "fast" in forwards else {}
    gemms = {}
    if gemm:
        rng = np.random.default_rng(1)
        gemms = {name: (mkn, gemm_function(*mkn, dtype, rng)) for name, mkn in gemm_cases(case).items()}
    for function in functions.values(): function(); function()   # warm-up: allocator, BLAS threads, torch
    for _, function in gemms.values(): function()
    times = {engine: [] for engine in functions}
    gemm_times = {name: [] for name in gemms}
    others, order = [], list(functions)
    for round_number in range(repeats):
        others.append(wait_quiet(*quiet))
        shift = round_number % len(order)
        for engine in order[shift:] + order[:shift]:   # rotate the order from round to round
            times[engine].append(per_call(functions[engine], min_time)); time.sleep(PAUSE)
        for name, (_, function) in gemms.items():
            gemm_times[name].append(per_call(function, min_time / 4))
        if gemms: time.sleep(PAUSE)
    ms = {engine: 1e3 * float(np.median(runs)) for engine, runs in times.items()}
    row = dict(net=net, cell=case.cell.name, dtype=np.dtype(dtype).name, shape=list(shape), ms=ms,
               ms_all={engine: [round(1e3 * run, 4) for run in runs] for engine, runs in times.items()},
               cache_MiB={engine: round(size / 2**20, 4) for engine, size in memory.items()},
               max_rel_difference_from_fast=differences, others_cpu_before_rounds=others)
    if "reference" in ms and "fast" in ms: row["ref_over_fast"] = ms["reference"] / ms["fast"]
    if "torch" in ms and "fast" in ms: row["torch_over_fast"] = ms["torch"] / ms["fast"]
    if "fast" in functions: row["fast_peak_MiB"] = round(traced_peak(functions["fast"]) / 2**20, 3)
    if "reference" in functions and np.prod(shape) <= 64 * 128 * 32 * 100:
        row["reference_peak_MiB"] = round(traced_peak(functions["reference"]) / 2**20, 3)
    if gemms:
        rates = {name: 2 * np.prod(mkn) / np.median(gemm_times[name]) / 1e9
                 for name, (mkn, _) in gemms.items()}
        row["gemm_GFLOPs"] = {name: round(float(rate), 2) for name, rate in rates.items()}
        row["gemm_share"] = gemm_share(row, case)
    return row

def gemm_share(row, case):
    "Share of the matrix-multiply time bound the fast engine reaches at this row's shape."
    flops, rates = case.matmul_flops(), row["gemm_GFLOPs"]
    best = max(rates.values())
    bound_ms = flops / (best * 1e9) * 1e3
    fast_ms = row["ms"]["fast"]
    share = bound_ms / fast_ms
    label = f"{row['net'].upper()} {tuple(case.shape)} {row['dtype']}"
    return dict(GFLOP=flops / 1e9, best_GFLOPs=best, bound_ms=bound_ms, share=share,
                summary=(f"{label}: {flops / 1e9:.1f} GFLOP in matrix products; best measured GEMM "
                         f"{best:.1f} GFLOP/s -> bound {bound_ms:.0f} ms; fast engine {fast_ms:.0f} ms = "
                         f"{100 * share:.0f}% of the bound"))

def print_row(row):
    "One line of the table."
    ms = lambda engine: format(row["ms"][engine], "10.3f") if engine in row["ms"] else f"{'-':>10}"
    ratio = lambda key: format(row[key], ".2f") if key in row else "-"
    memory = "/".join(format(row["cache_MiB"][engine], ".3g") if engine in row["cache_MiB"] else "-"
                      for engine in ("reference", "fast", "torch"))
    print(f"{row['net']:4} {row['dtype']:7} {str(tuple(row['shape'])):20} {ms('reference')} {ms('fast')} "
          f"{ms('torch')} {ratio('ref_over_fast'):>8} {ratio('torch_over_fast'):>10} {memory:>26}",
          flush=True)

def parse_arguments(argv):
    "The command line."
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="three smaller shapes, 3 rounds, float64 only")
    parser.add_argument("--dtype", choices=["float64", "float32", "both"], default=None,
                        help="default: both (float64 with --quick)")
    parser.add_argument("--repeats", type=int, default=None,
                        help="rounds per configuration (default 5, 3 with --quick)")
    parser.add_argument("--nets", default="rnn,lstm,gru", help="comma-separated subset of rnn,lstm,gru")
    parser.add_argument("--engines", default="reference,fast,torch",
                        help="comma-separated subset of reference,fast,torch")
    parser.add_argument("--min-time", type=float, default=0.05, help="seconds one measurement lasts at least")
    parser.add_argument("--quiet", type=float, default=0.25,
                        help="before each round wait until other processes use fewer CPUs than this")
    parser.add_argument("--max-wait", type=float, default=60.0,
                        help="longest wait for a quiet CPU before a round, seconds")
    parser.add_argument("--out", default=None,
                        help="where to write the JSON results (default: results.json for a full run with "
                             "the default options, results-partial.json for --quick or any subset, so the "
                             "stored full run is never replaced by a smaller one)")
    args = parser.parse_args(argv)
    unknown = [net for net in args.nets.split(",") if net not in NETS]
    unknown += [engine for engine in args.engines.split(",") if engine not in ("reference", "fast", "torch")]
    if unknown: parser.error(f"unknown network or engine: {', '.join(unknown)}")
    if "fast" not in args.engines.split(","): parser.error("--engines must include fast (ratios are to it)")
    if args.out is None:
        measured = ("quick", "dtype", "repeats", "nets", "engines", "min_time")      # what the run measures
        full = parser.parse_args([])
        same = all(getattr(args, option) == getattr(full, option) for option in measured)
        name = "results.json" if same else "results-partial.json"
        args.out = str(Path(__file__).with_name(name))
    return args

def main(argv=None):
    args = parse_arguments(argv)
    dtype_choice = args.dtype or ("float64" if args.quick else "both")
    dtypes = ["float64", "float32"] if dtype_choice == "both" else [dtype_choice]
    repeats = args.repeats or (3 if args.quick else 5)
    shapes = SHAPES[:3] if args.quick else SHAPES
    engines = args.engines.split(",")
    threads, how = numpy_blas_threads()
    if torch is None: print("torch not installed: skipping the torch column")
    else: torch.set_num_threads(threads)
    machine = (f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
               f"numpy {np.__version__} ({threads} BLAS threads via {how})")
    if torch is not None: machine += f", torch {torch.__version__} ({torch.get_num_threads()} threads)"
    print(machine)
    try: load = os.getloadavg()
    except OSError: load = None
    rows, start = [], time.time()
    head = (f"{'net':4} {'dtype':7} {'(n_x, n_a, m, T)':20} {'ref ms':>10} {'fast ms':>10} {'torch ms':>10} "
            f"{'ref/fast':>8} {'torch/fast':>10} {'cache MiB ref/fast/torch':>26}")
    print(head); print("-" * len(head))
    for dtype in dtypes:
        for net in args.nets.split(","):
            for shape in shapes:
                rows.append(bench_config(net, shape, np.dtype(dtype), repeats, args.min_time, engines,
                                         gemm=shape == shapes[-1], quiet=(args.quiet, args.max_wait)))
                print_row(rows[-1])
    for dtype in dtypes:
        differences = [difference for row in rows if row["dtype"] == dtype
                       for difference in row["max_rel_difference_from_fast"].values()]
        print(f"{dtype}: largest relative difference of the hidden states from the fast engine: "
              f"{max(differences, default=0.0):.1e}")
    for row in rows:
        if "gemm_share" in row: print(row["gemm_share"]["summary"])
    out = dict(machine=machine, blas_threads=threads, blas_threads_found_by=how,
               torch_threads=None if torch is None else torch.get_num_threads(), load_before=load,
               seconds=round(time.time() - start, 1), repeats=repeats,
               date=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), rows=rows)
    Path(args.out).write_text(json.dumps(out, indent=1) + "\n")
    print(f"wrote {args.out} ({out['seconds']} s)")

if __name__ == "__main__": main()
