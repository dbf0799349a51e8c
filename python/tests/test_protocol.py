"""folio_torch continues the app's run exactly: same random numbers, batches, losses and Adam steps."""

import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from fixture import CHECKPOINT, TEXT, cli, expected  # noqa: E402
from folio_torch import checkpoint  # noqa: E402
from folio_torch.data import CharDataset, Position  # noqa: E402
from folio_torch.distributed import Context  # noqa: E402
from folio_torch.resume import Run  # noqa: E402
from folio_torch.rng import Mulberry32, mix_seed  # noqa: E402
from folio_torch.text import encode, fingerprint, read_text, vocabulary_of  # noqa: E402

import torch  # noqa: E402


def relative(a: float, b: float) -> float:
    return abs(a - b) / abs(b)


class ProtocolTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.want = expected()
        cls.ckpt = checkpoint.load(CHECKPOINT)
        cls.text = read_text(TEXT)
        cls.ids = encode(cls.text, vocabulary_of(cls.ckpt.vocabulary, cls.ckpt.char_map))

    def run_from_fixture(self) -> Run:
        return Run(checkpoint.load(CHECKPOINT), self.ids, 0, Context(0, 1, torch.device("cpu")))

    def test_random_numbers_and_fingerprint_match_the_app_bit_for_bit(self):
        rng = Mulberry32(self.want["rng"]["seed"])
        self.assertEqual([rng.next() for _ in self.want["rng"]["values"]], self.want["rng"]["values"])
        self.assertEqual(mix_seed(*self.want["mixSeed"]["parts"]), self.want["mixSeed"]["value"])
        self.assertEqual(fingerprint(self.text), self.want["fingerprint"])

    def test_the_next_batch_is_the_apps(self):
        t = self.ckpt.train
        data = CharDataset(self.ids, t["batchSize"], t["windowLength"], t["validationShare"], t["seed"])
        pos = self.ckpt.state["position"]
        inputs, targets = data.train_batch(Position(pos["epoch"], pos["batchInEpoch"]))
        self.assertEqual(inputs.reshape(-1).tolist(), self.want["nextBatch"]["inputs"])
        self.assertEqual(targets.reshape(-1).tolist(), self.want["nextBatch"]["targets"])

    def test_first_resumed_losses_equal_the_apps(self):
        run = self.run_from_fixture()
        self.assertLess(relative(run.evaluate(), self.want["validationLoss"]), 1e-4)
        for k, app_loss in enumerate(self.want["continuedLosses"]):
            loss, applied = run.train_once()
            self.assertTrue(applied)
            self.assertLess(relative(loss, app_loss), 1e-4, f"resumed step {k + 1}: torch {loss}, app {app_loss}")

    def test_the_loss_keeps_falling(self):
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "out.folio.safetensors")
            r = cli("resume", CHECKPOINT, TEXT, "--steps", "60", "--out", out, "--device", "cpu")
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("validation loss", r.stderr)  # progress lines
            back = checkpoint.load(out)
        start = self.want["step"]
        losses = [p["loss"] for p in back.history["train"][start:]]
        self.assertEqual(len(losses), 60)
        mean = lambda xs: sum(xs) / len(xs)  # noqa: E731
        self.assertLess(mean(losses[-10:]), mean(losses[:10]) * 0.9)
        vals = [p["loss"] for p in back.history["validation"] if p["step"] > start]
        self.assertGreaterEqual(len(vals), 5)
        self.assertLess(vals[-1], vals[0])
        self.assertEqual(back.state["adam"]["step"], start + 60)


if __name__ == "__main__":
    unittest.main()
