"""Stacked GRU layers and dropout: PyTorch's nn.GRU(num_layers=L, dropout=p) loads the app's weights, version-1
files read as one layer, and layer tensors that do not fit the declared layers are refused."""

import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from fixture import CHECKPOINT, FIXTURE, TEXT, expected  # noqa: E402
from folio_torch import checkpoint, safetensors_io  # noqa: E402
from folio_torch.distributed import Context  # noqa: E402
from folio_torch.errors import FolioError  # noqa: E402
from folio_torch.generate import generate_text  # noqa: E402
from folio_torch.resume import Run  # noqa: E402
from folio_torch.text import encode, read_text, vocabulary_of  # noqa: E402

import json  # noqa: E402
import torch  # noqa: E402

DEEP = os.path.join(FIXTURE, "deep.folio.safetensors")


def rewrite(path: str, meta_patch: dict = None, drop=(), add=None) -> bytes:
    """The file's bytes with metadata entries replaced and tensors removed or added."""
    with open(path, "rb") as f:
        data = f.read()
    header = safetensors_io.read_header(data)
    meta = {**header["__metadata__"], **(meta_patch or {})}
    tensors = {n: t for n, t in safetensors_io.read_tensors(data, header).items() if n not in drop}
    tensors.update(add or {})
    return safetensors_io.encode(meta, tensors)


class LayersTest(unittest.TestCase):
    def test_nn_gru_with_layers_and_dropout_loads_the_exported_weights(self):
        ckpt = checkpoint.load(DEEP)
        self.assertEqual((ckpt.model["layers"], ckpt.model["dropout"]), (2, 0.2))
        e, h = ckpt.model["embeddingDim"], ckpt.model["units"]
        gru = torch.nn.GRU(e, h, num_layers=2, dropout=0.2)
        gru.load_state_dict({n[len("gru.") :]: t for n, t in ckpt.weights.items() if n.startswith("gru.")})
        self.assertEqual(list(gru.weight_ih_l1.shape), [3 * h, h])
        self.assertTrue(torch.equal(gru.weight_hh_l1, ckpt.weights["gru.weight_hh_l1"]))

    def test_validation_loss_and_greedy_text_equal_the_apps(self):
        want = expected()["deep"]
        ckpt = checkpoint.load(DEEP)
        ids = encode(read_text(TEXT), vocabulary_of(ckpt.vocabulary, ckpt.char_map))
        run = Run(ckpt, ids, 0, Context(0, 1, torch.device("cpu")))
        self.assertLess(
            abs(run.evaluate() - want["validationLoss"]) / want["validationLoss"], 1e-4
        )  # no dropout when validating
        self.assertEqual(
            generate_text(ckpt, want["greedy"]["seed"], len(want["greedy"]["text"]), 0, 1), want["greedy"]["text"]
        )
        loss, applied = run.train_once()  # with PyTorch's own dropout masks
        self.assertTrue(applied and loss > 0)
        out = checkpoint.parse(checkpoint.encode(run.export(read_text(TEXT), ids, "rhyme.txt")))
        self.assertEqual(checkpoint.weight_names(out.model)[5:9], checkpoint.gru_layer_names(1))

    def test_a_version_1_file_reads_as_one_layer(self):
        ckpt = checkpoint.load(CHECKPOINT)
        model = {k: ckpt.model[k] for k in ("vocabSize", "embeddingDim", "units")}
        old = checkpoint.parse(rewrite(CHECKPOINT, {"version": "1", "model": json.dumps(model)}))
        self.assertEqual(old.model, {**model, "cell": "gru", "layers": 1, "dropout": 0, "embeddingDropout": False})
        self.assertEqual(list(old.weights), list(checkpoint.WEIGHT_NAMES))

    def test_layer_tensors_that_do_not_fit_are_refused(self):
        ckpt = checkpoint.load(DEEP)
        layer1 = [p + n for p in ("", checkpoint.M_PREFIX, checkpoint.V_PREFIX) for n in checkpoint.gru_layer_names(1)]
        with self.assertRaisesRegex(FolioError, "declares 2 GRU layers, but GRU layer 1 is missing"):
            checkpoint.parse(rewrite(DEEP, drop=layer1))
        one = json.dumps({**ckpt.model, "layers": 1})
        with self.assertRaisesRegex(FolioError, "declares 1 GRU layer, but it holds tensors of layer 1"):
            checkpoint.parse(rewrite(DEEP, {"model": one}))
        with self.assertRaisesRegex(FolioError, r'"gru.weight_ih_l1" has shape'):
            checkpoint.parse(rewrite(DEEP, add={"gru.weight_ih_l1": ckpt.weights["gru.weight_ih_l0"]}))
        with self.assertRaisesRegex(FolioError, "layers must be a whole number from 1 to 3"):
            checkpoint.parse(rewrite(DEEP, {"model": json.dumps({**ckpt.model, "layers": 4})}))


if __name__ == "__main__":
    unittest.main()
