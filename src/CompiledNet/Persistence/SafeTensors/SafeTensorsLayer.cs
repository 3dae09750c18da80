// SHARED WITH THE GENERATOR: compiled into the runtime (net8.0) and into the source generator (netstandard2.0,
// C# 12, System.Memory only), like SafeTensorsHeader.cs beside it; see the note there. It describes a network's layers
// as the modules of an nn.Sequential, the one place that decides where PyTorch's state_dict numbers each module.
using System;
using System.Collections.Generic;
using System.Globalization;

#if COMPILEDNET_GENERATOR
namespace CompiledNet.Generator.Weights;
#else
namespace CompiledNet;
#endif

/// <summary>What a declared layer holds, as the matching sees it.</summary>
internal enum SafeTensorsLayerKind
{
    /// <summary>An <c>nn.Linear</c>: weight [outputs, inputs], bias [outputs].</summary>
    Dense,

    /// <summary>An <c>nn.Conv2d</c>: weight [filters, input channels, kernel height, kernel width], bias [filters].</summary>
    Conv2D,

    /// <summary>Pooling or dropout: one module of the nn.Sequential, no tensors.</summary>
    WithoutParameters,
}

/// <summary>One declared layer as the matching sees it: its tensors' shapes and the nn.Sequential modules it takes.</summary>
internal readonly struct SafeTensorsLayer
{
    /// <summary>A dense layer that reads flat values (no nn.Flatten before it).</summary>
    public SafeTensorsLayer(int inputs, int outputs, bool hasActivationModule)
        : this(SafeTensorsLayerKind.Dense, inputs, outputs, 1, 1, hasActivationModule, flattensBefore: false)
    {
    }

    private SafeTensorsLayer(SafeTensorsLayerKind kind, int inputs, int outputs, int kernelHeight, int kernelWidth, bool hasActivationModule, bool flattensBefore)
    {
        Kind = kind;
        Inputs = inputs;
        Outputs = outputs;
        KernelHeight = kernelHeight;
        KernelWidth = kernelWidth;
        HasActivationModule = hasActivationModule;
        FlattensBefore = flattensBefore;
    }

    public SafeTensorsLayerKind Kind { get; }

    /// <summary>A dense layer's fan-in, or a convolution's input channels.</summary>
    public int Inputs { get; }

    /// <summary>A dense layer's neurons, or a convolution's filters.</summary>
    public int Outputs { get; }

    public int KernelHeight { get; }

    public int KernelWidth { get; }

    /// <summary>
    /// Whether an <c>nn.Sequential</c> of the network holds an activation module after this layer: true for every
    /// activation but Linear (the identity), Softmax included.
    /// </summary>
    public bool HasActivationModule { get; }

    /// <summary>The layer reads an image, so the nn.Sequential holds an nn.Flatten module just before it.</summary>
    public bool FlattensBefore { get; }

    public bool HasParameters => Kind != SafeTensorsLayerKind.WithoutParameters;

    /// <summary>How many modules of the nn.Sequential the layer takes, its Flatten and activation included.</summary>
    public int ModuleCount => (FlattensBefore ? 1 : 0) + 1 + (HasActivationModule ? 1 : 0);

    public static SafeTensorsLayer Dense(int inputs, int outputs, bool hasActivationModule, bool flattensBefore) =>
        new(SafeTensorsLayerKind.Dense, inputs, outputs, 1, 1, hasActivationModule, flattensBefore);

    public static SafeTensorsLayer Conv2D(int inputChannels, int filters, int kernelHeight, int kernelWidth, bool hasActivationModule) =>
        new(SafeTensorsLayerKind.Conv2D, inputChannels, filters, kernelHeight, kernelWidth, hasActivationModule, flattensBefore: false);

    public static SafeTensorsLayer WithoutParameters() =>
        new(SafeTensorsLayerKind.WithoutParameters, 0, 0, 0, 0, hasActivationModule: false, flattensBefore: false);

    public long[] WeightShape() => Kind switch
    {
        SafeTensorsLayerKind.Dense => new long[] { Outputs, Inputs },
        SafeTensorsLayerKind.Conv2D => new long[] { Outputs, Inputs, KernelHeight, KernelWidth },
        SafeTensorsLayerKind.WithoutParameters => throw new InvalidOperationException("A layer without parameters has no weight."),
        _ => throw new InvalidOperationException("Unknown layer kind " + Kind + "."),
    };

    public long[] BiasShape() => new long[] { Outputs };

    /// <summary>The layer in a message: "3 → 5" for a dense layer, "Conv2D 1 → 3 channels, 3×3 kernel" for a convolution.</summary>
    public string Describe() => Kind switch
    {
        SafeTensorsLayerKind.Dense => string.Format(CultureInfo.InvariantCulture, "{0} → {1}", Inputs, Outputs),
        SafeTensorsLayerKind.Conv2D => string.Format(CultureInfo.InvariantCulture, "Conv2D {0} → {1} channels, {2}×{3} kernel", Inputs, Outputs, KernelHeight, KernelWidth),
        SafeTensorsLayerKind.WithoutParameters => "no parameters",
        _ => throw new InvalidOperationException("Unknown layer kind " + Kind + "."),
    };
}

/// <summary>
/// Builds a network's layers in declaration order, following whether the values are an image, so that a dense layer
/// reading one gets the nn.Flatten module PyTorch needs before its Linear. The runtime and the generator both fill it.
/// </summary>
internal sealed class SafeTensorsLayerList
{
    private readonly List<SafeTensorsLayer> _layers = new();
    private bool _image;

    /// <param name="inputIsImage">The network's input is channels × height × width ([Input(c, h, w)]).</param>
    public SafeTensorsLayerList(bool inputIsImage)
    {
        _image = inputIsImage;
    }

    public void AddDense(int inputs, int outputs, bool hasActivationModule)
    {
        _layers.Add(SafeTensorsLayer.Dense(inputs, outputs, hasActivationModule, flattensBefore: _image));
        _image = false;
    }

    public void AddConv2D(int inputChannels, int filters, int kernelHeight, int kernelWidth, bool hasActivationModule)
    {
        _layers.Add(SafeTensorsLayer.Conv2D(inputChannels, filters, kernelHeight, kernelWidth, hasActivationModule));
        _image = true;
    }

    public void AddPooling()
    {
        _layers.Add(SafeTensorsLayer.WithoutParameters());
        _image = true;
    }

    /// <summary>Dropout keeps the shape it is given: an image stays one, flat values stay flat.</summary>
    public void AddDropout() => _layers.Add(SafeTensorsLayer.WithoutParameters());

    public SafeTensorsLayer[] ToArray() => _layers.ToArray();
}
