using System;
using System.Collections.Generic;
using System.Threading;
using CompiledNet.Generator.Model;
using Microsoft.CodeAnalysis;

namespace CompiledNet.Generator.Parsing;

/// <summary>Reads and checks the [Dense] attributes, then places the layers in the flat parameter array.</summary>
internal static class LayerReader
{
    private const float DefaultNegativeSlope = 0.01f;
    private const float DefaultAlpha = 1f;

    public static List<LayerSpec> Read(
        IReadOnlyList<AttributeData> denses,
        string networkName,
        LossKind loss,
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
            float negativeSlope = ReadFloat(dense, "NegativeSlope", DefaultNegativeSlope);
            float alpha = ReadFloat(dense, "Alpha", DefaultAlpha);

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
            CheckActivation(activation, isOutput, number, networkName, negativeSlope, alpha, location, diagnostics);
            if (isOutput)
            {
                CheckLossFits(loss, activation, networkName, networkAttribute ?? dense, diagnostics, cancellationToken);
            }

            bool fused = isOutput
                && ((activation == ActivationKind.Softmax && loss == LossKind.CrossEntropy)
                    || (activation == ActivationKind.Sigmoid && loss == LossKind.BinaryCrossEntropy));
            bool keepsPreActivation = activation is ActivationKind.SiLU or ActivationKind.GELU or ActivationKind.Softmax || fused;
            layers.Add(new LayerSpec(number, 0, size, activation, negativeSlope, alpha, 0, isOutput, false, keepsPreActivation, fused));
        }

        return layers;
    }

    /// <summary>Fills in each layer's fan-in, parameter offset and whether it is unrolled.</summary>
    public static List<LayerSpec> Place(List<LayerSpec> layers, int inputSize)
    {
        var placed = new List<LayerSpec>(layers.Count);
        int fanIn = inputSize;
        int offset = 0;
        foreach (LayerSpec layer in layers)
        {
            var withShape = layer with
            {
                InputSize = fanIn,
                WeightOffset = offset,
                IsUnrolled = GenerationLimits.Unrolls(fanIn, layer.OutputSize, layer.Activation),
            };
            placed.Add(withShape);
            offset += withShape.ParameterCount;
            fanIn = layer.OutputSize;
        }

        return placed;
    }

    private static void CheckActivation(
        ActivationKind activation,
        bool isOutput,
        int number,
        string networkName,
        float negativeSlope,
        float alpha,
        Location? location,
        List<Diagnostic> diagnostics)
    {
        if (!isOutput && activation == ActivationKind.Softmax)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.SoftmaxOnHiddenLayer, location, number, networkName));
        }

        if (!isOutput && activation == ActivationKind.Linear)
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.LinearHiddenLayer, location, number, networkName));
        }

        if (activation == ActivationKind.LeakyReLU && !(IsFinite(negativeSlope) && negativeSlope >= 0f))
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.InvalidActivationParameter, location, "NegativeSlope", number, networkName, Format(negativeSlope), "a finite number at least 0"));
        }

        if (activation == ActivationKind.ELU && !(IsFinite(alpha) && alpha > 0f))
        {
            diagnostics.Add(Diagnostic.Create(DiagnosticDescriptors.InvalidActivationParameter, location, "Alpha", number, networkName, Format(alpha), "a finite number greater than 0"));
        }
    }

    private static void CheckLossFits(LossKind loss, ActivationKind output, string networkName, AttributeData where, List<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        ActivationKind? required = loss switch
        {
            LossKind.CrossEntropy => ActivationKind.Softmax,
            LossKind.BinaryCrossEntropy => ActivationKind.Sigmoid,
            _ => null,
        };
        if (required is { } needed && output != needed)
        {
            diagnostics.Add(Diagnostic.Create(
                DiagnosticDescriptors.LossDoesNotFitOutput,
                NetworkParser.LocationOf(where, cancellationToken),
                loss,
                needed,
                networkName,
                output));
        }
    }

    private static float ReadFloat(AttributeData attribute, string name, float fallback)
    {
        foreach (KeyValuePair<string, TypedConstant> argument in attribute.NamedArguments)
        {
            if (argument.Key == name && argument.Value.Value is float value)
            {
                return value;
            }
        }

        return fallback;
    }

    private static bool IsFinite(float value) => !float.IsNaN(value) && !float.IsInfinity(value);

    private static string Format(float value) => value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
