using CompiledNet.Generator.Model;
using CompiledNet.Generator.Model.Layers;
using CompiledNet.Generator.Tables;

namespace CompiledNet.Generator.Weights;

/// <summary>
/// A .safetensors file baked in: the runtime's own header parser and tensor matching (SafeTensorsHeader and
/// SafeTensorsLayout, compiled into the generator too), so the build accepts exactly the files SafeTensors.Load
/// accepts, apart from non-finite values, which a literal cannot carry. A malformed file is CNET023; tensors that do
/// not fit the declared layers are CNET024, with the expected and found tensors in the message.
/// </summary>
internal static class SafeTensorsBaking
{
    public static WeightsResolution Resolve(NetworkSpec network, string declaredPath, EquatableArray<byte> bytes)
    {
        string name = network.Name;
        SafeTensorsLayer[] layers = LayersOf(network);
        SafeTensorsHeader header;
        try
        {
            header = SafeTensorsHeader.Parse(bytes.AsSpan());
        }
        catch (SafeTensorsFormatError malformed)
        {
            return WeightsResolution.Failed(DiagnosticDescriptors.WeightFileInvalid, declaredPath, name, Fragment(malformed));
        }

        double[] parameters;
        try
        {
            SafeTensorsBinding binding = SafeTensorsLayout.Bind(header, layers, names: null);
            parameters = SafeTensorsLayout.ReadParameters(bytes.AsSpan(), header, binding);
        }
        catch (SafeTensorsFormatError mismatch)
        {
            return WeightsResolution.Failed(DiagnosticDescriptors.WeightFileMismatch, declaredPath, name, Fragment(mismatch));
        }

        if (WeightFileDecoder.NonFiniteParameter(parameters) is { } problem)
        {
            return WeightsResolution.Failed(DiagnosticDescriptors.WeightFileInvalid, declaredPath, name, problem);
        }

        return WeightsResolution.Of(new BakedWeights(declaredPath, parameters.ToEquatableArray(), ScalerKind: 0, EquatableArray<double>.Empty, EquatableArray<double>.Empty));
    }

    /// <summary>The declared layers as the shared matching sees them, the runtime's SafeTensors.LayersOf from the spec.</summary>
    public static SafeTensorsLayer[] LayersOf(NetworkSpec network)
    {
        var layers = new SafeTensorsLayerList(inputIsImage: network.InputShape is not null);
        foreach (LayerSpec layer in network.Layers)
        {
            switch (layer)
            {
                case DenseLayerSpec dense:
                    layers.AddDense(dense.InputSize, dense.OutputSize, hasActivationModule: dense.Activation != ActivationKind.Linear);
                    break;
                case Conv2DLayerSpec conv:
                    layers.AddConv2D(conv.Input.Channels, conv.Filters, conv.KernelHeight, conv.KernelWidth, hasActivationModule: conv.Activation != ActivationKind.Linear);
                    break;
                case Pool2DLayerSpec:
                    layers.AddPooling();
                    break;
                case DropoutLayerSpec:
                    layers.AddDropout();
                    break;
                default:
                    throw new System.InvalidOperationException($"Layer {layer.Number} is a {layer.GetType().Name}, which SafeTensorsBaking does not know.");
            }
        }

        return layers.ToArray();
    }

    // The shared messages are sentences; the diagnostic puts one inside its own sentence.
    private static string Fragment(SafeTensorsFormatError error)
    {
        string message = error.Message.TrimEnd('.');
        return message.Length > 0 ? char.ToLowerInvariant(message[0]) + message.Substring(1) : message;
    }
}
