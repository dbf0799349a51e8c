"""torchrun with two CPU processes (gloo) reaches the same weights as one process on the same global batches."""

import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from fixture import CHECKPOINT, TEXT, cli, expected  # noqa: E402
from folio_torch import checkpoint  # noqa: E402

import torch  # noqa: E402
import torch.distributed as dist  # noqa: E402

STEPS = 6


@unittest.skipUnless(dist.is_available() and dist.is_gloo_available(), "this torch has no gloo backend")
class DistributedTest(unittest.TestCase):
    def test_two_processes_match_one(self):
        expected()
        with tempfile.TemporaryDirectory() as tmp:
            one, two = os.path.join(tmp, "one.safetensors"), os.path.join(tmp, "two.safetensors")
            r1 = cli("resume", CHECKPOINT, TEXT, "--steps", str(STEPS), "--out", one, "--device", "cpu", "--quiet")
            self.assertEqual(r1.returncode, 0, r1.stderr)
            r2 = cli(
                "resume",
                CHECKPOINT,
                TEXT,
                "--steps",
                str(STEPS),
                "--out",
                two,
                "--device",
                "cpu",
                "--quiet",
                torchrun=2,
            )
            self.assertEqual(r2.returncode, 0, r2.stderr + r2.stdout)
            a, b = checkpoint.load(one), checkpoint.load(two)
        self.assertEqual(a.state["step"], b.state["step"])
        self.assertEqual(a.state["position"], b.state["position"])
        for name in checkpoint.weight_names(a.model):
            for x, y in ((a.weights[name], b.weights[name]), (a.m[name], b.m[name]), (a.v[name], b.v[name])):
                self.assertTrue(
                    torch.allclose(x, y, rtol=1e-4, atol=1e-6), f"{name}: max difference {(x - y).abs().max().item()}"
                )
        for p, q in zip(a.history["train"], b.history["train"]):
            self.assertAlmostEqual(p["loss"], q["loss"], delta=1e-5 * p["loss"])

    def test_a_batch_that_does_not_split_is_refused(self):
        with tempfile.TemporaryDirectory() as tmp:
            r = cli(
                "resume",
                CHECKPOINT,
                TEXT,
                "--steps",
                "1",
                "--out",
                os.path.join(tmp, "x"),
                "--device",
                "cpu",
                "--batch-size",
                "7",
                "--quiet",
                torchrun=2,
            )
        self.assertNotEqual(r.returncode, 0)
        self.assertIn("does not split evenly over 2 processes", r.stderr + r.stdout)


if __name__ == "__main__":
    unittest.main()
