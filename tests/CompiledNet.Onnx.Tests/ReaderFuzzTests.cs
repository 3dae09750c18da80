using System;
using System.IO;
using Xunit;
using static CompiledNet.Onnx.Tests.OnnxTestSupport;

namespace CompiledNet.Onnx.Tests;

/// <summary>
/// Thousands of fixed-seed random mutations of a valid model (flipped bytes, overwritten runs, inserted and removed
/// bytes, truncations): the reader either loads the model or throws <see cref="OnnxModelException"/>, and a refused
/// model leaves the network as it was.
/// </summary>
public sealed class ReaderFuzzTests
{
    private const int Cases = 4000;

    [Fact]
    public void Damaged_models_are_loaded_or_refused_with_an_OnnxModelException_and_never_half_loaded()
    {
        var source = new WideNet();
        Randomize(source, 1);
        var scaler = new FeatureScaler<float>(ScalingKind.MinMax, new float[WideNet.InputSize], CreateScales());
        byte[] valid = Export(source, scaler);
        var gelu = new GELUNet();
        Randomize(gelu, 2);
        byte[] validGelu = Export(gelu);
        var cnn = new OnnxStridedCnn();
        Randomize(cnn, 3);
        byte[] validCnn = Export(cnn);

        var random = new Random(20261129);
        int refused = 0;
        for (int i = 0; i < Cases; i++)
        {
            bool useGelu = i % 4 == 3;
            bool useCnn = i % 4 == 2;
            byte[] bytes = Mutate(useGelu ? validGelu : useCnn ? validCnn : valid, random);
            INetwork<float> network = useGelu ? new GELUNet(seed: 5) : useCnn ? new OnnxStridedCnn(seed: 5) : new WideNet(seed: 5);
            float[] before = network.Parameters.ToArray();
            try
            {
                OnnxModel.Load(new MemoryStream(bytes), network);
            }
            catch (OnnxModelException)
            {
                refused++;
                Assert.True(SameBits<float>(before, network.Parameters), $"case {i} changed the network before refusing it");
            }
            catch (Exception other)
            {
                Assert.Fail($"case {i}: {other.GetType().Name} escaped the reader: {other.Message}");
            }
        }

        // Most damage is caught; some (a byte of a weight or a name nobody reads) loads.
        Assert.InRange(refused, Cases / 4, Cases);
    }

    private static float[] CreateScales()
    {
        var scales = new float[WideNet.InputSize];
        Array.Fill(scales, 0.5f);
        return scales;
    }

    private static byte[] Mutate(byte[] valid, Random random)
    {
        byte[] bytes = (byte[])valid.Clone();
        switch (random.Next(5))
        {
            case 0:
                for (int k = random.Next(1, 5); k > 0; k--)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }

                return bytes;
            case 1:
            {
                int start = random.Next(bytes.Length);
                int length = Math.Min(random.Next(1, 17), bytes.Length - start);
                random.NextBytes(bytes.AsSpan(start, length));
                return bytes;
            }

            case 2:
                return bytes.AsSpan(0, random.Next(bytes.Length)).ToArray();
            case 3:
            {
                int at = random.Next(bytes.Length);
                var extra = new byte[random.Next(1, 9)];
                random.NextBytes(extra);
                return [.. bytes.AsSpan(0, at), .. extra, .. bytes.AsSpan(at)];
            }

            default:
            {
                int at = random.Next(bytes.Length);
                int length = Math.Min(random.Next(1, 9), bytes.Length - at);
                return [.. bytes.AsSpan(0, at), .. bytes.AsSpan(at + length)];
            }
        }
    }
}
