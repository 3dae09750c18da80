using System;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CompiledNet.Generated;

/// <summary>
/// Buffers whose first element starts a cache line: the trainer's gathered batch rows, and the parameters and gradients
/// of a network that is not compact.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class CacheAligned
{
    private const int LineBytes = 64;

    /// <summary>
    /// <paramref name="length"/> elements on a 64-byte boundary, in an array on the pinned heap so the boundary holds.
    /// A 512-bit load that straddles two lines costs two loads: W3's batch-32 forward product, which loads its input
    /// rows once per block of neurons, ran about 20% faster on aligned rows, and another 11% faster with its weights
    /// aligned too (32.2 against 35.8 µs a batch, Zen 5).
    /// </summary>
    public static ArraySegment<T> Allocate<T>(int length)
        where T : unmanaged
    {
        if (length == 0)
        {
            return ArraySegment<T>.Empty;
        }

        int size = Unsafe.SizeOf<T>();
        T[] array = GC.AllocateArray<T>(length + (LineBytes / size), pinned: true);
        GCHandle handle = GCHandle.Alloc(array, GCHandleType.Pinned);
        try
        {
            long address = handle.AddrOfPinnedObject();
            int skip = (int)((LineBytes - (address % LineBytes)) % LineBytes) / size;
            return new ArraySegment<T>(array, skip, length);
        }
        finally
        {
            handle.Free();
        }
    }
}
