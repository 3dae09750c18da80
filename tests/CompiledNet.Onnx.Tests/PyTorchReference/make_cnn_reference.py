#!/usr/bin/env python3
"""Writes the PyTorch reference CNN that CompiledNet.Onnx.Tests reads (PyTorchReferenceTests).

It builds a small seeded nn.Sequential on 2x8x8 images,

    Conv2d(2, 4, 3, padding=1), ReLU, MaxPool2d(2), Conv2d(4, 3, (2, 3)), Tanh, AvgPool2d(2, stride=1),
    Dropout(0.25), Flatten, Linear(6, 5), ReLU, Linear(5, 3), Softmax(dim=1)

exports it with torch.onnx.export (eval mode, so without the Dropout), writes its state_dict as safetensors, and
writes 8 seeded inputs and torch's outputs on them to JSON. The test declares the same network (TorchCnnReferenceNet),
imports the .onnx and loads the .safetensors into it, and compares Forward with the stored outputs, so CI needs
neither torch nor this script: only the three files it wrote, which are checked in.

Run from this folder with the Python that has torch (Debian's python3-torch 1.13.1 was used):

    /usr/bin/python3 make_cnn_reference.py

The safetensors package is not needed: the file is written as safetensors.torch.save_file writes a state_dict (a u64
little-endian header length, the compact JSON header sorted by name and padded with spaces to a multiple of 8, then
the tensors' little-endian bytes in that order). The names are torch's own state_dict keys, which is what the test
checks CompiledNet's default names against.
"""

import json
import struct

import torch
from torch import nn

OPSET = 17


def save_safetensors(state_dict, path):
    """safetensors.torch.save_file's layout for one dtype (F32): tensors sorted by name, back to back."""
    header = {}
    data = b""
    for name in sorted(state_dict):
        tensor = state_dict[name].detach().contiguous().to(torch.float32)
        raw = struct.pack("<%df" % tensor.numel(), *tensor.flatten().tolist())
        header[name] = {"dtype": "F32", "shape": list(tensor.shape), "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as file:
        file.write(struct.pack("<Q", len(text)) + text + data)


def main() -> None:
    torch.manual_seed(20261130)
    model = nn.Sequential(
        nn.Conv2d(2, 4, 3, padding=1),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(4, 3, (2, 3)),
        nn.Tanh(),
        nn.AvgPool2d(2, stride=1),
        nn.Dropout(0.25),
        nn.Flatten(),
        nn.Linear(6, 5),
        nn.ReLU(),
        nn.Linear(5, 3),
        nn.Softmax(dim=1),
    )
    model.eval()

    inputs = torch.rand(8, 2, 8, 8, dtype=torch.float32) * 4 - 2
    with torch.no_grad():
        outputs = model(inputs)

    torch.onnx.export(
        model,
        inputs,
        "cnn_reference.onnx",
        input_names=["input"],
        output_names=["output"],
        dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}},
        opset_version=OPSET,
        do_constant_folding=True,
    )
    save_safetensors(model.state_dict(), "cnn_reference.safetensors")

    reference = {
        "producer": f"torch {torch.__version__}, torch.onnx.export opset {OPSET}",
        "architecture": str(model),
        "seed": 20261130,
        "state_dict": {name: list(tensor.shape) for name, tensor in model.state_dict().items()},
        # Each row is one sample's 2x8x8 values in NCHW order, as CompiledNet's Forward reads them.
        "inputs": [[float(f"{v:.9g}") for v in row.flatten().tolist()] for row in inputs],
        "outputs": [[float(f"{v:.9g}") for v in row] for row in outputs.tolist()],
        # The parameters in CompiledNet's layout: per Conv2d or Linear its weight row-major, then its bias.
        "parameters": [
            float(f"{v:.9g}")
            for layer in model
            if isinstance(layer, (nn.Conv2d, nn.Linear))
            for v in layer.weight.detach().flatten().tolist() + layer.bias.detach().tolist()
        ],
    }
    with open("cnn_reference.json", "w", encoding="utf-8") as file:
        json.dump(reference, file, indent=1)
        file.write("\n")


if __name__ == "__main__":
    main()
