"""folio's model in torch.nn: Embedding(V, E) -> GRU(E, H) -> Linear(H, V); the checkpoint's names are these
modules' state_dict keys, and PyTorch's GRU equations are folio's (reset gate applied after the recurrent matmul)."""
import torch
from torch import nn
import torch.nn.functional as F


class CharGRU(nn.Module):
    def __init__(self, vocab_size: int, embedding_dim: int, units: int):
        super().__init__()
        self.embedding = nn.Embedding(vocab_size, embedding_dim)
        self.gru = nn.GRU(embedding_dim, units)  # time-major, like folio's [T, B] batches
        self.fc = nn.Linear(units, vocab_size)

    def forward(self, ids: torch.Tensor, h0=None):
        """ids [T, B] -> logits [T, B, V] and the last hidden state [1, B, H]."""
        outputs, last = self.gru(self.embedding(ids), h0)
        return self.fc(outputs), last


def mean_cross_entropy(logits: torch.Tensor, targets: torch.Tensor) -> torch.Tensor:
    """Mean softmax cross-entropy over all T·B positions, as the app's crossEntropy."""
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1))


def model_from_checkpoint(ckpt) -> CharGRU:
    m = ckpt.model
    model = CharGRU(m["vocabSize"], m["embeddingDim"], m["units"])
    model.load_state_dict({k: v.clone() for k, v in ckpt.weights.items()})
    return model
