"Figures of the cells and networks of the book, drawn with matplotlib for hidden notebook cells."
# Not part of the package: the notebooks run `from diagrams import *` in `#| echo: false` cells.
# Coordinates are inches, so 1 unit is 100 px at dpi 100 and text sizes can be reasoned about.
from __future__ import annotations
from dataclasses import dataclass
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch
from matplotlib.path import Path
from matplotlib.transforms import Bbox
import matplotlib.patheffects as path_effects

__all__ = ["rnn_cell_figure", "rnn_unrolled_figure", "lstm_cell_figure", "lstm_unrolled_figure", "gru_cell_figure",
           "backward_step_figure", "bptt_figure", "stacked_figure", "bidirectional_figure", "classify_figure",
           "embedding_figure", "ALT_TEXT"]

SIGMOID_COLOUR = "#f6c453"   # sigmoid gates
TANH_COLOUR = "#8ec3e6"      # tanh layers
LINEAR_COLOUR = "#e2e2e2"    # matrix products and sums
SOFTMAX_COLOUR = "#c9b8ea"   # the read-out
OP_COLOUR = "#f7c3c3"        # pointwise operations (circles)
CELL_COLOUR = "#edf5e4"      # a cell's background
CELL_EDGE = "#8fb27a"
WIRE_COLOUR = "#333333"      # values flowing forward
GRAD_COLOUR = "#c0392b"      # gradients flowing back
TEXT_COLOUR = "#1a1a1a"
CODE_COLOUR = "#555555"      # code names printed under the math
FONT_SIZE = 14
SMALL_SIZE = 11
BOX_W, BOX_H, OP_R = 0.8, 0.62, 0.19
LINE_W = 1.6


@dataclass
class Node:
    "A drawn element's centre and size, with the midpoints of its edges."
    x: float
    y: float
    w: float = 0.0
    h: float = 0.0
    @property
    def left(self): return (self.x - self.w / 2, self.y)
    @property
    def right(self): return (self.x + self.w / 2, self.y)
    @property
    def top(self): return (self.x, self.y + self.h / 2)
    @property
    def bottom(self): return (self.x, self.y - self.h / 2)


def _canvas(width, height):
    "A blank figure whose data coordinates are inches, origin at the bottom left."
    fig = Figure(figsize=(width, height), dpi=100)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set(xlim=(0, width), ylim=(0, height), aspect="equal")
    ax.axis("off")
    return fig, ax


def _fit(fig, ax, margin=0.12):
    "Crop the figure to what is drawn plus `margin` inches, keeping one unit to the inch."
    renderer = FigureCanvasAgg(fig).get_renderer()
    extents = [artist.get_window_extent(renderer) for artist in ax.texts + ax.patches]
    drawn = Bbox.union(extents).transformed(ax.transData.inverted())
    ax.set(xlim=(drawn.x0 - margin, drawn.x1 + margin), ylim=(drawn.y0 - margin, drawn.y1 + margin))
    fig.set_size_inches(drawn.width + 2 * margin, drawn.height + 2 * margin)
    return fig


def _text(ax, x, y, text, size=FONT_SIZE, colour=TEXT_COLOUR, mono=False, **kwargs):
    "Centred text (unless `ha`/`va` say otherwise), above every line and box."
    kwargs = {"ha": "center", "va": "center", **kwargs}
    family = "DejaVu Sans Mono" if mono else "DejaVu Sans"
    return ax.text(x, y, text, fontsize=size, color=colour, family=family, zorder=5, **kwargs)


def _box(ax, x, y, text, colour=LINEAR_COLOUR, sub=None, w=BOX_W, h=BOX_H, edge=WIRE_COLOUR):
    "A rounded box with `text` and, under it, the smaller `sub` (its parameters)."
    patch = FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0,rounding_size=0.1",
                           facecolor=colour, edgecolor=edge, linewidth=1.3, zorder=3)
    ax.add_patch(patch)
    if sub is None: _text(ax, x, y, text)
    else:
        _text(ax, x, y + 0.11, text)
        _text(ax, x, y - 0.15, sub, size=SMALL_SIZE)
    return Node(x, y, w, h)


def _op(ax, x, y, symbol, colour=OP_COLOUR):
    "A pointwise operation: a small circle holding `symbol`."
    ax.add_patch(Circle((x, y), OP_R, facecolor=colour, edgecolor=WIRE_COLOUR, linewidth=1.3, zorder=3))
    _text(ax, x, y, symbol, size=SMALL_SIZE + 1 if len(symbol) > 1 else FONT_SIZE)
    return Node(x, y, 2 * OP_R, 2 * OP_R)


def _cell(ax, x0, y0, x1, y1):
    "The rounded background of a cell, from corner `(x0, y0)` to `(x1, y1)`."
    ax.add_patch(FancyBboxPatch((x0, y0), x1 - x0, y1 - y0, boxstyle="round,pad=0,rounding_size=0.25",
                                facecolor=CELL_COLOUR, edgecolor=CELL_EDGE, linewidth=1.5, zorder=0))


def _wire(ax, *points, colour=WIRE_COLOUR, head=True, over=None, dashed=False):
    "A line through `points`, arrowhead at the end; `over`, a background colour, cuts gaps where it crosses."
    arrow = FancyArrowPatch(path=Path(points), arrowstyle="-|>" if head else "-", mutation_scale=14,
                            color=colour, linewidth=LINE_W, joinstyle="miter", capstyle="butt",
                            linestyle=(0, (4, 3)) if dashed else "-", zorder=2 if over else 1)
    if over:
        halo = path_effects.Stroke(linewidth=LINE_W + 6, foreground=over)
        arrow.set_path_effects([halo, path_effects.Normal()])
    ax.add_patch(arrow)


def _dot(ax, point, colour=WIRE_COLOUR):
    "A junction: the wire branches here."
    ax.add_patch(Circle(point, 0.045, color=colour, zorder=2))


def _name(ax, point, math, code=None, side="left", colour=TEXT_COLOUR):
    "A value's name at the free end `point` of a wire: the math, and the code's name beneath it."
    lines = [dict(text=math, size=FONT_SIZE, colour=colour), dict(text=code, size=SMALL_SIZE,
             colour=CODE_COLOUR, mono=True)] if math else [dict(text=code, size=FONT_SIZE - 1,
             colour=colour, mono=True)]
    lines = [line for line in lines if line["text"]]
    x, y = point
    if side in ("left", "right"):
        ha, x = ("right", x - 0.08) if side == "left" else ("left", x + 0.08)
        offsets = [0.12, -0.17] if len(lines) == 2 else [0]
        for line, dy in zip(lines, offsets): _text(ax, x, y + dy, **line, ha=ha)
    elif side == "below":
        for line, dy in zip(lines, [-0.08, -0.38]): _text(ax, x, y + dy, **line, va="top")
    else:
        offsets = [0.3, 0.08] if len(lines) == 2 else [0.08]
        for line, dy in zip(lines, offsets): _text(ax, x, y + dy, **line, va="bottom")


def _tag(ax, x, y, code, colour=CODE_COLOUR, **kwargs):
    "A code name written beside a wire inside a diagram."
    _text(ax, x, y, code, size=SMALL_SIZE, colour=colour, mono=True, **kwargs)


def _note(ax, x, y, text):
    "A line of explanation under (or over) a diagram."
    _text(ax, x, y, text, size=SMALL_SIZE + 1, colour=CODE_COLOUR)


def _step(t, steps):
    "The math of time step `t` of `steps`: the last is T_x when steps are skipped before it."
    return r"T_x" if t == steps and steps > 3 else str(t)


def _at(symbol, t, steps, arrow="", layer=None):
    "Mathtext (no `$`) for `symbol⟨t⟩`, optionally under a direction `arrow`, or `symbol[layer]⟨t⟩`."
    base = rf"\{arrow}{{{symbol}}}{{}}" if arrow else symbol
    above = "" if layer is None else f"[{layer}]"
    return rf"{base}^{{{above}\langle {_step(t, steps)} \rangle}}"


def _state(symbol, t, steps, arrow="", layer=None):
    "The math `$symbol⟨t⟩$`: `_at` between dollars."
    return f"${_at(symbol, t, steps, arrow, layer)}$"


# ---------------------------------------------------------------- the basic RNN cell, forward

def rnn_cell_figure():
    "The basic RNN cell, forward: `a_next` from `xt` and `a_prev`, then `yt_pred`."
    fig, ax = _canvas(8, 4.6)
    y = 1.9
    _cell(ax, 1.3, 0.55, 6.5, 4.0)
    Waa = _box(ax, 2.25, y, r"$W_{aa}$")
    plus = _op(ax, 3.45, y, "+")
    Wax = _box(ax, 3.45, 0.95, r"$W_{ax}$")
    tanh = _box(ax, 4.6, y, "tanh", TANH_COLOUR)
    Wya = _box(ax, 5.75, 2.65, r"$W_{ya}\,\cdot+\,b_y$", w=1.2, h=0.5)
    softmax = _box(ax, 5.75, 3.5, "softmax", SOFTMAX_COLOUR, w=1.2, h=0.5)
    _wire(ax, (0.95, y), Waa.left)
    _name(ax, (0.95, y), r"$a^{\langle t-1 \rangle}$", "a_prev")
    _wire(ax, (3.45, 0.15), Wax.bottom)
    _name(ax, (3.45, 0.15), r"$x^{\langle t \rangle}$", "xt", side="below")
    _wire(ax, Waa.right, plus.left)
    _wire(ax, Wax.top, plus.bottom)
    _wire(ax, (3.45, 2.75), plus.top)
    _name(ax, (3.45, 2.75), r"$b_a$", "ba", side="above")
    _wire(ax, plus.right, tanh.left)
    _wire(ax, tanh.right, (7.05, y))
    _name(ax, (7.05, y), r"$a^{\langle t \rangle}$", "a_next", side="right")
    _dot(ax, (Wya.x, y))
    _wire(ax, (Wya.x, y), Wya.bottom)
    _wire(ax, Wya.top, softmax.bottom)
    _wire(ax, softmax.top, (softmax.x, 4.3))
    _name(ax, (softmax.x, 4.3), r"$\hat{y}^{\langle t \rangle}$", "yt_pred", side="above")
    return _fit(fig, ax)


# ---------------------------------------------------------------- chains of cells through time

STEP_DX = 1.6  # horizontal distance between time steps in a chain


def _step_box(ax, x, y, text, w=0.95):
    "One cell of an unrolled chain: a small box in the cells' colours."
    return _box(ax, x, y, text, CELL_COLOUR, w=w, edge=CELL_EDGE)


def _link(ax, start, end, label, last, colour=WIRE_COLOUR, y_label=0.2):
    "The state passed between two steps, dashed with '⋯' when steps are skipped before the last."
    _wire(ax, start, end, colour=colour, dashed=last)
    mid = (start[0] + end[0]) / 2
    _text(ax, mid, start[1] + y_label, r"$\cdots$" if last else label, colour=colour, va="bottom")


def _columns(steps, x0=1.6, dx=STEP_DX):
    "The x positions of `steps` time steps, with room for '⋯' before the last."
    return [x0 + dx * t + (0.3 if t == steps - 1 and steps > 3 else 0) for t in range(steps)]


def _unrolled_row(steps, text, y=1.45):
    "One row of `steps` cells labelled `text` on a new canvas: `a0` in from the left, inputs below."
    xs = _columns(steps)
    fig, ax = _canvas(xs[-1] + 1.9, 4.5)
    cells = [_step_box(ax, x, y, text) for x in xs]
    _wire(ax, (0.95, y), cells[0].left)
    _name(ax, (0.95, y), r"$a^{\langle 0 \rangle}$", "a0")
    _inputs(ax, cells, steps)
    for t, (left, right) in enumerate(zip(cells, cells[1:]), start=1):
        _link(ax, left.right, right.left, _state("a", t, steps), t == steps - 1 and steps > 3)
    return fig, ax, xs, cells


def rnn_unrolled_figure(steps:int=4):
    "The basic RNN unrolled through `steps` time steps, one set of weights."
    y, y_out = 1.45, 2.75
    fig, ax, xs, cells = _unrolled_row(steps, "tanh", y)
    reads = [_box(ax, x, y_out, "softmax", SOFTMAX_COLOUR, w=1.0, h=0.5) for x in xs]
    for t, (cell, read) in enumerate(zip(cells, reads), start=1):
        _wire(ax, cell.top, read.bottom)
        _wire(ax, read.top, (read.x, 3.55))
        _name(ax, (read.x, 3.55), _state(r"\hat{y}", t, steps), side="above")
    _wire(ax, cells[-1].right, (cells[-1].right[0] + 0.55, y))
    _name(ax, (cells[-1].right[0] + 0.55, y), _state("a", steps, steps), side="right")
    shared = r"every step uses the same $W_{aa}, W_{ax}, b_a$ and $W_{ya}, b_y$"
    _note(ax, (xs[0] + xs[-1]) / 2, -0.25, shared)
    return _fit(fig, ax)


def lstm_unrolled_figure(steps:int=4):
    "The LSTM unrolled through `steps` time steps: two states, the memory `c` above the hidden state `a`."
    xs = _columns(steps, dx=1.75)
    fig, ax = _canvas(xs[-1] + 1.9, 5.0)
    y_a, y_c, y_out = 1.3, 2.1, 3.35
    cells = [_box(ax, x, (y_a + y_c) / 2, "LSTM", CELL_COLOUR, w=1.0, h=1.35, edge=CELL_EDGE) for x in xs]
    reads = [_box(ax, x, y_out, "softmax", SOFTMAX_COLOUR, w=1.0, h=0.5) for x in xs]
    for y, state in ((y_a, "a"), (y_c, "c")):
        start = (0.95, y)
        _wire(ax, start, (cells[0].x - 0.5, y))
        _name(ax, start, rf"${state}^{{\langle 0 \rangle}}$", f"{state}0")
        for t, (left, right) in enumerate(zip(cells, cells[1:]), start=1):
            _link(ax, (left.x + 0.5, y), (right.x - 0.5, y), _state(state, t, steps),
                  t == steps - 1 and steps > 3, y_label=0.08)
        end = (cells[-1].x + 1.05, y)
        _wire(ax, (cells[-1].x + 0.5, y), end)
        _name(ax, end, _state(state, steps, steps), side="right")
    for t, (cell, read) in enumerate(zip(cells, reads), start=1):
        _wire(ax, (cell.x, 0.35), cell.bottom)
        _name(ax, (cell.x, 0.35), _state("x", t, steps), side="below")
        _wire(ax, cell.top, read.bottom)
        _wire(ax, read.top, (read.x, y_out + 0.75))
        _name(ax, (read.x, y_out + 0.75), _state(r"\hat{y}", t, steps), side="above")
    _note(ax, (xs[0] + xs[-1]) / 2, -0.35, "every step uses the same $W_f, W_i, W_c, W_o$ and biases")
    return _fit(fig, ax)


# ---------------------------------------------------------------- gated cells

def _gate(ax, x, y, weights):
    "A sigmoid gate box: σ, with its weights and bias under it."
    return _box(ax, x, y, r"$\sigma$", SIGMOID_COLOUR, sub=weights, w=0.72)


def _layer(ax, x, y, weights):
    "A tanh layer box, with its weights and bias under it."
    return _box(ax, x, y, "tanh", TANH_COLOUR, sub=weights, w=0.72)


def _bus(ax, a_path, ends, entry_y):
    "The stack `[a_prev; xt]`: `a_prev` along `a_path`, `xt` up into its end; tapped at each x in `ends`."
    junction = a_path[-1]
    _wire(ax, *a_path, head=False)
    _wire(ax, (junction[0], entry_y), junction, head=False)
    _dot(ax, junction)
    _wire(ax, junction, (max(ends), junction[1]), head=False)
    for x in ends[:-1]: _dot(ax, (x, junction[1]))


def lstm_cell_figure():
    "The LSTM cell in the style of colah's blog: the memory line on top, the four layers below."
    fig, ax = _canvas(8, 4.8)
    y_mem, y_gate, y_bus = 3.5, 1.75, 0.95
    _cell(ax, 1.25, 0.45, 6.8, 4.05)
    forget, keep = _op(ax, 2.4, y_mem, "×"), _op(ax, 4.15, y_mem, "+")
    ft = _gate(ax, 2.4, y_gate, r"$W_f, b_f$")
    it = _gate(ax, 3.3, y_gate, r"$W_i, b_i$")
    cct = _layer(ax, 4.15, y_gate, r"$W_c, b_c$")
    ot = _gate(ax, 5.15, y_gate, r"$W_o, b_o$")
    write = _op(ax, 4.15, 2.72, "×")
    squash = _box(ax, 6.1, 2.72, "tanh", OP_COLOUR, w=0.62, h=0.36)
    show = _op(ax, 6.1, y_gate, "×")
    _wire(ax, (0.95, y_mem), forget.left)
    _name(ax, (0.95, y_mem), r"$c^{\langle t-1 \rangle}$", "c_prev")
    _wire(ax, forget.right, keep.left)
    _wire(ax, keep.right, (7.3, y_mem))
    _name(ax, (7.3, y_mem), r"$c^{\langle t \rangle}$", "c_next", side="right")
    _bus(ax, [(0.95, y_bus), (1.75, y_bus)], [ft.x, it.x, cct.x, ot.x], 0.2)
    _name(ax, (0.95, y_bus), r"$a^{\langle t-1 \rangle}$", "a_prev")
    _name(ax, (1.75, 0.2), r"$x^{\langle t \rangle}$", "xt", side="below")
    _tag(ax, 3.3, 0.72, "[a_prev; xt]")
    for box in (ft, it, cct, ot): _wire(ax, (box.x, y_bus), box.bottom)
    _wire(ax, ft.top, forget.bottom)
    _tag(ax, 2.33, 2.62, "ft", ha="right")
    _wire(ax, it.top, (it.x, write.y), write.left)
    _tag(ax, 3.23, 2.4, "it", ha="right")
    _wire(ax, cct.top, write.bottom)
    _tag(ax, 4.22, 2.25, "cct", ha="left")
    _wire(ax, write.top, keep.bottom)
    _dot(ax, (squash.x, y_mem))
    _wire(ax, (squash.x, y_mem), squash.top)
    _wire(ax, squash.bottom, show.top)
    _wire(ax, ot.right, show.left)
    _tag(ax, 5.7, y_gate + 0.08, "ot", va="bottom")
    _wire(ax, show.right, (7.3, y_gate))
    _name(ax, (7.3, y_gate), r"$a^{\langle t \rangle}$", "a_next", side="right")
    return _fit(fig, ax)


GRU_X = dict(bus=1.4, project=2.22, reset=3.4, update=4.25, cand=5.1, blend=5.95, out=6.75)
GRU_CAPTION = {False: "classic (reset_after=False): rt scales a_prev before the product with Wh",
               True: "reset-after (reset_after=True): rt scales hpt = Wha a_prev + bhh"}


def _gru_reset(ax, bus_x, reset, y_mix, reset_after):
    "The reset gate's product: `rt ⊙ a_prev` (classic) or `rt ⊙ hpt` (reset-after); returns the × node."
    mix = _op(ax, reset.x, y_mix, "×")
    _dot(ax, (bus_x, y_mix))
    if not reset_after:
        _wire(ax, (bus_x, y_mix), mix.left)
        return mix
    project = _box(ax, GRU_X["project"], y_mix, r"$W_{ha}\cdot+b_{hh}$", w=1.15, h=0.5)
    _wire(ax, (bus_x, y_mix), project.left)
    _wire(ax, project.right, mix.left)
    _tag(ax, (project.right[0] + mix.left[0]) / 2, y_mix + 0.08, "hpt", va="bottom")
    return mix


def gru_cell_figure(reset_after:bool=False):
    "The GRU cell, with the reset gate before the candidate's product (classic) or after it."
    x, bus_x = GRU_X, GRU_X["bus"]
    fig, ax = _canvas(8, 5.2)
    y_top, y_gate, y_bus, y_mix, y_z = 3.65, 1.75, 0.95, 2.75, 3.2
    _cell(ax, 1.1, 0.3, 7.15, 4.15)
    keep, blend = _op(ax, x["blend"], y_top, "×"), _op(ax, x["out"], y_top, "+")
    rt = _gate(ax, x["reset"], y_gate, r"$W_r, b_r$")
    zt = _gate(ax, x["update"], y_gate, r"$W_z, b_z$")
    cct = _layer(ax, x["cand"], y_gate, r"$W_{hx}, b_h$" if reset_after else r"$W_h, b_h$")
    flip, write = _op(ax, x["blend"], 2.6, "1−"), _op(ax, x["out"], 2.6, "×")
    _wire(ax, (1.0, y_top), keep.left)
    _name(ax, (1.0, y_top), r"$a^{\langle t-1 \rangle}$", "a_prev")
    _dot(ax, (bus_x, y_top))
    _wire(ax, keep.right, blend.left)
    _wire(ax, blend.right, (7.5, y_top))
    _name(ax, (7.5, y_top), r"$a^{\langle t \rangle}$", "a_next", side="right")
    x_in = bus_x + 0.3
    _bus(ax, [(bus_x, y_top), (bus_x, y_bus), (x_in, y_bus)], [rt.x, zt.x], -0.05)
    _name(ax, (x_in, -0.05), r"$x^{\langle t \rangle}$", "xt", side="below")
    _tag(ax, (x_in + zt.x) / 2, y_bus - 0.2, "[a_prev; xt]")
    for box in (rt, zt): _wire(ax, (box.x, y_bus), box.bottom)
    _dot(ax, (x_in, 0.5))
    _wire(ax, (x_in, 0.5), (cct.x, 0.5), cct.bottom)
    mix = _gru_reset(ax, bus_x, rt, y_mix, reset_after)
    _wire(ax, rt.top, mix.bottom)
    _tag(ax, rt.x - 0.07, 2.3, "rt", ha="right")
    _wire(ax, zt.top, (zt.x, y_z), (keep.x, y_z), keep.bottom)
    _tag(ax, zt.x + 0.07, 2.3, "zt", ha="left")
    _dot(ax, (keep.x, y_z))
    _wire(ax, mix.right, (cct.x, y_mix), cct.top, over=CELL_COLOUR)
    _wire(ax, (keep.x, y_z), flip.top)
    _wire(ax, flip.right, write.left)
    _wire(ax, cct.right, (write.x, y_gate), write.bottom)
    _tag(ax, (cct.right[0] + write.x) / 2, y_gate + 0.08, "cct", va="bottom")
    _wire(ax, write.top, blend.bottom)
    _note(ax, 4.15, 4.45, GRU_CAPTION[reset_after])
    return _fit(fig, ax)


# ---------------------------------------------------------------- gradients

def _grad_branch(ax, x, y_from, text, name, math, up=True, w=1.05):
    "A gradient leaving the `dz` line at `x`, up or down through a box (`text`) to its named end."
    sign = 1 if up else -1
    box = _box(ax, x, y_from + sign * 0.95, text, w=w, h=0.5)
    _dot(ax, (x, y_from), GRAD_COLOUR)
    _wire(ax, (x, y_from), box.bottom if up else box.top, colour=GRAD_COLOUR)
    end = (x, box.y + sign * 0.65)
    _wire(ax, box.top if up else box.bottom, end, colour=GRAD_COLOUR)
    _name(ax, end, math, name, side="above" if up else "below", colour=GRAD_COLOUR)


def backward_step_figure():
    "One backward step of the basic RNN cell: from `da_next` to `dxt, da_prev, dWax, dWaa, dba`."
    fig, ax = _canvas(8, 4.8)
    y = 2.0
    _cell(ax, 1.3, 0.45, 6.95, 3.55)
    derivative = _box(ax, 6.1, y, r"$\odot\,(1-a_{next}^{2})$", TANH_COLOUR, w=1.3)
    Waa_T = _box(ax, 2.0, y, r"$W_{aa}^{\top} dz$", w=1.05)
    _wire(ax, (7.35, y), derivative.right, colour=GRAD_COLOUR)
    _name(ax, (7.35, y), r"$da_{next}$", "da_next", side="right", colour=GRAD_COLOUR)
    _wire(ax, derivative.left, Waa_T.right, colour=GRAD_COLOUR)
    _tag(ax, 5.1, y + 0.08, "dz", colour=GRAD_COLOUR, va="bottom")
    _grad_branch(ax, 4.5, y, r"$dz\,a_{prev}^{\top}$", "dWaa", r"$dW_{aa}$")
    _grad_branch(ax, 3.3, y, r"$\Sigma_j\,dz$", "dba", r"$db_a$")
    _grad_branch(ax, 4.5, y, r"$dz\,x_t^{\top}$", "dWax", r"$dW_{ax}$", up=False)
    _grad_branch(ax, 3.3, y, r"$W_{ax}^{\top} dz$", "dxt", r"$dx_t$", up=False)
    _wire(ax, Waa_T.left, (1.05, y), colour=GRAD_COLOUR)
    _name(ax, (1.05, y), r"$da_{prev}$", "da_prev", colour=GRAD_COLOUR)
    cached = r"a_next, a_prev and xt come from the cache; $\Sigma_j$ sums over the batch"
    _note(ax, 4.1, -0.65, cached)
    return _fit(fig, ax)


def bptt_figure(steps:int=4):
    "Backpropagation through time over `steps` steps: gradients flow from the last step to the first."
    xs = _columns(steps, x0=1.7, dx=1.65)
    fig, ax = _canvas(xs[-1] + 1.6, 4.2)
    y = 1.5
    cells = [_step_box(ax, x, y, rf"$t={_step(t, steps)}$", w=0.8) for t, x in enumerate(xs, start=1)]
    adds = [_op(ax, x + 0.72, y, "+") for x in xs]
    for t, (cell, add) in enumerate(zip(cells, adds), start=1):
        _wire(ax, add.left, cell.right, colour=GRAD_COLOUR)
        _wire(ax, (add.x, 2.55), add.top, colour=GRAD_COLOUR)
        _name(ax, (add.x, 2.55), _state("da", t, steps), side="above", colour=GRAD_COLOUR)
        _wire(ax, cell.bottom, (cell.x, 0.55), colour=GRAD_COLOUR)
        _name(ax, (cell.x, 0.55), _state("dx", t, steps), side="below", colour=GRAD_COLOUR)
    for t in range(1, steps):
        _link(ax, cells[t].left, adds[t - 1].right, "", t == steps - 1 and steps > 3, colour=GRAD_COLOUR)
    _wire(ax, (adds[-1].x + 0.55, y), adds[-1].right, colour=GRAD_COLOUR)
    _text(ax, adds[-1].x + 0.6, y, "0", colour=GRAD_COLOUR, ha="left")
    _wire(ax, cells[0].left, (0.95, y), colour=GRAD_COLOUR)
    _name(ax, (0.95, y), r"$da_0$", "da0", colour=GRAD_COLOUR)
    middle = (xs[0] + xs[-1]) / 2 + 0.35
    _note(ax, middle, -0.15, "the arrows between steps carry da_prev; step t gets da⟨t⟩ + step t + 1's da_prev")
    _note(ax, middle, -0.5, "every step also adds its share to dWax, dWaa and dba")
    return _fit(fig, ax)


# ---------------------------------------------------------------- deeper and two-way networks

def _inputs(ax, cells, steps, y=0.35):
    "The inputs x⟨t⟩ entering the bottom of each cell of a row."
    for t, cell in enumerate(cells, start=1):
        _wire(ax, (cell.x, y), cell.bottom)
        _name(ax, (cell.x, y), _state("x", t, steps), side="below")


def _chain(ax, xs, y, text, start, end, steps, leftwards=False, reach=0.45):
    "A row of cells joined by their states: the initial state `start` in, the final `end` out, `reach` long."
    cells = [_step_box(ax, x, y, text(t), w=0.95) for t, x in enumerate(xs, start=1)]
    for t, (left, right) in enumerate(zip(cells, cells[1:]), start=1):
        ends = (right.left, left.right) if leftwards else (left.right, right.left)
        _link(ax, *ends, "", t == steps - 1 and steps > 3)
    into, out_of = (cells[-1].right, cells[0].left) if leftwards else (cells[0].left, cells[-1].right)
    sign = -1 if leftwards else 1
    entry, exit_ = (into[0] - sign * 0.45, y), (out_of[0] + sign * reach, y)
    _wire(ax, entry, into)
    _name(ax, entry, None, start, side="right" if leftwards else "left")
    _wire(ax, out_of, exit_)
    _name(ax, exit_, None, end, side="left" if leftwards else "right")
    return cells


def stacked_figure(layers:int=2, steps:int=3):
    "A stack of `layers` recurrent layers over `steps` steps: layer l's states are layer l + 1's inputs."
    xs = _columns(steps, x0=2.1, dx=1.75)
    fig, ax = _canvas(xs[-1] + 2.0, 1.6 + 1.3 * layers)
    rows = [_chain(ax, xs, 1.3 + 1.3 * layer, lambda t, layer=layer: _state("a", t, steps, layer=layer),
                   f"a0[{layer}]", f"h_n[{layer}]", steps) for layer in range(layers)]
    _inputs(ax, rows[0], steps, y=0.55)
    for lower, upper in zip(rows, rows[1:]):
        for below, above in zip(lower, upper): _wire(ax, below.top, above.bottom)
    for cell in rows[-1]: _wire(ax, cell.top, (cell.x, cell.top[1] + 0.5))
    middle = (xs[0] + xs[-1]) / 2
    _note(ax, middle, rows[-1][0].top[1] + 0.75, "the top layer's states are the output a")
    _note(ax, middle, -0.12, "every layer k has its own weights layers[k] and initial state a0[k]")
    return _fit(fig, ax)


def bidirectional_figure(steps:int=3):
    "A bidirectional layer over `steps` steps: a forward and a reverse chain, their states stacked."
    xs = _columns(steps, x0=2.5, dx=1.88)
    fig, ax = _canvas(xs[-1] + 2.0, 5.0)
    y_in, y_fwd, y_rev, y_out = 0.85, 1.6, 2.8, 3.95
    forward = _chain(ax, [x - 0.45 for x in xs], y_fwd, lambda t: _state("a", t, steps, "overrightarrow"),
                     "a0[0]", "h_n[0]", steps, reach=0.8)
    reverse = _chain(ax, [x + 0.45 for x in xs], y_rev, lambda t: _state("a", t, steps, "overleftarrow"),
                     "a0[1]", "h_n[1]", steps, leftwards=True, reach=0.8)
    _inputs(ax, forward, steps, y=0.3)
    for t, (x, ahead, back) in enumerate(zip(xs, forward, reverse), start=1):
        pair = rf"$[{_at('a', t, steps, 'overrightarrow')};\ {_at('a', t, steps, 'overleftarrow')}]$"
        both = _box(ax, x, y_out, pair, w=1.5, h=0.55)
        _dot(ax, (ahead.x, y_in))
        _wire(ax, (ahead.x, y_in), (back.x, y_in), back.bottom, over="white")
        _wire(ax, ahead.top, (ahead.x, both.bottom[1]), over="white")
        _wire(ax, back.top, (back.x, both.bottom[1]))
    stacked = "each step's output: the forward state stacked on the reverse one"
    _note(ax, (xs[0] + xs[-1]) / 2, y_out + 0.55, stacked)
    return _fit(fig, ax)


def classify_figure(steps:int=4):
    "Many-to-one: the network reads every input, and only its final state reaches the read-out."
    y, y_out = 1.45, 2.75
    fig, ax, xs, cells = _unrolled_row(steps, "cell", y)
    read = _box(ax, xs[-1], y_out, "softmax", SOFTMAX_COLOUR, w=1.0, h=0.5)
    _wire(ax, cells[-1].top, read.bottom)
    _tag(ax, xs[-1] + 0.12, (cells[-1].top[1] + read.bottom[1]) / 2, "h", ha="left")
    _wire(ax, read.top, (read.x, 3.55))
    _name(ax, (read.x, 3.55), r"$\hat{y}$", side="above")
    _note(ax, (xs[0] + xs[-1]) / 2, -0.25, "only the final state h reaches the read-out, "
          "at each sequence's own last step")
    return _fit(fig, ax)


TOKEN_COLOURS = ("#e2e2e2", "#8ec3e6", "#f6c453", "#c9b8ea")   # one colour per token id of the drawings


def _vector(ax, x, y, colour, h=1.3, w=0.42):
    "A column vector: a tall box in `colour`."
    return _box(ax, x, y, "", colour, w=w, h=h)


def _arc(ax, start, end, bend, colour=WIRE_COLOUR, dashed=False):
    "An arrow from `start` to `end` on a circular arc; `bend` > 0 bends it to the right of its direction."
    ax.add_patch(FancyArrowPatch(start, end, connectionstyle=f"arc3,rad={bend}", arrowstyle="-|>",
                                 mutation_scale=14, color=colour, linewidth=LINE_W * 0.8, zorder=1,
                                 linestyle=(0, (4, 3)) if dashed else "-"))


def embedding_figure(ids=(2, 0, 2)):
    "The embedding's lookup: each id picks its column of `E`; backward, a repeated id's gradients add up."
    fig, ax = _canvas(8.4, 4.6)
    y = 2.4
    table = [_vector(ax, 1.2 + 0.6 * k, y, colour) for k, colour in enumerate(TOKEN_COLOURS)]
    for k, column in enumerate(table): _tag(ax, column.x, column.bottom[1] - 0.2, str(k))
    _text(ax, table[0].left[0] - 0.25, y + 0.12, "$E$", ha="right")
    _tag(ax, table[0].left[0] - 0.25, y - 0.2, "(n_e, n_vocab)", ha="right")
    for t, k in enumerate(ids, start=1):
        column = _vector(ax, 4.6 + 1.2 * (t - 1), y, TOKEN_COLOURS[k])
        _text(ax, column.x, column.bottom[1] - 0.3, rf"$x^{{\langle {t} \rangle}}$")
        _tag(ax, column.x, column.bottom[1] - 0.62, f"id {k}")
        _arc(ax, (table[k].x, table[k].top[1] + 0.05), (column.x, column.top[1] + 0.05), -0.3)
        if ids.count(k) > 1:
            _arc(ax, (column.x, column.bottom[1] - 0.85), (table[k].x, table[k].bottom[1] - 0.4), -0.25,
                 colour=GRAD_COLOUR, dashed=True)
    _note(ax, 3.9, 0.05, "forward: each id picks its column of E;  backward (red): the gradients of a "
          "repeated id add up")
    return _fit(fig, ax)

ALT_TEXT = {  # one sentence per figure, for `#| fig-alt:`
    "rnn_cell_figure":
        "The basic RNN cell: Waa times a_prev plus Wax times xt plus ba goes through tanh to give a_next, "
        "which Wya, by and a softmax turn into the prediction yt_pred.",
    "rnn_unrolled_figure":
        "The basic RNN unrolled through time: the same cell at every step, the initial state a0 entering "
        "from the left, the inputs x<1> to x<T_x> below and the predictions y-hat above.",
    "lstm_cell_figure":
        "The LSTM cell: sigmoid gates ft, it, ot and the tanh candidate cct read [a_prev; xt], the memory "
        "line computes c_next = ft * c_prev + it * cct, and a_next = ot * tanh(c_next).",
    "lstm_unrolled_figure":
        "The LSTM unrolled through time: the same cell at every step passes two states to the next, the "
        "memory c above and the hidden state a below, from c0 and a0; inputs x<t> enter below and the "
        "predictions y-hat leave above.",
    "gru_cell_figure":
        "The GRU cell: sigmoid gates zt and rt read [a_prev; xt], the reset gate scales a_prev (classic) "
        "or hpt (reset-after) inside the tanh candidate cct, and a_next = zt * a_prev + (1 - zt) * cct.",
    "backward_step_figure":
        "One backward step of the RNN cell: da_next times 1 - a_next squared gives dz; Waa and Wax "
        "transposed turn it into da_prev and dxt, and dz times a_prev and xt transposed, and its sum over "
        "the batch, give dWaa, dWax and dba.",
    "bptt_figure":
        "Backpropagation through time: gradients flow from the last step to the first, each step starting "
        "from the loss's da<t> plus the da_prev of the step after it and giving dx<t>.",
    "stacked_figure":
        "A stack of recurrent layers: each layer is a chain of cells with its own initial state a0[k], "
        "and the states of one layer are the inputs of the layer above.",
    "bidirectional_figure":
        "A bidirectional layer: a forward chain reads the inputs left to right, a reverse chain right to "
        "left, and each step's output stacks the two states.",
    "classify_figure":
        "Sequence classification: a recurrent network reads the inputs x<1> to x<T_x>, passing its state "
        "from step to step, and only the final state h goes through a softmax to give one label.",
    "embedding_figure":
        "The embedding lookup: the table E has one coloured column per token id; the ids 2, 0, 2 pick "
        "columns 2, 0 and 2 as the inputs x<1>, x<2>, x<3>, and backwards the gradients of x<1> and x<3> "
        "both flow into column 2 and add up.",
}
