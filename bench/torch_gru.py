"""PyTorch's cuDNN nn.GRU at folio's Reference config: the yardstick for the fused WebGPU kernels.

Embedding(vocab, 256) -> GRU(1024) -> Linear(vocab), batch 64 x window 100, Adam (lr 1e-3), mean softmax
cross-entropy, gradient clipping at 5 (as folio's training step). Prints one JSON line:
  msPerStep            median wall time of a training step (CUDA synchronised)
  trainCharsPerSec     batch * window * 1000 / msPerStep
  charsPerSec          generation, batch 1, one character at a time, sampled on the GPU (no per-char sync)
  peakBytes            torch.cuda.max_memory_allocated during the timed steps

Run on the GPU machine:  python3 bench/torch_gru.py [--steps 50] [--tf32] [--json out.json]
Full fp32 by default (folio's kernels are fp32); --tf32 lets cuDNN use TF32 tensor cores as PyTorch would.
"""

import argparse
import json
import statistics
import time

import torch
from torch import nn


class CharGru(nn.Module):
    def __init__(self, vocab: int, embed: int, units: int):
        super().__init__()
        self.embedding = nn.Embedding(vocab, embed)
        self.gru = nn.GRU(embed, units)  # time-major [T, B, E], like folio
        self.fc = nn.Linear(units, vocab)

    def forward(self, ids, h=None):
        out, h = self.gru(self.embedding(ids), h)
        return self.fc(out), h


def sync(device):
    if device.type == "cuda":
        torch.cuda.synchronize()


def time_training(model, opt, args, device):
    loss_fn = nn.CrossEntropyLoss()
    gen = torch.Generator(device="cpu").manual_seed(1)
    ids = torch.randint(args.vocab, (args.window, args.batch), generator=gen).to(device)
    targets = torch.randint(args.vocab, (args.window, args.batch), generator=gen).to(device)

    def step():
        opt.zero_grad(set_to_none=True)
        logits, _ = model(ids)
        loss = loss_fn(logits.reshape(-1, args.vocab), targets.reshape(-1))
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        opt.step()
        return loss

    for _ in range(args.warmup):
        step()
    sync(device)
    if device.type == "cuda":
        torch.cuda.reset_peak_memory_stats()
    samples = []
    for _ in range(args.steps):
        start = time.perf_counter()
        step()
        sync(device)
        samples.append((time.perf_counter() - start) * 1000)
    peak = torch.cuda.max_memory_allocated() if device.type == "cuda" else None
    return statistics.median(samples), samples, peak


@torch.no_grad()
def time_generation(model, args, device):
    def generate(count):
        h = None
        x = torch.zeros((1, 1), dtype=torch.long, device=device)
        out = torch.empty(count, dtype=torch.long, device=device)
        for i in range(count):
            logits, h = model(x, h)
            x = torch.multinomial(torch.softmax(logits[0], -1), 1)  # [1, 1], stays on the GPU
            out[i] = x[0, 0]
        return out.tolist()  # one readback at the end

    generate(16)
    sync(device)
    start = time.perf_counter()
    generate(args.chars)
    sync(device)
    return args.chars / (time.perf_counter() - start)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--vocab", type=int, default=65)  # Tiny Shakespeare
    p.add_argument("--embed", type=int, default=256)
    p.add_argument("--units", type=int, default=1024)
    p.add_argument("--batch", type=int, default=64)
    p.add_argument("--window", type=int, default=100)
    p.add_argument("--steps", type=int, default=30)
    p.add_argument("--warmup", type=int, default=5)
    p.add_argument("--chars", type=int, default=1000)
    p.add_argument("--tf32", action="store_true")
    p.add_argument("--json", help="also write the result to this file")
    args = p.parse_args()

    torch.backends.cudnn.allow_tf32 = args.tf32
    torch.backends.cuda.matmul.allow_tf32 = args.tf32
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    torch.manual_seed(0)
    model = CharGru(args.vocab, args.embed, args.units).to(device)
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)

    ms, samples, peak = time_training(model, opt, args, device)
    result = {
        "config": "reference",
        "runtime": f"pytorch {torch.__version__}",
        "device": torch.cuda.get_device_name() if device.type == "cuda" else "cpu",
        "cudnn": torch.backends.cudnn.version() if device.type == "cuda" else None,
        "tf32": args.tf32,
        "msPerStep": ms,
        "trainCharsPerSec": args.batch * args.window * 1000 / ms,
        "charsPerSec": time_generation(model, args, device),
        "peakBytes": peak,
        "samplesMs": [round(s, 2) for s in samples],
    }
    print(json.dumps(result))
    if args.json:
        with open(args.json, "w") as f:
            json.dump(result, f, indent=2)


if __name__ == "__main__":
    main()
