"""folio's model in torch.nn: Embedding(V, E) -> [Dropout] -> cell(E, H, num_layers=L, dropout=p) -> Linear(H, V),
the cell nn.GRU, nn.LSTM or the tanh nn.RNN as the checkpoint says; the checkpoint's names are these modules'
state_dict keys (gru.*, lstm.*, rnn.*), and PyTorch's equations are folio's (the GRU's reset gate applied after the
recurrent matmul; the LSTM's gates i, f, g, o). The cell's dropout acts between layers only, as the app's `dropout`;
the app's `embeddingDropout` is the separate nn.Dropout on the embeddings (no weights, so state_dict names are
unchanged). Dropout masks come from PyTorch's generator, not the app's: a resumed run with dropout draws other masks."""

import torch
from torch import nn
import torch.nn.functional as F

# torch.nn.RNNBase's modes; RNN is the tanh one.
CELL_MODULES = {"gru": nn.GRU, "lstm": nn.LSTM, "rnn": nn.RNN}


class CharModel(nn.Module):
    def __init__(
        self,
        vocab_size: int,
        embedding_dim: int,
        units: int,
        layers: int = 1,
        dropout: float = 0.0,
        embedding_dropout: bool = False,
        cell: str = "gru",
    ):
        super().__init__()
        self.cell = cell
        self.embedding = nn.Embedding(vocab_size, embedding_dim)
        self.embedding_dropout = nn.Dropout(dropout) if embedding_dropout and dropout > 0 else nn.Identity()
        # The recurrent module is registered under the cell's name only, so state_dict keys are gru.*, lstm.* or rnn.*.
        # It warns about dropout with one layer (it would do nothing): pass 0 then.
        recurrent = CELL_MODULES[cell](embedding_dim, units, num_layers=layers, dropout=dropout if layers > 1 else 0.0)
        self.add_module(cell, recurrent)  # time-major
        self.fc = nn.Linear(units, vocab_size)

    @property
    def recurrent(self) -> nn.RNNBase:
        return getattr(self, self.cell)

    def forward(self, ids: torch.Tensor, state=None):
        """ids [T, B] -> logits [T, B, V] and the last state of every layer: h [L, B, H], or (h, c) for the LSTM."""
        outputs, last = self.recurrent(self.embedding_dropout(self.embedding(ids)), state)
        return self.fc(outputs), last


def mean_cross_entropy(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Mean softmax cross-entropy over all T·B positions, as the app's crossEntropy."""
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))


def model_from_checkpoint(ckpt) -> CharModel:
    m = ckpt.model
    model = CharModel(
        m["vocabSize"],
        m["embeddingDim"],
        m["units"],
        layers=m.get("layers", 1),
        dropout=float(m.get("dropout", 0)),
        embedding_dropout=bool(m.get("embeddingDropout", False)),
        cell=m.get("cell", "gru"),
    )
    model.load_state_dict({k: v.clone() for k, v in ckpt.weights.items()})  # strict: every name, nothing more
    return model
