"""The learning benchmark's PyTorch side (issue 11): folio's protocol in torch.nn, to read beside folio's table.

Same protocol as the app (python/folio_torch holds it): code-point vocabulary, last share held out, non-overlapping
windows of T+1 shuffled per epoch by folio's seeded generator, the app's validation windows, Keras-style
initialisation (Glorot-uniform kernels whose fan-out counts the cell's gates, uniform ±0.05 embedding, zero biases),
the cell the settings name (nn.GRU, nn.LSTM or the tanh nn.RNN, as python/folio_torch builds it), folio's Adam (ε 1e-7) with
global-norm clipping. Only the random draws differ (torch's generator for weights and dropout masks).
bench/learn.mjs --torch runs it with the settings folio used; it prints the same columns as folio.

  python3 bench/torch_learn.py --text FILE --settings '{"model": {...}, "train": {...}}' [--steps 3000]
      [--eval-every 250] [--seeds 1,2,3] [--validation-batches 32] [--device cpu|cuda] [--json out.json]
"""

import argparse
import json
import math
import os
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "python"))
from folio_torch.data import CharDataset, Position  # noqa: E402
from folio_torch.model import CharModel, mean_cross_entropy  # noqa: E402
from folio_torch.optim import FolioAdam, clip_scale, global_norm, learning_rate_at  # noqa: E402
from folio_torch.text import read_text  # noqa: E402

ADAM = {"step": 0, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-7}

# Gate blocks of H rows in a cell's kernels (src/shared/cell.ts CELL_GATES): GRU r, z, n; LSTM i, f, g, o; RNN one.
CELL_GATES = {"gru": 3, "lstm": 4, "rnn": 1}


def glorot_(weight: torch.Tensor, fan_in: int, fan_out: int, gen: torch.Generator) -> None:
    limit = math.sqrt(6 / (fan_in + fan_out))
    weight.copy_(torch.rand(weight.shape, generator=gen) * 2 * limit - limit)


@torch.no_grad()
def keras_init_(model: CharModel, units: int, gen: torch.Generator) -> None:
    """folio's initialWeights (src/worker/model/init.ts), with torch's generator: a kernel [G·H, inputs] has fan-in
    inputs and fan-out G·H (Keras counts every gate), whatever the layer."""
    cell = f"{model.cell}.weight_"
    for name, p in model.named_parameters():
        if name == "embedding.weight":
            p.copy_(torch.rand(p.shape, generator=gen) * 0.1 - 0.05)
        elif name.startswith(cell):
            glorot_(p, p.shape[1], CELL_GATES[model.cell] * units, gen)
        elif name == "fc.weight":
            glorot_(p, p.shape[1], p.shape[0], gen)
        else:
            p.zero_()


def build_model(model: dict, vocab: int) -> CharModel:
    return CharModel(
        vocab,
        model["embeddingDim"],
        model["units"],
        layers=model.get("layers", 1),
        dropout=model.get("dropout", 0),
        embedding_dropout=model.get("embeddingDropout", False),
        cell=model.get("cell", "gru"),
    )


@torch.no_grad()
def evaluate(model, batches, device) -> float:
    model.eval()
    total = sum(mean_cross_entropy(model(x.to(device))[0], y.to(device)).item() for x, y in batches)
    model.train()
    return total / len(batches)


def learn(ids: list, vocab: int, settings: dict, seed: int, args) -> dict:
    train = dict(settings["train"], seed=seed)
    device = torch.device(args.device)
    data = CharDataset(ids, train["batchSize"], train["windowLength"], train["validationShare"], seed)
    gen = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)  # dropout masks
    model = build_model(settings["model"], vocab)
    keras_init_(model, settings["model"]["units"], gen)
    model.to(device).train()
    params = dict(model.named_parameters())
    zeros = {n: torch.zeros_like(p) for n, p in params.items()}
    adam = FolioAdam(params, zeros, zeros, ADAM)
    validation = data.validation_batches(args.validation_batches)
    total_steps = train.get("totalSteps") or train["epochs"] * data.steps_per_epoch
    pos, step, rows = Position(0, 0), 0, []
    started = time.perf_counter()
    since = {"time": started, "loss": 0.0, "count": 0, "chars": 0}
    print(
        f"\nPyTorch · seed {seed} · {device}\n{'step':>7}  {'train':>7}  {'valid':>7}  {'chars/s':>9}  {'seconds':>8}",
        flush=True,
    )
    while step < args.steps:
        x, y = data.train_batch(pos)
        pos = data.advance(pos)
        for p in params.values():
            p.grad = None
        loss = mean_cross_entropy(model(x.to(device))[0], y.to(device))
        loss.backward()
        value, norm = loss.item(), global_norm(params.values()).item()
        if not (math.isfinite(value) and math.isfinite(norm)):
            continue
        adam.step(learning_rate_at(step, train, total_steps), clip_scale(norm, train["clipNorm"]))
        step += 1
        since["loss"] += value
        since["count"] += 1
        since["chars"] += x.numel()
        if step % args.eval_every and step != args.steps:
            continue
        if device.type == "cuda":
            torch.cuda.synchronize()
        now = time.perf_counter()
        row = {
            "step": step,
            "trainLoss": since["loss"] / since["count"],
            "validationLoss": evaluate(model, validation, device),
            "charsPerSec": since["chars"] / (now - since["time"]),
            "elapsed": time.perf_counter() - started,
        }
        rows.append(row)
        print(
            f"{step:>7}  {row['trainLoss']:>7.4f}  {row['validationLoss']:>7.4f}  {row['charsPerSec']:>9.0f}  {row['elapsed']:>8.1f}",
            flush=True,
        )
        since = {"time": time.perf_counter(), "loss": 0.0, "count": 0, "chars": 0}
    return {"seed": seed, "device": str(device), "model": settings["model"], "train": train, "rows": rows}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--text", required=True)
    ap.add_argument("--settings", required=True, help="JSON: {model, train} as folio's results give them")
    ap.add_argument("--steps", type=int, default=3000)
    ap.add_argument("--eval-every", type=int, default=250)
    ap.add_argument("--seeds", default="1,2,3")
    ap.add_argument("--validation-batches", type=int, default=32)
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--threads", type=int, default=0, help="CPU threads (default: torch's choice)")
    ap.add_argument("--json")
    args = ap.parse_args()
    if args.threads:
        torch.set_num_threads(args.threads)
    settings = json.loads(args.settings)
    text = read_text(args.text)
    chars = sorted(set(text))  # code points, as folio's buildVocabulary
    index = {c: i for i, c in enumerate(chars)}
    ids = [index[c] for c in text]
    results = [learn(ids, len(chars), settings, int(s), args) for s in args.seeds.split(",")]
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
