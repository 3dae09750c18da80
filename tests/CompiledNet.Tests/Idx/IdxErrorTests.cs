using System;
using System.IO;
using Xunit;

namespace CompiledNet.Tests.Idx;

/// <summary>
/// Every wrong or damaged IDX file is refused with an <see cref="InvalidDataException"/> that names the file, what
/// was expected and what was found.
/// </summary>
public sealed class IdxErrorTests : IDisposable
{
    private readonly IdxTestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_label_file_read_as_images_names_both_magic_numbers(bool gzipped)
    {
        string path = Write("train-labels-idx1-ubyte", IdxTestFiles.LabelFile(1, 2, 3), gzipped);

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));

        AssertMentions(error, path, "not an IDX image file", "expected the magic number 0x00000803", "found 0x00000801", "this looks like a label file");
    }

    [Fact]
    public void An_image_file_read_as_labels_names_both_magic_numbers()
    {
        string path = Write("t10k-images-idx3-ubyte", IdxTestFiles.ImageFile(1, 2, 2), gzipped: false);

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => IdxFile.ReadLabels(path));

        AssertMentions(error, path, "not an IDX label file", "expected the magic number 0x00000801", "found 0x00000803", "this looks like an image file");
    }

    [Fact]
    public void A_file_that_is_not_IDX_at_all_says_its_first_bytes_are_not_zero()
    {
        string path = Write("notes.txt", "hello, world, this is text"u8.ToArray(), gzipped: false);

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));

        AssertMentions(error, path, "expected the magic number 0x00000803", "found 0x68656C6C", "first two bytes are 0x68 0x65 instead of zero");
    }

    [Fact]
    public void A_file_gzipped_twice_is_recognised()
    {
        string path = Write("twice.gz", IdxTestFiles.Gzip(IdxTestFiles.LabelFile(1, 2)), gzipped: true);

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => IdxFile.ReadLabels(path));

        AssertMentions(error, path, "found 0x1F8B", "the gzip signature (is the file compressed twice?)");
    }

    [Fact]
    public void A_type_other_than_unsigned_byte_is_named()
    {
        // 0x0D is IDX's 32-bit float.
        string path = Write("float-images", [.. IdxTestFiles.Header(0x00000D03, 1, 1, 1), 0, 0, 0, 0], gzipped: false);

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));

        AssertMentions(error, path, "expected the magic number 0x00000803", "found 0x00000D03", "type code is 0x0D where 0x08 (unsigned byte)");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_wrong_dimension_count_is_named(bool gzipped)
    {
        string path = Write("two-dimensional", [.. IdxTestFiles.Header(0x00000802, 2, 3), .. new byte[6]], gzipped);

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));

        AssertMentions(error, path, "expected the magic number 0x00000803", "3 dimensions", "found 0x00000802", "dimension count is 2 where 3 are expected");
    }

    [Theory]
    [InlineData(false, "file")]
    [InlineData(true, "decompressed file")]
    public void A_truncated_body_says_how_much_was_promised_and_how_much_is_there(bool gzipped, string content)
    {
        byte[] whole = IdxTestFiles.ImageFile(count: 3, rows: 2, columns: 2);
        string path = Write("images-idx3-ubyte", whole[..(16 + 5)], gzipped);

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));

        AssertMentions(error, path, "truncated", "promises 3 images of 2×2 pixels (12 bytes after the header)", $"the {content} holds only 5");
    }

    [Fact]
    public void A_truncated_label_body_is_named()
    {
        byte[] whole = IdxTestFiles.LabelFile(1, 2, 3, 4, 5);
        string path = Write("labels-idx1-ubyte.gz", whole[..^2], gzipped: true);

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => IdxFile.ReadLabels(path));

        AssertMentions(error, path, "truncated", "promises 5 labels (5 bytes after the header)", "holds only 3");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_header_cut_inside_the_dimensions_is_named(bool gzipped)
    {
        string path = Write("images", IdxTestFiles.ImageFile(1, 2, 2)[..10], gzipped);

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));

        AssertMentions(error, path, "header is truncated", "expected 16 bytes", "ends after 10 bytes");
    }

    [Fact]
    public void A_header_cut_inside_the_magic_number_is_named()
    {
        string path = Write("labels", [0, 0, 8], gzipped: false);

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => IdxFile.ReadLabels(path));

        AssertMentions(error, path, "header is truncated", "expected 8 bytes starting with the magic number 0x00000801", "ends after 3 bytes");
    }

    [Fact]
    public void An_empty_file_is_a_truncated_header()
    {
        string path = Write("empty", [], gzipped: false);

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));

        AssertMentions(error, path, "header is truncated", "ends after 0 bytes");
    }

    [Fact]
    public void Data_past_what_the_header_promises_is_refused()
    {
        string path = Write("labels", [.. IdxTestFiles.LabelFile(1, 2), 3], gzipped: true);

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => IdxFile.ReadLabels(path));

        AssertMentions(error, path, "longer than the header says", "promises 2 labels (2 bytes after the header)", "goes on past them");
    }

    [Fact]
    public void Images_without_rows_or_columns_are_refused()
    {
        string path = Write("flat", IdxTestFiles.Header(IdxFile.ImagesMagic, 5, 28, 0), gzipped: false);

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));

        AssertMentions(error, path, "expected images of at least 1×1 pixels", "says 28×0");
    }

    [Fact]
    public void A_negative_dimension_is_named()
    {
        string path = Write("labels", IdxTestFiles.Header(IdxFile.LabelsMagic, -1), gzipped: false);

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => IdxFile.ReadLabels(path));

        AssertMentions(error, path, "expected a number of labels from 0 to 2147483647", "found 4294967295");
    }

    [Fact]
    public void Corrupt_gzip_data_names_the_file()
    {
        byte[] gzip = IdxTestFiles.Gzip(IdxTestFiles.ImageFile(20, 28, 28));
        for (int i = 12; i < gzip.Length - 8; i++)
        {
            gzip[i] = 0xFF;
        }

        string path = Write("corrupt.gz", gzip, gzipped: false);

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => IdxFile.ReadImages(path));

        Assert.StartsWith(path + ": ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Different_image_and_label_counts_name_both_files_and_both_counts()
    {
        string imagesPath = Write("images-idx3-ubyte.gz", IdxTestFiles.ImageFile(count: 4, rows: 2, columns: 2), gzipped: true);
        string labelsPath = Write("labels-idx1-ubyte.gz", IdxTestFiles.LabelFile(0, 1, 2), gzipped: true);

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => IdxFile.LoadDataSet<float>(imagesPath, labelsPath, classCount: 10));

        AssertMentions(error, imagesPath, "holds 4 images", labelsPath, "holds 3 labels", "expected one label per image");
    }

    [Fact]
    public void A_label_beyond_the_class_count_is_named()
    {
        string imagesPath = Write("images", IdxTestFiles.ImageFile(count: 3, rows: 1, columns: 1), gzipped: false);
        string labelsPath = Write("labels", IdxTestFiles.LabelFile(0, 9, 10), gzipped: false);

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => IdxFile.LoadDataSet<float>(imagesPath, labelsPath, classCount: 10));

        AssertMentions(error, labelsPath, "label 2 is 10", "expected a class from 0 to 9 (10 classes)");
    }

    [Fact]
    public void An_image_file_with_no_images_cannot_be_a_data_set()
    {
        string imagesPath = Write("images", IdxTestFiles.ImageFile(count: 0, rows: 2, columns: 2), gzipped: false);
        string labelsPath = Write("labels", IdxTestFiles.LabelFile(), gzipped: false);

        InvalidDataException error = Assert.Throws<InvalidDataException>(() => IdxFile.LoadDataSet<float>(imagesPath, labelsPath, classCount: 10));

        AssertMentions(error, imagesPath, "expected at least one image but the file holds none");
    }

    private string Write(string name, byte[] content, bool gzipped) =>
        gzipped ? _files.Gzipped(name, content) : _files.Plain(name, content);

    private static void AssertMentions(Exception error, string path, params string[] fragments)
    {
        Assert.StartsWith(path, error.Message, StringComparison.Ordinal);
        foreach (string fragment in fragments)
        {
            Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        }
    }
}
