"""folio's model in torch.nn: Embedding(V, E) -> [Dropout] -> GRU(E, H, num_layers=L, dropout=p) -> Linear(H, V);
the checkpoint's names are these modules' state_dict keys, and PyTorch's GRU equations are folio's (reset gate
applied after the recurrent matmul). nn.GRU's dropout acts between layers only, as the app's `dropout`; the app's
`embeddingDropout` is the separate nn.Dropout on the embeddings (no weights, so state_dict names are unchanged).
Dropout masks come from PyTorch's generator, not the app's: a resumed run with dropout draws other masks."""

import torch
from torch import nn
import torch.nn.functional as F


class CharGRU(nn.Module):
    def __init__(
        self,
        vocab_size: int,
        embedding_dim: int,
        units: int,
        layers: int = 1,
        dropout: float = 0.0,
        embedding_dropout: bool = False,
    ):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embedding_dim)
        self.embedding_dropout = nn.Dropout(dropout) if embedding_dropout and dropout > 0 else nn.Identity()
        # nn.GRU warns about dropout with one layer (it would do nothing): pass 0 then.
        self.gru = nn.GRU(embedding_dim, units, num_layers=layers, dropout=dropout if layers > 1 else 0.0)  # time-major
        self.fc = nn.Linear(units, vocab_size)

    def forward(self, ids: torch.Tensor, h0=None):
        """ids [T, B] -> logits [T, B, V] and the last hidden state of every layer [L, B, H]."""
        outputs, last = self.gru(self.embedding_dropout(self.embedding(ids)), h0)
        return self.fc(outputs), last


def mean_cross_entropy(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Mean softmax cross-entropy over all T·B positions, as the app's crossEntropy."""
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))


def model_from_checkpoint(ckpt) -> CharGRU:
    m = ckpt.model
    model = CharGRU(
        m["vocabSize"],
        m["embeddingDim"],
        m["units"],
        layers=m.get("layers", 1),
        dropout=float(m.get("dropout", 0)),
        embedding_dropout=bool(m.get("embeddingDropout", False)),
    )
    model.load_state_dict({k: v.clone() for k, v in ckpt.weights.items()})
    return model
