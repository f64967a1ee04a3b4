"""Recurrent networks in numpy, explained and proven.

The basic RNN, the LSTM and the GRU, one step and a whole sequence, forward and backward; a fast engine,
stacked and bidirectional networks, training and sampling. Every chapter of the book
(https://rnn-literate.github.io/rnn_literate) is a module; the names below are the ones the chapters
teach. `rnn-literate --help` lists the command line's subcommands."""
__version__ = "0.2.0"

# The public surface: what the chapters teach. Everything else (layout tables, format strings, gate orders,
# the unchecked steps and loops) stays importable from its own module, e.g. `rnn_literate.utils.RNN_LAYOUT`.
from .utils import init_rnn_params, init_lstm_params
from .rnn_cell import rnn_cell_forward
from .rnn_seq import rnn_forward
from .lstm_cell import lstm_cell_forward
from .lstm_seq import lstm_forward
from .backward import grad_check, rnn_cell_backward, rnn_backward, lstm_cell_backward, lstm_backward
from .gru import init_gru_params, gru_cell_forward, gru_forward, gru_cell_backward, gru_backward
from .fast import rnn_forward_fast, rnn_backward_fast, lstm_forward_fast, lstm_backward_fast
from .fast import gru_forward_fast, gru_backward_fast
from .cells import Cell, CELLS, get_cell, register_cell, init_params
from .stacked import stacked_forward, stacked_backward, init_stacked_params
from .stacked import stacked_to_torch, stacked_from_torch
from .loss import cross_entropy, loss_and_grads
from .optim import SGD, Adam, clip_grads
from .training import fit
from .sampling import sample
from .model_files import ModelFileError, save_model, load_model
from .charlm import train_charlm, sample_words
from .embedding import init_embedding, embedding_forward, embedding_backward
from .loss import network_forward, network_backward
from .classify import classify_loss_and_grads, classify

__all__ = [
    "init_rnn_params", "init_lstm_params", "rnn_cell_forward", "rnn_forward",
    "lstm_cell_forward", "lstm_forward",
    "grad_check", "rnn_cell_backward", "rnn_backward", "lstm_cell_backward", "lstm_backward",
    "init_gru_params", "gru_cell_forward", "gru_forward", "gru_cell_backward", "gru_backward",
    "rnn_forward_fast", "rnn_backward_fast", "lstm_forward_fast", "lstm_backward_fast",
    "gru_forward_fast", "gru_backward_fast",
    "Cell", "CELLS", "get_cell", "register_cell", "init_params",
    "stacked_forward", "stacked_backward", "init_stacked_params", "stacked_to_torch", "stacked_from_torch",
    "cross_entropy", "loss_and_grads", "SGD", "Adam", "clip_grads", "fit", "sample",
    "ModelFileError", "save_model", "load_model", "train_charlm", "sample_words",
    "init_embedding", "embedding_forward", "embedding_backward", "network_forward", "network_backward",
    "classify_loss_and_grads", "classify",
]
