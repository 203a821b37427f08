#!/usr/bin/python3
"""Builds, briefly trains and exports to TorchScript the small PyTorch models that the Java tests import, and computes
the golden numbers of the parity test (TorchScriptParityTest) with a plain PyTorch reference loop.

Needs Debian's python3-torch (apt-get install -y python3-torch; pip cannot reach PyPI here) and a JDK (for
NoiseFile.java). Nothing in the service or in CI runs Python: everything this writes is committed beside it.

    cd src/test/torchscript && /usr/bin/python3 export_models.py             # everything (half an hour)
    cd src/test/torchscript && /usr/bin/python3 export_models.py --small     # the 3x8x8 files (seconds)
    cd src/test/torchscript && /usr/bin/python3 export_models.py --golden    # the reference loops alone (minutes)

Writes (all beside this script):
  shapes32-eps.pt        class-conditional eps-network, 3x32x32, guided-diffusion conventions: forward(x, t, y),
                         t int64 training indices, 6 output channels (eps, then the learned-range variance v)
  shapes32-clf.pt        noise-aware classifier (x, t) -> 10 logits, 3x32x32, int64 t
  conv8-index-t.pt       a tiny random eps-network over 3x8x8, forward(x, t, y) with t int64 indices
  conv8-unit-t.pt        the same network behind diffusers-like conventions: forward(x, s, y), s = t / 1000 float32
  linear8.pt             logits = flatten(x) W^T + b over 3x8x8 (the closed-form guidance gradient test)
  nan-weights8.pt        linear8 with one NaN weight         } files an import must refuse, each for its own
  detached8.pt           linear8 that detaches its input     } named reason (TorchScriptImportTest)
  embedded-t8.pt         an eps-network over 3x8x8 with a learned timestep embedding (t must be int64)
  nan8.pt                an eps-network over 3x8x8 that answers NaN
  fixed-batch8.pt        an eps-network over 3x8x8 traced with the batch size baked in
  golden.json, golden-*.f32  the reference loops' results (little-endian float32, row-major B x 3 x 32 x 32)

The data set ("shapes32") is synthetic: 10 classes, a red, green, blue, yellow or cyan square (classes 0-4) or disc
(5-9) on a dark background, at a random place and size. The two shapes32 models are trained for about half an hour on
two CPU cores: enough for recognisable samples in the web app, not more.
"""

import json
import math
import os
import subprocess
import sys

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
# PyTorch's own convolution kernels, not oneDNN's: oneDNN's vectorised kernels compute some channel counts wrongly on
# some CPUs (docs/ARCHITECTURE.md, "Numerics on the host"), and the reference must not share the service's suspects.
torch.backends.mkldnn.enabled = False
T = 1000
SIZE = 32
CLASSES = 10
PALETTE = [(1.0, -0.9, -0.9), (-0.9, 1.0, -0.9), (-0.9, -0.9, 1.0), (1.0, 1.0, -0.9), (-0.9, 1.0, 1.0)]


# ---------------------------------------------------------------- schedule (guided-diffusion, float64 on the host)

def cosine_betas(steps):
    """get_named_beta_schedule("cosine"): betas_for_alpha_bar with max_beta 0.999."""
    f = lambda u: math.cos((u + 0.008) / 1.008 * math.pi / 2) ** 2
    return np.array([min(1 - f((i + 1) / steps) / f(i / steps), 0.999) for i in range(steps)], dtype=np.float64)


class Diffusion:
    """The tables of GaussianDiffusion.__init__ for a beta schedule, in float64."""

    def __init__(self, betas, timestep_map):
        self.betas = betas
        self.timestep_map = np.array(timestep_map, dtype=np.int64)
        alphas = 1.0 - betas
        self.alphas_cumprod = np.cumprod(alphas)
        self.alphas_cumprod_prev = np.append(1.0, self.alphas_cumprod[:-1])
        self.sqrt_recip_alphas_cumprod = np.sqrt(1.0 / self.alphas_cumprod)
        self.sqrt_recipm1_alphas_cumprod = np.sqrt(1.0 / self.alphas_cumprod - 1)
        self.posterior_variance = betas * (1.0 - self.alphas_cumprod_prev) / (1.0 - self.alphas_cumprod)
        self.posterior_log_variance_clipped = np.log(np.append(self.posterior_variance[1], self.posterior_variance[1:]))
        self.posterior_mean_coef1 = betas * np.sqrt(self.alphas_cumprod_prev) / (1.0 - self.alphas_cumprod)
        self.posterior_mean_coef2 = (1.0 - self.alphas_cumprod_prev) * np.sqrt(alphas) / (1.0 - self.alphas_cumprod)

    def respaced(self, use_timesteps):
        """SpacedDiffusion: beta'_k = 1 - abar(tau_k) / abar(tau_{k-1})."""
        last, betas = 1.0, []
        for i, ab in enumerate(self.alphas_cumprod):
            if i in use_timesteps:
                betas.append(1 - ab / last)
                last = ab
        return Diffusion(np.array(betas), sorted(use_timesteps))


def extract(arr, k, shape):
    """_extract_into_tensor: a float64 table entry as float32, broadcast to the batch."""
    return torch.from_numpy(arr)[k].float().expand(shape)


def space_ddim(steps, count):
    for stride in range(1, steps):
        if len(range(0, steps, stride)) == count:
            return set(range(0, steps, stride))
    raise ValueError(count)


def space_even(steps, count):
    """space_timesteps(T, "K") for one section."""
    frac = (steps - 1) / (count - 1)
    return {round(i * frac) for i in range(count)}


# ---------------------------------------------------------------- data

def shapes(n, gen):
    """n images of shapes32 in [-1, 1] and their classes."""
    y = torch.randint(0, CLASSES, (n,), generator=gen)
    centre = torch.rand(n, 2, generator=gen) * 14 + 9
    radius = torch.rand(n, generator=gen) * 4 + 5
    grid = torch.arange(SIZE, dtype=torch.float32)
    dy = grid[None, :, None] - centre[:, 0, None, None]
    dx = grid[None, None, :] - centre[:, 1, None, None]
    r = radius[:, None, None]
    disc = dy ** 2 + dx ** 2 <= r * r
    square = (dy.abs() <= r * 0.85) & (dx.abs() <= r * 0.85)
    inside = torch.where((y >= 5)[:, None, None], disc, square)
    colour = torch.tensor(PALETTE)[y % 5]
    background = (-0.75 + 0.15 * grid / SIZE)[None, None, :, None].expand(n, 3, SIZE, SIZE)
    return torch.where(inside[:, None], colour[:, :, None, None].expand(n, 3, SIZE, SIZE), background), y


# ---------------------------------------------------------------- networks

def timestep_embedding(t, dim):
    """guided-diffusion's sinusoidal embedding of (possibly fractional) timesteps."""
    half = dim // 2
    freqs = torch.exp(-math.log(10000.0) * torch.arange(half, dtype=torch.float32) / half)
    args = t[:, None].float() * freqs[None]
    return torch.cat([torch.cos(args), torch.sin(args)], dim=-1)


class ResBlock(nn.Module):
    def __init__(self, cin, cout, emb):
        super().__init__()
        self.in_layers = nn.Sequential(nn.GroupNorm(8, cin), nn.SiLU(), nn.Conv2d(cin, cout, 3, padding=1))
        self.emb = nn.Sequential(nn.SiLU(), nn.Linear(emb, cout))
        self.out_layers = nn.Sequential(nn.GroupNorm(8, cout), nn.SiLU(), nn.Conv2d(cout, cout, 3, padding=1))
        self.skip = nn.Identity() if cin == cout else nn.Conv2d(cin, cout, 1)

    def forward(self, x, emb):
        h = self.in_layers(x) + self.emb(emb)[:, :, None, None]
        return self.skip(x) + self.out_layers(h)


class TinyUNet(nn.Module):
    """32 -> 16 -> 8 and back, 16/24 channels, class embedding, learned-range variance output (guided-diffusion)."""

    def __init__(self, ch=16, wide=24, emb=32):
        super().__init__()
        self.ch = ch
        self.time = nn.Sequential(nn.Linear(ch, emb), nn.SiLU(), nn.Linear(emb, emb))
        self.label = nn.Embedding(CLASSES, emb)
        self.conv_in = nn.Conv2d(3, ch, 3, padding=1)
        self.res1 = ResBlock(ch, ch, emb)
        self.down1 = nn.Conv2d(ch, wide, 3, stride=2, padding=1)
        self.res2 = ResBlock(wide, wide, emb)
        self.down2 = nn.Conv2d(wide, wide, 3, stride=2, padding=1)
        self.res3 = ResBlock(wide, wide, emb)
        self.up2 = nn.Conv2d(wide, wide, 3, padding=1)
        self.res4 = ResBlock(2 * wide, wide, emb)
        self.up1 = nn.Conv2d(wide, ch, 3, padding=1)
        self.res5 = ResBlock(2 * ch, ch, emb)
        self.out = nn.Sequential(nn.GroupNorm(8, ch), nn.SiLU(), nn.Conv2d(ch, 6, 3, padding=1))

    def forward(self, x, t, y):
        emb = self.time(timestep_embedding(t, self.ch)) + self.label(y)
        h1 = self.res1(self.conv_in(x), emb)
        h2 = self.res2(self.down1(h1), emb)
        h3 = self.res3(self.down2(h2), emb)
        u2 = self.res4(torch.cat([self.up2(F.interpolate(h3, scale_factor=2.0, mode="nearest")), h2], 1), emb)
        u1 = self.res5(torch.cat([self.up1(F.interpolate(u2, scale_factor=2.0, mode="nearest")), h1], 1), emb)
        return self.out(u1)


class Conv8(nn.Module):
    """A tiny class-conditional eps-network over 3x8x8 with guided-diffusion's conventions: forward(x, t, y), t int64."""

    def __init__(self):
        super().__init__()
        g = torch.Generator().manual_seed(11)
        self.time = nn.Linear(8, 8)
        self.label = nn.Embedding(CLASSES, 8)
        self.conv_in = nn.Conv2d(3, 8, 3, padding=1)
        self.conv_out = nn.Conv2d(8, 3, 3, padding=1)
        with torch.no_grad():
            for p in self.parameters():
                p.copy_(torch.randn(p.shape, generator=g) * 0.3)

    def forward(self, x, t, y):
        emb = self.time(timestep_embedding(t, 8)) + self.label(y)
        return self.conv_out(F.silu(self.conv_in(x) + emb[:, :, None, None]))


class UnitTime(nn.Module):
    """diffusers-like conventions around the same network: t as a float32 fraction t / T."""

    def __init__(self, inner):
        super().__init__()
        self.inner = inner

    def forward(self, x, s, y):
        return self.inner(x, s * float(T), y)


class TinyClassifier(nn.Module):
    """The encoder half with global average pooling: a noise-aware classifier p(y | x_t, t)."""

    def __init__(self, ch=16, wide=24, emb=32):
        super().__init__()
        self.ch = ch
        self.time = nn.Sequential(nn.Linear(ch, emb), nn.SiLU(), nn.Linear(emb, emb))
        self.conv_in = nn.Conv2d(3, ch, 3, padding=1)
        self.res1 = ResBlock(ch, ch, emb)
        self.down1 = nn.Conv2d(ch, wide, 3, stride=2, padding=1)
        self.res2 = ResBlock(wide, wide, emb)
        self.down2 = nn.Conv2d(wide, wide, 3, stride=2, padding=1)
        self.res3 = ResBlock(wide, wide, emb)
        self.head = nn.Sequential(nn.GroupNorm(8, wide), nn.SiLU())
        self.fc = nn.Linear(wide, CLASSES)

    def forward(self, x, t):
        emb = self.time(timestep_embedding(t, self.ch))
        h = self.res1(self.conv_in(x), emb)
        h = self.res2(self.down1(h), emb)
        h = self.res3(self.down2(h), emb)
        return self.fc(self.head(h).mean(dim=(2, 3)))


class Linear8(nn.Module):
    def __init__(self):
        super().__init__()
        g = torch.Generator().manual_seed(8)
        self.w = nn.Parameter(torch.randn(CLASSES, 3 * 8 * 8, generator=g) * 0.05)
        self.b = nn.Parameter(torch.randn(CLASSES, generator=g) * 0.1)

    def forward(self, x, t):
        return x.flatten(1) @ self.w.t() + self.b


class Nan8(nn.Module):
    def forward(self, x, t):
        return x * float("nan")


class FixedBatch8(nn.Module):
    def forward(self, x, t):
        return (x.reshape(2, 192) * 0.5).reshape(2, 3, 8, 8)


class EmbeddedTime8(nn.Module):
    """An unconditional eps-network over 3x8x8 with a learned timestep embedding (DDPM's nn.Embedding(T, d)): its t
    must be an integer index, so a card declaring float32 timesteps contradicts it."""

    def __init__(self):
        super().__init__()
        self.time = nn.Embedding(T, 3)

    def forward(self, x, t):
        return x * torch.tanh(self.time(t))[:, :, None, None]


class Detached8(Linear8):
    """A classifier whose logits carry no gradient to its input."""

    def forward(self, x, t):
        return x.detach().flatten(1) @ self.w.t() + self.b


# ---------------------------------------------------------------- training

def q_sample(diff, x0, t, noise):
    ab = torch.from_numpy(diff.alphas_cumprod)[t].float()[:, None, None, None]
    return ab.sqrt() * x0 + (1 - ab).sqrt() * noise


def normal_kl(mean1, logvar1, mean2, logvar2):
    return 0.5 * (-1.0 + logvar2 - logvar1 + torch.exp(logvar1 - logvar2) + (mean1 - mean2) ** 2 * torch.exp(-logvar2))


def hybrid_loss(diff, model, x0, y, gen):
    """IDDPM's hybrid loss: L_simple on eps plus the variational bound on the learned-range v with the mean detached
    (the KL term at every t; the t = 0 decoder term is left out of this small model's training)."""
    b = x0.shape[0]
    t = torch.randint(0, T, (b,), generator=gen)
    noise = torch.randn(x0.shape, generator=gen)
    xt = q_sample(diff, x0, t, noise)
    out = model(xt, t, y)
    eps, v = out[:, :3], out[:, 3:]
    mse = ((eps - noise) ** 2).mean(dim=(1, 2, 3))
    shape = x0.shape
    c1 = torch.from_numpy(diff.posterior_mean_coef1)[t].float()[:, None, None, None]
    c2 = torch.from_numpy(diff.posterior_mean_coef2)[t].float()[:, None, None, None]
    true_mean = c1 * x0 + c2 * xt
    true_logvar = torch.from_numpy(diff.posterior_log_variance_clipped)[t].float()[:, None, None, None].expand(shape)
    sr = torch.from_numpy(diff.sqrt_recip_alphas_cumprod)[t].float()[:, None, None, None]
    srm1 = torch.from_numpy(diff.sqrt_recipm1_alphas_cumprod)[t].float()[:, None, None, None]
    x0_pred = sr * xt - srm1 * eps.detach()
    model_mean = c1 * x0_pred + c2 * xt
    min_log = true_logvar
    max_log = torch.from_numpy(np.log(diff.betas))[t].float()[:, None, None, None]
    frac = (v + 1) / 2
    model_logvar = frac * max_log + (1 - frac) * min_log
    vb = normal_kl(true_mean, true_logvar, model_mean, model_logvar).mean(dim=(1, 2, 3)) / math.log(2.0)
    return (mse + vb).mean()


def train(model, loss_fn, steps, batch, lr, seed):
    """AdamW at lr for the first half, then linearly down to 0."""
    gen = torch.Generator().manual_seed(seed)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.0)
    model.train()
    for step in range(steps):
        for group in opt.param_groups:
            group["lr"] = lr * min(1.0, 2.0 * (1 - step / steps))
        x0, y = shapes(batch, gen)
        loss = loss_fn(model, x0, y, gen)
        opt.zero_grad()
        loss.backward()
        opt.step()
        if step % 200 == 0 or step == steps - 1:
            print(f"  {type(model).__name__} step {step} loss {loss.item():.4f}", flush=True)
    return model.eval()


def classifier_loss(diff):
    def loss(model, x0, y, gen):
        t = torch.randint(0, T, (x0.shape[0],), generator=gen)
        xt = q_sample(diff, x0, t, torch.randn(x0.shape, generator=gen))
        return F.cross_entropy(model(xt, t), y)
    return loss


# ---------------------------------------------------------------- the reference loop (guided-diffusion's sampling)

def cond_fn(classifier, x, t_model, y, scale):
    """classifier_sample.py's cond_fn: s * grad_x log softmax(f(x, t))[y]."""
    with torch.enable_grad():
        x_in = x.detach().requires_grad_(True)
        log_probs = F.log_softmax(classifier(x_in, t_model), dim=-1)
        selected = log_probs[range(len(log_probs)), y.view(-1)]
        return torch.autograd.grad(selected.sum(), x_in)[0] * scale


def p_mean_variance(diff, model, x, k, y):
    """The model's x0 (clipped to [-1, 1]), eps and learned-range log variance at respaced index k."""
    b = x.shape[0]
    t_model = torch.full((b,), int(diff.timestep_map[k]), dtype=torch.int64)
    out = model(x, t_model, y)
    eps, v = out[:, :3], out[:, 3:]
    min_log = extract(diff.posterior_log_variance_clipped, k, x.shape)
    max_log = extract(np.log(diff.betas), k, x.shape)
    frac = (v + 1) / 2
    log_variance = frac * max_log + (1 - frac) * min_log
    x0 = (extract(diff.sqrt_recip_alphas_cumprod, k, x.shape) * x
          - extract(diff.sqrt_recipm1_alphas_cumprod, k, x.shape) * eps).clamp(-1, 1)
    mean = extract(diff.posterior_mean_coef1, k, x.shape) * x0 + extract(diff.posterior_mean_coef2, k, x.shape) * x
    return t_model, x0, mean, log_variance


def ddim_sample(diff, model, classifier, x, y, scale, trace):
    """gaussian_diffusion.ddim_sample_loop (eta = 0) with condition_score when scale > 0."""
    for k in reversed(range(len(diff.betas))):
        t_model, x0, _, _ = p_mean_variance(diff, model, x, k, y)
        eps = (extract(diff.sqrt_recip_alphas_cumprod, k, x.shape) * x - x0) \
            / extract(diff.sqrt_recipm1_alphas_cumprod, k, x.shape)
        if scale > 0:
            alpha_bar = extract(diff.alphas_cumprod, k, x.shape)
            eps = eps - (1 - alpha_bar).sqrt() * cond_fn(classifier, x, t_model, y, scale)
            x0 = extract(diff.sqrt_recip_alphas_cumprod, k, x.shape) * x \
                - extract(diff.sqrt_recipm1_alphas_cumprod, k, x.shape) * eps
            # ddim_sample re-derives eps from the guided x0 (_predict_eps_from_xstart)
            eps = (extract(diff.sqrt_recip_alphas_cumprod, k, x.shape) * x - x0) \
                / extract(diff.sqrt_recipm1_alphas_cumprod, k, x.shape)
        alpha_bar_prev = extract(diff.alphas_cumprod_prev, k, x.shape)
        x = x0 * alpha_bar_prev.sqrt() + (1 - alpha_bar_prev).sqrt() * eps
        trace.append(float(x.double().norm()))
    return x


def ddpm_sample(diff, model, classifier, x, y, scale, noise, trace):
    """gaussian_diffusion.p_sample_loop with the learned-range variance and condition_mean when scale > 0."""
    for k in reversed(range(len(diff.betas))):
        t_model, x0, mean, log_variance = p_mean_variance(diff, model, x, k, y)
        if scale > 0:
            mean = mean.float() + torch.exp(log_variance) * cond_fn(classifier, x, t_model, y, scale).float()
        x = mean + (torch.exp(0.5 * log_variance) * next(noise) if k > 0 else 0)
        trace.append(float(x.double().norm()))
    return x


def noise_draws(seed, count):
    """The sampler's Gaussian draws for a job seeded with `seed`, from NoiseFile.java (Java's generator)."""
    path = os.path.join(HERE, "noise.tmp.f32")
    subprocess.run(["java", os.path.join(HERE, "NoiseFile.java"), str(seed), str(count), path], check=True)
    values = np.fromfile(path, dtype="<f4")
    os.remove(path)
    return torch.from_numpy(values.copy())


def save_f32(name, x):
    x.detach().numpy().astype("<f4").tofile(os.path.join(HERE, name))


def golden(model, classifier):
    base = Diffusion(cosine_betas(T), range(T))
    labels = [3, 7]
    y = torch.tensor(labels)
    shape = (len(labels), 3, SIZE, SIZE)
    size = int(np.prod(shape))
    seed, ddpm_seed, scale = 42, 43, 3.0
    x_t = noise_draws(seed, size).reshape(shape)
    runs = {}
    ddim = base.respaced(space_ddim(T, 25))
    for name, s in (("ddim25-unguided", 0.0), ("ddim25-guided", scale)):
        trace = []
        with torch.no_grad():
            out = ddim_sample(ddim, model, classifier, x_t.clone(), y, s, trace)
        save_f32(f"golden-{name}.f32", out)
        runs[name] = {"sampler": "ddim", "steps": 25, "eta": 0.0, "guidanceScale": s, "seed": seed,
                      "stateNorms": trace, "finalSum": float(out.double().sum())}
    draws = noise_draws(ddpm_seed, size * 25).reshape(25, *shape)
    ddpm = base.respaced(space_even(T, 25))
    trace = []
    with torch.no_grad():
        out = ddpm_sample(ddpm, model, classifier, draws[0].clone(), y, scale, iter(draws[1:]), trace)
    save_f32("golden-ddpm25-guided.f32", out)
    runs["ddpm25-guided"] = {"sampler": "ddpm", "steps": 25, "guidanceScale": scale, "seed": ddpm_seed,
                             "variance": "learned range", "stateNorms": trace, "finalSum": float(out.double().sum())}
    return {"labels": labels, "shape": list(shape), "schedule": "cosine", "diffusionSteps": T,
            "noise": {"seed": seed, "first": x_t.flatten()[:4].tolist(), "sum": float(x_t.double().sum())},
            "runs": runs}


# ---------------------------------------------------------------- export

def export(module, example, name):
    traced = torch.jit.trace(module, example)
    with torch.no_grad():
        want, got = module(*example), traced(*example)
    assert torch.allclose(want, got, atol=1e-6), name
    path = os.path.join(HERE, name)
    traced.save(path)
    print(f"  {name}: {os.path.getsize(path) // 1024} KB", flush=True)
    return torch.jit.load(path)


def export_small():
    """The 3x8x8 networks: random weights, no training."""
    torch.manual_seed(0)
    x8 = torch.randn(2, 3, 8, 8)
    t2 = torch.tensor([10, 900])
    y2 = torch.tensor([1, 8])
    conv8 = Conv8().eval()
    export(conv8, (x8, t2, y2), "conv8-index-t.pt")
    export(UnitTime(conv8), (x8, t2.float() / T, y2), "conv8-unit-t.pt")
    export(Linear8(), (x8, t2), "linear8.pt")
    nan_weights = Linear8()
    with torch.no_grad():
        nan_weights.w[0, 0] = float("nan")
    torch.jit.trace(nan_weights, (x8, t2)).save(os.path.join(HERE, "nan-weights8.pt"))
    export(Detached8(), (x8, t2), "detached8.pt")
    export(EmbeddedTime8(), (x8, t2), "embedded-t8.pt")
    torch.jit.trace(Nan8(), (x8, t2)).save(os.path.join(HERE, "nan8.pt"))
    torch.jit.trace(FixedBatch8(), (x8, t2)).save(os.path.join(HERE, "fixed-batch8.pt"))


def train_and_export_shapes32():
    """Trains the shapes32 eps-network and classifier, exports them, and runs the reference loops over the files."""
    torch.manual_seed(0)
    base = Diffusion(cosine_betas(T), range(T))
    x2 = torch.randn(2, 3, SIZE, SIZE)
    t2 = torch.tensor([10, 900])
    y2 = torch.tensor([1, 8])
    print("training the eps-network", flush=True)
    eps = train(TinyUNet(), lambda m, x0, y, g: hybrid_loss(base, m, x0, y, g), 8000, 32, 2e-3, 1)
    print("training the classifier", flush=True)
    clf = train(TinyClassifier(), classifier_loss(base), 3000, 32, 2e-3, 2)
    eps_ts = export(eps, (x2, t2, y2), "shapes32-eps.pt")
    clf_ts = export(clf, (x2, t2), "shapes32-clf.pt")
    write_golden(eps_ts, clf_ts)


def main():
    """No argument: everything; --small: the 3x8x8 files; --golden: the reference loops over the committed files."""
    if sys.argv[1:] in ([], ["--small"]):
        export_small()
    if sys.argv[1:] == []:
        train_and_export_shapes32()
    if sys.argv[1:] == ["--golden"]:
        write_golden(torch.jit.load(os.path.join(HERE, "shapes32-eps.pt")),
                     torch.jit.load(os.path.join(HERE, "shapes32-clf.pt")))


def write_golden(eps_ts, clf_ts):
    print("golden loops over the exported files", flush=True)
    result = golden(eps_ts, clf_ts)
    result["torch"] = torch.__version__
    with open(os.path.join(HERE, "golden.json"), "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
