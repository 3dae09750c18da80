"""Trains a small network in PyTorch and writes it for CompiledNet: models/spiral.safetensors (the weights, as
safetensors.torch.save_file writes them), models/spiral.onnx (torch.onnx.export) and models/expected.json (test
inputs, PyTorch's probabilities for them, and the training data, for fine-tuning on the device).

    python3 samples/FromPyTorch/train.py [--output DIR]

The network is the one SpiralNet.cs declares: 2 -> 16 tanh -> 16 tanh -> 2 softmax, trained with cross-entropy on
two interleaved spirals. Everything is seeded, so the same torch version writes the same files.
"""
import argparse
import json
import math
import os
import struct

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))


def spirals(count, seed):
    """Two interleaved spirals, `count` points each, with a little noise; labels 0 and 1."""
    generator = torch.Generator().manual_seed(seed)
    points, labels = [], []
    for label in (0, 1):
        t = torch.linspace(0.25, 3.5 * math.pi, count)
        radius = t / (3.5 * math.pi)
        angle = t + label * math.pi
        noise = 0.03 * torch.randn(count, 2, generator=generator)
        xy = torch.stack([radius * torch.cos(angle), radius * torch.sin(angle)], dim=1) + noise
        points.append(xy)
        labels.append(torch.full((count,), label, dtype=torch.long))
    return torch.cat(points), torch.cat(labels)


def save_safetensors(state, path):
    """safetensors.torch.save_file when the package is installed; otherwise the same bytes written here: an 8-byte
    little-endian header length, the JSON header (dtype, shape, data_offsets; tensors ordered by name, header padded
    with spaces to a multiple of 8), then the data."""
    try:
        from safetensors.torch import save_file
        save_file({k: v.contiguous() for k, v in state.items()}, path)
        return
    except ImportError:
        pass
    header, blobs, offset = {}, [], 0
    for name in sorted(state):
        tensor = state[name].contiguous().to(torch.float32)
        data = tensor.numpy().astype("<f4").tobytes()
        header[name] = {"dtype": "F32", "shape": list(tensor.shape), "data_offsets": [offset, offset + len(data)]}
        blobs.append(data)
        offset += len(data)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(path, "wb") as file:
        file.write(struct.pack("<Q", len(text)))
        file.write(text)
        for blob in blobs:
            file.write(blob)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default=os.path.join(HERE, "models"), help="where to write the three files")
    models = parser.parse_args().output
    torch.manual_seed(7)
    inputs, labels = spirals(200, seed=1)
    model = nn.Sequential(nn.Linear(2, 16), nn.Tanh(), nn.Linear(16, 16), nn.Tanh(), nn.Linear(16, 2), nn.Softmax(dim=-1))
    optimizer = torch.optim.Adam(model.parameters(), lr=0.02)
    for epoch in range(600):
        optimizer.zero_grad()
        loss = nn.functional.nll_loss(torch.log(model(inputs) + 1e-12), labels)
        loss.backward()
        optimizer.step()
    model.eval()

    test_inputs, test_labels = spirals(50, seed=2)
    with torch.no_grad():
        probabilities = model(test_inputs)
        accuracy = (probabilities.argmax(dim=1) == test_labels).float().mean().item()
    print(f"final training loss {loss.item():.4f}, test accuracy {accuracy:.2%}")

    os.makedirs(models, exist_ok=True)
    save_safetensors(model.state_dict(), os.path.join(models, "spiral.safetensors"))
    torch.onnx.export(model, test_inputs[:1], os.path.join(models, "spiral.onnx"), input_names=["input"],
                      output_names=["output"], dynamic_axes={"input": {0: "batch"}, "output": {0: "batch"}},
                      opset_version=17)
    expected = {
        "torch": torch.__version__,
        "test_accuracy": accuracy,
        "test_inputs": test_inputs.tolist(),
        "test_labels": test_labels.tolist(),
        "torch_probabilities": probabilities.tolist(),
        "train_inputs": inputs.tolist(),
        "train_labels": labels.tolist(),
    }
    with open(os.path.join(models, "expected.json"), "w") as file:
        json.dump(expected, file, indent=1)


if __name__ == "__main__":
    main()
