"""`generate`: text from a checkpoint, as the app writes it (src/worker/decoding/generate.ts, sampler.ts)."""

import math

import torch

from .model import model_from_checkpoint
from .rng import Mulberry32
from .text import seed_ids, vocabulary_of


def argmax(values: list) -> int:
    """The first index of the largest value, as the app's argmax."""
    best = 0
    for i in range(1, len(values)):
        if values[i] > values[best]:
            best = i
    return best


def sample_from_logits(logits: list, temperature: float, rng: Mulberry32) -> int:
    """Index drawn from softmax(logits / temperature) with the app's seeded draw; greedy at temperature 0."""
    if temperature <= 0:
        return argmax(logits)
    top = max(logits)
    weights = [math.exp((x - top) / temperature) for x in logits]
    u = rng.next() * sum(weights)
    for i, w in enumerate(weights):
        u -= w
        if u < 0:
            return i
    return argmax(logits)  # only reached through rounding at u ≈ total


@torch.no_grad()
def generate_text(
    ckpt, seed_text: str, length: int, temperature: float, sampling_seed: int, device: str = "cpu"
) -> str:
    """The continuation of seed_text (without it): the seed runs as one window, then one character at a time."""
    vocab = vocabulary_of(ckpt.vocabulary, ckpt.char_map)
    model = model_from_checkpoint(ckpt).to(device).eval()
    rng = Mulberry32(sampling_seed)
    ids = seed_ids(seed_text, vocab)
    logits, h = model(torch.tensor(ids, dtype=torch.long, device=device).unsqueeze(1))  # [T, 1, V]
    out = []
    while True:
        out.append(sample_from_logits(logits[-1, 0].tolist(), temperature, rng))
        if len(out) >= length:
            break
        logits, h = model(torch.tensor([[out[-1]]], dtype=torch.long, device=device), h)
    return "".join(vocab.chars[i] for i in out)
