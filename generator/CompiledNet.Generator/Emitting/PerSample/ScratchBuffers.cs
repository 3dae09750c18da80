using System;
using System.Collections.Generic;
using System.Linq;
using CompiledNet.Generator.Planning;
using static CompiledNet.Generator.Emitting.Literals;

namespace CompiledNet.Generator.Emitting.PerSample;

/// <summary>One per-call buffer of a generated method.</summary>
/// <param name="Size">Its values: per sample, or per call when not <paramref name="PerRow"/>.</param>
/// <param name="IsIndex">It holds int indices (max pooling's argmax) rather than scalars.</param>
/// <param name="PerRow">A batched method needs one per sample; a work buffer reused sample after sample does not.</param>
internal sealed record ScratchBuffer(string Name, int Size, bool IsIndex = false, bool PerRow = true)
{
    public static implicit operator ScratchBuffer((string Name, int Size) buffer) => new(buffer.Name, buffer.Size);
}

/// <summary>
/// Declares the per-call buffers of Forward, Backward and BackwardBatch: on the stack when they are small, else carved
/// out of one array borrowed from the shared pool, so a very wide layer cannot overflow a thread's stack and nothing is
/// allocated once the pool is warm. Either way each call has its own buffers, so Forward stays thread-safe.
/// </summary>
internal static class ScratchBuffers
{
    /// <summary>Writes the declarations of one sample's buffers; dispose the result after the method body.</summary>
    public static IDisposable Declare(IndentedWriter w, Scalar s, IReadOnlyList<ScratchBuffer> buffers)
    {
        long total = buffers.Sum(b => (long)b.Size);
        if (total <= GenerationLimits.StackScratchLimit)
        {
            foreach (ScratchBuffer buffer in buffers)
            {
                string type = buffer.IsIndex ? "int" : s.Keyword;
                w.Line($"global::System.Span<{type}> {buffer.Name} = stackalloc {type}[{Number(buffer.Size)}];");
            }

            return new NoScope();
        }

        w.Line();
        w.Line($"// {total} values are too many for the stack: borrow one pooled array for all the buffers.");
        return DeclarePooled(w, s, buffers, rows: null);
    }

    /// <summary>
    /// Borrows one pooled array for the buffers, each per-row buffer <paramref name="rows"/> rows of its size (one row
    /// when null), and opens the try block whose finally returns it; dispose the result after the method body. Index
    /// buffers share a second pooled array of ints.
    /// </summary>
    public static IDisposable DeclarePooled(IndentedWriter w, Scalar s, IReadOnlyList<ScratchBuffer> buffers, string? rows)
    {
        var values = buffers.Where(b => !b.IsIndex).ToList();
        var indices = buffers.Where(b => b.IsIndex).ToList();
        var pools = new List<(string Pool, string Array)> { ($"global::System.Buffers.ArrayPool<{s.Keyword}>.Shared", "scratch") };
        w.Line($"{s.Keyword}[] scratch = {pools[0].Pool}.Rent({Total(values, rows)});");
        if (indices.Count > 0)
        {
            pools.Add(("global::System.Buffers.ArrayPool<int>.Shared", "indexScratch"));
            w.Line($"int[] indexScratch = {pools[1].Pool}.Rent({Total(indices, rows)});");
        }

        var scope = new PooledScope(w, pools, w.Block("try"));
        Carve(w, s.Span, "scratch", values, rows, "offset");
        Carve(w, "global::System.Span<int>", "indexScratch", indices, rows, "indexOffset");
        return scope;
    }

    private static string Total(IReadOnlyList<ScratchBuffer> buffers, string? rows)
    {
        int perRow = buffers.Where(b => b.PerRow).Sum(b => b.Size);
        int perCall = buffers.Where(b => !b.PerRow).Sum(b => b.Size);
        string total = rows is null ? Number(perRow + perCall) : Times(rows, perRow);
        return rows is not null && perCall > 0 ? total + " + " + Number(perCall) : total;
    }

    private static void Carve(IndentedWriter w, string spanType, string array, IReadOnlyList<ScratchBuffer> buffers, string? rows, string offsetName)
    {
        if (rows is null)
        {
            int offset = 0;
            foreach (ScratchBuffer buffer in buffers)
            {
                w.Line($"{spanType} {buffer.Name} = new {spanType}({array}, {Number(offset)}, {Number(buffer.Size)});");
                offset += buffer.Size;
            }

            return;
        }

        if (buffers.Count > 0)
        {
            w.Line($"int {offsetName} = 0;");
        }

        foreach (ScratchBuffer buffer in buffers)
        {
            string size = buffer.PerRow ? Times(rows, buffer.Size) : Number(buffer.Size);
            w.Line($"{spanType} {buffer.Name} = new {spanType}({array}, {offsetName}, {size});");
            w.Line($"{offsetName} += {size};");
        }
    }

    private sealed class NoScope : IDisposable
    {
        public void Dispose()
        {
        }
    }

    private sealed class PooledScope : IDisposable
    {
        private readonly IndentedWriter _writer;
        private readonly IReadOnlyList<(string Pool, string Array)> _pools;
        private readonly IndentedWriter.BlockScope _tryBlock;

        public PooledScope(IndentedWriter writer, IReadOnlyList<(string Pool, string Array)> pools, IndentedWriter.BlockScope tryBlock)
        {
            _writer = writer;
            _pools = pools;
            _tryBlock = tryBlock;
        }

        public void Dispose()
        {
            _tryBlock.Dispose();
            using (_writer.Block("finally"))
            {
                foreach ((string pool, string array) in _pools)
                {
                    _writer.Line($"{pool}.Return({array});");
                }
            }
        }
    }
}
