#!/usr/bin/env python3
"""Writes assets/ort/kokoro-warmup.onnx: a tiny model that runs each kind of heavy kernel Kokoro's
int8 export runs, with small made-up weights.

    python3 scripts/make-warmup-model.py   (needs the onnx and numpy packages: pip install onnx numpy)

Why: the first inference of a fresh ONNX Runtime wasm instance is about a second slower than the
next ones (the kernels' code is compiled when first called), and that second came after the
weights were read from IndexedDB, on the path to the first sound. Measured in Chromium on the
2-vCPU machine (BENCHMARKS.md): a fresh instance's first two-word head took 3.4-3.7 s where later
ones took 2.1-2.4 s; after a few runs of this model (80 ms in all), 2.8 s. The in-browser engine
runs it while the weights are still being read.

The kernels, as in the real graph: DynamicQuantizeLinear then ConvInteger (uint8 x uint8, kernel
5 and 11), MatMulInteger (uint8 x int8), com.microsoft DynamicQuantizeLSTM (bidirectional), a
depthwise ConvTranspose with stride 2, float Conv and MatMul, LayerNormalization, Softmax,
LeakyRelu, Sin. One input `x` [1, 16, L]. The output is deterministic (seeded weights), so the
committed file is what this script writes.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto as T
from onnx import helper as h
from onnx import numpy_helper as nh

CHANNELS = 16
OUT = Path(__file__).resolve().parent.parent / "assets/ort/kokoro-warmup.onnx"


def build() -> onnx.ModelProto:
    rng = np.random.default_rng(7)
    c, hidden = CHANNELS, CHANNELS // 2
    inits: list[onnx.TensorProto] = []

    def weight(name: str, array: np.ndarray) -> str:
        inits.append(nh.from_array(array, name))
        return name

    nodes = [
        # Quantized convolutions, as in the text encoder (kernel 5) and the decoder's resblocks (11).
        h.make_node("DynamicQuantizeLinear", ["x"], ["xq", "xs", "xz"]),
        h.make_node("ConvInteger", ["xq", weight("w5", rng.integers(0, 255, (c, c, 5), dtype=np.uint8)), "xz",
                                    weight("w5z", np.array(128, np.uint8))], ["c5"], kernel_shape=[5], pads=[2, 2]),
        h.make_node("ConvInteger", ["xq", weight("w11", rng.integers(0, 255, (c, c, 11), dtype=np.uint8)), "xz",
                                    weight("w11z", np.array(128, np.uint8))], ["c11"], kernel_shape=[11], pads=[5, 5]),
        h.make_node("Add", ["c5", "c11"], ["csum"]),
        h.make_node("Cast", ["csum"], ["cf"], to=T.FLOAT),
        h.make_node("Mul", ["cf", "xs"], ["cm"]),
        h.make_node("Sin", ["cm"], ["conv_out"]),
        # Frames as rows: [L, C], for the matrix products.
        h.make_node("Transpose", ["x"], ["xt"], perm=[0, 2, 1]),
        h.make_node("Reshape", ["xt", weight("rows", np.array([-1, c], np.int64))], ["xr"]),
        h.make_node("DynamicQuantizeLinear", ["xr"], ["rq", "rs", "rz"]),
        h.make_node("MatMulInteger", ["rq", weight("wm", rng.integers(-127, 127, (c, 2 * c), dtype=np.int8)), "rz",
                                      weight("wmz", np.zeros(2 * c, np.int8))], ["mi"]),
        h.make_node("Cast", ["mi"], ["mi_out"], to=T.FLOAT),
        h.make_node("MatMul", ["xr", weight("wf", rng.standard_normal((c, c)).astype(np.float32))], ["mf"]),
        h.make_node("LayerNormalization", ["mf", weight("ln_s", np.ones(c, np.float32)), weight("ln_b", np.zeros(c, np.float32))],
                    ["ln"], axis=-1),
        h.make_node("Softmax", ["ln"], ["mat_out"], axis=-1),
        # The LSTMs: [L, 1, C].
        h.make_node("Transpose", ["x"], ["xs_l"], perm=[2, 0, 1]),
        h.make_node("DynamicQuantizeLSTM", [
            "xs_l",
            weight("lw", rng.integers(-127, 127, (2, c, 4 * hidden), dtype=np.int8)),
            weight("lr", rng.integers(-127, 127, (2, hidden, 4 * hidden), dtype=np.int8)),
            weight("lb", np.zeros((2, 8 * hidden), np.float32)), "", "", "", "",
            weight("lws", np.full(2, 0.01, np.float32)), weight("lwz", np.zeros(2, np.int8)),
            weight("lrs", np.full(2, 0.01, np.float32)), weight("lrz", np.zeros(2, np.int8)),
        ], ["lstm_out"], domain="com.microsoft", direction="bidirectional", hidden_size=hidden),
        # The upsampling and the float convolution of the predictor and the generator.
        h.make_node("ConvTranspose", ["x", weight("tw", rng.standard_normal((c, 1, 3)).astype(np.float32)),
                                      weight("tb", np.zeros(c, np.float32))], ["ct"],
                    group=c, kernel_shape=[3], strides=[2], pads=[1, 1], output_padding=[1]),
        h.make_node("LeakyRelu", ["ct"], ["up_out"], alpha=0.2),
        h.make_node("Conv", ["x", weight("fw", rng.standard_normal((22, c, 7)).astype(np.float32)),
                             weight("fb", np.zeros(22, np.float32))], ["float_conv_out"], kernel_shape=[7], pads=[3, 3]),
    ]
    outputs = ["conv_out", "mi_out", "mat_out", "lstm_out", "up_out", "float_conv_out"]
    graph = h.make_graph(nodes, "kokoro-warmup", [h.make_tensor_value_info("x", T.FLOAT, [1, c, "L"])],
                         [h.make_tensor_value_info(name, T.FLOAT, None) for name in outputs], inits)
    model = h.make_model(graph, opset_imports=[h.make_opsetid("", 17), h.make_opsetid("com.microsoft", 1)],
                         producer_name="make-warmup-model.py")
    model.ir_version = 8
    return model


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(build(), OUT)
    print(f"wrote {OUT} ({OUT.stat().st_size} bytes)")
