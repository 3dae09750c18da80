using System;
using System.IO;
using System.Linq;
using Xunit;

namespace CompiledNet.Tests.Persistence;

/// <summary>What Save does to the folder: replaces the target, leaves no temporary file, and leaves nothing when it fails.</summary>
public sealed class SaveFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Save_leaves_only_the_target_file_in_the_folder()
    {
        var network = new PersistFloatNet(seed: 1);

        WeightFile.Save(_folder.File("model.cnet"), network, PersistenceKit.Scaler<float>(ScalingKind.MinMax));

        Assert.Equal(new[] { "model.cnet" }, _folder.Entries());
    }

    [Fact]
    public void Saving_over_an_existing_weight_file_replaces_it()
    {
        var first = new PersistFloatNet(seed: 1);
        var second = new PersistFloatNet(seed: 2);
        string path = _folder.File("model.cnet");

        WeightFile.Save(path, first, PersistenceKit.Scaler<float>(ScalingKind.Standardize));
        WeightFile.Save(path, second);

        var loaded = new PersistFloatNet(seed: 3);
        Assert.Null(WeightFile.Load(path, loaded)); // the second save had no scaler
        Assert.Equal(second.Parameters.ToArray(), loaded.Parameters.ToArray());
        Assert.Equal(new[] { "model.cnet" }, _folder.Entries());
    }

    [Fact]
    public void Saving_over_a_longer_unrelated_file_replaces_it_entirely()
    {
        string path = _folder.File("model.cnet");
        File.WriteAllBytes(path, Enumerable.Repeat((byte)0xAB, 10_000).ToArray());
        var network = new PersistDoubleNet(seed: 4);

        WeightFile.Save(path, network);

        Assert.True(new FileInfo(path).Length < 10_000);
        var loaded = new PersistDoubleNet(seed: 5);
        WeightFile.Load(path, loaded);
        Assert.Equal(network.Parameters.ToArray(), loaded.Parameters.ToArray());
        Assert.Equal(new[] { "model.cnet" }, _folder.Entries());
    }

    [Fact]
    public void Many_saves_to_the_same_path_leave_one_file()
    {
        string path = _folder.File("model.cnet");
        for (int seed = 0; seed < 20; seed++)
        {
            WeightFile.Save(path, new PersistFloatNet(seed));
        }

        Assert.Equal(new[] { "model.cnet" }, _folder.Entries());
        var loaded = new PersistFloatNet(seed: 100);
        WeightFile.Load(path, loaded);
        Assert.Equal(new PersistFloatNet(19).Parameters.ToArray(), loaded.Parameters.ToArray());
    }

    [Fact]
    public void Saving_into_a_folder_that_does_not_exist_names_the_given_path_and_creates_nothing()
    {
        string missing = _folder.File("missing");
        string path = Path.Combine(missing, "model.cnet");

        WeightFileException error = Assert.Throws<WeightFileException>(() => WeightFile.Save(path, new PersistFloatNet(seed: 1)));

        AssertNamesPathNotTemporary(error, path);
        Assert.IsType<DirectoryNotFoundException>(error.InnerException);
        Assert.False(Directory.Exists(missing));
        Assert.Empty(_folder.Entries());
    }

    [Fact]
    public void Saving_below_a_file_as_if_it_were_a_folder_names_the_given_path_and_leaves_the_file()
    {
        string file = _folder.File("notes.txt");
        File.WriteAllText(file, "not a folder");
        string path = Path.Combine(file, "model.cnet");

        WeightFileException error = Assert.Throws<WeightFileException>(() => WeightFile.Save(path, new PersistFloatNet(seed: 1)));

        AssertNamesPathNotTemporary(error, path);
        Assert.NotNull(error.InnerException);
        Assert.Equal(new[] { "notes.txt" }, _folder.Entries());
        Assert.Equal("not a folder", File.ReadAllText(file));
    }

    [Fact]
    public void Saving_to_a_directory_is_refused_naming_it_and_leaves_no_temporary_file()
    {
        string path = _folder.File("model.cnet");
        Directory.CreateDirectory(path);

        WeightFileException error = Assert.Throws<WeightFileException>(() => WeightFile.Save(path, new PersistFloatNet(seed: 1)));

        AssertNamesPathNotTemporary(error, path);
        Assert.Contains("directory", error.Message, StringComparison.Ordinal);
        Assert.Equal(new[] { "model.cnet" }, _folder.Entries());
        Assert.True(Directory.Exists(path));
        Assert.Empty(Directory.EnumerateFileSystemEntries(path));
    }

    [Fact]
    public void Loading_a_directory_is_refused_naming_it_and_leaves_the_network_unchanged()
    {
        string path = _folder.File("model.cnet");
        Directory.CreateDirectory(path);
        var network = new PersistFloatNet(seed: 1);
        float[] before = network.Parameters.ToArray();

        WeightFileException error = Assert.Throws<WeightFileException>(() => WeightFile.Load(path, network));

        Assert.Contains($"'{path}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("directory", error.Message, StringComparison.Ordinal);
        Assert.Equal(before, network.Parameters.ToArray());
    }

    [Fact]
    public void A_relative_path_is_saved_relative_to_the_current_directory()
    {
        var network = new PersistFloatNet(seed: 1);
        string previous = Directory.GetCurrentDirectory();
        string relative = Path.GetRelativePath(previous, _folder.File("relative.cnet"));

        WeightFile.Save(relative, network);

        Assert.Equal(new[] { "relative.cnet" }, _folder.Entries());
    }

    private static void AssertNamesPathNotTemporary(Exception error, string path)
    {
        Assert.Contains($"'{path}'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(".tmp", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Null_or_empty_arguments_are_refused()
    {
        var network = new PersistFloatNet(seed: 1);
        Assert.ThrowsAny<ArgumentException>(() => WeightFile.Save("", network));
        Assert.ThrowsAny<ArgumentException>(() => WeightFile.Save(null!, network));
        Assert.Throws<ArgumentNullException>(() => WeightFile.Save<float>(_folder.File("x.cnet"), null!));
        Assert.ThrowsAny<ArgumentException>(() => WeightFile.Load("", network));
        Assert.Throws<ArgumentNullException>(() => WeightFile.Load<float>(_folder.File("x.cnet"), null!));
        Assert.Empty(_folder.Entries());
    }
}
