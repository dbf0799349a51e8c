"""bench/torch_learn.py builds the settings' cell and initialises it as folio's initialWeights does: Glorot-uniform
kernels whose fan-out counts the cell's gates (3·H GRU, 4·H LSTM, H RNN) at every layer, zero biases, ±0.05
embedding."""

import importlib.util
import math
import os
import unittest

import torch

BENCH = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "bench", "torch_learn.py")
spec = importlib.util.spec_from_file_location("torch_learn", BENCH)
torch_learn = importlib.util.module_from_spec(spec)
spec.loader.exec_module(torch_learn)

GATES = {"gru": 3, "lstm": 4, "rnn": 1}


class TorchLearnCells(unittest.TestCase):
    def test_each_cell_is_built_and_initialised_with_its_gate_count(self):
        vocab, embed, units = 65, 16, 48
        for cell, module in [("gru", torch.nn.GRU), ("lstm", torch.nn.LSTM), ("rnn", torch.nn.RNN)]:
            settings = {"cell": cell, "embeddingDim": embed, "units": units, "layers": 2}
            model = torch_learn.build_model(settings, vocab)
            self.assertIsInstance(model.recurrent, module)
            torch_learn.keras_init_(model, units, torch.Generator().manual_seed(3))
            for name, p in model.named_parameters():
                if name.startswith(f"{cell}.weight_"):
                    limit = math.sqrt(6 / (p.shape[1] + GATES[cell] * units))
                    # uniform draws of thousands of weights come within 2% of the limit, and never past it
                    self.assertLessEqual(p.abs().max().item(), limit, f"{cell} {name}")
                    self.assertGreater(p.abs().max().item(), 0.98 * limit, f"{cell} {name}")
                elif "bias" in name:
                    self.assertEqual(p.abs().max().item(), 0, f"{cell} {name}")
            self.assertLessEqual(model.embedding.weight.abs().max().item(), 0.05)

    def test_a_model_without_a_cell_is_a_gru(self):
        model = torch_learn.build_model({"embeddingDim": 8, "units": 8}, 10)
        self.assertEqual(model.cell, "gru")


if __name__ == "__main__":
    unittest.main()
