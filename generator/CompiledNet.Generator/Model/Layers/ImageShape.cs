using System.Globalization;

namespace CompiledNet.Generator.Model.Layers;

/// <summary>One sample's channels × height × width, stored flat as (c·Height + y)·Width + x (PyTorch's NCHW).</summary>
internal readonly record struct ImageShape(int Channels, int Height, int Width)
{
    public int Size => Channels * Height * Width;

    /// <summary>Values in one channel.</summary>
    public int Plane => Height * Width;

    /// <summary>As the runtime's TensorShape prints it, and as NetworkArchitecture.Description reads: "1x28x28".</summary>
    public override string ToString() => string.Format(CultureInfo.InvariantCulture, "{0}x{1}x{2}", Channels, Height, Width);

    /// <summary>As diagnostics and comments show it: "1×28×28".</summary>
    public string Display => string.Format(CultureInfo.InvariantCulture, "{0}×{1}×{2}", Channels, Height, Width);
}
