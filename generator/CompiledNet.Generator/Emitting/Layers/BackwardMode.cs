namespace CompiledNet.Generator.Emitting.Layers;

/// <summary>What a layer's backward method does with dLoss/dW and dLoss/db once it has them.</summary>
internal enum BackwardMode
{
    /// <summary>Adds them into the gradient spans (Backward; the optimizer steps later).</summary>
    Accumulate,

    /// <summary>
    /// Applies a plain SGD step to the weights at once, w += (-η)·(dz·x), the same arithmetic as Backward followed by
    /// Sgd.Step on a batch of one, without writing and re-reading a gradient array (TrainSample).
    /// </summary>
    SgdStep,
}
