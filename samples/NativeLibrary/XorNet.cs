using CompiledNet;

namespace NativeLibrary;

/// <summary>
/// XOR's network, exported from the shared library as xor_input_size, xor_output_size, xor_parameter_count,
/// xor_forward, xor_get_parameters, xor_set_parameters and xor_train_sample (see xor.h).
/// </summary>
[NativeExport("xor")]
[Input(2)]
[Dense(4, Activation.Tanh)]
[Dense(1, Activation.Sigmoid)]
public partial class XorNet;
