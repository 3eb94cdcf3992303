#!/usr/bin/env python3
"""Adds a per-token `durations` output to a Kokoro-82M v1.0 ONNX export that lacks one.

    derive_timestamped_model.py IN.onnx OUT.onnx

Kokoro predicts how many audio frames each input token lasts, then repeats each token's features
that many times before decoding. In the reference model (hexgrad/kokoro, kokoro/model.py):

    duration = torch.sigmoid(duration_logits).sum(axis=-1) / speed
    pred_dur = torch.round(duration).clamp(min=1).long().squeeze()
    indices  = torch.repeat_interleave(torch.arange(T), pred_dur)

so pred_dur holds one integer per input token (both 0 pads included), in frames of 600 samples
(24 kHz, 40 frames/s), with speed already applied, and len(audio) == sum(pred_dur) * 600.

kokoro-onnx's `kokoro-v1.0.onnx` / `kokoro-v1.0.int8.onnx` export that line as

    /encoder/Div    Div(ReduceSum(Sigmoid(...)), speed)          float [1, T]
    /encoder/Round  Round                                        float [1, T]
    /encoder/Clip   Clip(min=1)                                  float [1, T]
    /encoder/Cast   Cast(to=INT64)          = .long()            int64 [1, T]
    /encoder/Gather Gather(axis=0, index 0) = .squeeze()         int64 [T]    <- pred_dur

and /encoder/Gather's output feeds only the CumSum of repeat_interleave. We find that chain by its
structure (not by name), starting at the Div that takes the `speed` input, and expose the squeezed
int64 tensor through an Identity node as a new graph output `durations` (int64, shape [T]). Nothing
else changes: the nodes, weights and the `audio` output are as they were, so audio is bit-identical.

Needs only the `onnx` package. The output is deterministic (protobuf serialization of the same
graph), so its sha256 can be pinned.
"""

from __future__ import annotations

import argparse
import sys

import onnx
from onnx import TensorProto, helper, numpy_helper

OUTPUT = "durations"


class DeriveError(Exception):
    pass


def find_pred_dur(graph: onnx.GraphProto) -> tuple[str, bool]:
    """Finds the int64 per-token duration tensor (pred_dur) in a Kokoro graph.

    Returns its name and whether it is squeezed to [T] (else it is the [1, T] tensor before that).
    """
    consumers: dict[str, list[onnx.NodeProto]] = {}
    for node in graph.node:
        for name in node.input:
            consumers.setdefault(name, []).append(node)
    tensors = {t.name: t for t in graph.initializer}
    for node in graph.node:
        if node.op_type == "Constant" and node.attribute and node.attribute[0].name == "value":
            tensors[node.output[0]] = node.attribute[0].t

    def constant(name: str):
        return numpy_helper.to_array(tensors[name]) if name in tensors else None

    def only_consumer(node: onnx.NodeProto, op_type: str) -> onnx.NodeProto | None:
        users = consumers.get(node.output[0], [])
        return users[0] if len(users) == 1 and users[0].op_type == op_type else None

    speed = [i.name for i in graph.input if i.name == "speed"]
    found = []
    for div in consumers.get(speed[0], []) if speed else []:
        if div.op_type != "Div" or div.input[1] != "speed":
            continue
        rnd = only_consumer(div, "Round")
        clip = rnd and only_consumer(rnd, "Clip")
        cast = clip and only_consumer(clip, "Cast")
        if not cast or next((a.i for a in cast.attribute if a.name == "to"), None) != TensorProto.INT64:
            continue  # .long()
        low = constant(clip.input[1]) if len(clip.input) > 1 else None
        if low is None or float(low) != 1.0:
            continue  # .clamp(min=1)
        # .squeeze() of the batch axis: Gather(axis=0) with the scalar index 0, or a Squeeze.
        def is_squeeze(n: onnx.NodeProto) -> bool:
            if n.op_type == "Squeeze":
                return True
            index = constant(n.input[1]) if n.op_type == "Gather" else None
            return (index is not None and index.shape == () and int(index) == 0
                    and all(a.name != "axis" or a.i == 0 for a in n.attribute))

        squeeze = [n for n in consumers.get(cast.output[0], []) if is_squeeze(n)]
        found.append((squeeze[0].output[0], True) if len(squeeze) == 1 else (cast.output[0], False))
    if len(found) != 1:
        raise DeriveError(
            "no per-token duration tensor found (expected Div(x, speed) -> Round -> Clip(min=1) -> "
            f"Cast(int64), found {len(found)} such chains): not a Kokoro export this script knows")
    return found[0]


def derive(model: onnx.ModelProto) -> onnx.ModelProto:
    graph = model.graph
    have = [o.name for o in graph.output if "duration" in o.name]
    if have:
        raise DeriveError(f"the model already has a durations output ({', '.join(have)}); use it as is")
    tensor, squeezed = find_pred_dur(graph)
    # Name the length axis as the tokens input names its own (kokoro-onnx: "sequence_length").
    tokens = next((i for i in graph.input if i.name in ("tokens", "input_ids")), None)
    dims = tokens.type.tensor_type.shape.dim if tokens else []
    length = dims[1].dim_param if len(dims) == 2 and dims[1].dim_param else "sequence_length"
    graph.node.append(helper.make_node("Identity", [tensor], [OUTPUT], name="/durations/Identity"))
    shape = [length] if squeezed else [1, length]
    graph.output.append(helper.make_tensor_value_info(OUTPUT, TensorProto.INT64, shape))
    return model


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input", help="Kokoro ONNX model without a durations output")
    parser.add_argument("output", help="where to write the model with the extra `durations` output")
    args = parser.parse_args(argv)
    try:
        model = onnx.load(args.input)
    except Exception as e:  # a missing file, or bytes that are not an ONNX protobuf
        print(f"{args.input}: cannot read it as an ONNX model ({e})", file=sys.stderr)
        return 1
    try:
        model = derive(model)
    except DeriveError as e:
        print(f"{args.input}: {e}", file=sys.stderr)
        return 1
    onnx.save(model, args.output)
    print(f"wrote {args.output}: outputs {[o.name for o in model.graph.output]}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
