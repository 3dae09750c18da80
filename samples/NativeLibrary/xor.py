"""Calls the NativeAOT shared library with ctypes and prints what Managed/ prints (CI diffs the two).

Usage: python3 xor.py path/to/NativeLibrary.so
"""
import ctypes
import sys

lib = ctypes.CDLL(sys.argv[1])
f32 = ctypes.c_float
p32 = ctypes.POINTER(f32)
for name in ("xor_input_size", "xor_output_size", "xor_parameter_count"):
    getattr(lib, name).argtypes = []
    getattr(lib, name).restype = ctypes.c_int
lib.xor_forward.argtypes = [p32, ctypes.c_int, p32, ctypes.c_int]
lib.xor_forward.restype = ctypes.c_int
lib.xor_forward_batch.argtypes = [p32, ctypes.c_int, p32, ctypes.c_int]
lib.xor_forward_batch.restype = ctypes.c_int
lib.xor_get_parameters.argtypes = [p32, ctypes.c_int]
lib.xor_get_parameters.restype = ctypes.c_int
lib.xor_set_parameters.argtypes = [p32, ctypes.c_int]
lib.xor_set_parameters.restype = ctypes.c_int
lib.xor_train_sample.argtypes = [p32, ctypes.c_int, p32, ctypes.c_int, f32, p32]
lib.xor_train_sample.restype = ctypes.c_int

inputs = [(f32 * 2)(0, 0), (f32 * 2)(0, 1), (f32 * 2)(1, 0), (f32 * 2)(1, 1)]
targets = [(f32 * 1)(t) for t in (0, 1, 1, 0)]


def print_outputs():
    for x in inputs:
        output = (f32 * 1)()
        status = lib.xor_forward(x, 2, output, 1)
        if status != 0:
            sys.exit(f"xor_forward returned {status}")
        print("forward %g %g -> %.9g" % (x[0], x[1], output[0]))


print("sizes %d %d %d" % (lib.xor_input_size(), lib.xor_output_size(), lib.xor_parameter_count()))
print_outputs()
output = (f32 * 2)()
count = lib.xor_parameter_count()
parameters = (f32 * count)()
print("forward with input length 3 -> %d" % lib.xor_forward(inputs[0], 3, output, 1))
print("forward with output length 2 -> %d" % lib.xor_forward(inputs[0], 2, output, 2))
print("forward with a null input -> %d" % lib.xor_forward(None, 2, output, 1))
print("get_parameters with one too few -> %d" % lib.xor_get_parameters(parameters, count - 1))
print("forward_batch with half a row -> %d" % lib.xor_forward_batch(inputs[0], 3, output, 1))

loss = f32(0)
for epoch in range(2000):
    for x, t in zip(inputs, targets):
        if lib.xor_train_sample(x, 2, t, 1, 0.5, ctypes.byref(loss)) != 0:
            sys.exit("xor_train_sample failed")
print("trained 2000 epochs, last loss %.9g" % loss.value)
print_outputs()
rows = (f32 * 8)(*[v for x in inputs for v in x])
batch = (f32 * 4)()
if lib.xor_forward_batch(rows, 8, batch, 4) != 0:
    sys.exit("xor_forward_batch failed")
print("forward_batch -> %.9g %.9g %.9g %.9g" % tuple(batch))

if lib.xor_get_parameters(parameters, count) != 0 or lib.xor_set_parameters(parameters, count) != 0:
    sys.exit("parameters did not round-trip")
print("first parameter %.9g" % parameters[0])
