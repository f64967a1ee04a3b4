"""Training speed of the character language model: one-hot inputs against character ids through an embedding.

Run from the repository root:

    python benchmarks/charlm_inputs.py              # LSTM, 64 units, 200 steps per run, 5 rounds
    python benchmarks/charlm_inputs.py --quick      # 40 steps, 2 rounds (a smoke run)
    python benchmarks/charlm_inputs.py --cell gru --hidden 128

What is timed: `train_charlm` (batches drawn, forward, backward, Adam) for the same number of steps, once with
`embed=None` (one-hot vectors `(27, m, T_x)` multiplied by the first layer's input weights) and once with
`embed=16` (ids looked up in a 16-wide table, the layer reading 16 numbers per step). Both run in this process,
alternating round by round so that background load hits them alike; the script reports the median seconds per
step of each and their ratio. The validation loss is computed once at the end of each run, not timed apart.
One BLAS thread, as the command-line demo uses; the corpus is built before the first run.
"""
from __future__ import annotations
import argparse, os, statistics, time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
from rnn_literate.charlm import train_charlm, unicode_words


def seconds_per_step(embed, args, seed):
    "Wall-clock seconds per training step of one `train_charlm` run."
    start = time.perf_counter()
    train_charlm(args.cell, steps=args.steps, hidden=args.hidden, seed=seed, embed=embed, eval_every=args.steps,
                 quiet=True)
    return (time.perf_counter() - start) / args.steps


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cell", default="lstm", help="registry cell (default lstm)")
    parser.add_argument("--hidden", type=int, default=64, help="hidden size (default 64)")
    parser.add_argument("--steps", type=int, default=None, help="steps per run (default 200, 40 with --quick)")
    parser.add_argument("--repeats", type=int, default=None, help="rounds (default 5, 2 with --quick)")
    parser.add_argument("--quick", action="store_true", help="a short smoke run")
    args = parser.parse_args(argv)
    args.steps = args.steps or (40 if args.quick else 200)
    args.repeats = args.repeats or (2 if args.quick else 5)
    unicode_words()                                   # build the corpus (cached) before any timing
    times = {"one-hot": [], "embedding": []}
    for round_number in range(args.repeats):
        for label, embed in (("one-hot", None), ("embedding", 16)):
            times[label].append(seconds_per_step(embed, args, seed=round_number))
    medians = {label: statistics.median(values) for label, values in times.items()}
    print(f"{args.cell}, n_a={args.hidden}, {args.steps} steps x {args.repeats} rounds, batch 32, float32")
    for label, median in medians.items(): print(f"  {label:>9}: {1000 * median:7.2f} ms per step (median)")
    print(f"  one-hot / embedding: {medians['one-hot'] / medians['embedding']:.2f}")


if __name__ == "__main__":
    main()
