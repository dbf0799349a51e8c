"""Command line: `python -m folio_torch {resume,generate,info} ...`; bad input ends with a message and exit code 2."""

import argparse
import sys

from . import checkpoint
from .errors import FolioError


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="folio_torch", description="Continue a folio run in PyTorch and bring it back to the app."
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="{resume,generate,info}")

    r = sub.add_parser(
        "resume",
        help="continue training a checkpoint on a text and write a new checkpoint",
        description="Continue a folio run for N steps with folio's data order, Adam state and schedule, "
        "then write a folio checkpoint the app imports. Run under torchrun for several processes.",
    )
    r.add_argument("checkpoint", help="a folio checkpoint (.folio.safetensors) exported from the app")
    r.add_argument("text", help="the training text (UTF-8); the run's own text continues exactly")
    r.add_argument("--steps", type=positive_int, required=True, help="training steps to run")
    r.add_argument("--out", required=True, help="where to write the new checkpoint")
    r.add_argument("--device", default="", help="cpu, cuda or cuda:N (default: cuda when available, else cpu)")
    r.add_argument("--batch-size", type=positive_int, default=0, help="global batch size (default: the run's own)")
    r.add_argument(
        "--unknown",
        choices=("map", "stop"),
        default="stop",
        help="characters outside the vocabulary: map them to the run's unknown symbol, or stop (default)",
    )
    r.add_argument("--quiet", action="store_true", help="no progress bar")

    g = sub.add_parser(
        "generate",
        help="write text with a checkpoint",
        description="Print the characters a checkpoint writes after a seed text (the seed itself is not printed).",
    )
    g.add_argument("checkpoint", help="a folio checkpoint")
    g.add_argument("--seed-text", required=True, help="text to start from")
    g.add_argument("--length", type=positive_int, required=True, help="characters to write")
    g.add_argument("--temperature", type=float, default=0.8, help="0 is greedy; higher is more varied (default 0.8)")
    g.add_argument("--sampling-seed", type=int, default=1, help="seed of the draws, as in the app (default 1)")
    g.add_argument("--device", default="cpu", help="cpu, cuda or cuda:N (default cpu)")

    i = sub.add_parser(
        "info", help="describe a checkpoint", description="Print a checkpoint's model, run state and losses."
    )
    i.add_argument("checkpoint", help="a folio checkpoint")
    return p


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be a whole number of at least 1")
    return value


def info(args) -> int:
    c = checkpoint.load(args.checkpoint)
    s = c.state
    last = lambda h: f"{h[-1]['loss']:.4f} at step {h[-1]['step']}" if h else "none"  # noqa: E731
    lines = [
        f"run:        {s.get('name')} ({s.get('runId')})",
        f"model:      {c.model.get('layers', 1)} × {checkpoint.CELL_LABELS[checkpoint.cell_of(c.model)]} {c.model['units']} (dropout {c.model.get('dropout', 0)}), embedding {c.model['embeddingDim']}, {c.model['vocabSize']} characters, "
        f"{checkpoint.parameter_count(c.model):,} parameters",
        f"text:       {s.get('textName')} ({s.get('textCharacters')} characters, fingerprint {s.get('textFingerprint')})",
        f"step:       {s['step']} (epoch {s['position']['epoch']}, batch {s['position']['batchInEpoch']} of the epoch)",
        f"adam:       t={s['adam']['step']}, beta1={s['adam']['beta1']}, beta2={s['adam']['beta2']}, epsilon={s['adam']['epsilon']}",
        "train:      " + ", ".join(f"{k}={c.train[k]}" for k in sorted(c.train)),
        f"losses:     training {last(c.history['train'])}; validation {last(c.history['validation'])}",
    ]
    if c.char_map:
        lines.append(
            f"rare chars: {len(c.char_map['merged'])} merged into {c.char_map['symbol']!r} (seen fewer than {c.char_map['below']} times)"
        )
    print("\n".join(lines))
    return 0


def generate(args) -> int:
    from .generate import generate_text

    if not 0 <= args.temperature <= 10:
        raise FolioError("--temperature must be from 0 (greedy) to 10.")
    c = checkpoint.load(args.checkpoint)
    sys.stdout.write(generate_text(c, args.seed_text, args.length, args.temperature, args.sampling_seed, args.device))
    sys.stdout.flush()
    return 0


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "resume":
            from .resume import resume

            return resume(args)
        return generate(args) if args.command == "generate" else info(args)
    except FolioError as e:
        print(f"folio_torch: error: {e}", file=sys.stderr)
        return 2
