"""The network's layers in NumPy (BiLSTM, biaffine, bilinear) and Eisner's projective decoding."""

from __future__ import annotations

from functools import cache
from typing import Any

import numba
import numpy as np
from threadpoolctl import ThreadpoolController

from danvan.models.biaffine.encoding import LEAK


def gate_scale(hidden: int) -> np.ndarray:
    """Per gate row: 1/2 for the input, forget and output gates, 1 for the cell gate. With a gate's
    pre-activation so scaled, tanh gives the cell gate and tanh / 2 + 1/2 the sigmoid of the others."""
    scale = np.full(4 * hidden, 0.5, dtype=np.float32)
    scale[2 * hidden : 3 * hidden] = 1.0
    return scale


def _bilstm_layer(packed: np.ndarray, sizes: np.ndarray, recurrent: np.ndarray) -> np.ndarray:
    """Both directions of one LSTM layer at once over packed sequences, as PyTorch packs them: ``packed``
    (2, N, 4H) holds each direction's projected inputs (input weights and biases applied) step by step,
    ``sizes[t]`` rows for step t (the sequences still running, longest first); ``recurrent`` (2, H, 4H)
    the transposed recurrent weights; gate order input, forget, cell, output, and inputs and recurrent
    weights multiplied by :func:`gate_scale`. Returns (2, N, H) states."""
    hidden = recurrent.shape[1]
    scale = gate_scale(hidden)
    offset = 1.0 - scale
    h = np.zeros((2, sizes[0], hidden), dtype=packed.dtype)
    c = np.zeros_like(h)
    out = np.empty(packed.shape[:2] + (hidden,), dtype=packed.dtype)
    start = 0
    for size in sizes.tolist():
        gates = np.tanh(packed[:, start : start + size] + h[:, :size] @ recurrent) * scale + offset
        i, f, g, o = (gates[..., k * hidden : (k + 1) * hidden] for k in range(4))
        c[:, :size] = f * c[:, :size] + i * g
        h[:, :size] = o * np.tanh(c[:, :size])
        out[:, start : start + size] = h[:, :size]
        start += size
    return out


def spread_labels(weight: Any) -> Any:
    """An (L, D, D) bilinear label form as the (D × D, L) matrix :func:`bilinear` takes (NumPy or PyTorch)."""
    labels, width, _ = weight.shape
    return weight.reshape(labels, width * width).T


def bilinear(dep: Any, head: Any, spread: Any) -> Any:
    """Label scores (N, L) of N (dependent, head) vector pairs under a bilinear form spread by
    :func:`spread_labels`: their outer products times the spread form."""
    width = dep.shape[-1]
    return (dep[:, :, None] * head[:, None, :]).reshape(len(dep), width * width) @ spread


def _leaky(x: np.ndarray) -> np.ndarray:
    return np.where(x > 0, x, LEAK * x)


@cache
def _blas() -> ThreadpoolController:
    """The process's BLAS libraries, found once (cheap to limit afterwards)."""
    return ThreadpoolController()


@numba.njit(cache=True)
def best_tree(scores: np.ndarray) -> np.ndarray:
    """Heads (1-based, 0 = root) of the best projective tree with one root child, by Eisner's algorithm;
    ``scores[h, d]`` scores head ``h`` for dependent ``d`` (index 0 the root, n + 1 rows)."""
    n = scores.shape[0] - 1
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    complete = np.full((n, n, 2), -np.inf)  # [s, t, 0]: headed by t; [s, t, 1]: headed by s
    incomplete = np.full((n, n, 2), -np.inf)
    complete_split = np.zeros((n, n, 2), dtype=np.int64)
    incomplete_split = np.zeros((n, n), dtype=np.int64)
    for i in range(n):
        complete[i, i, 0] = complete[i, i, 1] = 0.0
    for k in range(1, n):
        for s in range(n - k):
            t = s + k
            best, split = -np.inf, s
            for r in range(s, t):
                v = complete[s, r, 1] + complete[r + 1, t, 0]
                if v > best:
                    best, split = v, r
            incomplete[s, t, 0] = best + scores[t + 1, s + 1]
            incomplete[s, t, 1] = best + scores[s + 1, t + 1]
            incomplete_split[s, t] = split
            best, split = -np.inf, s
            for r in range(s, t):
                v = complete[s, r, 0] + incomplete[r, t, 0]
                if v > best:
                    best, split = v, r
            complete[s, t, 0], complete_split[s, t, 0] = best, split
            best, split = -np.inf, s + 1
            for r in range(s + 1, t + 1):
                v = incomplete[s, r, 1] + complete[r, t, 1]
                if v > best:
                    best, split = v, r
            complete[s, t, 1], complete_split[s, t, 1] = best, split
    best, root = -np.inf, 0
    for r in range(n):
        v = scores[0, r + 1] + complete[0, r, 0] + complete[r, n - 1, 1]
        if v > best:
            best, root = v, r
    heads = np.zeros(n, dtype=np.int64)
    stack = [(0, root, 0, 1), (root, n - 1, 1, 1)]  # (s, t, direction, complete?)
    while stack:
        s, t, d, whole = stack.pop()
        if s == t:
            continue
        if whole:
            r = complete_split[s, t, d]
            if d == 0:
                stack.append((s, r, 0, 1))
                stack.append((r, t, 0, 0))
            else:
                stack.append((s, r, 1, 0))
                stack.append((r, t, 1, 1))
        else:
            r = incomplete_split[s, t]
            if d == 0:
                heads[s] = t + 1
            else:
                heads[t] = s + 1
            stack.append((s, r, 1, 1))
            stack.append((r + 1, t, 0, 1))
    return heads
