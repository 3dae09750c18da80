using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace CompiledNet.Tests.Generator;

/// <summary>
/// RyuJIT compiles a method with MinOpts, i.e. without optimisation, when its IL passes any of these thresholds
/// (DEFAULT_MIN_OPTS_* in the JIT). Unrolled layers trade IL size for speed, so every generated method must stay
/// below all of them, or the unrolling would make the network slower rather than faster.
/// </summary>
public sealed class JitLimitTests(ITestOutputHelper log)
{
    private const int MaxIlBytes = 60_000;          // JitMinOptsCodeSize
    private const int MaxInstructions = 20_000;     // JitMinOptsInstrCount
    private const int MaxBasicBlocks = 2_000;       // JitMinOptsBbCount
    private const int MaxLocalVariables = 2_000;    // JitMinOptsLvNumCount
    private const int MaxLocalReferences = 8_000;   // JitMinOptsLvRefCount

    [Theory]
    [MemberData(nameof(SampleNetworks.JitChecked), MemberType = typeof(SampleNetworks))]
    public void Every_generated_method_stays_below_the_MinOpts_thresholds(string network)
    {
        GeneratorOutput output = GeneratorHarness.Run(SampleNetworks.ByName[network].Source);
        Assert.Empty(output.Exceptions);
        Assert.Single(output.Sources);

        IReadOnlyList<MethodMeasure> methods = CompiledMethodBodies.MeasureRelease(output.Compilation);
        Assert.Contains(methods, m => m.Name.EndsWith(".Backward", StringComparison.Ordinal));
        Assert.Contains(methods, m => m.Name.EndsWith(".TrainSample", StringComparison.Ordinal));
        Assert.Contains(methods, m => m.Name.EndsWith(".TrainSamples", StringComparison.Ordinal));
        Assert.Contains(methods, m => m.Name.EndsWith(".ForwardBatch", StringComparison.Ordinal));

        Report(network, methods);
        foreach (MethodMeasure m in methods)
        {
            Assert.True(m.Counts.IlBytes < MaxIlBytes, $"{m.Name}: {m.Counts.IlBytes} IL bytes, the JIT's limit is {MaxIlBytes}.");
            Assert.True(m.Counts.Instructions < MaxInstructions, $"{m.Name}: {m.Counts.Instructions} IL instructions, the JIT's limit is {MaxInstructions}.");
            Assert.True(m.Counts.BasicBlocks < MaxBasicBlocks, $"{m.Name}: about {m.Counts.BasicBlocks} basic blocks, the JIT's limit is {MaxBasicBlocks}.");
            Assert.True(m.LocalVariables < MaxLocalVariables, $"{m.Name}: {m.Locals} locals + {m.Arguments} arguments, the JIT's limit is {MaxLocalVariables}.");
            Assert.True(m.Counts.LocalReferences < MaxLocalReferences, $"{m.Name}: {m.Counts.LocalReferences} local references, the JIT's limit is {MaxLocalReferences}.");
        }
    }

    [Theory]
    [InlineData("WideUnrolled")]
    [InlineData("WideHiddenUnrolled")]
    [InlineData("FanInUnrolled")]
    [InlineData("DeepUnrolled")]
    [InlineData("HelperHeavyUnrolled")]
    public void Worst_case_samples_unroll_layers_of_exactly_the_threshold_size(string network)
    {
        // Otherwise a change of the threshold would quietly turn the worst cases above into easy loops.
        int threshold = Limit("UnrollThreshold");
        string source = Assert.Single(GeneratorHarness.Run(SampleNetworks.ByName[network].Source).Sources).Value;

        var layers = LayoutComments(source);
        Assert.All(layers, l => Assert.Equal("unrolled", l.Mode));
        Assert.Equal(threshold, layers.Max(l => l.Weights));
    }

    [Theory]
    [InlineData("[Input(1)] [Dense(64, Activation.ReLU)]", "[Input(1)] [Dense(65, Activation.ReLU)]")]
    [InlineData("[Input(8)] [Dense(1, Activation.ReLU)]", "[Input(9)] [Dense(1, Activation.ReLU)]")]
    [InlineData("[Input(2)] [Dense(4, Activation.Tanh)]", "[Input(2)] [Dense(5, Activation.Tanh)]")]
    public void One_past_an_unroll_limit_the_layer_loops(string atTheLimit, string onePast)
    {
        // The weight count, the fan-in and, for tanh, the neuron count each have a limit (GenerationLimits).
        string Mode(string attributes) => LayoutComments(Assert.Single(GeneratorHarness.Run("using CompiledNet;\n" + attributes + "\npublic partial class EdgeNet;").Sources).Value)[0].Mode;

        Assert.Equal("unrolled", Mode(atTheLimit));
        Assert.Equal("looped", Mode(onePast));
    }

    [Fact]
    public void The_large_window_sample_loops_over_its_pooling_windows()
    {
        // Otherwise the JIT check of LargeWindowCnn would cover unrolled windows only, not the loops it is there for.
        string source = Assert.Single(GeneratorHarness.Run(SampleNetworks.LargeWindowCnn.Source).Sources).Value;

        Assert.Contains("for (int ky = 0; ky < 5; ky++)", source, StringComparison.Ordinal);
        Assert.Contains("for (int kx = ky == 0 ? 1 : 0; kx < 5; kx++)", source, StringComparison.Ordinal);
        Assert.DoesNotContain("corner + 1]", source, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4, false)]
    [InlineData(5, true)]
    public void A_pooling_window_of_more_than_16_values_loops(int window, bool loops)
    {
        string source = Assert.Single(GeneratorHarness.Run(
            $"using CompiledNet;\n[Input(1, 10, 10)] [MaxPool2D({window})] [Dense(2)]\npublic partial class WindowNet;").Sources).Value;

        Assert.Equal(loops, source.Contains("for (int ky = 0;", StringComparison.Ordinal));
        Assert.Equal(!loops, source.Contains($"corner + {(window - 1) * 10 + window - 1}]", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("CompactLong")]
    [InlineData("CompactDeep")]
    [InlineData("CompactVector")]
    public void Worst_case_compact_samples_reach_a_compact_limit(string network)
    {
        // As above: the compact worst cases must sit on a limit, so the JIT check covers the largest straight-line methods.
        string source = Assert.Single(GeneratorHarness.Run(SampleNetworks.ByName[network].Source).Sources).Value;

        Assert.Contains("// Compact:", source, StringComparison.Ordinal);
        Assert.DoesNotContain("Layer1Forward(", source, StringComparison.Ordinal);
        var layers = LayoutComments(source);
        int weights = layers.Sum(l => l.Weights);
        int neurons = layers.Sum(l => l.Neurons);
        Assert.True(
            weights >= Limit("CompactWeightLimit") - 2 || neurons == Limit("CompactNeuronLimit"),
            $"{network}: {weights} weights and {neurons} neurons are not at a compact limit.");
    }

    [Theory]
    [InlineData("[Input(1)]" + "[Dense(1, Activation.ELU)]" + "[Dense(1, Activation.ELU)]" + "[Dense(1, Activation.ELU)]", 126, "129 neurons")]
    [InlineData("[Input(17)] [Dense(1, Activation.Sigmoid)]", 0, "a looped layer")]
    [InlineData("[Input(8)] [Dense(8, Activation.ReLU)] [Dense(8, Activation.ReLU)] [Dense(8, Activation.ReLU)] [Dense(8, Activation.ReLU)] [Dense(1)]", 0, "264 weights")]
    [InlineData("[Network(Loss = Loss.CrossEntropy)] [Input(2)] [Dense(4, Activation.Tanh)] [Dense(3, Activation.Softmax)]", 0, "a softmax")]
    public void Past_a_compact_limit_the_network_uses_per_layer_methods(string attributes, int moreOneNeuronLayers, string why)
    {
        string layers = attributes + string.Concat(Enumerable.Repeat("[Dense(1, Activation.ELU)]", moreOneNeuronLayers));
        string source = Assert.Single(GeneratorHarness.Run("using CompiledNet;\n" + layers + "\npublic partial class PastNet;").Sources).Value;

        Assert.False(source.Contains("// Compact:", StringComparison.Ordinal), $"With {why} the network must not be compact.");
        Assert.Contains("Layer1Forward(", source, StringComparison.Ordinal);
    }

    [Fact]
    public void Decoder_counts_a_branchy_method_exactly()
    {
        byte[] il =
        {
            0x02,       // 0: ldarg.0
            0x2C, 0x03, // 1: brfalse.s 6
            0x17,       // 3: ldc.i4.1
            0x2B, 0x01, // 4: br.s 7
            0x16,       // 6: ldc.i4.0
            0x2A,       // 7: ret
        };

        // Blocks start at 0, 3 (after brfalse), 6 (its target and after br.s) and 7 (br.s's target).
        Assert.Equal(new IlCounts(IlBytes: 8, Instructions: 6, BasicBlocks: 4, LocalReferences: 1), IlDecoder.Count(il));
    }

    [Fact]
    public void Decoder_counts_switch_tables_wide_operands_and_two_byte_opcodes()
    {
        byte[] il =
        {
            0x02,                                   // 0: ldarg.0
            0x45, 0x02, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, // 1: switch (14, 15)
            0x00,                                   // 14: nop
            0x11, 0x00,                             // 15: ldloc.s 0
            0x0A,                                   // 17: stloc.0
            0x12, 0x00,                             // 18: ldloca.s 0
            0x26,                                   // 20: pop
            0x21, 1, 2, 3, 4, 5, 6, 7, 8,           // 21: ldc.i8
            0xFE, 0x0C, 0x00, 0x00,                 // 30: ldloc 0
            0xFE, 0x01,                             // 34: ceq
            0x2A,                                   // 36: ret
        };

        Assert.Equal(new IlCounts(IlBytes: 37, Instructions: 11, BasicBlocks: 3, LocalReferences: 5), IlDecoder.Count(il));
        Assert.Equal(4, IlDecoder.Count(il, regionBoundaries: new[] { 18, 37 }).BasicBlocks);
    }

    [Fact]
    public void Decoder_operand_sizes_agree_with_System_Reflection_Emit()
    {
        var known = new HashSet<int>();
        foreach (FieldInfo field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var opcode = (OpCode)field.GetValue(null)!;
            if (opcode.OpCodeType == OpCodeType.Nternal)
            {
                continue; // prefix1..7 and prefixref: reserved encodings, not instructions
            }

            int value = opcode.Size == 1 ? opcode.Value & 0xFF : opcode.Value & 0xFFFF;
            known.Add(value);
            Assert.True(IlDecoder.IsValid(value), $"{opcode.Name} (0x{value:X}) is missing from the decoder.");
            Assert.True(ExpectedOperandSize(opcode.OperandType) == IlDecoder.OperandSize(value), $"{opcode.Name}: operand size differs.");
        }

        // The decoder knows no opcode beyond those, except 'no.' (0xFE19), which System.Reflection.Emit leaves out.
        int[] extra = Enumerable.Range(0, 0x100).Concat(Enumerable.Range(0xFE00, 0x100)).Where(IlDecoder.IsValid).Where(v => !known.Contains(v)).ToArray();
        Assert.Equal(new[] { 0xFE19 }, extra);
    }

    [Fact]
    public void Decoder_walks_every_method_of_the_runtime_and_generator_assemblies()
    {
        // Real compiler output, switches and try/finally included: Count throws if an operand size is wrong, because
        // the walk would then end off an instruction boundary or hit an invalid opcode.
        int methods = 0;
        foreach (Assembly assembly in new[] { typeof(INetwork<>).Assembly, typeof(CompiledNet.Generator.NetworkGenerator).Assembly })
        {
            using var pe = new PEReader(File.OpenRead(assembly.Location));
            MetadataReader metadata = pe.GetMetadataReader();
            foreach (MethodDefinitionHandle handle in metadata.MethodDefinitions)
            {
                MethodDefinition method = metadata.GetMethodDefinition(handle);
                if (method.RelativeVirtualAddress != 0)
                {
                    IlCounts counts = IlDecoder.Count(pe.GetMethodBody(method.RelativeVirtualAddress).GetILBytes());
                    Assert.InRange(counts.Instructions, 1, counts.IlBytes);
                    methods++;
                }
            }
        }

        Assert.True(methods > 100, $"Only {methods} methods decoded.");
    }

    private static int ExpectedOperandSize(OperandType type) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => -1,
        _ => 4,
    };

    private static List<(int Weights, int Neurons, string Mode)> LayoutComments(string source) =>
        Regex.Matches(source, @"// Layer \d+: Dense (\d+) → (\d+), .*, (unrolled|looped)\.")
            .Select(m => (Inputs: Parse(m.Groups[1].Value), Outputs: Parse(m.Groups[2].Value), Mode: m.Groups[3].Value))
            .Select(l => (l.Inputs * l.Outputs, l.Outputs, l.Mode))
            .ToList();

    /// <summary>A constant of the generator's internal GenerationLimits.</summary>
    private static int Limit(string name) =>
        (int)typeof(CompiledNet.Generator.NetworkGenerator).Assembly
            .GetType("CompiledNet.Generator.Planning.GenerationLimits", throwOnError: true)!
            .GetField(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!
            .GetValue(null)!;

    private static int Parse(string number) => int.Parse(number, System.Globalization.CultureInfo.InvariantCulture);

    private void Report(string network, IReadOnlyList<MethodMeasure> methods)
    {
        void Line(string metric, Func<MethodMeasure, int> value, int limit)
        {
            MethodMeasure largest = methods.MaxBy(value)!;
            log.WriteLine($"{network,-20} {metric,-17} {value(largest),6} / {limit,6} in {largest.Name}");
        }

        Line("IL bytes", m => m.Counts.IlBytes, MaxIlBytes);
        Line("IL instructions", m => m.Counts.Instructions, MaxInstructions);
        Line("basic blocks", m => m.Counts.BasicBlocks, MaxBasicBlocks);
        Line("locals + args", m => m.LocalVariables, MaxLocalVariables);
        Line("local references", m => m.Counts.LocalReferences, MaxLocalReferences);
    }
}
