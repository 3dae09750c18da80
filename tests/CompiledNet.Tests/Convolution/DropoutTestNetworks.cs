namespace CompiledNet.Tests.Convolution;

// The networks of the dropout and allocation tests (ConvNetworks.cs holds the shared zoo).

/// <summary>
/// Dropout on an image and on a dense layer's output. 17,708 parameters: at a batch of 16 that is enough work for the
/// trainer to split a batch over two workers, and every buffer fits on the stack.
/// </summary>
[Network(Loss = Loss.CrossEntropy)]
[Input(1, 8, 8)]
[Conv2D(4, 3, Activation.ReLU, Padding = 1)]
[MaxPool2D(2)]
[Dropout(0.5)]
[Dense(256, Activation.ReLU)]
[Dropout(0.25)]
[Dense(4, Activation.Softmax)]
public partial class DropoutCnn;
