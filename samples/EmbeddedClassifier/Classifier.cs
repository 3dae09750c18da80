using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using CompiledNet;

namespace EmbeddedClassifier;

/// <summary>The accuracy and two checksums of one pass over the test set.</summary>
/// <param name="Correct">Images classified as their label.</param>
/// <param name="Count">Images classified.</param>
/// <param name="PredictionChecksum">FNV-1a over every predicted class index, in order.</param>
/// <param name="OutputChecksum">FNV-1a over the bits of every output probability, in order.</param>
internal sealed record TestSetResult(int Correct, int Count, ulong PredictionChecksum, ulong OutputChecksum)
{
    public double Accuracy => (double)Correct / Count;
}

/// <summary>Runs the network: one image, the whole test set, or timed passes.</summary>
internal static class Classifier
{
    private const int InputSize = FashionTestSet.ImageSide * FashionTestSet.ImageSide;

    /// <summary>
    /// The network: with no file, as constructed, which starts from the parameters compiled in from
    /// models/fashion-net.cnet; with a file, a freshly constructed one with that file's parameters loaded.
    /// </summary>
    /// <exception cref="WeightFileException">The file is damaged or for another network.</exception>
    /// <exception cref="InvalidDataException">The file holds a feature scaler, which this classifier does not apply.</exception>
    public static EmbeddedFashionNet CreateNetwork(string? weightsPath)
    {
        var network = new EmbeddedFashionNet();
        if (weightsPath is not null && WeightFile.Load(weightsPath, network) is not null)
        {
            // The pixels are scaled by /255 exactly as in training; a scaler would be a different model.
            throw new InvalidDataException($"{weightsPath} holds a feature scaler; this classifier feeds pixels scaled to [0, 1] and applies none.");
        }

        return network;
    }

    /// <summary>Runs one image and returns the most probable class.</summary>
    public static int Predict(EmbeddedFashionNet network, ReadOnlySpan<float> inputs, Span<float> probabilities)
    {
        network.Forward(inputs, probabilities);
        return ArgMax(probabilities);
    }

    /// <summary>
    /// Classifies every test image, in order, through <c>ForwardBatch</c>: 256 images per call, so each weight is read
    /// once per panel of rows rather than once per image.
    /// </summary>
    public static TestSetResult Evaluate(EmbeddedFashionNet network, FashionTestSet testSet, float[] inputs)
    {
        const int ChunkRows = 256;
        int classes = FashionTestSet.ClassNames.Length;
        var probabilities = new float[ChunkRows * classes];
        ulong predictions = Fnv.Offset, outputs = Fnv.Offset;
        int correct = 0;
        for (int first = 0; first < testSet.Count; first += ChunkRows)
        {
            int rows = Math.Min(ChunkRows, testSet.Count - first);
            network.ForwardBatch(inputs.AsSpan(first * InputSize, rows * InputSize), probabilities.AsSpan(0, rows * classes));
            for (int row = 0; row < rows; row++)
            {
                ReadOnlySpan<float> image = probabilities.AsSpan(row * classes, classes);
                int predicted = ArgMax(image);
                correct += predicted == testSet.Label(first + row) ? 1 : 0;
                predictions = Fnv.Add(predictions, (uint)predicted);
                foreach (float probability in image)
                {
                    outputs = Fnv.Add(outputs, BitConverter.SingleToUInt32Bits(probability));
                }
            }
        }

        return new TestSetResult(correct, testSet.Count, predictions, outputs);
    }

    /// <summary>The mean time of one forward pass, over all <paramref name="inputs"/> after a warm-up pass.</summary>
    public static TimeSpan MeanLatency(EmbeddedFashionNet network, float[] inputs)
    {
        Span<float> probabilities = stackalloc float[FashionTestSet.ClassNames.Length];
        int count = inputs.Length / InputSize;
        // The warm-up brings the parameters into the caches and, when not AOT-compiled, lets the JIT optimise.
        for (int i = 0; i < Math.Min(count, 1000); i++)
        {
            Predict(network, inputs.AsSpan(i * InputSize, InputSize), probabilities);
        }

        long start = Stopwatch.GetTimestamp();
        for (int i = 0; i < count; i++)
        {
            Predict(network, inputs.AsSpan(i * InputSize, InputSize), probabilities);
        }

        return Stopwatch.GetElapsedTime(start) / count;
    }

    /// <summary>
    /// How long ago the process started. Linux records the start in 10 ms clock ticks, rounded down, and .NET dates
    /// the boot with a coarse clock, so this runs up to about 20 ms long: an upper bound, not a precise figure.
    /// </summary>
    public static TimeSpan SinceProcessStart()
    {
        using var process = Process.GetCurrentProcess();
        return DateTime.Now - process.StartTime;
    }

    /// <summary>The predicted class and all ten probabilities, one per line, the prediction marked.</summary>
    public static string Describe(ReadOnlySpan<float> probabilities)
    {
        int predicted = ArgMax(probabilities);
        var text = new System.Text.StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{FashionTestSet.ClassNames[predicted]} ({probabilities[predicted] * 100:F2}%)\n");
        for (int i = 0; i < probabilities.Length; i++)
        {
            string marker = i == predicted ? "  <" : "";
            text.Append(CultureInfo.InvariantCulture, $"  {i}  {FashionTestSet.ClassNames[i],-12} {probabilities[i]:0.000000}{marker}\n");
        }

        return text.ToString().TrimEnd('\n');
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            best = values[i] > values[best] ? i : best;
        }

        return best;
    }

    /// <summary>64-bit FNV-1a over 32-bit values, byte by byte: a checksum that changes with any bit.</summary>
    private static class Fnv
    {
        public const ulong Offset = 14695981039346656037UL;

        public static ulong Add(ulong hash, uint value)
        {
            for (int shift = 0; shift < 32; shift += 8)
            {
                hash = (hash ^ ((value >> shift) & 0xFF)) * 1099511628211UL;
            }

            return hash;
        }
    }
}
