using System;
using CompiledNet;

namespace FashionMnist;

/// <summary>Which network the sample trains.</summary>
internal enum FashionModel
{
    /// <summary><see cref="FashionNet"/>: 784-256-128-10, fully connected.</summary>
    Mlp,

    /// <summary><see cref="FashionCnn"/>: two convolutions with max pooling, dropout, then two dense layers.</summary>
    Cnn,
}

/// <summary>What the sample needs to know of each model: how to make it, describe it and name its weights.</summary>
internal static class FashionModels
{
    /// <summary>The name <c>--model</c> takes.</summary>
    public static string OptionName(FashionModel model) => model switch
    {
        FashionModel.Mlp => "mlp",
        FashionModel.Cnn => "cnn",
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, null),
    };

    /// <summary>The model <c>--model</c> names, or null when it names none.</summary>
    public static FashionModel? Parse(string name) => name.ToLowerInvariant() switch
    {
        "mlp" => FashionModel.Mlp,
        "cnn" => FashionModel.Cnn,
        _ => null,
    };

    /// <summary>A fresh network with weights drawn from <paramref name="seed"/> (and, for the CNN, its dropout masks).</summary>
    public static INetwork<float> Create(FashionModel model, int seed) => model switch
    {
        FashionModel.Mlp => new FashionNet(seed),
        FashionModel.Cnn => new FashionCnn(seed),
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, null),
    };

    /// <summary>The layers in a few words, for the log and the report.</summary>
    public static string Describe(FashionModel model) => model switch
    {
        FashionModel.Mlp => "784-256-128-10, ReLU hidden layers, softmax output, cross-entropy",
        FashionModel.Cnn => "CNN 1×28×28: conv 3×3 ×32, max pool 2, conv 3×3 ×64, max pool 2, dropout 0.25, dense 128, dense 10; ReLU, softmax output, cross-entropy",
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, null),
    };

    /// <summary>The weight file's name in the output folder; a network with the same attributes can bake it.</summary>
    public static string WeightsFileName(FashionModel model) => model switch
    {
        FashionModel.Mlp => "fashion-net.cnet",
        FashionModel.Cnn => "fashion-cnn.cnet",
        _ => throw new ArgumentOutOfRangeException(nameof(model), model, null),
    };
}
