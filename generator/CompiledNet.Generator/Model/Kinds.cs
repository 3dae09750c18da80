namespace CompiledNet.Generator.Model;

// Mirrors CompiledNet.Activation; the values are the contract (a test checks they match the runtime's enum).
internal enum ActivationKind
{
    Linear = 0,
    Sigmoid = 1,
    Tanh = 2,
    ReLU = 3,
    LeakyReLU = 4,
    ELU = 5,
    Softplus = 6,
    SiLU = 7,
    GELU = 8,
    Softmax = 9,
}

// Mirrors CompiledNet.Precision.
internal enum PrecisionKind
{
    Single = 0,
    Double = 1,
}

// Mirrors CompiledNet.Loss.
internal enum LossKind
{
    MeanSquaredError = 0,
    CrossEntropy = 1,
    BinaryCrossEntropy = 2,
}
