"""The checkpoint the app's own code made (written by `npx vitest run src/test/pytorch.test.ts`), and a CLI runner."""

import json
import os
import signal
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
        raise AssertionError(
            f"{path} is missing: run `npx vitest run src/test/pytorch.test.ts` first (npm run test:python does)."
        )
    with open(path, encoding="utf-8") as f:
        return json.load(f)


# torch 1.13 under Python 3.11 cannot parse torchrun's default "0" for these (3.11's flag iteration skips
# Std.NONE and Std.ALL); "1" (stdout through a log file, copied to the console) works on every version.
TORCHRUN_OUTPUT = ["--redirects", "1", "--tee", "1"]


def env() -> dict:
    return {**os.environ, "PYTHONPATH": os.path.join(ROOT, "python"), "OMP_NUM_THREADS": "1"}


def cli(*args: str, torchrun: int = 0) -> subprocess.CompletedProcess:
    """Runs `python -m folio_torch ...` (under torchrun with that many processes when asked)."""
    # --standalone: a rendezvous on a free local port, so runs side by side (or a leftover) never collide.
    launcher = (
        [
            sys.executable,
            "-m",
            "torch.distributed.run",
            "--standalone",
            "--nproc_per_node",
            str(torchrun),
            *TORCHRUN_OUTPUT,
        ]
        if torchrun
        else [sys.executable]
    )
    # Its own process group, so a timeout ends the launcher and every worker it started.
    with subprocess.Popen(
        [*launcher, "-m", "folio_torch", *args],
        cwd=ROOT,
        env=env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    ) as proc:
        try:
            out, err = proc.communicate(timeout=240)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            raise AssertionError(f"folio_torch {' '.join(args[:1])} did not finish in 240 s; stderr:\n{err[-2000:]}")
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)
