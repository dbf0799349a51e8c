"""LSTM and tanh RNN checkpoints made by the app: nn.LSTM / nn.RNN load them strictly under PyTorch's names, the
validation loss and greedy text equal the app's, a resumed run writes the same cell back, version-2 files read as
GRUs and tensors of another cell are refused by name."""

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from fixture import CHECKPOINT, FIXTURE, TEXT, expected  # noqa: E402
from folio_torch import checkpoint  # noqa: E402
from folio_torch.distributed import Context  # noqa: E402
from folio_torch.errors import FolioError  # noqa: E402
from folio_torch.generate import generate_text  # noqa: E402
from folio_torch.model import model_from_checkpoint  # noqa: E402
from folio_torch.resume import Run  # noqa: E402
from folio_torch.text import encode, read_text, vocabulary_of  # noqa: E402
from test_layers import rewrite  # noqa: E402

import torch  # noqa: E402

CELLS = {"lstm": (torch.nn.LSTM, 4, 2), "rnn": (torch.nn.RNN, 1, 1)}  # module, gates, layers in the fixture


def path_of(cell: str) -> str:
    return os.path.join(FIXTURE, f"{cell}.folio.safetensors")


class CellsTest(unittest.TestCase):
    def test_the_cells_module_loads_the_weights_strictly(self):
        for cell, (module, gates, layers) in CELLS.items():
            with self.subTest(cell=cell):
                ckpt = checkpoint.load(path_of(cell))
                self.assertEqual((ckpt.model["cell"], ckpt.model["layers"]), (cell, layers))
                e, h = ckpt.model["embeddingDim"], ckpt.model["units"]
                net = module(e, h, num_layers=layers)
                prefix = f"{cell}."
                net.load_state_dict({n[len(prefix) :]: t for n, t in ckpt.weights.items() if n.startswith(prefix)})
                self.assertEqual(list(net.weight_ih_l0.shape), [gates * h, e])
                self.assertEqual(list(net.weight_hh_l0.shape), [gates * h, h])
                model = model_from_checkpoint(ckpt)  # strict load_state_dict of the whole model
                self.assertIsInstance(model.recurrent, module)
                self.assertEqual(sorted(model.state_dict()), sorted(ckpt.weights))
                if cell == "rnn":
                    self.assertEqual(model.recurrent.nonlinearity, "tanh")

    def test_validation_loss_greedy_text_and_resume_equal_the_apps(self):
        for cell in CELLS:
            with self.subTest(cell=cell):
                want = expected()["cells"][cell]
                ckpt = checkpoint.load(path_of(cell))
                ids = encode(read_text(TEXT), vocabulary_of(ckpt.vocabulary, ckpt.char_map))
                run = Run(ckpt, ids, 0, Context(0, 1, torch.device("cpu")))
                self.assertLess(abs(run.evaluate() - want["validationLoss"]) / want["validationLoss"], 1e-4)
                text = want["greedy"]["text"]
                self.assertEqual(generate_text(ckpt, want["greedy"]["seed"], len(text), 0, 1), text)
                loss, applied = run.train_once()
                self.assertTrue(applied and loss > 0)
                out = checkpoint.parse(checkpoint.encode(run.export(read_text(TEXT), ids, "rhyme.txt")))
                self.assertEqual(out.model["cell"], cell)
                self.assertEqual(checkpoint.weight_names(out.model)[1:5], checkpoint.cell_layer_names(cell, 0))

    def test_a_version_2_file_reads_as_a_gru(self):
        ckpt = checkpoint.load(CHECKPOINT)
        model = {k: v for k, v in ckpt.model.items() if k != "cell"}
        old = checkpoint.parse(rewrite(CHECKPOINT, {"version": "2", "model": json.dumps(model)}))
        self.assertEqual(old.model["cell"], "gru")
        self.assertIsInstance(model_from_checkpoint(old).recurrent, torch.nn.GRU)

    def test_tensors_of_another_cell_are_refused_by_name(self):
        ckpt = checkpoint.load(path_of("lstm"))
        as_gru = json.dumps({**ckpt.model, "cell": "gru"})
        with self.assertRaisesRegex(
            FolioError, r'declares a GRU cell, but it holds LSTM tensors \("lstm.weight_ih_l0"\)'
        ):
            checkpoint.parse(rewrite(path_of("lstm"), {"model": as_gru}))
        as_rnn = json.dumps({**ckpt.model, "cell": "rnn"})
        with self.assertRaisesRegex(FolioError, "declares an RNN cell, but it holds LSTM tensors"):
            checkpoint.parse(rewrite(path_of("lstm"), {"model": as_rnn}))
        with self.assertRaisesRegex(FolioError, "cell must be gru, lstm or rnn"):
            checkpoint.parse(rewrite(path_of("lstm"), {"model": json.dumps({**ckpt.model, "cell": "transformer"})}))


if __name__ == "__main__":
    unittest.main()
