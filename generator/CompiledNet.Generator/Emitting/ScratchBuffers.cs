using System;
using System.Collections.Generic;
using System.Linq;
using CompiledNet.Generator.Model;
using CompiledNet.Generator.Parsing;
using static CompiledNet.Generator.Emitting.LayerSignature;

namespace CompiledNet.Generator.Emitting;

/// <summary>
/// Declares the per-call buffers of Forward and Backward: on the stack when they are small, else carved out of one
/// array borrowed from the shared pool, so a very wide layer cannot overflow a thread's stack and nothing is
/// allocated once the pool is warm. Either way each call has its own buffers, so Forward stays thread-safe.
/// </summary>
internal static class ScratchBuffers
{
    /// <summary>The per-sample buffers a training pass needs: each layer's activations, its pre-activations where kept, and its delta.</summary>
    public static IReadOnlyList<(string Name, int Size)> ForTraining(NetworkSpec network)
    {
        var buffers = new List<(string, int)>();
        foreach (LayerSpec layer in network.Layers)
        {
            string n = Number(layer.Number);
            buffers.Add(("activations" + n, layer.OutputSize));
            if (layer.KeepsPreActivation)
            {
                buffers.Add(("preActivations" + n, layer.OutputSize));
            }

            buffers.Add(("delta" + n, layer.OutputSize));
        }

        return buffers;
    }

    /// <summary>Writes the declarations; dispose the result after the method body to close the pooled case's try/finally.</summary>
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

        string pool = $"global::System.Buffers.ArrayPool<{s.Keyword}>.Shared";
        w.Line($"// {total} values are too many for the stack: borrow one pooled array for all the buffers.");
        w.Line($"{s.Keyword}[] scratch = {pool}.Rent({total});");
        var scope = new PooledScope(w, pool, w.Block("try"));
        int offset = 0;
        foreach ((string name, int size) in buffers)
        {
            w.Line($"{s.Span} {name} = new {s.Span}(scratch, {Number(offset)}, {Number(size)});");
            offset += size;
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
