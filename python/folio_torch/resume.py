"""`resume`: continue a folio run on a text for N steps, exactly as the app would, and export the result."""

import math
import os
from copy import deepcopy
from datetime import datetime, timezone

import torch
from torch.nn.parallel import DistributedDataParallel

from . import checkpoint
from .data import CharDataset, Position, rescale_position
from .distributed import Context, finish_together, mean_across, setup, teardown
from .errors import FolioError
from .model import mean_cross_entropy, model_from_checkpoint
from .optim import FolioAdam, clip_scale, global_norm, learning_rate_at
from .progress import ProgressBar
from .text import encode, fingerprint, read_text, vocabulary_of

# Steps skipped in a row for a non-finite loss before the run stops (the app's MAX_BAD_STEPS).
MAX_BAD_STEPS = 5


def resume(args) -> int:
    ckpt = checkpoint.load(args.checkpoint)
    text = read_text(args.text)
    ids = encode(text, vocabulary_of(ckpt.vocabulary, ckpt.char_map), args.unknown)
    ctx = setup(args.device)
    try:
        run = Run(ckpt, ids, args.batch_size, ctx)
        run.train_steps(args.steps, ProgressBar(args.steps, enabled=ctx.is_main and not args.quiet))
        if ctx.is_main:
            out = run.export(text, ids, os.path.basename(args.text))
            checkpoint.save(out, args.out)
            last = out.history["train"][-1]["loss"] if out.history["train"] else float("nan")
            print(f"Wrote {args.out}: step {out.state['step']}, last training loss {last:.4f}.")
        finish_together(ctx)
    finally:
        teardown(ctx)
    return 0


class Run:
    def __init__(self, ckpt: checkpoint.Checkpoint, ids: list, batch_size, ctx: Context):
        self.ckpt = ckpt
        self.ctx = ctx
        self.train = dict(ckpt.train)
        recorded = self.train["batchSize"]
        if batch_size:
            self.train["batchSize"] = batch_size
        b = self.train["batchSize"]
        if b % ctx.world != 0:
            raise FolioError(
                f"The batch size {b} does not split evenly over {ctx.world} processes; choose a multiple of {ctx.world}."
            )
        self.data = CharDataset(ids, b, self.train["windowLength"], self.train["validationShare"], self.train["seed"])
        pos = ckpt.state["position"]
        self.position = rescale_position(
            Position(pos["epoch"], pos["batchInEpoch"]), recorded, b, self.data.steps_per_epoch
        )
        self.model = model_from_checkpoint(ckpt).to(ctx.device)
        self.params = dict(self.model.named_parameters())
        self.adam = FolioAdam(self.params, ckpt.m, ckpt.v, ckpt.state["adam"])
        ddp_devices = [ctx.device] if ctx.device.type == "cuda" else None
        self.net = DistributedDataParallel(self.model, device_ids=ddp_devices) if ctx.distributed else self.model
        self.step = int(ckpt.state["step"])
        self.history = deepcopy(ckpt.history)
        # A planned run's length is its totalSteps (the learning-rate schedule ends there); else its epochs.
        self.total_steps = self.train.get("totalSteps") or self.train["epochs"] * self.data.steps_per_epoch
        share = b // ctx.world
        self.columns = slice(ctx.rank * share, (ctx.rank + 1) * share)  # this rank's windows of each batch
        self.skipped = 0

    def train_steps(self, count: int, bar: ProgressBar) -> None:
        bad_in_a_row = 0
        loss = float("nan")
        for done in range(1, count + 1):
            loss, applied = self.train_once()
            bad_in_a_row = 0 if applied else bad_in_a_row + 1
            if bad_in_a_row >= MAX_BAD_STEPS:
                bar.close()
                raise FolioError(
                    f"The loss was not finite for {MAX_BAD_STEPS} steps in a row; the run diverged. Lower the learning rate."
                )
            if applied and self.step % self.train["evalEvery"] == 0:
                v = self.evaluate()
                if v is not None:
                    self.history["validation"].append({"step": self.step, "loss": v})
                    bar.validation = v
                    bar.note(f"step {self.step}: validation loss {v:.4f}")
            bar.update(done, self.step, loss)
        bar.close()

    def train_once(self):
        """One step on the batch at the current position: (mean loss over the global batch, applied)."""
        inputs, targets = self.data.train_batch(self.position)
        inputs = inputs[:, self.columns].to(self.ctx.device)
        targets = targets[:, self.columns].to(self.ctx.device)
        rate = learning_rate_at(self.step, self.train, self.total_steps)
        for p in self.params.values():
            p.grad = None
        self.model.train()  # dropout on in training steps only
        logits, _ = self.net(inputs)
        local = mean_cross_entropy(logits, targets)
        local.backward()  # under DDP the gradients are averaged over ranks here
        loss = mean_across(local.detach(), self.ctx).item()
        norm = global_norm(self.params.values()).item()
        self.position = self.data.advance(self.position)  # a bad batch is passed over, not retried
        if not (math.isfinite(loss) and math.isfinite(norm)):
            self.skipped += 1
            return loss, False
        self.adam.step(rate, clip_scale(norm, self.train["clipNorm"]))
        self.step += 1
        self.history["train"].append({"step": self.step, "loss": loss})
        return loss, True

    @torch.no_grad()
    def evaluate(self):
        """Mean loss over the app's fixed validation batches, or None when the text has no validation part."""
        batches = self.data.validation_batches(self.train.get("validationBatches") or 4)
        if not batches:
            return None
        total = 0.0
        self.model.eval()  # no dropout when validating
        for inputs, targets in batches:
            logits, _ = self.model(inputs.to(self.ctx.device))
            total += mean_cross_entropy(logits, targets.to(self.ctx.device)).item()
        return total / len(batches)

    def export(self, text: str, ids: list, text_name: str) -> checkpoint.Checkpoint:
        """The run as a folio checkpoint: same format version, run id and name; state and history carried on."""
        c = self.ckpt
        state = dict(c.state)
        print_fp = fingerprint(text)
        if print_fp != state.get("textFingerprint"):
            state.update(textName=text_name, textFingerprint=print_fp)
        state.update(
            createdAt=datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            textCharacters=len(ids),
            step=self.step,
            position=self.position.as_json(),
            adam=self.adam.state(),
        )
        cpu = lambda d: {n: t.detach().to("cpu", torch.float32).clone() for n, t in d.items()}  # noqa: E731
        return checkpoint.Checkpoint(
            model=dict(c.model),
            train=self.train,
            vocabulary=list(c.vocabulary),
            state=state,
            history=self.history,
            weights=cpu(self.params),
            m=cpu(self.adam.m),
            v=cpu(self.adam.v),
            char_map=c.char_map,
            sample=None,  # the app's last sample describes a step this file is past
        )
