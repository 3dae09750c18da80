using System;
using System.Globalization;
using Xunit;

namespace CompiledNet.Tests.Generator;

/// <summary>
/// The generator runs inside the user's compiler process, under whatever culture the machine has. German writes 0.25
/// as "0,25", which would turn a float literal into two arguments, so the output must not depend on the culture.
/// </summary>
public sealed class CultureInvarianceTests
{
    private const string Source = """
        using CompiledNet;

        namespace Culture;

        [Input(3)]
        [Dense(5, Activation.LeakyReLU, NegativeSlope = 0.25f)]
        [Dense(4, Activation.ELU, Alpha = 1.5f)]
        [Dense(2, Activation.Sigmoid)]
        public partial class CultureNet;
        """;

    [Fact]
    public void Generated_source_is_identical_under_german_culture()
    {
        string invariant = RunUnder(CultureInfo.InvariantCulture);
        string german = RunUnder(CultureInfo.GetCultureInfo("de-DE"));

        // The precondition of the test: German really does format the slope differently.
        Assert.Equal("0,25", 0.25f.ToString(CultureInfo.GetCultureInfo("de-DE")));

        Assert.Contains("0.25f", german, StringComparison.Ordinal);
        Assert.Contains("1.5f", german, StringComparison.Ordinal);
        Assert.DoesNotContain("0,25", german, StringComparison.Ordinal);
        Assert.Null(GoldenFile.Describe(invariant, german));
    }

    [Fact]
    public void Diagnostic_arguments_are_culture_invariant()
    {
        const string invalid = """
            using CompiledNet;
            [Input(3)]
            [Dense(5, Activation.LeakyReLU, NegativeSlope = -0.5f)]
            [Dense(1)]
            public partial class NegativeSlopeNet;
            """;

        CultureInfo previous = CultureInfo.CurrentCulture, previousUi = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("de-DE");
            var diagnostic = Assert.Single(GeneratorHarness.Run(invalid).Diagnostics);

            // Formatted invariantly too, so the message reads the same as the source the user wrote.
            Assert.Equal("CNET011", diagnostic.Id);
            Assert.Contains("-0.5", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
            CultureInfo.CurrentUICulture = previousUi;
        }
    }

    private static string RunUnder(CultureInfo culture)
    {
        CultureInfo previous = CultureInfo.CurrentCulture, previousUi = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentCulture = culture;
            CultureInfo.CurrentUICulture = culture;
            GeneratorOutput output = GeneratorHarness.Run(Source);
            Assert.Empty(output.Exceptions);
            Assert.Empty(output.Diagnostics);
            return Assert.Single(output.Sources).Value;
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
            CultureInfo.CurrentUICulture = previousUi;
        }
    }
}
