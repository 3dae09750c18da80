namespace CompiledNet.Generator.Model;

/// <summary>Mirrors CompiledNet.Loss; the values are the contract (a test checks they match the runtime's enum).</summary>
internal enum LossKind
{
    MeanSquaredError = 0,
    CrossEntropy = 1,
    BinaryCrossEntropy = 2,
}
