using CompiledNet;

namespace CompiledNet.Onnx.Tests;

// Convolutional networks for the export and the import: padding, stride 2, a 1×1 kernel, both poolings (one with a
// stride other than its window), dropout between spatial and between dense layers, a rectangular kernel, every
// activation on a convolution, an image input read directly by a dense layer, and double precision.

[Network(Loss = Loss.CrossEntropy)]
[Input(1, 9, 9)]
[Conv2D(3, 3, Activation.ReLU, Padding = 1)]
[MaxPool2D(2)]
[Dense(4, Activation.Softmax)]
public partial class OnnxTinyCnn;

[Network(Loss = Loss.MeanSquaredError)]
[Input(3, 7, 7)]
[Conv2D(8, 3, Activation.Tanh, Stride = 2)]
[Conv2D(3, 1, Activation.Sigmoid)]
[AvgPool2D(2, Stride = 1)]
[Dropout(0.3)]
[Dense(2, Activation.Linear)]
public partial class OnnxStridedCnn;

/// <summary>A 3×5 kernel over a 6×8 image, padded by 1: 3×6×6, pooled to 3×3×3.</summary>
[Network(Loss = Loss.BinaryCrossEntropy)]
[Input(2, 6, 8)]
[Conv2D(3, 3, 5, Activation.LeakyReLU, Padding = 1, NegativeSlope = 0.1f)]
[MaxPool2D(2)]
[Dense(5, Activation.GELU)]
[Dropout(0.5)]
[Dense(2, Activation.Sigmoid)]
public partial class OnnxRectangularCnn;

/// <summary>SiLU, GELU, ELU and Softplus on convolutions, and a pooling window of 3 moved by 2.</summary>
[Network(Loss = Loss.CrossEntropy)]
[Input(1, 8, 8)]
[Conv2D(2, 3, Activation.SiLU, Padding = 1)]
[Conv2D(2, 3, Activation.GELU, Padding = 1)]
[MaxPool2D(3, Stride = 2)]
[Conv2D(3, 2, Activation.ELU, Alpha = 0.5f)]
[Conv2D(2, 1, Activation.Softplus)]
[Dense(3, Activation.Softmax)]
public partial class OnnxActivationsCnn;

/// <summary>An image input that a dense layer reads directly: the export flattens it first.</summary>
[Network(Loss = Loss.MeanSquaredError)]
[Input(2, 3, 3)]
[Dense(4, Activation.Tanh)]
[Dense(2, Activation.Linear)]
public partial class OnnxImageMlp;

[Network(Loss = Loss.CrossEntropy, Precision = Precision.Double)]
[Input(2, 8, 8)]
[Conv2D(4, 3, Activation.Tanh, Padding = 1)]
[MaxPool2D(2)]
[Conv2D(3, 2, Activation.ReLU)]
[AvgPool2D(3)]
[Dropout(0.25)]
[Dense(3, Activation.Softmax)]
public partial class OnnxDoubleCnn;

/// <summary>OnnxTinyCnn with a 5×5 kernel: the same graph but for the weight's shape and the kernel_shape.</summary>
[Network(Loss = Loss.CrossEntropy)]
[Input(1, 9, 9)]
[Conv2D(3, 5, Activation.ReLU, Padding = 2)]
[MaxPool2D(2)]
[Dense(4, Activation.Softmax)]
public partial class OnnxTinyCnnWideKernel;

// The network make_cnn_reference.py builds in PyTorch (nn.Sequential indices in brackets): Conv2d [0], ReLU [1],
// MaxPool2d [2], Conv2d [3], Tanh [4], AvgPool2d [5], Dropout [6], Flatten [7], Linear [8], ReLU [9], Linear [10], Softmax [11].
[Network(Loss = Loss.CrossEntropy)]
[Input(2, 8, 8)]
[Conv2D(4, 3, Activation.ReLU, Padding = 1)]
[MaxPool2D(2)]
[Conv2D(3, 2, 3, Activation.Tanh)]
[AvgPool2D(2, Stride = 1)]
[Dropout(0.25)]
[Dense(5, Activation.ReLU)]
[Dense(3, Activation.Softmax)]
public partial class TorchCnnReferenceNet;
