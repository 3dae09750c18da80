using System;
using System.Runtime.Intrinsics;
using Xunit;

namespace CompiledNet.Tests.Gradients;

/// <summary>Checks FastSigmoid's and ApproximateSigmoid's tests share.</summary>
internal static class SigmoidChecks
{
    /// <summary>A NaN lane gives NaN and leaves its neighbours as the one-float form computes them; a NaN float gives NaN.</summary>
    public static void NaNStaysInItsOwnLane(Func<Vector128<float>, Vector128<float>> vector, Func<float, float> scalar)
    {
        Vector128<float> y = vector(Vector128.Create(float.NaN, 1f, -float.NaN, -1f));
        Assert.True(float.IsNaN(y[0]));
        Assert.True(float.IsNaN(y[2]));
        Assert.Equal(scalar(1f), y[1]);
        Assert.Equal(scalar(-1f), y[3]);
        Assert.True(float.IsNaN(scalar(float.NaN)));
    }
}
