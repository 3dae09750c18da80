using System;
using System.Collections.Generic;
using System.Globalization;
using CompiledNet.Generator.Model;
using CompiledNet.Generator.Model.Layers;
using CompiledNet.Generator.Planning;
using CompiledNet.Generator.Tables;
using Microsoft.CodeAnalysis;

namespace CompiledNet.Generator.Parsing;

/// <summary>The spatial layers, [Conv2D], [MaxPool2D] and [AvgPool2D], and [Dropout]: their arguments and their shapes.</summary>
internal static partial class LayerReader
{
    /// <summary>One layer attribute and where it sits.</summary>
    private sealed record DeclaredLayer(AttributeData Attribute, int Number, bool IsOutput, string NetworkName, Location? Location)
    {
        public string Name => "Layer " + Number.ToString(CultureInfo.InvariantCulture) + " ([" + ShortName(Attribute.AttributeClass?.ToDisplayString() ?? string.Empty) + "])";

        /// <summary>A named argument of the attribute, or <paramref name="fallback"/> when it is not set.</summary>
        public T Named<T>(string property, T fallback)
        {
            foreach (KeyValuePair<string, TypedConstant> argument in Attribute.NamedArguments)
            {
                if (argument.Key == property && argument.Value.Value is T value)
                {
                    return value;
                }
            }

            return fallback;
        }
    }

    /// <summary>
    /// The shape flowing from layer to layer: an image until the first dense layer, then flat. Unknown after a layer
    /// whose error left it undefined, so one mistake is reported once.
    /// </summary>
    private sealed class ShapeTracker
    {
        public ShapeTracker(ImageShape? input, int inputSize)
        {
            Image = input;
            Size = inputSize;

            // A missing or invalid [Input] (CNET002, CNET005) leaves nothing to check the layers against.
            Known = inputSize >= 1;
            FlatBecause = input is null ? "[Input] declares a flat vector of " + inputSize.ToString(CultureInfo.InvariantCulture) + " values" : null;
        }

        public ImageShape? Image { get; private set; }

        public int Size { get; private set; }

        public bool Known { get; private set; }

        /// <summary>Why the values are flat here, for CNET026.</summary>
        public string? FlatBecause { get; private set; }

        public void After(LayerSpec? layer, int number)
        {
            switch (layer)
            {
                case null:
                    Known = false;
                    break;
                case DenseLayerSpec dense:
                    // A dense layer's output is flat whatever it read, so the layers after it are checked again.
                    Known = true;
                    Image = null;
                    Size = dense.OutputSize;
                    FlatBecause = "it follows [Dense] layer " + number.ToString(CultureInfo.InvariantCulture) + ", whose output is flat";
                    break;
                case Conv2DLayerSpec conv:
                    Image = conv.Output;
                    Size = conv.OutputSize;
                    break;
                case Pool2DLayerSpec pool:
                    Image = pool.Output;
                    Size = pool.OutputSize;
                    break;
                case DropoutLayerSpec:
                    break;
            }
        }
    }

    private static Conv2DLayerSpec? ReadConv2D(DeclaredLayer layer, ShapeTracker shape, string? nextKind, List<Diagnostic> diagnostics)
    {
        AttributeData attribute = layer.Attribute;
        var arguments = attribute.ConstructorArguments;
        bool square = arguments.Length == 3;
        int filters = (int)arguments[0].Value!;
        int kernelHeight = (int)arguments[1].Value!;
        int kernelWidth = square ? kernelHeight : (int)arguments[2].Value!;
        int activationValue = (int)arguments[square ? 2 : 3].Value!;
        int stride = layer.Named("Stride", 1);
        int padding = layer.Named("Padding", 0);

        bool valid = true;
        if (filters <= 0)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.InvalidSize, layer.Location, layer.Name, layer.NetworkName, filters));
            valid = false;
        }

        valid &= CheckArgument(layer, square ? "kernelSize" : "kernelHeight", kernelHeight, kernelHeight >= 1, "a kernel must be at least 1×1", diagnostics);
        valid &= square || CheckArgument(layer, "kernelWidth", kernelWidth, kernelWidth >= 1, "a kernel must be at least 1×1", diagnostics);
        valid &= CheckArgument(layer, "Stride", stride, stride >= 1, "the stride must be at least 1", diagnostics);
        valid &= CheckArgument(layer, "Padding", padding, padding >= 0, "the padding must be 0 or more", diagnostics);
        if (!System.Enum.IsDefined(typeof(ActivationKind), activationValue))
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnknownEnumValue, layer.Location, layer.Name, layer.NetworkName, "Activation", activationValue));
            return null;
        }

        var activation = (ActivationKind)activationValue;
        ActivationEntry entry = ActivationTable.Of(activation);
        bool hiddenUseMatters = entry.OnHiddenLayer == HiddenLayerUse.Forbidden || (entry.OnHiddenLayer == HiddenLayerUse.Discouraged && nextKind != AttributeNames.MaxPool2D);
        if (!layer.IsOutput && hiddenUseMatters)
        {
            // A linear convolution before max pooling is a common, nonlinear design: no warning there. A last
            // [Conv2D] is not hidden; CNET027 reports it.
            CheckHiddenUse(entry, layer.Number, layer.NetworkName, layer.Location, diagnostics);
        }

        float parameter = ReadParameter(attribute, entry, layer.Number, layer.NetworkName, layer.Location, diagnostics);
        if (!valid || RequireImage(layer, shape, diagnostics) is not { } input)
        {
            return null;
        }

        int? height = ConvolvedExtent(layer, input, "height", input.Height, kernelHeight, stride, padding, diagnostics);
        int? width = height is null ? null : ConvolvedExtent(layer, input, "width", input.Width, kernelWidth, stride, padding, diagnostics);
        if (height is null || width is null)
        {
            return null;
        }

        // Every buffer of the generated code is one array (or stackalloc) indexed by int.
        long outputValues = (long)filters * height.Value * width.Value;
        long patchValues = (long)input.Channels * kernelHeight * kernelWidth * height.Value * width.Value;
        if (Math.Max(outputValues, patchValues) > GenerationLimits.MaxBufferLength)
        {
            string problem = Format(
                "its output of {0}×{1}×{2} = {3:N0} values and its patch matrix of {4:N0} values must each fit in one array of at most {5:N0}; use a smaller image, fewer filters or a larger stride",
                filters,
                height.Value,
                width.Value,
                outputValues,
                patchValues,
                GenerationLimits.MaxBufferLength);
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.SpatialLayerDoesNotFit, layer.Location, layer.Name, layer.NetworkName, input.Display, problem));
            return null;
        }

        var output = new ImageShape(filters, height.Value, width.Value);
        return new Conv2DLayerSpec(layer.Number, input.Size, output.Size, false, 0, input, output, kernelHeight, kernelWidth, stride, padding, activation, parameter);
    }

    /// <summary>(size + 2·padding − kernel) / stride + 1 along one axis, or null with CNET025 when it is not a whole positive number.</summary>
    private static int? ConvolvedExtent(DeclaredLayer layer, ImageShape input, string axis, int size, int kernel, int stride, int padding, List<Diagnostic> diagnostics)
    {
        int padded = size + (2 * padding);
        string? problem = null;
        if (kernel > padded)
        {
            problem = Format("along the {0}, the kernel's {1} is larger than the input's {2} padded to {3}; use a smaller kernel or more Padding", axis, kernel, size, padded);
        }
        else if ((padded - kernel) % stride != 0)
        {
            problem = Format(
                "along the {0}, ({1} + 2·{2} − {3}) / {4} + 1 = {5} positions is not whole; choose Stride and Padding so that {1} + 2·Padding − {3} is a multiple of the stride",
                axis,
                size,
                padding,
                kernel,
                stride,
                (((double)(padded - kernel) / stride) + 1).ToString("0.###", CultureInfo.InvariantCulture));
        }

        if (problem is not null)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.SpatialLayerDoesNotFit, layer.Location, layer.Name, layer.NetworkName, input.Display, problem));
            return null;
        }

        return ((padded - kernel) / stride) + 1;
    }

    private static Pool2DLayerSpec? ReadPool2D(DeclaredLayer layer, PoolingKind kind, ShapeTracker shape, List<Diagnostic> diagnostics)
    {
        int kernel = (int)layer.Attribute.ConstructorArguments[0].Value!;
        int stride = layer.Named("Stride", 0);
        bool valid = CheckArgument(layer, "kernelSize", kernel, kernel >= 1, "a window must be at least 1×1", diagnostics);
        valid &= CheckArgument(layer, "Stride", stride, stride >= 0, "the stride must be at least 1, or 0 for the kernel size", diagnostics);
        if (!valid || RequireImage(layer, shape, diagnostics) is not { } input)
        {
            return null;
        }

        if (kernel > input.Height || kernel > input.Width)
        {
            string problem = Format("the {0}×{0} window is larger than the {1}×{2} image; use a window of at most {3}", kernel, input.Height, input.Width, System.Math.Min(input.Height, input.Width));
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.SpatialLayerDoesNotFit, layer.Location, layer.Name, layer.NetworkName, input.Display, problem));
            return null;
        }

        int step = stride == 0 ? kernel : stride;
        var output = new ImageShape(input.Channels, ((input.Height - kernel) / step) + 1, ((input.Width - kernel) / step) + 1);
        return new Pool2DLayerSpec(layer.Number, input.Size, output.Size, false, 0, kind, input, output, kernel, step);
    }

    private static DropoutLayerSpec? ReadDropout(DeclaredLayer layer, ShapeTracker shape, int dropoutIndex, List<Diagnostic> diagnostics)
    {
        double probability = (double)layer.Attribute.ConstructorArguments[0].Value!;
        if (!CheckArgument(layer, "probability", probability, probability >= 0 && probability < 1, "a dropout probability must be at least 0 and below 1", diagnostics) || !shape.Known)
        {
            return null;
        }

        return new DropoutLayerSpec(layer.Number, shape.Size, shape.Size, layer.IsOutput, 0, probability, shape.Image, dropoutIndex);
    }

    /// <summary>The image a spatial layer reads, or null: CNET026 when the values are flat there, nothing more when an earlier error hid the shape.</summary>
    private static ImageShape? RequireImage(DeclaredLayer layer, ShapeTracker shape, List<Diagnostic> diagnostics)
    {
        if (!shape.Known)
        {
            return null;
        }

        if (shape.Image is not { } image)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.SpatialLayerNeedsImage, layer.Location, layer.Name, layer.NetworkName, shape.FlatBecause));
            return null;
        }

        return image;
    }

    private static bool CheckArgument<T>(DeclaredLayer layer, string name, T value, bool isValid, string requirement, List<Diagnostic> diagnostics)
    {
        if (!isValid)
        {
            string shown = value is double d ? d.ToString("R", CultureInfo.InvariantCulture) : System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.InvalidLayerArgument, layer.Location, layer.Name, layer.NetworkName, name, shown, requirement));
        }

        return isValid;
    }

    /// <summary>The kind of the next layer that transforms the values; a [Dropout] between only scales them.</summary>
    private static string? NextKind(IReadOnlyList<AttributeData> attributes, int index)
    {
        for (int next = index + 1; next < attributes.Count; next++)
        {
            string? kind = attributes[next].AttributeClass?.ToDisplayString();
            if (kind != AttributeNames.Dropout)
            {
                return kind;
            }
        }

        return null;
    }

    /// <summary>"CompiledNet.Conv2DAttribute" as the user writes it: "Conv2D".</summary>
    private static string ShortName(string metadataName)
    {
        string name = metadataName.Substring(metadataName.LastIndexOf('.') + 1);
        return name.EndsWith("Attribute", System.StringComparison.Ordinal) ? name.Substring(0, name.Length - "Attribute".Length) : name;
    }

    private static string Format(string format, params object[] arguments) => string.Format(CultureInfo.InvariantCulture, format, arguments);
}
