using System;
using System.ComponentModel;
using System.Numerics;

namespace CompiledNet.Generated;

/// <summary>
/// Dropout masks from a counter-based generator: the mask of (seed, sample, layer) is a pure function of the three,
/// so batches split over threads draw the same masks as one thread, and a network's training is reproducible.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class DropoutMasks
{
    /// <summary>
    /// mask[i] = 1 / (1 − <paramref name="probability"/>) with probability 1 − p, else 0 (inverted dropout), drawn for
    /// training sample <paramref name="sample"/> and the network's dropout layer <paramref name="layer"/>.
    /// </summary>
    public static void Fill<T>(Span<T> mask, ulong seed, ulong sample, int layer, double probability)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!(probability >= 0 && probability < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(probability), probability, "A dropout probability must be in [0, 1).");
        }

        // Each value keeps when its 32 random bits fall below (1 − p)·2³²; p = 0 keeps all.
        ulong keepBelow = (ulong)Math.Round((1 - probability) * 4294967296.0);
        T scale = T.CreateChecked(1 / (1 - probability));
        ulong key = Mix(seed ^ Mix((sample * 0x9E3779B97F4A7C15UL) + (ulong)layer + 1));
        for (int i = 0; i < mask.Length; i += 2)
        {
            ulong bits = Mix(key + ((ulong)(i >> 1) * 0xD1B54A32D192ED03UL));
            mask[i] = (bits & 0xFFFFFFFFUL) < keepBelow ? scale : T.Zero;
            if (i + 1 < mask.Length)
            {
                mask[i + 1] = (bits >> 32) < keepBelow ? scale : T.Zero;
            }
        }
    }

    /// <summary>SplitMix64's finaliser: every input bit affects every output bit.</summary>
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
