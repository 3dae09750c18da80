using CompiledNet;

namespace CompiledNet.Onnx.Tests;

// Each activation on a hidden layer and on the output layer, in float and in double, and each loss setting: 3 inputs,
// 6 and 5 hidden neurons (unrolled layers), 2 outputs (3 for softmax). The "Wide" networks have looped layers, a
// vectorised tanh and sigmoid, and softmax under mean squared error; "Vector" is a compact float network whose hidden
// layer of four sigmoids is one Vector128 (FastSigmoid).

#pragma warning disable CNET009 // Linear hidden layers, on purpose: the export writes no activation for them.
[Network(Loss = Loss.MeanSquaredError, Precision = Precision.Single)]
[Input(3)]
[Dense(6, Activation.Linear)]
[Dense(5, Activation.Linear)]
[Dense(2, Activation.Linear)]
public partial class LinearNet;
#pragma warning restore CNET009

[Network(Loss = Loss.BinaryCrossEntropy, Precision = Precision.Single)]
[Input(3)]
[Dense(6, Activation.Sigmoid)]
[Dense(5, Activation.Sigmoid)]
[Dense(2, Activation.Sigmoid)]
public partial class SigmoidNet;

[Network(Loss = Loss.MeanSquaredError, Precision = Precision.Single)]
[Input(3)]
[Dense(6, Activation.Tanh)]
[Dense(5, Activation.Tanh)]
[Dense(2, Activation.Tanh)]
public partial class TanhNet;

[Network(Loss = Loss.MeanSquaredError, Precision = Precision.Single)]
[Input(3)]
[Dense(6, Activation.ReLU)]
[Dense(5, Activation.ReLU)]
[Dense(2, Activation.ReLU)]
public partial class ReLUNet;

[Network(Loss = Loss.MeanSquaredError, Precision = Precision.Single)]
[Input(3)]
[Dense(6, Activation.LeakyReLU, NegativeSlope = 0.1f)]
[Dense(5, Activation.LeakyReLU, NegativeSlope = 0.1f)]
[Dense(2, Activation.LeakyReLU)]
public partial class LeakyReLUNet;

[Network(Loss = Loss.MeanSquaredError, Precision = Precision.Single)]
[Input(3)]
[Dense(6, Activation.ELU, Alpha = 0.5f)]
[Dense(5, Activation.ELU, Alpha = 0.5f)]
[Dense(2, Activation.ELU)]
public partial class ELUNet;

[Network(Loss = Loss.MeanSquaredError, Precision = Precision.Single)]
[Input(3)]
[Dense(6, Activation.Softplus)]
[Dense(5, Activation.Softplus)]
[Dense(2, Activation.Softplus)]
public partial class SoftplusNet;

[Network(Loss = Loss.MeanSquaredError, Precision = Precision.Single)]
[Input(3)]
[Dense(6, Activation.SiLU)]
[Dense(5, Activation.SiLU)]
[Dense(2, Activation.SiLU)]
public partial class SiLUNet;

[Network(Loss = Loss.MeanSquaredError, Precision = Precision.Single)]
[Input(3)]
[Dense(6, Activation.GELU)]
[Dense(5, Activation.GELU)]
[Dense(2, Activation.GELU)]
public partial class GELUNet;

[Network(Loss = Loss.CrossEntropy, Precision = Precision.Single)]
[Input(3)]
[Dense(6, Activation.ReLU)]
[Dense(5, Activation.ReLU)]
[Dense(3, Activation.Softmax)]
public partial class SoftmaxNet;

[Network(Loss = Loss.MeanSquaredError, Precision = Precision.Single)]
[Input(20)]
[Dense(32, Activation.Tanh)]
[Dense(16, Activation.Sigmoid)]
[Dense(12, Activation.GELU)]
[Dense(3, Activation.Softmax)]
public partial class WideNet;

#pragma warning disable CNET009 // Linear hidden layers, on purpose: the export writes no activation for them.
[Network(Loss = Loss.MeanSquaredError, Precision = Precision.Double)]
[Input(3)]
[Dense(6, Activation.Linear)]
[Dense(5, Activation.Linear)]
[Dense(2, Activation.Linear)]
public partial class LinearNetD;
#pragma warning restore CNET009

[Network(Loss = Loss.BinaryCrossEntropy, Precision = Precision.Double)]
[Input(3)]
[Dense(6, Activation.Sigmoid)]
[Dense(5, Activation.Sigmoid)]
[Dense(2, Activation.Sigmoid)]
public partial class SigmoidNetD;

[Network(Loss = Loss.MeanSquaredError, Precision = Precision.Double)]
[Input(3)]
[Dense(6, Activation.Tanh)]
[Dense(5, Activation.Tanh)]
[Dense(2, Activation.Tanh)]
public partial class TanhNetD;

[Network(Loss = Loss.MeanSquaredError, Precision = Precision.Double)]
[Input(3)]
[Dense(6, Activation.ReLU)]
[Dense(5, Activation.ReLU)]
[Dense(2, Activation.ReLU)]
public partial class ReLUNetD;

[Network(Loss = Loss.MeanSquaredError, Precision = Precision.Double)]
[Input(3)]
[Dense(6, Activation.LeakyReLU, NegativeSlope = 0.1f)]
[Dense(5, Activation.LeakyReLU, NegativeSlope = 0.1f)]
[Dense(2, Activation.LeakyReLU)]
public partial class LeakyReLUNetD;

[Network(Loss = Loss.MeanSquaredError, Precision = Precision.Double)]
[Input(3)]
[Dense(6, Activation.ELU, Alpha = 0.5f)]
[Dense(5, Activation.ELU, Alpha = 0.5f)]
[Dense(2, Activation.ELU)]
public partial class ELUNetD;

[Network(Loss = Loss.MeanSquaredError, Precision = Precision.Double)]
[Input(3)]
[Dense(6, Activation.Softplus)]
[Dense(5, Activation.Softplus)]
[Dense(2, Activation.Softplus)]
public partial class SoftplusNetD;

[Network(Loss = Loss.MeanSquaredError, Precision = Precision.Double)]
[Input(3)]
[Dense(6, Activation.SiLU)]
[Dense(5, Activation.SiLU)]
[Dense(2, Activation.SiLU)]
public partial class SiLUNetD;

[Network(Loss = Loss.MeanSquaredError, Precision = Precision.Double)]
[Input(3)]
[Dense(6, Activation.GELU)]
[Dense(5, Activation.GELU)]
[Dense(2, Activation.GELU)]
public partial class GELUNetD;

[Network(Loss = Loss.CrossEntropy, Precision = Precision.Double)]
[Input(3)]
[Dense(6, Activation.ReLU)]
[Dense(5, Activation.ReLU)]
[Dense(3, Activation.Softmax)]
public partial class SoftmaxNetD;

[Network(Loss = Loss.MeanSquaredError, Precision = Precision.Double)]
[Input(20)]
[Dense(32, Activation.Tanh)]
[Dense(16, Activation.Sigmoid)]
[Dense(12, Activation.GELU)]
[Dense(3, Activation.Softmax)]
public partial class WideNetD;

[Input(2)]
[Dense(4, Activation.Sigmoid)]
[Dense(1, Activation.Sigmoid)]
public partial class VectorNet;

// The same shape as the ReLU network but with tanh: a model of one must not load into the other.
[Input(3)]
[Dense(6, Activation.Tanh)]
[Dense(5, Activation.Tanh)]
[Dense(2, Activation.ReLU)]
public partial class TanhReluNet;

// Another hidden size than the ReLU network.
[Input(3)]
[Dense(7, Activation.ReLU)]
[Dense(5, Activation.ReLU)]
[Dense(2, Activation.ReLU)]
public partial class ReLUWiderNet;

// The network make_reference.py builds in PyTorch: 4-8-6-3, tanh, ReLU, softmax.
[Network(Loss = Loss.CrossEntropy)]
[Input(4)]
[Dense(8, Activation.Tanh)]
[Dense(6, Activation.ReLU)]
[Dense(3, Activation.Softmax)]
public partial class TorchReferenceNet;

// LeakyReLU in double with a slope that float holds exactly, so ONNX's float attribute loses nothing.
[Network(Precision = Precision.Double)]
[Input(3)]
[Dense(6, Activation.LeakyReLU, NegativeSlope = 0.25f)]
[Dense(5, Activation.LeakyReLU, NegativeSlope = 0.25f)]
[Dense(2, Activation.LeakyReLU, NegativeSlope = 0.25f)]
public partial class LeakyReLUExactNetD;
