using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace CompiledNet;

/// <summary>Buffers whose first element starts a cache line.</summary>
internal static class CacheAligned
{
    private const int LineBytes = 64;

    /// <summary>
    /// <paramref name="length"/> elements on a 64-byte boundary, in an array on the pinned heap so the boundary holds.
    /// A 512-bit load that straddles two lines costs two loads: W3's batch-32 forward product, which loads its input
    /// rows once per block of neurons, ran about 20% faster on aligned rows.
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
