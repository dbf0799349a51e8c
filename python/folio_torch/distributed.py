"""One process, or several under torchrun: rank, world size, device and the process group."""

import os
from dataclasses import dataclass
from datetime import timedelta

import torch
import torch.distributed as dist

from .errors import FolioError


@dataclass
class Context:
    rank: int
    world: int
    device: torch.device

    @property
    def is_main(self) -> bool:
        return self.rank == 0

    @property
    def distributed(self) -> bool:
        return self.world > 1


def setup(device_option: str) -> Context:
    """torchrun sets WORLD_SIZE, RANK and LOCAL_RANK; NCCL joins GPUs, gloo joins CPU processes."""
    world = int(os.environ.get("WORLD_SIZE", "1"))
    rank = int(os.environ.get("RANK", "0"))
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    wanted = device_option or ("cuda" if torch.cuda.is_available() else "cpu")
    if wanted.startswith("cuda") and not torch.cuda.is_available():
        raise FolioError(f"--device {wanted}: PyTorch sees no CUDA GPU here. Use --device cpu.")
    if wanted == "cuda" and world > 1:
        device = torch.device("cuda", local_rank % torch.cuda.device_count())
    else:
        device = torch.device(wanted)
    if device.type == "cuda":
        torch.cuda.set_device(device)
    if world > 1 and not dist.is_initialized():
        # A process that dies must not leave the others waiting forever: collectives give up after this.
        dist.init_process_group("nccl" if device.type == "cuda" else "gloo", timeout=timedelta(minutes=5))
    return Context(rank, world, device)


def mean_across(value: torch.Tensor, ctx: Context) -> torch.Tensor:
    """The mean of a 0-d tensor over all processes (itself when there is one)."""
    if not ctx.distributed:
        return value
    total = value.detach().clone()
    dist.all_reduce(total)
    return total / ctx.world


def finish_together(ctx: Context) -> None:
    """Waits until every process got here (rank 0 writes the file meanwhile), so none exits mid-collective."""
    if ctx.distributed and dist.is_initialized():
        dist.barrier()


def teardown(ctx: Context) -> None:
    if ctx.distributed and dist.is_initialized():
        dist.destroy_process_group()
