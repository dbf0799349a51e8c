"""Continue a folio run in PyTorch and bring it back: read and write folio checkpoints, resume, generate."""

__version__ = "0.1.0"
