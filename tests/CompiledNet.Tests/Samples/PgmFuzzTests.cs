using System;
using System.Text.RegularExpressions;
using EmbeddedClassifier;
using Xunit;

namespace CompiledNet.Tests.Samples;

/// <summary>
/// Random damage to valid PGM files, with fixed seeds: the reader either returns a consistent image or throws a
/// <see cref="FormatException"/> naming the file with a number in it; never another exception.
/// </summary>
public sealed class PgmFuzzTests
{
    private const int Mutations = 3000;
    private const string Name = "fuzzed.pgm";

    // Bytes that matter to the header's grammar, drawn more often than chance would.
    private static readonly byte[] Interesting = "0123456789 \t\r\n#P25"u8.ToArray();

    [Fact]
    public void Three_thousand_random_mutations_of_a_P5_file_never_throw_anything_but_FormatException() =>
        AssertOnlyFormatExceptions(PgmImageTests.RandomImage(28, 28, 255, seed: 301).ToP5(), seed: 302);

    [Fact]
    public void Three_thousand_random_mutations_of_a_P2_file_never_throw_anything_but_FormatException() =>
        AssertOnlyFormatExceptions(PgmImageTests.RandomImage(6, 4, 200, seed: 303).ToP2(), seed: 304);

    [Fact]
    public void Three_thousand_random_mutations_of_a_commented_header_never_throw_anything_but_FormatException() =>
        AssertOnlyFormatExceptions([.. PgmImageTests.Ascii("P5 # comment\n# another\n3\t2 #x\r\n9\n"), 1, 2, 3, 4, 5, 9], seed: 305);

    [Fact]
    public void Every_truncation_of_a_P5_file_is_refused()
    {
        byte[] file = PgmImageTests.RandomImage(28, 28, 255, seed: 306).ToP5();

        for (int length = 0; length < file.Length; length++)
        {
            Exception? thrown = Record.Exception(() => PgmImage.Parse(file.AsSpan(0, length), Name));
            Assert.True(thrown is FormatException, $"truncated to {length} bytes: got {thrown?.GetType().Name ?? "no exception"}: {thrown?.Message}");
        }
    }

    private static void AssertOnlyFormatExceptions(byte[] file, int seed)
    {
        var random = new SeededRandom(seed);
        int parsed = 0;
        for (int i = 0; i < Mutations; i++)
        {
            (byte[] damaged, string what) = Mutate(file, ref random);
            // Half with the classifier's size requirement, half without, so both paths after the header run.
            (int, int)? requiredSize = i % 2 == 0 ? null : (28, 28);

            PgmImage? image = null;
            Exception? thrown = Record.Exception(() => image = PgmImage.Parse(damaged, Name, requiredSize));

            if (thrown is null)
            {
                // A mutation may leave a valid file (a digit for a digit, a space for a newline): it must be consistent.
                parsed++;
                Assert.Equal((long)image!.Width * image.Height, image.Pixels.Length);
                Assert.All(image.Pixels, pixel => Assert.True(pixel <= image.MaxValue, $"mutation {i} ({what}): pixel {pixel} above maxval {image.MaxValue}"));
                continue;
            }

            Assert.True(thrown is FormatException, $"mutation {i} ({what}): expected a FormatException but got {thrown.GetType().Name}: {thrown.Message}");
            Assert.StartsWith(Name + " ", thrown.Message, StringComparison.Ordinal);
            Assert.Matches(Digit, thrown.Message);
        }

        // Most damage must be caught, or the mutations are not reaching the reader's checks.
        Assert.True(parsed < Mutations / 2, $"{parsed} of {Mutations} mutations still parsed");
    }

    private static readonly Regex Digit = new(@"\d");

    private static (byte[], string) Mutate(byte[] file, ref SeededRandom random)
    {
        // Half the damage lands in the first 24 bytes, where the header is.
        int Position(ref SeededRandom r, int length) => r.NextInt32(2) == 0 ? r.NextInt32(Math.Min(24, length)) : r.NextInt32(length);
        byte Value(ref SeededRandom r) => r.NextInt32(2) == 0 ? Interesting[r.NextInt32(Interesting.Length)] : (byte)r.NextInt32(256);

        switch (random.NextInt32(5))
        {
            case 0:
                int length = random.NextInt32(file.Length);
                return (file.AsSpan(0, length).ToArray(), $"truncated to {length} of {file.Length} bytes");
            case 1:
            {
                byte[] damaged = (byte[])file.Clone();
                int at = Position(ref random, file.Length);
                damaged[at] = Value(ref random);
                return (damaged, $"byte {at} set to 0x{damaged[at]:X2}");
            }

            case 2:
            {
                int at = Position(ref random, file.Length + 1);
                byte value = Value(ref random);
                return ([.. file.AsSpan(0, at), value, .. file.AsSpan(at)], $"0x{value:X2} inserted at {at}");
            }

            case 3:
            {
                int at = Position(ref random, file.Length);
                return ([.. file.AsSpan(0, at), .. file.AsSpan(at + 1)], $"byte {at} deleted");
            }

            default:
            {
                // Several bytes at once: a run of random bytes over the header and the first pixels.
                byte[] damaged = (byte[])file.Clone();
                int at = Position(ref random, file.Length);
                int count = 1 + random.NextInt32(8);
                for (int k = at; k < Math.Min(file.Length, at + count); k++)
                {
                    damaged[k] = Value(ref random);
                }

                return (damaged, $"{count} bytes from {at} replaced");
            }
        }
    }
}
