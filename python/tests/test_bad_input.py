"""Bad input ends with one clear message and a non-zero exit: not a folio file, a newer version, foreign characters."""

import json
import os
import struct
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from fixture import CHECKPOINT, TEXT, cli, expected  # noqa: E402
from folio_torch import checkpoint  # noqa: E402


def with_metadata(change) -> bytes:
    """The fixture's bytes with its metadata changed (data offsets are relative, so they stay valid)."""
    with open(CHECKPOINT, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + length])
    change(header["__metadata__"])
    text = json.dumps(header).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    return struct.pack("<Q", len(text)) + text + data[8 + length :]


def rhyme() -> str:
    with open(TEXT, encoding="utf-8") as f:
        return f.read()


class BadInputTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        expected()
        cls.tmp = tempfile.TemporaryDirectory()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()

    def path(self, name: str, data) -> str:
        p = os.path.join(self.tmp.name, name)
        with open(
            p, "wb" if isinstance(data, bytes) else "w", **({} if isinstance(data, bytes) else {"encoding": "utf-8"})
        ) as f:
            f.write(data)
        return p

    def fails(self, *args: str) -> str:
        r = cli(*args)
        self.assertEqual(r.returncode, 2, r.stderr)
        self.assertNotIn("Traceback", r.stderr)
        return r.stderr

    def test_a_file_that_is_not_a_checkpoint(self):
        self.assertIn(
            "not a folio checkpoint", self.fails("info", self.path("notes.txt", b"just some text, not a checkpoint"))
        )
        untagged = self.path("other.safetensors", with_metadata(lambda m: m.pop("format")))
        self.assertIn("safetensors file, but not a folio checkpoint", self.fails("info", untagged))

    def test_a_newer_format_version(self):
        newer = self.path("newer.safetensors", with_metadata(lambda m: m.update(version="4")))
        msg = self.fails("resume", newer, TEXT, "--steps", "1", "--out", os.path.join(self.tmp.name, "x"))
        self.assertIn("format version 4; folio_torch reads versions 1 to 3", msg)
        self.assertIn("Update folio_torch", msg)

    def test_characters_outside_the_vocabulary_stop_with_how_many_and_which(self):
        text = self.path("foreign.txt", rhyme() + "Zürich Zoo€")
        msg = self.fails("resume", CHECKPOINT, text, "--steps", "1", "--out", os.path.join(self.tmp.name, "x"))
        self.assertIn("has 6 character(s) outside the checkpoint's vocabulary, 5 distinct", msg)
        for shown in ("'Z' ×2", "'ü' ×1", "'€' ×1"):
            self.assertIn(shown, msg)
        self.assertIn("no unknown symbol", msg)
        # --unknown map needs a symbol to map to: this run merged no rare characters.
        msg = self.fails(
            "resume", CHECKPOINT, text, "--steps", "1", "--out", os.path.join(self.tmp.name, "x"), "--unknown", "map"
        )
        self.assertIn("cannot be mapped", msg)

    def test_unknown_map_encodes_them_as_the_runs_symbol(self):
        c = checkpoint.load(CHECKPOINT)
        c.char_map = {"symbol": ".", "below": 2, "merged": ["!"]}  # "." stands in as the symbol here
        mapped = os.path.join(self.tmp.name, "mapped.safetensors")
        checkpoint.save(c, mapped)
        text = self.path("foreign2.txt", rhyme() + "Zoo! ")
        out = os.path.join(self.tmp.name, "out.safetensors")
        self.assertIn("Pass --unknown map", self.fails("resume", mapped, text, "--steps", "1", "--out", out))
        r = cli("resume", mapped, text, "--steps", "1", "--out", out, "--unknown", "map", "--device", "cpu", "--quiet")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(checkpoint.load(out).char_map, c.char_map)

    def test_every_command_has_help(self):
        for command in ("resume", "generate", "info"):
            r = cli(command, "--help")
            self.assertEqual(r.returncode, 0)
            self.assertIn("usage: folio_torch " + command, r.stdout)


if __name__ == "__main__":
    unittest.main()
