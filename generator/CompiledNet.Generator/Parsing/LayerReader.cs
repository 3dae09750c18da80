using System;
using System.Collections.Generic;
using System.Threading;
using CompiledNet.Generator.Model;
using CompiledNet.Generator.Model.Layers;
using CompiledNet.Generator.Tables;
using Microsoft.CodeAnalysis;

namespace CompiledNet.Generator.Parsing;

/// <summary>Reads and checks the [Dense] attributes; <see cref="Planning.NetworkPlanner"/> then places the layers.</summary>
internal static class LayerReader
{
    public static List<LayerSpec> Read(
        IReadOnlyList<AttributeData> denses,
        string networkName,
        LossEntry loss,
        AttributeData? networkAttribute,
        List<Diagnostic> diagnostics,
        CancellationToken cancellationToken)
    {
        var layers = new List<LayerSpec>(denses.Count);
        for (int index = 0; index < denses.Count; index++)
        {
            AttributeData dense = denses[index];
            int number = index + 1;
            bool isOutput = index == denses.Count - 1;
            Location? location = NetworkParser.LocationOf(dense, cancellationToken);
            int size = (int)dense.ConstructorArguments[0].Value!;
            int activationValue = dense.ConstructorArguments.Length > 1 ? (int)dense.ConstructorArguments[1].Value! : 0;

            if (size <= 0)
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.InvalidSize, location, "Layer " + number, networkName, size));
            }

            if (!Enum.IsDefined(typeof(ActivationKind), activationValue))
            {
                diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.UnknownEnumValue, location, "Layer " + number, networkName, "Activation", activationValue));
                continue;
            }

            var activation = (ActivationKind)activationValue;
            ActivationEntry entry = ActivationTable.Of(activation);
            if (!isOutput)
            {
                CheckHiddenUse(entry, number, networkName, location, diagnostics);
            }

            float parameter = ReadParameter(dense, entry, number, networkName, location, diagnostics);
            if (isOutput && loss.RequiredOutput is { } required && required != activation)
            {
                diagnostics.Add(Diagnostic.Create(
                    DiagnosticDescriptors.LossDoesNotFitOutput,
                    NetworkParser.LocationOf(networkAttribute ?? dense, cancellationToken),
                    loss.Kind,
                    required,
                    networkName,
                    activation));
            }

            bool fused = isOutput && loss.RequiredOutput == activation;
            layers.Add(new DenseLayerSpec(number, 0, size, isOutput, 0, activation, parameter, LossGivesPreActivationGradient: fused));
        }

        return layers;
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
