namespace CompiledNet;

/// <summary>How a <see cref="FeatureScaler{T}"/> was fitted. The values are stored in weight files; never renumber them.</summary>
public enum ScalingKind
{
    /// <summary>Each feature's training range maps to [0, 1].</summary>
    MinMax = 1,

    /// <summary>Each feature gets zero mean and unit (population) standard deviation on the training data.</summary>
    Standardize = 2,
}
