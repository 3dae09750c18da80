using System.IO;
using Xunit;

namespace CompiledNet.Tests.Idx;

/// <summary>Well-formed IDX files, plain and gzipped, read back exactly as written.</summary>
public sealed class IdxReadTests
{
    [Fact]
    public void A_plain_image_file_gives_its_sizes_and_pixels()
    {
        using var files = new IdxTestFiles();
        string path = files.Plain("images-idx3-ubyte", IdxTestFiles.ImageFile(count: 3, rows: 2, columns: 4));

        IdxImages images = IdxFile.ReadImages(path);

        Assert.Equal(3, images.Count);
        Assert.Equal(2, images.Rows);
        Assert.Equal(4, images.Columns);
        Assert.Equal(8, images.PixelsPerImage);
        Assert.Equal(IdxTestFiles.Counting(24), images.Pixels);
        Assert.Equal(new byte[] { 16, 17, 18, 19, 20, 21, 22, 23 }, images.Image(2).ToArray());
    }

    [Fact]
    public void A_gzipped_image_file_reads_the_same_as_the_plain_one()
    {
        using var files = new IdxTestFiles();
        byte[] content = IdxTestFiles.ImageFile(count: 50, rows: 28, columns: 28);
        IdxImages plain = IdxFile.ReadImages(files.Plain("images-idx3-ubyte", content));

        IdxImages gzipped = IdxFile.ReadImages(files.Gzipped("images-idx3-ubyte.gz", content));

        Assert.Equal((50, 28, 28), (gzipped.Count, gzipped.Rows, gzipped.Columns));
        Assert.Equal(plain.Pixels, gzipped.Pixels);
    }

    [Fact]
    public void Gzip_is_recognised_by_its_signature_whatever_the_file_is_called()
    {
        using var files = new IdxTestFiles();
        byte[] labels = [9, 0, 0, 3, 0, 2, 7, 2, 5, 5];

        Assert.Equal(labels, IdxFile.ReadLabels(files.Gzipped("labels-without-gz-extension", IdxTestFiles.LabelFile(labels))));
        Assert.Equal(labels, IdxFile.ReadLabels(files.Plain("labels-idx1-ubyte", IdxTestFiles.LabelFile(labels))));
    }

    [Fact]
    public void An_image_file_with_no_images_is_read_as_empty()
    {
        using var files = new IdxTestFiles();

        IdxImages images = IdxFile.ReadImages(files.Plain("empty", IdxTestFiles.ImageFile(count: 0, rows: 28, columns: 28)));

        Assert.Equal(0, images.Count);
        Assert.Empty(images.Pixels);
    }

    [Fact]
    public void A_data_set_scales_pixels_to_the_unit_interval_and_makes_one_hot_targets()
    {
        using var files = new IdxTestFiles();
        byte[] pixels = [0, 255, 51, 102, 255, 0, 0, 0];
        string imagesPath = files.Gzipped("images.gz", [.. IdxTestFiles.Header(IdxFile.ImagesMagic, 2, 2, 2), .. pixels]);
        string labelsPath = files.Plain("labels", IdxTestFiles.LabelFile(2, 0));

        DataSet<float> data = IdxFile.LoadDataSet<float>(imagesPath, labelsPath, classCount: 3);

        Assert.Equal((2, 4, 3), (data.Count, data.InputSize, data.TargetSize));
        Assert.Equal(new[] { 0f, 1f, 0.2f, 0.4f }, data.Input(0).ToArray());
        Assert.Equal(new[] { 1f, 0f, 0f, 0f }, data.Input(1).ToArray());
        Assert.Equal(new[] { 0f, 0f, 1f }, data.Target(0).ToArray());
        Assert.Equal(new[] { 1f, 0f, 0f }, data.Target(1).ToArray());
        Assert.Equal(2, data.Label(0));
    }

    [Fact]
    public void A_double_data_set_maps_255_to_exactly_one()
    {
        using var files = new IdxTestFiles();
        string imagesPath = files.Plain("images", [.. IdxTestFiles.Header(IdxFile.ImagesMagic, 1, 1, 3), 255, 128, 1]);
        string labelsPath = files.Plain("labels", IdxTestFiles.LabelFile(1));

        DataSet<double> data = IdxFile.LoadDataSet<double>(imagesPath, labelsPath, classCount: 2);

        Assert.Equal(new[] { 1.0, 128.0 / 255, 1.0 / 255 }, data.Input(0).ToArray());
    }

    [Fact]
    public void A_missing_file_is_a_FileNotFoundException()
    {
        using var files = new IdxTestFiles();
        string path = files.Plain("present", IdxTestFiles.LabelFile(1));

        Assert.Throws<FileNotFoundException>(() => IdxFile.ReadLabels(path + ".missing"));
    }
}
