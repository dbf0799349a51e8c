"""folio's Adam (src/worker/model/adam.ts), clipping (trainStep.ts) and learning-rate schedule (schedule.ts).

torch.optim.Adam adds ε to √v̂; folio folds it into the bias correction instead:
  m ← β1·m + (1−β1)·g   v ← β2·v + (1−β2)·g²   w ← w − α·m / (√v + ε̂)
  α = lr·√(1−β2ᵗ)/(1−β1ᵗ)   ε̂ = ε·√(1−β2ᵗ)
so the update is written here by hand, with the checkpoint's moments, step count and constants.
"""

import math

import torch

COSINE_FLOOR = 0.1


class FolioAdam:
    def __init__(self, params: dict, m: dict, v: dict, state: dict):
        """params: name -> Parameter; m, v: name -> tensor (copied to each parameter's device)."""
        self.params = params
        self.m = {n: m[n].to(p.device, torch.float32).clone() for n, p in params.items()}
        self.v = {n: v[n].to(p.device, torch.float32).clone() for n, p in params.items()}
        self.step_count = int(state["step"])
        self.beta1 = float(state["beta1"])
        self.beta2 = float(state["beta2"])
        self.epsilon = float(state["epsilon"])

    @torch.no_grad()
    def step(self, learning_rate: float, scale: float = 1.0) -> None:
        """One update with every gradient multiplied by scale (the clipping factor)."""
        b1, b2 = self.beta1, self.beta2
        self.step_count += 1
        t = self.step_count
        alpha = learning_rate * math.sqrt(1 - b2**t) / (1 - b1**t)
        eps_hat = self.epsilon * math.sqrt(1 - b2**t)
        for name, p in self.params.items():
            g = p.grad if scale == 1 else p.grad * scale
            m, v = self.m[name], self.v[name]
            m.mul_(b1).add_(g, alpha=1 - b1)
            v.mul_(b2).addcmul_(g, g, value=1 - b2)
            p.sub_(m * alpha / (v.sqrt() + eps_hat))

    def state(self) -> dict:
        return {"step": self.step_count, "beta1": self.beta1, "beta2": self.beta2, "epsilon": self.epsilon}


def global_norm(params) -> torch.Tensor:
    """√(Σ‖g‖²) over all gradients, as a 0-d tensor."""
    return torch.sqrt(sum((p.grad.float() ** 2).sum() for p in params))


def clip_scale(norm: float, clip: float) -> float:
    """min(1, clip / norm); clip 0 means no clipping."""
    return min(1.0, clip / max(norm, 1e-12)) if clip > 0 else 1.0


def learning_rate_at(step: int, train: dict, total_steps: int) -> float:
    """Rate for the update that follows `step` updates already applied, in a run of total_steps."""
    peak = train["learningRate"]
    if train.get("lrSchedule") != "cosine":
        return peak
    warmup = max(0, math.floor(train.get("warmupSteps", 0)))
    if step < warmup:
        return peak * (step + 1) / warmup
    span = max(1, total_steps - warmup)
    p = min(1.0, max(0.0, (step - warmup) / span))
    return peak * (COSINE_FLOOR + (1 - COSINE_FLOOR) * 0.5 * (1 + math.cos(math.pi * p)))
