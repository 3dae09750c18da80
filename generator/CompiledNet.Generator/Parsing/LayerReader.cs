using System;
using System.Collections.Generic;
using System.Threading;
using CompiledNet.Generator.Model;
using CompiledNet.Generator.Model.Layers;
using CompiledNet.Generator.Tables;
using Microsoft.CodeAnalysis;

namespace CompiledNet.Generator.Parsing;

/// <summary>Reads and checks the layer attributes; <see cref="Planning.NetworkPlanner"/> then places the layers. The spatial kinds are in LayerReader.Spatial.cs.</summary>
internal static partial class LayerReader
{
    /// <summary>
    /// Reads every layer attribute in declaration order, following the shape from the input through each layer, so
    /// each spatial layer's diagnostics can give the shapes it computed.
    /// </summary>
    public static List<LayerSpec> Read(
        IReadOnlyList<AttributeData> attributes,
        ImageShape? inputShape,
        int inputSize,
        string networkName,
        LossEntry loss,
        AttributeData? networkAttribute,
        List<Diagnostic> diagnostics,
        CancellationToken cancellationToken)
    {
        var layers = new List<LayerSpec>(attributes.Count);
        var shape = new ShapeTracker(inputShape, inputSize);
        int dropouts = 0;
        for (int index = 0; index < attributes.Count; index++)
        {
            AttributeData attribute = attributes[index];
            var layer = new DeclaredLayer(attribute, index + 1, index == attributes.Count - 1, networkName, NetworkParser.LocationOf(attribute, cancellationToken));
            string kind = attribute.AttributeClass?.ToDisplayString() ?? string.Empty;
            LayerSpec? spec = kind switch
            {
                AttributeNames.Dense => ReadDense(layer, loss, networkAttribute, diagnostics, cancellationToken),
                AttributeNames.Conv2D => ReadConv2D(layer, shape, NextKind(attributes, index), diagnostics),
                AttributeNames.MaxPool2D => ReadPool2D(layer, PoolingKind.Max, shape, diagnostics),
                AttributeNames.AvgPool2D => ReadPool2D(layer, PoolingKind.Average, shape, diagnostics),
                AttributeNames.Dropout => ReadDropout(layer, shape, dropouts++, diagnostics),
                _ => throw new System.InvalidOperationException("DeclaredAttributes collects the layer attributes of AttributeNames.Layers only, not " + kind + "."),
            };

            // Only when the layer itself is sound: an error of its own (or an earlier one) is reported already.
            if (layer.IsOutput && kind != AttributeNames.Dense && spec is not null)
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.OutputLayerNotDense, layer.Location, networkName, "[" + ShortName(kind) + "]"));
            }

            shape.After(spec, layer.Number);
            if (spec is not null)
            {
                layers.Add(spec);
            }
        }

        return layers;
    }

    private static DenseLayerSpec? ReadDense(DeclaredLayer layer, LossEntry loss, AttributeData? networkAttribute, List<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        AttributeData dense = layer.Attribute;
        int size = (int)dense.ConstructorArguments[0].Value!;
        int activationValue = dense.ConstructorArguments.Length > 1 ? (int)dense.ConstructorArguments[1].Value! : 0;
        if (size <= 0)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.InvalidSize, layer.Location, "Layer " + layer.Number, layer.NetworkName, size));
        }

        if (!Enum.IsDefined(typeof(ActivationKind), activationValue))
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnknownEnumValue, layer.Location, "Layer " + layer.Number, layer.NetworkName, "Activation", activationValue));
            return null;
        }

        var activation = (ActivationKind)activationValue;
        ActivationEntry entry = ActivationTable.Of(activation);
        if (!layer.IsOutput)
        {
            CheckHiddenUse(entry, layer.Number, layer.NetworkName, layer.Location, diagnostics);
        }

        float parameter = ReadParameter(dense, entry, layer.Number, layer.NetworkName, layer.Location, diagnostics);
        if (layer.IsOutput && loss.RequiredOutput is { } required && required != activation)
        {
            diagnostics.Add(Diagnostic.Create(
                DiagnosticDescriptors.LossDoesNotFitOutput,
                NetworkParser.LocationOf(networkAttribute ?? dense, cancellationToken),
                loss.Kind,
                required,
                layer.NetworkName,
                activation));
        }

        bool fused = layer.IsOutput && loss.RequiredOutput == activation;
        return new DenseLayerSpec(layer.Number, 0, size, layer.IsOutput, 0, activation, parameter, LossGivesPreActivationGradient: fused);
    }

    private static void CheckHiddenUse(ActivationEntry entry, int number, string networkName, Location? location, List<Diagnostic> diagnostics)
    {
        if (entry.OnHiddenLayer == HiddenLayerUse.Forbidden)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.SoftmaxOnHiddenLayer, location, number, networkName));
        }
        else if (entry.OnHiddenLayer == HiddenLayerUse.Discouraged)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.LinearHiddenLayer, location, number, networkName));
        }
    }

    /// <summary>The activation's parameter from its [Dense] property, checked; 0 for an activation without one.</summary>
    private static float ReadParameter(AttributeData dense, ActivationEntry entry, int number, string networkName, Location? location, List<Diagnostic> diagnostics)
    {
        if (entry.Parameter is not { } parameter)
        {
            return 0f;
        }

        float value = parameter.Default;
        foreach (KeyValuePair<string, TypedConstant> argument in dense.NamedArguments)
        {
            if (argument.Key == parameter.Name && argument.Value.Value is float given)
            {
                value = given;
            }
        }

        if (!parameter.IsValid(value))
        {
            diagnostics.Add(Diagnostic.Create(
                DiagnosticDescriptors.InvalidActivationParameter, location, parameter.Name, number, networkName, ActivationTable.FormatParameter(value), parameter.Requirement));
        }

        return value;
    }
}
