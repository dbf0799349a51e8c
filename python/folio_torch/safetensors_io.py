"""safetensors container: an 8-byte little-endian header length, a JSON header, then raw little-endian F32 data.

Reads with the `safetensors` package when it is installed, with plain Python otherwise; writes with plain Python
in folio's own layout (tensors in the given order, data section 8-byte aligned).
"""

import array
import json
import struct
import sys

import torch

from .errors import FolioError

MAX_HEADER_BYTES = 16 * 1024 * 1024


def read_header(data: bytes) -> dict:
    """The header as a dict (tensor entries and "__metadata__"); raises FolioError for anything else."""
    if len(data) < 8:
        raise FolioError("The file is too short to be a folio checkpoint.")
    (length,) = struct.unpack("<Q", data[:8])
    if length < 2 or length > MAX_HEADER_BYTES or 8 + length > len(data):
        raise FolioError("This is not a folio checkpoint: it does not start with a safetensors header.")
    try:
        header = json.loads(data[8 : 8 + length].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise FolioError("This is not a folio checkpoint: its header is not valid JSON.") from None
    if not isinstance(header, dict):
        raise FolioError("This is not a folio checkpoint: its header is not a JSON object.")
    return header


def read_tensors(data: bytes, header: dict) -> dict:
    """name -> float32 tensor for every tensor entry of the header."""
    try:
        from safetensors.torch import load as load_safetensors  # optional dependency
    except ImportError:
        load_safetensors = None
    if load_safetensors is not None:
        return {k: v.float() for k, v in load_safetensors(data).items()}
    start = 8 + struct.unpack("<Q", data[:8])[0]
    out = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if not isinstance(entry, dict) or entry.get("dtype") != "F32":
            raise FolioError(f'Tensor "{name}" is not float32; folio checkpoints hold only F32 tensors.')
        begin, end = entry["data_offsets"]
        shape = [int(d) for d in entry["shape"]]
        count = 1
        for d in shape:
            count *= d
        if end - begin != 4 * count or start + end > len(data):
            raise FolioError(f'Tensor "{name}" does not fit in the file (the file may be truncated).')
        raw = data[start + begin : start + end]
        values = array.array("f")
        values.frombytes(bytes(raw))
        if sys.byteorder != "little":
            values.byteswap()
        flat = torch.frombuffer(values, dtype=torch.float32).clone() if count > 0 else torch.zeros(0)
        out[name] = flat.reshape(shape)
    return out


def encode(metadata: dict, tensors: dict) -> bytes:
    """metadata: str -> str; tensors: name -> tensor, written in this order."""
    header = {"__metadata__": metadata}
    blobs = []
    offset = 0
    for name, t in tensors.items():
        arr = t.detach().to("cpu", torch.float32).contiguous()
        values = array.array("f", arr.reshape(-1).tolist())
        if sys.byteorder != "little":
            values.byteswap()
        blob = values.tobytes()
        header[name] = {"dtype": "F32", "shape": list(arr.shape), "data_offsets": [offset, offset + len(blob)]}
        offset += len(blob)
        blobs.append(blob)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)  # keeps the data section 8-byte aligned
    return struct.pack("<Q", len(text)) + text + b"".join(blobs)
