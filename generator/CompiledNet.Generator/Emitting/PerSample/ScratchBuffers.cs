using System;
using System.Collections.Generic;
using System.Linq;
using CompiledNet.Generator.Planning;
using static CompiledNet.Generator.Emitting.Literals;

namespace CompiledNet.Generator.Emitting.PerSample;

/// <summary>
/// Declares the per-call buffers of Forward, Backward and BackwardBatch: on the stack when they are small, else carved
/// out of one array borrowed from the shared pool, so a very wide layer cannot overflow a thread's stack and nothing is
/// allocated once the pool is warm. Either way each call has its own buffers, so Forward stays thread-safe.
/// </summary>
internal static class ScratchBuffers
{
    /// <summary>Writes the declarations of one sample's buffers; dispose the result after the method body.</summary>
    public static IDisposable Declare(IndentedWriter w, Scalar s, IReadOnlyList<(string Name, int Size)> buffers)
    {
        long total = buffers.Sum(b => (long)b.Size);
        if (total <= GenerationLimits.StackScratchLimit)
        {
            foreach ((string name, int size) in buffers)
            {
                w.Line($"{s.Span} {name} = stackalloc {s.Keyword}[{Number(size)}];");
            }

            return new NoScope();
        }

        w.Line();
        w.Line($"// {total} values are too many for the stack: borrow one pooled array for all the buffers.");
        return DeclarePooled(w, s, buffers, rows: null);
    }

    /// <summary>
    /// Borrows one pooled array for the buffers, each <paramref name="rows"/> rows of its size (one row when null),
    /// and opens the try block whose finally returns it; dispose the result after the method body.
    /// </summary>
    public static IDisposable DeclarePooled(IndentedWriter w, Scalar s, IReadOnlyList<(string Name, int Size)> buffers, string? rows)
    {
        string pool = $"global::System.Buffers.ArrayPool<{s.Keyword}>.Shared";
        int perRow = buffers.Sum(b => b.Size);
        w.Line($"{s.Keyword}[] scratch = {pool}.Rent({(rows is null ? Number(perRow) : Times(rows, perRow))});");
        var scope = new PooledScope(w, pool, w.Block("try"));
        if (rows is null)
        {
            int offset = 0;
            foreach ((string name, int size) in buffers)
            {
                w.Line($"{s.Span} {name} = new {s.Span}(scratch, {Number(offset)}, {Number(size)});");
                offset += size;
            }
        }
        else
        {
            w.Line("int offset = 0;");
            foreach ((string name, int size) in buffers)
            {
                w.Line($"{s.Span} {name} = new {s.Span}(scratch, offset, {Times(rows, size)});");
                w.Line($"offset += {Times(rows, size)};");
            }
        }

        return scope;
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
        private readonly string _pool;
        private readonly IndentedWriter.BlockScope _tryBlock;

        public PooledScope(IndentedWriter writer, string pool, IndentedWriter.BlockScope tryBlock)
        {
            _writer = writer;
            _pool = pool;
            _tryBlock = tryBlock;
        }

        public void Dispose()
        {
            _tryBlock.Dispose();
            using (_writer.Block("finally"))
            {
                _writer.Line($"{_pool}.Return(scratch);");
            }
        }
    }
}
