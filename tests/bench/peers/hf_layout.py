"""Writes the model in Hugging Face's onnx-community layout for the benchmark's peers.

kokoro-js and Transformers.js load `onnx/model_quantized.onnx` and feed it `input_ids`, reading
`waveform`; kokoro-onnx's export (ours) names them `tokens` and `audio`. Only those names change:
the graph and every weight stay as they are, so all engines run the same model.

usage: PYTHONPATH=$TTS_HOME/tools/onnx-1.23.2 python3 hf_layout.py MODEL OUT_DIR
"""
import json
import sys
from pathlib import Path

import onnx

RENAME = {"tokens": "input_ids", "audio": "waveform"}


def main(model_path: str, out_dir: str) -> None:
    model = onnx.load(model_path)
    for node in model.graph.node:
        node.input[:] = [RENAME.get(name, name) for name in node.input]
        node.output[:] = [RENAME.get(name, name) for name in node.output]
    for value in [*model.graph.input, *model.graph.output]:
        value.name = RENAME.get(value.name, value.name)
    out = Path(out_dir)
    (out / "onnx").mkdir(parents=True, exist_ok=True)
    onnx.save(model, out / "onnx" / "model_quantized.onnx")
    # Transformers.js picks the model class from config.json's model_type.
    (out / "config.json").write_text(json.dumps({"model_type": "style_text_to_speech_2", "architectures": ["StyleTextToSpeech2Model"]}))


if __name__ == "__main__":
    main(*sys.argv[1:3])
