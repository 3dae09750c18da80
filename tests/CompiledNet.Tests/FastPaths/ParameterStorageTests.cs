using System;
using CompiledNet.Tests.Convolution;
using CompiledNet.Tests.Training;
using Xunit;

namespace CompiledNet.Tests.FastPaths;

/// <summary>
/// Where the generated networks keep their parameters and gradients: a network that is not compact on a 64-byte
/// boundary of the pinned heap, so its kernels' 512-bit loads of weight rows never straddle two cache lines, and
/// there still after the garbage collector compacts the heap.
/// </summary>
public sealed class ParameterStorageTests
{
    [Fact]
    public void Parameters_and_gradients_of_a_network_that_is_not_compact_start_on_a_cache_line_and_stay_there()
    {
        var networks = new (string Name, Func<(nint Parameters, nint Gradients)> Addresses)[]
        {
            ("DigitNetwork", Addresses<float>(new DigitNetwork(1))),
            ("TinyCnn", Addresses<float>(new TinyCnn())),
            ("DoubleCnn", Addresses<double>(new DoubleCnn())),
        };

        for (int collection = 0; collection < 2; collection++)
        {
            foreach (var (name, addresses) in networks)
            {
                (nint parameters, nint gradients) = addresses();
                Assert.True(parameters % 64 == 0, $"{name}: parameters at {parameters:x} are {parameters % 64} bytes past a line");
                Assert.True(gradients % 64 == 0, $"{name}: gradients at {gradients:x} are {gradients % 64} bytes past a line");
            }

            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        }
    }

    [Fact]
    public void Seeding_restores_the_same_parameters_into_the_aligned_storage()
    {
        // The field initialiser draws seed 0 into new storage; InitializeParameters draws into the existing storage.
        var reseeded = new DigitNetwork(7);
        reseeded.InitializeParameters(0);
        Assert.Equal(new DigitNetwork().Parameters.ToArray(), reseeded.Parameters.ToArray());

        var network = new DigitNetwork(5);
        float[] drawn = network.Parameters.ToArray();
        network.Parameters.Fill(3f);
        network.InitializeParameters(5);
        Assert.Equal(drawn, network.Parameters.ToArray());
        Assert.Equal(DigitNetwork.ParameterCount, network.Parameters.Length);
        Assert.Equal(DigitNetwork.ParameterCount, network.Gradients.Length);
    }

    private static unsafe Func<(nint, nint)> Addresses<T>(INetwork<T> network)
        where T : unmanaged, System.Numerics.IFloatingPointIeee754<T> => () =>
    {
        fixed (T* parameters = network.Parameters)
        fixed (T* gradients = network.Gradients)
        {
            return ((nint)parameters, (nint)gradients);
        }
    };
}
