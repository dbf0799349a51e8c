"""folio's data protocol (src/shared/data/corpusPlan.ts, batches.ts): the same split, windows and order.

The text's ids split into training and validation parts; the training part into non-overlapping windows of
windowLength + 1 characters, shuffled per epoch by mulberry32(mixSeed(seed, epoch, 0x0da7a)). Batches are
time-major: inputs and targets [T, B].
"""

import math
from dataclasses import dataclass

import torch

from .errors import FolioError
from .rng import Mulberry32, mix_seed, permutation


@dataclass
class Position:
    epoch: int
    batch_in_epoch: int

    def as_json(self) -> dict:
        return {"epoch": self.epoch, "batchInEpoch": self.batch_in_epoch}


class CharDataset:
    def __init__(self, ids: list, batch_size: int, window_length: int, validation_share: float, seed: int):
        n = len(ids)
        self.batch_size = batch_size
        self.window_length = window_length
        self.seed = seed
        self.validation_characters = math.floor(n * validation_share)
        self.train_characters = n - self.validation_characters
        self.span = window_length + 1
        self.windows_per_epoch = self.train_characters // self.span
        self.steps_per_epoch = self.windows_per_epoch // batch_size
        self.validation_windows = self.validation_characters // self.span
        if self.steps_per_epoch == 0:
            raise FolioError(
                f"The training part ({self.train_characters} characters) holds {self.windows_per_epoch} window(s) of "
                f"{self.span} characters, fewer than one batch of {batch_size}. Use a longer text or a smaller --batch-size."
            )
        all_ids = torch.tensor(ids, dtype=torch.long)
        self.train = all_ids[: self.train_characters]
        self.validation = all_ids[self.train_characters :]
        self._order = (-1, None)
        self._offsets = torch.arange(self.span).unsqueeze(1)  # [T+1, 1]

    def train_batch(self, pos: Position):
        """(inputs, targets), each [T, B] long."""
        perm = self._epoch_order(pos.epoch)
        b = self.batch_size
        starts = perm[pos.batch_in_epoch * b : (pos.batch_in_epoch + 1) * b] * self.span
        return self._gather(self.train, starts)

    def advance(self, pos: Position) -> Position:
        nxt = pos.batch_in_epoch + 1
        return Position(pos.epoch + 1, 0) if nxt >= self.steps_per_epoch else Position(pos.epoch, nxt)

    def validation_batches(self, max_batches: int = 4) -> list:
        """The app's fixed validation batches, spread over the held-out part; empty when it is too short."""
        windows = self.validation_windows
        if windows == 0:
            return []
        b = min(self.batch_size, windows)
        count = min(max_batches, windows // b)
        stride = windows // (count * b)
        out = []
        for k in range(count):
            starts = torch.tensor([(k * b + i) * stride * self.span for i in range(b)], dtype=torch.long)
            out.append(self._gather(self.validation, starts))
        return out

    def _epoch_order(self, epoch: int) -> torch.Tensor:
        if self._order[0] != epoch:
            rng = Mulberry32(mix_seed(self.seed, epoch, 0x0DA7A))
            self._order = (epoch, torch.tensor(permutation(self.windows_per_epoch, rng), dtype=torch.long))
        return self._order[1]

    def _gather(self, source: torch.Tensor, starts: torch.Tensor):
        windows = source[starts.unsqueeze(0) + self._offsets]  # [T+1, B]
        return windows[:-1], windows[1:]


def rescale_position(pos: Position, old_batch: int, new_batch: int, steps_per_epoch: int) -> Position:
    """A position counted in batches of old_batch, in batches of new_batch: the windows already used in this
    epoch are skipped (rounded up to whole new batches)."""
    if old_batch == new_batch:
        return pos
    used = pos.batch_in_epoch * old_batch
    nxt = -(-used // new_batch)
    return Position(pos.epoch + 1, 0) if nxt >= steps_per_epoch else Position(pos.epoch, nxt)
