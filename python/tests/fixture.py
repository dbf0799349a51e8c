"""The checkpoint the app's own code made (written by `npx vitest run src/test/pytorch.test.ts`), and a CLI runner."""
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIXTURE = os.path.join(HERE, ".fixture")
CHECKPOINT = os.path.join(FIXTURE, "run.folio.safetensors")
TEXT = os.path.join(FIXTURE, "rhyme.txt")


def expected() -> dict:
    path = os.path.join(FIXTURE, "expected.json")
    if not os.path.exists(path):
        raise AssertionError(f"{path} is missing: run `npx vitest run src/test/pytorch.test.ts` first (npm run test:python does).")
    with open(path, encoding="utf-8") as f:
        return json.load(f)


# torch 1.13 under Python 3.11 cannot parse torchrun's default "0" for these (3.11's flag iteration skips
# Std.NONE and Std.ALL); "1" (stdout through a log file, copied to the console) works on every version.
TORCHRUN_OUTPUT = ["--redirects", "1", "--tee", "1"]


def env() -> dict:
    return {**os.environ, "PYTHONPATH": os.path.join(ROOT, "python"), "OMP_NUM_THREADS": "1"}


def cli(*args: str, torchrun: int = 0) -> subprocess.CompletedProcess:
    """Runs `python -m folio_torch ...` (under torchrun with that many processes when asked)."""
    launcher = [sys.executable, "-m", "torch.distributed.run", "--nproc_per_node", str(torchrun), "--master_port", "29517", *TORCHRUN_OUTPUT] if torchrun else [sys.executable]
    return subprocess.run([*launcher, "-m", "folio_torch", *args], cwd=ROOT, env=env(), capture_output=True, text=True, timeout=300)
