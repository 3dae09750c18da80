namespace CompiledNet.Tests.Convolution;

// The zoo of convolutional test networks: strides 1 and 2, padding 0 and 1, 1, 3 and 8 channels, kernels 1, 3 and 5,
// odd image sizes, a pooling window that does not divide its image, both poolings, dropout, and every precision.

[Network(Loss = Loss.CrossEntropy)]
[Input(1, 9, 9)]
[Conv2D(3, 3, Activation.ReLU, Padding = 1)]
[MaxPool2D(2)]
[Dense(4, Activation.Softmax)]
public partial class TinyCnn;

[Network(Loss = Loss.MeanSquaredError)]
[Input(3, 7, 7)]
[Conv2D(8, 3, Activation.Tanh, Stride = 2)]
[Conv2D(3, 1, Activation.Sigmoid)]
[AvgPool2D(2, Stride = 1)]
[Dense(2, Activation.Linear)]
public partial class StridedCnn;

[Network(Loss = Loss.CrossEntropy)]
[Input(8, 11, 11)]
[Conv2D(4, 5, Activation.LeakyReLU, Padding = 1, NegativeSlope = 0.1f)]
[MaxPool2D(3, Stride = 2)]
[Dropout(0.3)]
[Dense(6, Activation.ReLU)]
[Dense(3, Activation.Softmax)]
public partial class WideKernelCnn;

[Network(Loss = Loss.MeanSquaredError)]
[Input(1, 7, 7)]
[MaxPool2D(2)]
[Conv2D(2, 2, 3, Activation.ELU)]
[Dropout(0.5)]
[Dense(3, Activation.Sigmoid)]
public partial class PoolFirstCnn;

[Network(Loss = Loss.CrossEntropy, Precision = Precision.Double)]
[Input(1, 9, 9)]
[Conv2D(3, 3, Activation.ReLU, Padding = 1)]
[AvgPool2D(2)]
[Dropout(0.25)]
[Dense(4, Activation.Softmax)]
public partial class DoubleCnn;

[Network(Loss = Loss.CrossEntropy)]
[Input(1, 28, 28)]
[Conv2D(32, 3, Activation.ReLU, Padding = 1)]
[MaxPool2D(2)]
[Conv2D(64, 3, Activation.ReLU, Padding = 1)]
[MaxPool2D(2)]
[Dropout(0.25)]
[Dense(128, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class FashionCnn;

[Network(Loss = Loss.MeanSquaredError)]
[Input(2, 5, 5)]
[Dropout(0.2)]
[Dense(3, Activation.Tanh)]
[Dropout(0.5)]
[Dense(1, Activation.Linear)]
public partial class DropoutMlp;
