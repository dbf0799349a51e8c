"""Training text as folio reads it (src/shared/data/text.ts) and encoded in a checkpoint's vocabulary."""

from dataclasses import dataclass
from typing import Optional

from .errors import FolioError


def read_text(path: str) -> str:
    """Strict UTF-8, no BOM, LF line endings; refuses binary data like the app."""
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise FolioError(f"Cannot read the text {path}: {e.strerror}.") from None
    if not data:
        raise FolioError(f"The text {path} is empty.")
    if b"\0" in data[: 1 << 20]:
        raise FolioError(f"{path} looks like binary data (it contains NUL bytes), not text.")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise FolioError(f"{path} is not valid UTF-8 text. Save it as UTF-8 and try again.") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n")


def fingerprint(text: str) -> str:
    """FNV-1a over UTF-16 code units, as the app's fingerprintText: tells whether two texts are the same."""
    units = text.encode("utf-16-le")
    h = 0x811C9DC5
    for i in range(0, len(units), 2):
        h ^= units[i] | (units[i + 1] << 8)
        h = (h * 0x01000193) & 0xFFFFFFFF
    return f"{h:08x}-{len(units) // 2}"


@dataclass
class Vocabulary:
    chars: list  # id -> character
    ids: dict  # character -> id
    unknown_id: Optional[int]  # what merged (rare) characters encode as, when the run merged them
    merged: frozenset  # characters the run merged into unknown_id


def vocabulary_of(chars: list, char_map: Optional[dict]) -> Vocabulary:
    ids = {c: i for i, c in enumerate(chars)}
    unknown_id = ids.get(char_map["symbol"]) if char_map else None
    merged = frozenset(char_map.get("merged", [])) if char_map else frozenset()
    return Vocabulary(chars, ids, unknown_id, merged)


def encode(text: str, vocab: Vocabulary, unknown: str = "stop") -> list:
    """Ids of every character. Characters the run merged map to its symbol; any other character outside the
    vocabulary stops with a message (`unknown="stop"`), or maps to the symbol (`unknown="map"`) when there is one."""
    outside = {}
    for ch in text:
        if ch not in vocab.ids and ch not in vocab.merged:
            outside[ch] = outside.get(ch, 0) + 1
    if outside and (unknown != "map" or vocab.unknown_id is None):
        listed = ", ".join(f"{ch!r} ×{n}" for ch, n in sorted(outside.items(), key=lambda kv: -kv[1])[:20])
        total = sum(outside.values())
        why = (
            "Pass --unknown map to encode them as the checkpoint's unknown symbol."
            if vocab.unknown_id is not None
            else "This checkpoint has no unknown symbol (its run merged no rare characters), so they cannot be mapped; "
            "remove them from the text or use the text the run was trained on."
        )
        raise FolioError(
            f"The text has {total} character(s) outside the checkpoint's vocabulary, {len(outside)} distinct: {listed}. {why}"
        )
    out = []
    for ch in text:
        i = vocab.ids.get(ch)
        out.append(vocab.unknown_id if i is None else i)
    return out


def seed_ids(seed: str, vocab: Vocabulary) -> list:
    """The app's seedIdsFor: unknown characters skipped (or merged); nothing usable -> start after a line break."""
    ids = [vocab.ids.get(ch, vocab.unknown_id) for ch in seed]
    ids = [i for i in ids if i is not None]
    if ids:
        return ids
    return [vocab.ids.get("\n", 0)]
