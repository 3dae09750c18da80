using System.Text;
using CompiledNet.Generator.Model;
using static CompiledNet.Generator.Emitting.Compact.CompactNames;

namespace CompiledNet.Generator.Emitting.Layers;

/// <summary>
/// A compact network's forward pass with the baked weights as literal constants (ForwardFrozen): the same sums in the
/// same order as <see cref="WriteCompactForward"/>, one scalar local per neuron even where Forward uses vectors.
/// </summary>
internal sealed partial class DenseLayerEmitter
{
    public void WriteFrozenForward(IndentedWriter w, BakedWeights baked)
    {
        w.Line();
        w.Line($"// {Description}: z = W · input + b with W and b as baked, y = f(z).");
        for (int o = 0; o < _layer.OutputSize; o++)
        {
            var sum = new StringBuilder(S.Exact(baked.Parameters[_layer.BiasOffset + o]));
            for (int i = 0; i < _layer.InputSize; i++)
            {
                // a + (-w)·x and a - w·x round the same, and the second reads as the textbook writes it.
                double weight = baked.Parameters[_layer.WeightOffset + (o * _layer.InputSize) + i];
                bool negative = weight < 0 || (weight == 0 && double.IsNegativeInfinity(1 / weight));
                string input = _layer.IsFirst ? Input(i) : Output(_layer.Number - 1, i);
                sum.Append(negative ? " - " : " + ").Append(S.Exact(negative ? -weight : weight)).Append(" * ").Append(input);
            }

            string z = PreActivation(_layer, o);
            w.Line($"{S.Keyword} {z} = {sum};");
            w.Line($"{S.Keyword} {Output(_layer.Number, o)} = {CompactApply(z)};");
        }
    }
}
