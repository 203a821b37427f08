"""The Python PyTorch eager peer of `perf/bench peer` (perf/README.md).

The shipped U-Net (fashion-cond) and noise-aware classifier (fashion-clf), written again in plain PyTorch eager,
loading the weights that `PeerExport` wrote from the service's own loaded models. Every module mirrors a Java block of
src/main/java/io/guidestream/nn/, named as DJL names its children, so that the exported parameter names map onto this
module tree one to one (a strict load: a missing or extra parameter is an error).

    peer.py DIR THREADS

DIR holds unet.*, classifier.* and reference.* (JSON index + little-endian float32). The peer prints the parity of its
outputs against the service's reference, then "ready", then answers lines "MODE BATCH WARMUP TICKS" (MODE: forward or
gradient) on stdin with the median milliseconds of one step and the minor page faults per step, until "quit". Only the
benchmark runs this: the service never does.
"""
import json
import math
import resource
import statistics
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn


def silu(x):
    # Layers.silu: x · σ(x), the same function as F.silu.
    return x * torch.sigmoid(x)


def timestep_embedding(t, dim):
    # TimestepEmbedding.sinusoidal: [cos(t·f_k), sin(t·f_k)], f_k = 10000^(−k/half), k = 0..half−1. Java computes
    # f_k in double and rounds it to float32, then multiplies in float32; so does this.
    half = dim // 2
    freqs = torch.tensor([math.exp(-math.log(10000) * k / half) for k in range(half)], dtype=torch.float32)
    args = t.to(torch.float32).reshape(-1, 1) * freqs.reshape(1, half)
    return torch.cat([args.cos(), args.sin()], dim=1)


def group_norm(groups, channels):
    # GroupNorm: each of `groups` groups normalised over its channels and all pixels (biased variance, ε = 1e-5),
    # then per-channel γ (DJL "gamma" = weight) and β ("beta" = bias); exactly nn.GroupNorm.
    return nn.GroupNorm(groups, channels, eps=1e-5)


def conv3x3(cin, cout, stride=1):
    # AlignedConv2d pads channels for oneDNN internally; its parameters and result are a plain convolution's.
    return nn.Conv2d(cin, cout, 3, stride=stride, padding=1)


class ResBlock(nn.Module):
    """ResBlock: GN → SiLU → conv, + Linear(SiLU(emb)) per channel, GN → SiLU → conv, 1×1 skip if C changes."""

    def __init__(self, cin, cout, emb, groups):
        super().__init__()
        self.norm1 = group_norm(groups, cin)
        self.conv1 = conv3x3(cin, cout)
        self.emb = nn.Linear(emb, cout)
        self.norm2 = group_norm(groups, cout)
        self.conv2 = conv3x3(cout, cout)
        self.skip = nn.Conv2d(cin, cout, 1) if cin != cout else None

    def forward(self, x, emb):
        h = self.conv1(silu(self.norm1(x)))
        e = self.emb(silu(emb)).reshape(-1, h.shape[1], 1, 1)
        h = self.conv2(silu(self.norm2(h + e)))
        return (x if self.skip is None else self.skip(x)) + h


class SelfAttention(nn.Module):
    """SelfAttention: one head over the H·W tokens; GN (no SiLU) → 1×1 conv to q, k, v; residual 1×1 out conv."""

    def __init__(self, channels, groups):
        super().__init__()
        self.norm = group_norm(groups, channels)
        self.qkv = nn.Conv2d(channels, 3 * channels, 1)
        self.out = nn.Conv2d(channels, channels, 1)

    def forward(self, x):
        b, c, hh, ww = x.shape
        # Java reshapes the qkv output to (B, 3, C, tokens): channels 0..C−1 are q, C..2C−1 k, 2C..3C−1 v.
        q, k, v = self.qkv(self.norm(x)).reshape(b, 3, c, hh * ww).unbind(1)
        # weights[b, i, j] = softmax_j(q_i · k_j / √C)
        weights = (q.transpose(1, 2) @ k / math.sqrt(c)).softmax(dim=2)
        attended = (v @ weights.transpose(1, 2)).reshape(b, c, hh, ww)
        return x + self.out(attended)


class ResAttentionBlock(nn.Module):
    def __init__(self, cin, cout, emb, groups, attention):
        super().__init__()
        self.res = ResBlock(cin, cout, emb, groups)
        self.attn = SelfAttention(cout, groups) if attention else None

    def forward(self, x, emb):
        h = self.res(x, emb)
        return h if self.attn is None else self.attn(h)


class Downsample(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv = conv3x3(channels, channels, stride=2)

    def forward(self, x):
        return self.conv(x)


class Upsample(nn.Module):
    def __init__(self, channels):
        super().__init__()
        self.conv = conv3x3(channels, channels)

    def forward(self, x):
        # Java: x.repeat(2, 2).repeat(3, 2), each pixel repeated: nearest-neighbour doubling.
        return self.conv(x.repeat_interleave(2, dim=2).repeat_interleave(2, dim=3))


class UNet(nn.Module):
    """UNet: the same constructor loop; children are named down<i>, mid<i>, up<i> with one counter, as in Java."""

    def __init__(self, cfg):
        super().__init__()
        base, mult, groups = cfg["baseChannels"], cfg["channelMult"], cfg["groups"]
        emb = 4 * base
        self.base = base
        self.num_classes = cfg["numClasses"]
        self.time1 = nn.Linear(base, emb)
        self.time2 = nn.Linear(emb, emb)
        # Class embedding table with a null class (row numClasses); Java multiplies a one-hot by it, i.e. a lookup.
        self.classEmbedding = nn.Parameter(torch.zeros(self.num_classes + 1, emb)) if self.num_classes > 0 else None
        self.convIn = conv3x3(cfg["imageChannels"], base)
        self.order = []  # (kind, name) in forward order
        ch, skips, lowest = base, [base], len(mult) - 1
        for level in range(lowest + 1):
            out = base * mult[level]
            attn = cfg["attention"] and level == lowest
            for _ in range(cfg["numResBlocks"]):
                self._add("down", ResAttentionBlock(ch, out, emb, groups, attn))
                ch = out
                skips.append(ch)
            if level < lowest:
                self._add("down", Downsample(ch))
                skips.append(ch)
        self._add("mid", ResAttentionBlock(ch, ch, emb, groups, cfg["attention"]))
        self._add("mid", ResAttentionBlock(ch, ch, emb, groups, False))
        for level in range(lowest, -1, -1):
            out = base * mult[level]
            attn = cfg["attention"] and level == lowest
            for _ in range(cfg["numResBlocks"] + 1):
                cin = ch + skips.pop()
                self._add("up", ResAttentionBlock(cin, out, emb, groups, attn))
                ch = out
            if level > 0:
                self._add("up", Upsample(ch))
        self.normOut = group_norm(groups, ch)
        self.convOut = conv3x3(ch, cfg["outChannels"])

    def _add(self, kind, block):
        name = kind + str(len(self.order))
        self.add_module(name, block)
        self.order.append((kind, name))

    def forward(self, x, t, y):
        emb = self.time2(silu(self.time1(timestep_embedding(t, self.base))))
        if self.classEmbedding is not None:
            # BlockNetwork maps label −1 ("no class") to the null class before the U-Net sees it.
            emb = emb + self.classEmbedding[torch.where(y < 0, self.num_classes, y)]
        h = self.convIn(x)
        skips = [h]
        for kind, name in self.order:
            block = getattr(self, name)
            if kind == "up" and isinstance(block, ResAttentionBlock):
                h = block(torch.cat([h, skips.pop()], dim=1), emb)
            elif isinstance(block, ResAttentionBlock):
                h = block(h, emb)
            else:
                h = block(h)
            if kind == "down":
                skips.append(h)
        return self.convOut(silu(self.normOut(h)))


class Classifier(nn.Module):
    """NoiseAwareClassifier: the encoder half (stage<i>), GN → SiLU, mean over positions, linear head → logits."""

    def __init__(self, cfg):
        super().__init__()
        base, mult, groups = cfg["baseChannels"], cfg["channelMult"], cfg["groups"]
        emb = 4 * base
        self.base = base
        self.time1 = nn.Linear(base, emb)
        self.time2 = nn.Linear(emb, emb)
        self.convIn = conv3x3(cfg["imageChannels"], base)
        self.stages = []
        ch, lowest = base, len(mult) - 1
        for level in range(lowest + 1):
            out = base * mult[level]
            attn = cfg["attention"] and level == lowest
            for _ in range(cfg["numResBlocks"]):
                self._add(ResAttentionBlock(ch, out, emb, groups, attn))
                ch = out
            if level < lowest:
                self._add(Downsample(ch))
        self.normOut = group_norm(groups, ch)
        self.head = nn.Linear(ch, cfg["numClasses"])

    def _add(self, block):
        name = "stage" + str(len(self.stages))
        self.add_module(name, block)
        self.stages.append(name)

    def forward(self, x, t):
        emb = self.time2(silu(self.time1(timestep_embedding(t, self.base))))
        h = self.convIn(x)
        for name in self.stages:
            block = getattr(self, name)
            h = block(h, emb) if isinstance(block, ResAttentionBlock) else block(h)
        features = silu(self.normOut(h)).flatten(2).mean(dim=2)
        return self.head(features)


def read_tensors(base):
    with open(base + ".json") as f:
        index = json.load(f)
    flat = np.fromfile(base + ".bin", dtype="<f4")
    arrays = {}
    for e in index["tensors"]:
        n = int(np.prod(e["shape"]))
        arrays[e["name"]] = torch.from_numpy(flat[e["offset"]:e["offset"] + n].reshape(e["shape"]).copy())
    return index.get("network"), arrays


def torch_name(djl_name):
    # DJL prefixes each child with its 1-based position ("04down0_01res_01norm1_gamma"); drop those, join with dots,
    # and rename GroupNorm's gamma/beta to PyTorch's weight/bias: "down0.res.norm1.weight".
    parts = [p[2:] if p[:2].isdigit() else p for p in djl_name.split("_")]
    parts[-1] = {"gamma": "weight", "beta": "bias"}.get(parts[-1], parts[-1])
    return ".".join(parts)


def load(cls, base):
    cfg, arrays = read_tensors(base)
    model = cls(cfg)
    model.load_state_dict({torch_name(k): v for k, v in arrays.items()}, strict=True)
    model.eval()
    for p in model.parameters():
        p.requires_grad_(False)  # frozen, as the service's loaded models are
    return model


def grad_log_py(clf, x, t, y):
    """ClassifierProbe.read: ∇_x Σ_b log p(y_b | x_b, t_b), with the probabilities; one forward and one backward."""
    leaf = x.detach().clone().requires_grad_(True)
    with torch.enable_grad():
        logp = F.log_softmax(clf(leaf, t), dim=1)
        logp.gather(1, y.reshape(-1, 1)).sum().backward()
    return leaf.grad, logp.detach().exp()


def parity(unet, clf, directory):
    _, ref = read_tensors(directory + "/reference")
    x, t = ref["x"], ref["t"].to(torch.int64)
    eps = unet(x, t, ref["unet_labels"].to(torch.int64))
    logits = clf(x, t)
    grad, _ = grad_log_py(clf, x, t, ref["classifier_labels"].to(torch.int64))
    for name, ours in (("eps", eps), ("logits", logits), ("grad_log_py", grad)):
        theirs = ref[name]
        print("# parity %-11s max |Δ| %.2e (max |java| %.2e)" % (name, (ours - theirs).abs().max().item(),
                                                               theirs.abs().max().item()))


def alpha_bar(t, steps=1000, s=0.008):
    # The cosine schedule (Nichol & Dhariwal) of the shipped model, for the DDIM update below.
    f = lambda u: math.cos((u / steps + s) / (1 + s) * math.pi / 2) ** 2
    return f(t) / f(0)


def time_steps(unet, clf, mode, batch, warmup, ticks):
    """Median ms of one sampler step (U-Net ε, [classifier probe], DDIM (η = 0) update, as the service's tick does),
    and this process's minor page faults per timed step."""
    y = torch.arange(batch) % 10
    x = torch.randn(batch, 1, 28, 28)
    ms, faults = [], 0
    for i in range(warmup + ticks):
        t_now = 999 - i % 999
        t = torch.full((batch,), t_now, dtype=torch.int64)
        faults_before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
        start = time.perf_counter()
        eps = unet(x, t, y)
        if mode == "gradient":
            grad, probs = grad_log_py(clf, x, t, y)
            # The service copies the readings to the host: probabilities and per-item gradient norms.
            probs.tolist()
            grad.flatten(1).norm(dim=1).tolist()
        a, a_prev = alpha_bar(t_now), alpha_bar(t_now - 1)
        x0 = (x - math.sqrt(1 - a) * eps) / math.sqrt(a)
        x = math.sqrt(a_prev) * x0 + math.sqrt(1 - a_prev) * eps
        if i >= warmup:
            ms.append((time.perf_counter() - start) * 1e3)
            faults += resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults_before
    return statistics.median(ms), faults / ticks


def main():
    directory, threads = sys.argv[1], int(sys.argv[2])
    torch.set_num_threads(threads)
    torch.set_grad_enabled(False)  # inference; the probe turns autograd on for its own scope only
    unet = load(UNet, directory + "/unet")
    clf = load(Classifier, directory + "/classifier")
    print("# peer: Python %s, PyTorch %s, threads %d" % (sys.version.split()[0], torch.__version__,
                                                          torch.get_num_threads()))
    parity(unet, clf, directory)
    print("ready", flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words or words[0] == "quit":
            break
        mode, batch, warmup, ticks = words[0], int(words[1]), int(words[2]), int(words[3])
        print("%.4f %.1f" % time_steps(unet, clf, mode, batch, warmup, ticks), flush=True)


if __name__ == "__main__":
    main()
