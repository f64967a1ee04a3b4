__version__ = "0.1.0"

from .utils import *
from .rnn_cell import *
from .rnn_seq import *
from .lstm_cell import *
from .lstm_seq import *
from .backward import *
from .torch_compat import *
from .gru import *
from .stacked import *
from .fast import *
from .train import *
from .charlm import *
from .vanishing import *
