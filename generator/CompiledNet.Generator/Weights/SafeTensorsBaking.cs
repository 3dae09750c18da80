using System.Collections.Generic;
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
        var layers = new List<SafeTensorsLayer>();
        foreach (LayerSpec layer in network.Layers)
        {
            if (layer is not DenseLayerSpec dense)
            {
                return WeightsResolution.Failed(DiagnosticDescriptors.WeightFileMismatch, declaredPath, name, $"layer {layer.Number} is not a dense layer, and safetensors files are read for dense layers only");
            }

            layers.Add(new SafeTensorsLayer(dense.InputSize, dense.OutputSize, hasActivationModule: dense.Activation != ActivationKind.Linear));
        }

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

    // The shared messages are sentences; the diagnostic puts one inside its own sentence.
    private static string Fragment(SafeTensorsFormatError error)
    {
        string message = error.Message.TrimEnd('.');
        return message.Length > 0 ? char.ToLowerInvariant(message[0]) + message.Substring(1) : message;
    }
}
