using System.IO;
using System.Linq;
using System.Text.Json;

namespace FromPyTorch;

/// <summary>What train.py wrote beside the models: test points, PyTorch's probabilities for them, and the training data.</summary>
internal sealed record Expected(float[][] TestInputs, int[] TestLabels, float[][] TorchProbabilities, float[][] TrainInputs, int[] TrainLabels, string TorchVersion)
{
    public static Expected Load(string path)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllBytes(path));
        JsonElement root = document.RootElement;
        return new Expected(
            Rows(root.GetProperty("test_inputs")),
            Labels(root.GetProperty("test_labels")),
            Rows(root.GetProperty("torch_probabilities")),
            Rows(root.GetProperty("train_inputs")),
            Labels(root.GetProperty("train_labels")),
            root.GetProperty("torch").GetString() ?? "?");
    }

    // JSON numbers are read as double and narrowed: each was a float32 in PyTorch, so the narrowing is exact.
    private static float[][] Rows(JsonElement rows) =>
        rows.EnumerateArray().Select(row => row.EnumerateArray().Select(value => (float)value.GetDouble()).ToArray()).ToArray();

    private static int[] Labels(JsonElement labels) => labels.EnumerateArray().Select(label => label.GetInt32()).ToArray();
}
