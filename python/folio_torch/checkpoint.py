"""A folio checkpoint in Python: the same content the app's src/shared/checkpoint/checkpointFile.ts reads and writes.

Weights use PyTorch's names; Adam's moments are `optimizer.adam.m.<name>` / `optimizer.adam.v.<name>`; config,
vocabulary, run state and loss history are JSON strings in the safetensors metadata.
"""

import json
import math
import re
from dataclasses import dataclass, field
from typing import Optional

import torch

from . import safetensors_io
from .errors import FolioError

FORMAT = "folio-checkpoint"
# 2 added stacked GRU layers (gru.*_l1, gru.*_l2) and dropout; 3 added the cell (lstm.*, rnn.* beside gru.*).
# Version-1 and 2 files are GRUs and still load.
VERSION = 3
READABLE_VERSIONS = (1, 2, 3)
# The names of a one-layer model (every version-1 file); weight_names(model) gives any model's.
WEIGHT_NAMES = (
    "embedding.weight",
    "gru.weight_ih_l0",
    "gru.weight_hh_l0",
    "gru.bias_ih_l0",
    "gru.bias_hh_l0",
    "fc.weight",
    "fc.bias",
)
# Model settings added in versions 2 and 3 (config.ts MODEL_DEFAULTS): older files are one GRU layer without dropout.
MODEL_DEFAULTS = {"cell": "gru", "layers": 1, "dropout": 0, "embeddingDropout": False}
# Gate blocks of H rows in W_ih and W_hh, as torch.nn.RNNBase's gate_size (shared/cell.ts CELL_GATES).
CELL_GATES = {"gru": 3, "lstm": 4, "rnn": 1}
CELL_LABELS = {"gru": "GRU", "lstm": "LSTM", "rnn": "RNN"}
MAX_LAYERS = 3
M_PREFIX = "optimizer.adam.m."
V_PREFIX = "optimizer.adam.v."
# Settings added to folio after version 1 was fixed: older checkpoints train as they did (config.ts TRAIN_DEFAULTS).
TRAIN_DEFAULTS = {"lrSchedule": "constant", "warmupSteps": 0, "sampleEvery": 0, "earlyStopPatience": 0}


@dataclass
class Checkpoint:
    model: dict  # cell, vocabSize, embeddingDim, units, layers, dropout, embeddingDropout
    train: dict  # TrainConfig: batchSize, windowLength, learningRate, clipNorm, validationShare, seed, ...
    vocabulary: list  # id -> character
    state: dict  # runId, name, createdAt, textName, textFingerprint, textCharacters, step, position, adam
    history: dict  # {"train": [{step, loss}], "validation": [...]}
    weights: dict  # name -> tensor
    m: dict
    v: dict
    char_map: Optional[dict] = None  # {"symbol", "below", "merged"}
    sample: Optional[dict] = None
    extra_metadata: dict = field(default_factory=dict)


def cell_layer_names(cell: str, layer: int) -> list:
    """The four tensors of layer l of a cell, as nn.GRU, nn.LSTM and nn.RNN name them."""
    return [
        f"{cell}.weight_ih_l{layer}",
        f"{cell}.weight_hh_l{layer}",
        f"{cell}.bias_ih_l{layer}",
        f"{cell}.bias_hh_l{layer}",
    ]


def gru_layer_names(layer: int) -> list:
    return cell_layer_names("gru", layer)


def cell_of(model: dict) -> str:
    return model.get("cell", "gru")


def weight_names(model: dict) -> list:
    """Every weight in the app's order: embedding, cell layer 0, 1, ..., output layer."""
    cell, layers = cell_of(model), model.get("layers", 1)
    return ["embedding.weight", *[n for l in range(layers) for n in cell_layer_names(cell, l)], "fc.weight", "fc.bias"]


def weight_shapes(model: dict) -> dict:
    v, e, h = model["vocabSize"], model["embeddingDim"], model["units"]
    rows = CELL_GATES[cell_of(model)] * h
    shapes = {"embedding.weight": [v, e], "fc.weight": [v, h], "fc.bias": [v]}
    for l in range(model.get("layers", 1)):
        wih, whh, bih, bhh = cell_layer_names(cell_of(model), l)
        shapes.update({wih: [rows, e if l == 0 else h], whh: [rows, h], bih: [rows], bhh: [rows]})
    return shapes


def load(path: str) -> Checkpoint:
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise FolioError(f"Cannot read the checkpoint {path}: {e.strerror}.") from None
    return parse(data)


def parse(data: bytes) -> Checkpoint:
    header = safetensors_io.read_header(data)
    meta = header.get("__metadata__")
    if not isinstance(meta, dict) or meta.get("format") != FORMAT:
        raise FolioError("This is a safetensors file, but not a folio checkpoint (no folio format tag).")
    version = meta.get("version")
    if version not in [str(n) for n in READABLE_VERSIONS]:
        newer = version is not None and version.isdigit() and int(version) > VERSION
        hint = " Update folio_torch (it comes with the folio version that wrote the file)." if newer else ""
        raise FolioError(
            f"This checkpoint has format version {version}; folio_torch reads versions 1 to {VERSION}.{hint}"
        )
    model = _json(meta, "model")
    model = {**MODEL_DEFAULTS, **model} if isinstance(model, dict) else model
    train = {**TRAIN_DEFAULTS, **_json(meta, "train")}
    vocabulary = _json(meta, "vocabulary")
    state = _json(meta, "state")
    history = _json(meta, "history")
    _check_vocabulary(model, vocabulary)
    tensors = safetensors_io.read_tensors(data, header)
    _check_layers(model, tensors)
    shapes = weight_shapes(model)
    expected = set()

    def take(name, shape):
        expected.add(name)
        t = tensors.get(name)
        if t is None:
            raise FolioError(f'The tensor "{name}" is missing.')
        if list(t.shape) != shape:
            raise FolioError(f'The tensor "{name}" has shape {list(t.shape)}, but the model needs {shape}.')
        if not torch.isfinite(t).all():
            raise FolioError(f'The tensor "{name}" holds NaN or infinite values.')
        return t

    names = weight_names(model)
    weights = {n: take(n, shapes[n]) for n in names}
    m = {n: take(M_PREFIX + n, shapes[n]) for n in names}
    v = {n: take(V_PREFIX + n, shapes[n]) for n in names}
    extra = sorted(set(tensors) - expected)
    if extra:
        raise FolioError(f"The file has tensors folio does not know: {', '.join(extra[:3])}.")
    for key in ("step", "position", "adam"):
        if key not in state:
            raise FolioError(f'The checkpoint\'s run state has no "{key}".')
    known = {"format", "version", "model", "train", "vocabulary", "state", "history", "sample", "charMap"}
    return Checkpoint(
        model=model,
        train=train,
        vocabulary=vocabulary,
        state=state,
        history=history,
        weights=weights,
        m=m,
        v=v,
        char_map=_json(meta, "charMap") if "charMap" in meta else None,
        sample=_json(meta, "sample") if "sample" in meta else None,
        extra_metadata={k: s for k, s in meta.items() if k not in known},
    )


def encode(c: Checkpoint) -> bytes:
    """The same layout as the app's encodeCheckpoint: weights, then m, then v, each in weight_names order."""
    dump = lambda x: json.dumps(x, separators=(",", ":"), ensure_ascii=False, allow_nan=False)  # noqa: E731
    metadata = {
        "format": FORMAT,
        "version": str(VERSION),
        "model": dump({**MODEL_DEFAULTS, **c.model}),
        "train": dump(c.train),
        "vocabulary": dump(c.vocabulary),
        "state": dump(c.state),
        "history": dump(c.history),
    }
    if c.sample is not None:
        metadata["sample"] = dump(c.sample)
    if c.char_map is not None:
        metadata["charMap"] = dump(c.char_map)
    tensors = {}
    names = weight_names({**MODEL_DEFAULTS, **c.model})
    for n in names:
        tensors[n] = c.weights[n]
    for n in names:
        tensors[M_PREFIX + n] = c.m[n]
    for n in names:
        tensors[V_PREFIX + n] = c.v[n]
    return safetensors_io.encode(metadata, tensors)


def save(c: Checkpoint, path: str) -> None:
    data = encode(c)
    with open(path, "wb") as f:
        f.write(data)


def _json(meta: dict, key: str):
    if key not in meta:
        raise FolioError(f'The checkpoint has no "{key}" entry.')
    try:
        return json.loads(meta[key], parse_constant=_no_constant)
    except ValueError:
        raise FolioError(f'The checkpoint\'s "{key}" entry is not valid JSON.') from None


def _no_constant(name):
    raise ValueError(name)


def _check_vocabulary(model: dict, vocabulary) -> None:
    if not isinstance(model, dict) or not all(
        isinstance(model.get(k), int) for k in ("vocabSize", "embeddingDim", "units")
    ):
        raise FolioError("The checkpoint's model settings are malformed.")
    if not isinstance(vocabulary, list) or len(vocabulary) != model["vocabSize"]:
        raise FolioError("The vocabulary does not match the model's output layer.")
    if any(not isinstance(ch, str) or len(ch) != 1 for ch in vocabulary) or len(set(vocabulary)) != len(vocabulary):
        raise FolioError("The vocabulary must list distinct single characters.")


def _check_layers(model: dict, tensors: dict) -> None:
    """The cell known, layers and dropout in range, and the cell's layer tensors exactly for the declared layers."""
    layers, dropout, cell = model.get("layers"), model.get("dropout"), model.get("cell")
    if cell not in CELL_GATES:
        raise FolioError(f"The checkpoint's cell must be gru, lstm or rnn, not {cell!r}.")
    if not isinstance(layers, int) or isinstance(layers, bool) or not 1 <= layers <= MAX_LAYERS:
        raise FolioError(f"The checkpoint's layers must be a whole number from 1 to {MAX_LAYERS}, not {layers!r}.")
    if not isinstance(dropout, (int, float)) or isinstance(dropout, bool) or not 0 <= dropout <= 0.5:
        raise FolioError(f"The checkpoint's dropout must be a number from 0 to 0.5, not {dropout!r}.")
    if not isinstance(model.get("embeddingDropout"), bool):
        raise FolioError("The checkpoint's embeddingDropout must be true or false.")
    label = CELL_LABELS[cell]
    found = set()
    for n in tensors:
        m = re.match(r"^(?:optimizer\.adam\.[mv]\.)?(gru|lstm|rnn)\.(?:weight|bias)_(?:ih|hh)_l(\d+)$", n)
        if not m:
            continue
        if m.group(1) != cell:
            article = "a" if cell == "gru" else "an"
            raise FolioError(
                f'The checkpoint declares {article} {label} cell, but it holds {CELL_LABELS[m.group(1)]} tensors ("{n}").'
            )
        found.add(int(m.group(2)))
    extra = sorted(l for l in found if l >= layers)
    if extra:
        plural = "" if layers == 1 else "s"
        raise FolioError(
            f"The checkpoint declares {layers} {label} layer{plural}, but it holds tensors of layer {extra[0]} too."
        )
    for l in range(layers):
        if l not in found:
            raise FolioError(f"The checkpoint declares {layers} {label} layers, but {label} layer {l} is missing.")


def parameter_count(model: dict) -> int:
    return sum(math.prod(s) for s in weight_shapes(model).values())
