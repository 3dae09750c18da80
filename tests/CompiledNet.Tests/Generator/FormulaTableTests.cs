using System;
using System.Linq;
using CompiledNet.Generator.Emitting;
using CompiledNet.Generator.Model;
using CompiledNet.Generator.Tables;
using Xunit;

namespace CompiledNet.Tests.Generator;

/// <summary>
/// The generator's activation and loss tables: one entry per kind, in the enum's order, each complete. Adding an
/// activation or a loss means one entry; a forgotten or half-filled one fails here rather than emitting a wrong
/// formula. (The generator's enums match the runtime's: GeneratorContractTests.)
/// </summary>
public sealed class FormulaTableTests
{
    [Fact]
    public void Activation_table_has_one_entry_per_kind_in_enum_order()
    {
        ActivationKind[] kinds = Enum.GetValues<ActivationKind>();

        Assert.Equal(kinds.Length, ActivationTable.Entries.Length);
        Assert.Equal(kinds, ActivationTable.Entries.Select(e => e.Kind));
        Assert.All(kinds, kind => Assert.Equal(kind, ActivationTable.Of(kind).Kind));
    }

    [Fact]
    public void Every_activation_is_either_element_wise_or_coupled_and_says_how_to_differentiate()
    {
        Assert.All(ActivationTable.Entries, entry =>
        {
            string name = entry.Kind.ToString();
            Assert.False(string.IsNullOrWhiteSpace(entry.DerivativeComment), name);

            // Element-wise (a formula per neuron) or coupled (a whole-layer forward and Jacobian), never both or neither.
            bool coupled = entry.CoupledForward is not null;
            Assert.True(coupled == (entry.Apply is null), name + ": Apply and CoupledForward");
            Assert.True(coupled == (entry.CoupledBackward is not null), name + ": CoupledForward and CoupledBackward");

            // A derivative that reads something has a formula (or, coupled, a Jacobian); a constant one reads nothing.
            bool hasDerivative = entry.Derivative is not null || entry.CoupledBackward is not null;
            Assert.True(hasDerivative == (entry.DerivativeReads != DerivativeInput.Nothing), name + ": Derivative and DerivativeReads");
            Assert.True(!entry.IsIdentity || entry.DerivativeReads == DerivativeInput.Nothing, name + ": the identity's derivative is 1");
        });
    }

    [Fact]
    public void Activation_parameters_accept_their_default()
    {
        var withParameter = ActivationTable.Entries.Where(e => e.Parameter is not null).ToList();

        Assert.Equal(new[] { ActivationKind.LeakyReLU, ActivationKind.ELU }, withParameter.Select(e => e.Kind));
        Assert.All(withParameter, e => Assert.True(e.Parameter!.IsValid(e.Parameter.Default), e.Kind.ToString()));
        Assert.All(withParameter, e => Assert.False(e.Parameter!.IsValid(float.NaN), e.Kind.ToString()));
    }

    [Fact]
    public void Element_wise_formulas_use_the_operand_they_are_given()
    {
        foreach (ActivationEntry entry in ActivationTable.Entries.Where(e => e.Apply is not null))
        {
            float parameter = entry.Parameter?.Default ?? 0f;
            Assert.Contains("operandZ", entry.Apply!(Scalar.Single, parameter, "operandZ"), StringComparison.Ordinal);
            if (entry.Derivative is { } derivative)
            {
                Assert.Contains("operandY", derivative(Scalar.Double, parameter, "operandY"), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Loss_table_has_one_entry_per_kind_in_enum_order()
    {
        LossKind[] kinds = Enum.GetValues<LossKind>();

        Assert.Equal(kinds.Length, LossTable.Entries.Length);
        Assert.Equal(kinds, LossTable.Entries.Select(e => e.Kind));
        Assert.All(LossTable.Entries, e => Assert.False(string.IsNullOrWhiteSpace(e.RuntimeMethod), e.Kind.ToString()));
    }

    [Fact]
    public void Each_loss_runtime_method_exists_with_the_arguments_the_generator_passes()
    {
        Type losses = typeof(CompiledNet.Generated.Losses);
        foreach (LossEntry entry in LossTable.Entries)
        {
            var method = losses.GetMethods().SingleOrDefault(m => m.Name == entry.RuntimeMethod);
            Assert.True(method is not null, $"Losses.{entry.RuntimeMethod} is missing.");

            // (z, y, target, dLoss/dz) when fused with the output activation, else (y, target, dLoss/dy).
            Assert.Equal(entry.IsFused ? 4 : 3, method!.GetParameters().Length);
        }
    }

    [Fact]
    public void Runtime_methods_the_activation_table_names_exist()
    {
        Type activations = typeof(CompiledNet.Generated.Activations);
        string?[] named = ActivationTable.Entries.SelectMany(e => new[] { e.SpanMethod, e.SpanDerivative, e.CoupledForward, e.CoupledBackward }).ToArray();

        Assert.All(named.Where(n => n is not null), name => Assert.Contains(activations.GetMethods(), m => m.Name == name));
    }
}
