using System.Numerics;
using Xunit;

namespace CompiledNet.Tests.Optimizers;

public sealed class VectorPathTestsFloat : VectorPathTests<float>;

public sealed class VectorPathTestsDouble : VectorPathTests<double>;

/// <summary>
/// The vector loop and the scalar tail must compute the same thing: every element of a run over lengths 1..37
/// (whole vectors plus every tail length for float and double) must equal, bit for bit, a run over that element
/// alone, which takes the scalar path.
/// </summary>
public abstract class VectorPathTests<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    // Enough for Rprop's step sizes to reach both clamps (see OptimizerCatalog.Gradient).
    private const int Steps = 8;

    [Theory]
    [MemberData(nameof(OptimizerCatalog.Names), MemberType = typeof(OptimizerCatalog))]
    public void Vector_path_and_scalar_tail_agree_for_lengths_1_to_37(string optimizer)
    {
        T scale = T.CreateTruncating(0.5);
        for (int length = 1; length <= 37; length++)
        {
            T[] parameters = Parameters(0, length);
            IOptimizer<T> whole = OptimizerCatalog.Create<T>(optimizer);
            for (int step = 0; step < Steps; step++)
            {
                whole.Step(parameters, Gradients(step, 0, length), scale);
            }

            for (int i = 0; i < length; i++)
            {
                T[] single = Parameters(i, 1);
                IOptimizer<T> alone = OptimizerCatalog.Create<T>(optimizer);
                for (int step = 0; step < Steps; step++)
                {
                    alone.Step(single, Gradients(step, i, 1), scale);
                }

                Assert.True(single[0].Equals(parameters[i]), $"Length {length}, element {i}: alone {single[0]}, in the vector run {parameters[i]}.");
            }
        }
    }

    private static T[] Parameters(int start, int length)
    {
        var values = new T[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = T.CreateTruncating(OptimizerCatalog.InitialParameter(start + i));
        }

        return values;
    }

    private static T[] Gradients(int step, int start, int length)
    {
        var values = new T[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = T.CreateTruncating(OptimizerCatalog.Gradient(step, start + i));
        }

        return values;
    }
}
