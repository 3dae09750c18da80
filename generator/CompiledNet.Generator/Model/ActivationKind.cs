namespace CompiledNet.Generator.Model;

/// <summary>Mirrors CompiledNet.Activation; the values are the contract (a test checks they match the runtime's enum).</summary>
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
    ApproximateSigmoid = 10,
}
