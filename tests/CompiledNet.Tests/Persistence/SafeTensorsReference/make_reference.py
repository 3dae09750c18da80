#!/usr/bin/env python3
"""Writes the safetensors reference files of SafeTensorsReferenceTests from PyTorch.

Run from this folder with Debian's torch (python3-torch, 1.13.1): /usr/bin/python3 make_reference.py

The network is torch's nn.Sequential(Linear(3, 5), Tanh(), Linear(5, 2), Sigmoid()) with torch's default
initialisation under a fixed seed: CompiledNet's PersistFloatNet (3 -> 5 tanh -> 2 sigmoid). Its state_dict() is written
four times, as F32, F64, F16 and BF16 (reference_<dtype>.safetensors), and reference.json holds, for the tests:
  - "parameters": each file's tensors as torch converts them to float32 (float64 for F64), in CompiledNet's flat
    layout (per layer the weight [out, in] row-major, then the bias);
  - "inputs"/"outputs": the float32 model's outputs, computed by torch, for a few inputs.

The Python package `safetensors` is not installed on this machine (it is not in Debian and PyPI is unreachable), so
save_file below re-implements safetensors.torch.save_file as huggingface/safetensors does it:
  - bindings/python/py_src/safetensors/torch.py: save_file(tensors, filename, metadata=None) flattens each tensor to
    its dtype, shape and raw bytes (the CPU tensor's memory: little-endian, row-major) and calls the Rust serializer;
  - safetensors/src/tensor.rs, prepare() and serialize(): the tensors sorted by descending dtype alignment, then by
    name (byte order); data_offsets assigned in that order, back to back from 0; the header serialised by serde_json
    in compact form (no spaces), "__metadata__" first and only when metadata is given (save_file's default is None),
    each entry's keys in the order dtype, shape, data_offsets; the header padded with spaces to a multiple of 8
    bytes; then the u64 little-endian header length, the header, and the tensors' bytes in the same order.
So the files are torch's tensors in the official layout, written by this script, not by the safetensors package.
"""
import json
import struct

import torch

SEED = 20261130

# Dtype names of safetensors, in the official Dtype enum's order (the order is the alignment order that prepare() sorts by).
DTYPE_ORDER = ["BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "F64", "I64", "U64"]
TORCH_DTYPES = {torch.float32: "F32", torch.float64: "F64", torch.float16: "F16", torch.bfloat16: "BF16"}


def save_file(tensors, filename):
    """safetensors.torch.save_file(tensors, filename) with metadata=None, re-implemented (see the module's docstring)."""
    entries = [(name, TORCH_DTYPES[t.dtype], list(t.shape), t.contiguous()) for name, t in tensors.items()]
    entries.sort(key=lambda e: (-DTYPE_ORDER.index(e[1]), e[0].encode("utf-8")))
    header = {}
    data = []
    offset = 0
    for name, dtype, shape, tensor in entries:
        # The raw little-endian bytes of the tensor (a view as int16 for the 16-bit float types, which numpy lacks).
        if tensor.dtype in (torch.float16, torch.bfloat16):
            raw = tensor.view(torch.int16).numpy().astype("<i2").tobytes()
        else:
            raw = tensor.numpy().astype(tensor.numpy().dtype.newbyteorder("<")).tobytes()
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [offset, offset + len(raw)]}
        data.append(raw)
        offset += len(raw)
    text = json.dumps(header, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    text += b" " * ((8 - len(text) % 8) % 8)
    with open(filename, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for raw in data:
            f.write(raw)


def flat(state, dtype):
    """The state_dict in CompiledNet's parameter order, converted by torch to dtype, as Python floats (exact)."""
    values = []
    for layer in ("0", "2"):
        values += state[layer + ".weight"].to(dtype).flatten().tolist()
        values += state[layer + ".bias"].to(dtype).flatten().tolist()
    return values


def main():
    torch.manual_seed(SEED)
    model = torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.Tanh(), torch.nn.Linear(5, 2), torch.nn.Sigmoid())
    state = {k: v.detach() for k, v in model.state_dict().items()}
    assert list(state) == ["0.weight", "0.bias", "2.weight", "2.bias"], list(state)

    reference = {"torch": torch.__version__, "seed": SEED, "parameters": {}}
    for dtype, torch_dtype, widened in (("F32", torch.float32, torch.float32), ("F64", torch.float64, torch.float64),
                                        ("F16", torch.float16, torch.float32), ("BF16", torch.bfloat16, torch.float32)):
        converted = {k: v.to(torch_dtype) for k, v in state.items()}
        save_file(converted, "reference_%s.safetensors" % dtype.lower())
        reference["parameters"][dtype] = flat(converted, widened)

    inputs = [[0.0, 0.0, 0.0], [1.0, -2.0, 0.5], [-0.75, 0.25, 3.0], [10.0, 10.0, -10.0]]
    with torch.no_grad():
        outputs = model(torch.tensor(inputs, dtype=torch.float32))
    reference["inputs"] = inputs
    reference["outputs"] = outputs.tolist()
    with open("reference.json", "w") as f:
        json.dump(reference, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
