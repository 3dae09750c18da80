#!/usr/bin/env python3
"""Writes the PyTorch reference model that CompiledNet.Onnx.Tests imports (PyTorchReferenceTests).

It builds a small nn.Sequential, 4 -> 8 (tanh) -> 6 (ReLU) -> 3 (softmax), with seeded weights, exports it with
torch.onnx.export, and writes 16 seeded input rows and torch's outputs on them to JSON. The test declares the same
network (TorchReferenceNet), imports the .onnx into it and compares Forward with the stored outputs, so CI needs
neither torch nor this script: only the two files it wrote, which are checked in.

Run from this folder with the Python that has torch (Debian's python3-torch 1.13.1 was used):

    /usr/bin/python3 make_reference.py

torch 1.13 exports up to opset 17, which is what the script asks for. Outputs are computed in float32 by torch and
stored with 9 significant digits (enough to give back the same float32).
"""

import json

import torch
from torch import nn

OPSET = 17


def main() -> None:
    torch.manual_seed(20261129)
    model = nn.Sequential(
        nn.Linear(4, 8),
        nn.Tanh(),
        nn.Linear(8, 6),
        nn.ReLU(),
        nn.Linear(6, 3),
        nn.Softmax(dim=1),
    )
    model.eval()

    inputs = torch.rand(16, 4, dtype=torch.float32) * 4 - 2
    with torch.no_grad():
        outputs = model(inputs)

    torch.onnx.export(
        model,
        inputs,
        "reference.onnx",
        input_names=["input"],
        output_names=["output"],
        dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}},
        opset_version=OPSET,
        do_constant_folding=True,
    )

    reference = {
        "producer": f"torch {torch.__version__}, torch.onnx.export opset {OPSET}",
        "architecture": "nn.Sequential(Linear(4, 8), Tanh(), Linear(8, 6), ReLU(), Linear(6, 3), Softmax(dim=1))",
        "seed": 20261129,
        "inputs": [[float(f"{v:.9g}") for v in row] for row in inputs.tolist()],
        "outputs": [[float(f"{v:.9g}") for v in row] for row in outputs.tolist()],
        # The parameters in CompiledNet's layout (each layer's weight [out, in] row-major, then its bias), so a test
        # can also check the import value for value.
        "parameters": [
            float(f"{v:.9g}")
            for layer in model
            if isinstance(layer, nn.Linear)
            for v in layer.weight.detach().flatten().tolist() + layer.bias.detach().tolist()
        ],
    }
    with open("reference.json", "w", encoding="utf-8") as file:
        json.dump(reference, file, indent=1)
        file.write("\n")


if __name__ == "__main__":
    main()
