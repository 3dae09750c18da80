using System;
using System.Text;

namespace CompiledNet.Generator.Emitting;

/// <summary>Builds source text line by line, indenting by four spaces per open block.</summary>
internal sealed class IndentedWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;

    public void Line(string line = "")
    {
        if (line.Length > 0)
        {
            _text.Append(' ', _depth * 4);
            _text.Append(line);
        }

        _text.Append('\n');
    }

    /// <summary>Writes <paramref name="header"/> and an opening brace; disposing the result writes the closing brace.</summary>
    public BlockScope Block(string header, string closing = "}")
    {
        Line(header);
        Line("{");
        _depth++;
        return new BlockScope(this, closing);
    }

    public override string ToString() => _text.ToString();

    internal readonly struct BlockScope : IDisposable
    {
        private readonly IndentedWriter _writer;
        private readonly string _closing;

        public BlockScope(IndentedWriter writer, string closing)
        {
            _writer = writer;
            _closing = closing;
        }

        public void Dispose()
        {
            _writer._depth--;
            _writer.Line(_closing);
        }
    }
}
