"""A folio checkpoint in Python: the same content the app's src/shared/checkpoint/checkpointFile.ts reads and writes.

Weights use PyTorch's names; Adam's moments are `optimizer.adam.m.<name>` / `optimizer.adam.v.<name>`; config,
vocabulary, run state and loss history are JSON strings in the safetensors metadata.
"""
import json
import math
from dataclasses import dataclass, field
from typing import Optional

import torch

from . import safetensors_io
from .errors import FolioError

FORMAT = "folio-checkpoint"
VERSION = 1
WEIGHT_NAMES = (
    "embedding.weight",
    "gru.weight_ih_l0",
    "gru.weight_hh_l0",
    "gru.bias_ih_l0",
    "gru.bias_hh_l0",
    "fc.weight",
    "fc.bias",
)
M_PREFIX = "optimizer.adam.m."
V_PREFIX = "optimizer.adam.v."
# Settings added to folio after version 1 was fixed: older checkpoints train as they did (config.ts TRAIN_DEFAULTS).
TRAIN_DEFAULTS = {"lrSchedule": "constant", "warmupSteps": 0, "sampleEvery": 0, "earlyStopPatience": 0}


@dataclass
class Checkpoint:
    model: dict  # vocabSize, embeddingDim, units
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


def weight_shapes(model: dict) -> dict:
    v, e, h = model["vocabSize"], model["embeddingDim"], model["units"]
    return {
        "embedding.weight": [v, e],
        "gru.weight_ih_l0": [3 * h, e],
        "gru.weight_hh_l0": [3 * h, h],
        "gru.bias_ih_l0": [3 * h],
        "gru.bias_hh_l0": [3 * h],
        "fc.weight": [v, h],
        "fc.bias": [v],
    }


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
    if version != str(VERSION):
        newer = version is not None and version.isdigit() and int(version) > VERSION
        hint = " Update folio_torch (it comes with the folio version that wrote the file)." if newer else ""
        raise FolioError(f"This checkpoint has format version {version}; folio_torch reads version {VERSION}.{hint}")
    model = _json(meta, "model")
    train = {**TRAIN_DEFAULTS, **_json(meta, "train")}
    vocabulary = _json(meta, "vocabulary")
    state = _json(meta, "state")
    history = _json(meta, "history")
    _check_vocabulary(model, vocabulary)
    tensors = safetensors_io.read_tensors(data, header)
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

    weights = {n: take(n, shapes[n]) for n in WEIGHT_NAMES}
    m = {n: take(M_PREFIX + n, shapes[n]) for n in WEIGHT_NAMES}
    v = {n: take(V_PREFIX + n, shapes[n]) for n in WEIGHT_NAMES}
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
    """The same layout as the app's encodeCheckpoint: weights, then m, then v, each in WEIGHT_NAMES order."""
    dump = lambda x: json.dumps(x, separators=(",", ":"), ensure_ascii=False, allow_nan=False)  # noqa: E731
    metadata = {
        "format": FORMAT,
        "version": str(VERSION),
        "model": dump(c.model),
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
    for n in WEIGHT_NAMES:
        tensors[n] = c.weights[n]
    for n in WEIGHT_NAMES:
        tensors[M_PREFIX + n] = c.m[n]
    for n in WEIGHT_NAMES:
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
    if not isinstance(model, dict) or not all(isinstance(model.get(k), int) for k in ("vocabSize", "embeddingDim", "units")):
        raise FolioError("The checkpoint's model settings are malformed.")
    if not isinstance(vocabulary, list) or len(vocabulary) != model["vocabSize"]:
        raise FolioError("The vocabulary does not match the model's output layer.")
    if any(not isinstance(ch, str) or len(ch) != 1 for ch in vocabulary) or len(set(vocabulary)) != len(vocabulary):
        raise FolioError("The vocabulary must list distinct single characters.")


def parameter_count(model: dict) -> int:
    return sum(math.prod(s) for s in weight_shapes(model).values())
