using System;

namespace CompiledNet.Tests;

/// <summary>Measures what a piece of work allocates on the current thread.</summary>
internal static class AllocationMeter
{
    /// <summary>
    /// The bytes <paramref name="work"/> allocates on this thread: it runs <paramref name="warmUpRounds"/> times
    /// first, then the least of <paramref name="rounds"/> measured runs is returned. The runtime can do one-off work
    /// on the calling thread the first times a loop runs (tiered and on-stack-replacement compilation, type loads);
    /// that is not the code's own allocation. Allocation the code does itself happens in every round, so the
    /// minimum never hides it.
    /// </summary>
    public static long Measure(Action work, int warmUpRounds = 1, int rounds = 3)
    {
        for (int i = 0; i < warmUpRounds; i++)
        {
            work();
        }

        long least = long.MaxValue;
        for (int round = 0; round < rounds; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            work();
            least = Math.Min(least, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return least;
    }
}
