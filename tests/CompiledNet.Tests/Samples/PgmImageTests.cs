using System;
using System.Linq;
using System.Text;
using CompiledNet.Tests.Idx;
using EmbeddedClassifier;
using Xunit;

namespace CompiledNet.Tests.Samples;

/// <summary>
/// The EmbeddedClassifier sample's PGM reader (samples/EmbeddedClassifier/PgmImage.cs, compiled into this project):
/// P5 and P2 round trips, the header's comments and whitespace, the scaling the network was trained with, and each
/// malformed file refused with a <see cref="FormatException"/> naming the file and the numbers.
/// </summary>
public sealed class PgmImageTests
{
    private const string Name = "image.pgm";

    [Fact]
    public void A_P5_file_round_trips()
    {
        PgmImage image = RandomImage(28, 28, 255, seed: 1);

        PgmImage read = PgmImage.Parse(image.ToP5(), Name, (28, 28));

        AssertSame(image, read);
    }

    [Fact]
    public void A_P2_file_round_trips_with_another_size_and_maxval()
    {
        PgmImage image = RandomImage(5, 3, 15, seed: 2);

        PgmImage read = PgmImage.Parse(image.ToP2(), Name);

        AssertSame(image, read);
        Assert.StartsWith("P2\n5 3\n15\n", Encoding.ASCII.GetString(image.ToP2()), StringComparison.Ordinal);
    }

    [Fact]
    public void Comments_and_any_whitespace_are_allowed_in_the_header()
    {
        byte[] file = [.. Ascii("P5 # made by hand\r\n# a whole comment line\n2\t# width\n  1\n\f255\n"), 7, 255];

        PgmImage image = PgmImage.Parse(file, Name);

        Assert.Equal((2, 1, 255), (image.Width, image.Height, image.MaxValue));
        Assert.Equal(new byte[] { 7, 255 }, image.Pixels);
    }

    [Fact]
    public void A_P5_pixel_may_be_any_byte_even_whitespace_or_a_hash()
    {
        // The single whitespace byte after maxval ends the header; the raster is raw bytes.
        byte[] file = [.. Ascii("P5\n3 1\n255\n"), (byte)'\n', (byte)'#', (byte)' '];

        Assert.Equal(new byte[] { 10, 35, 32 }, PgmImage.Parse(file, Name).Pixels);
    }

    [Fact]
    public void Scaling_gives_the_same_floats_as_the_idx_reader_the_network_was_trained_with()
    {
        // Every byte value 0 to 255 once, as a 16×16 IDX image and as a PGM image.
        using var files = new IdxTestFiles();
        DataSet<float> data = IdxFile.LoadDataSet<float>(
            files.Plain("images", IdxTestFiles.ImageFile(1, 16, 16)), files.Plain("labels", IdxTestFiles.LabelFile(0)), classCount: 1);
        var scaled = new float[256];

        PgmImage.Parse(new PgmImage(16, 16, 255, IdxTestFiles.Counting(256)).ToP5(), Name).ScaleTo(scaled);

        Assert.Equal(
            data.Inputs.ToArray().Select(BitConverter.SingleToInt32Bits),
            scaled.Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void A_smaller_maxval_scales_white_to_one()
    {
        var scaled = new float[3];

        PgmImage.Parse(Ascii("P2 3 1 15  0 5 15"), Name).ScaleTo(scaled);

        Assert.Equal(new[] { 0f, 5f / 15f, 1f }, scaled);
    }

    public static TheoryData<string, byte[], string, string> Malformed => new()
    {
        { "empty", [], "is empty", "P5" },
        { "a colour (P6) file", [.. Ascii("P6\n28 28\n255\n"), .. new byte[3 * 784]], "0x36 '6'", "\"P5\"" },
        { "no magic at all", Ascii("hello"), "0x68 'h' 0x65 'e'", "P2" },
        { "a letter in the height", Ascii("P5\n28 2x\n255\n"), "0x78 'x' at byte 7", "height" },
        { "no height", Ascii("P2\n28"), "ends at byte 5", "height" },
        { "a width above int.MaxValue", Ascii("P5\n99999999999 28\n255\n"), "width", "2147483647" },
        { "maxval 0", Ascii("P2\n2 1\n0\n0 0\n"), "maxval 0", "1 to 255" },
        { "maxval 256", Ascii("P5\n2 1\n256\n\0\0"), "maxval 256", "1 to 255" },
        { "maxval 65535 (16-bit)", Ascii("P5\n2 1\n65535\n\0\0\0\0"), "maxval 65535", "1 to 255" },
        { "a width of 0", Ascii("P5\n0 28\n255\n"), "0×28", "at least one" },
        { "the wrong size", [.. Ascii("P5\n32 32\n255\n"), .. new byte[1024]], "32×32", "28×28" },
        { "truncated P5 pixels", [.. Ascii("P5\n28 28\n255\n"), .. new byte[100]], "784 bytes", "holds 100" },
        { "bytes after the P5 pixels", [.. Ascii("P5\n28 28\n255\n"), .. new byte[786]], "2 bytes after", "784 pixels" },
        { "no whitespace after maxval", Ascii("P5\n28 28\n255"), "no whitespace after maxval", "byte 12" },
        { "a comment right after maxval in P5", Ascii("P5\n28 28\n255#x\n"), "no whitespace after maxval", "byte 12" },
        { "a P5 pixel above maxval", [.. Ascii("P5\n28 28\n100\n"), .. Enumerable.Repeat((byte)101, 784)], "pixel 101 at row 0, column 0", "maxval 100" },
        { "too few P2 values", Ascii("P2\n28 28\n255\n" + string.Join(" ", Enumerable.Repeat("0", 300))), "784 pixel values", "only" },
        { "a P2 value above maxval", Ascii("P2\n28 28\n255\n" + string.Join(" ", Enumerable.Repeat("300", 784))), "pixel 300", "maxval 255" },
        { "a missing P2 value", Ascii("P2\n28 28\n255\n" + string.Join(" ", Enumerable.Repeat("1", 783)) + "\n"), "truncated", "pixel value 784 of 784" },
        { "text after the P2 values", Ascii("P2\n28 28\n255\n" + string.Join(" ", Enumerable.Repeat("1", 784)) + " x"), "after its 784 pixel values", "byte" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void A_malformed_file_is_refused_naming_the_file_and_the_numbers(string what, byte[] file, string expected, string alsoExpected)
    {
        Exception? thrown = Record.Exception(() => PgmImage.Parse(file, Name, (28, 28)));

        Assert.True(thrown is FormatException, $"{what}: expected a FormatException but got {thrown?.GetType().Name ?? "none"}: {thrown?.Message}");
        Assert.StartsWith(Name + " ", thrown!.Message, StringComparison.Ordinal);
        Assert.Contains(expected, thrown.Message, StringComparison.Ordinal);
        Assert.Contains(alsoExpected, thrown.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', thrown.Message);
    }

    internal static PgmImage RandomImage(int width, int height, int maxValue, int seed)
    {
        var random = new SeededRandom(seed);
        var pixels = new byte[width * height];
        for (int i = 0; i < pixels.Length; i++)
        {
            pixels[i] = (byte)random.NextInt32(maxValue + 1);
        }

        return new PgmImage(width, height, maxValue, pixels);
    }

    internal static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static void AssertSame(PgmImage expected, PgmImage actual)
    {
        Assert.Equal((expected.Width, expected.Height, expected.MaxValue), (actual.Width, actual.Height, actual.MaxValue));
        Assert.Equal(expected.Pixels, actual.Pixels);
    }
}
