using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Numerics;
using CompiledNet.Onnx.Protobuf;

namespace CompiledNet.Onnx;

/// <summary>The activation operators after each layer's Gemm, checked against the declared activation and its parameter.</summary>
internal sealed partial class OnnxImporter
{
    // The activation after layer l's Gemm or Conv; ending names what came before it, for a graph that stops there.
    private void ReadActivation(int l, Activation activation, float negativeSlope, float alpha, string ending)
    {
        string declared = activation switch
        {
            Activation.LeakyReLU => FormattableString.Invariant($"LeakyReLU (slope {negativeSlope:R})"),
            Activation.ELU => FormattableString.Invariant($"ELU (alpha {alpha:R})"),
            _ => activation.ToString(),
        };
        string intro = $"layer {l + 1} is declared {declared}";
        (int Index, NodeProto Node)? peeked = Peek();
        if (activation == Activation.Linear)
        {
            if (peeked is { } next && IsActivation(next.Node.OpType) && next.Node.Input.Contains(_current))
            {
                throw Refuse(next, $"{intro}, but the model applies {next.Node.OpType} to its output");
            }

            return;
        }

        if (peeked is not { } node)
        {
            throw new OnnxModelException($"{_source}: {intro}, but the graph ends after {ending}, with no activation.");
        }

        string op = node.Node.OpType;
        string? wanted = activation switch
        {
            Activation.Sigmoid or Activation.ApproximateSigmoid or Activation.SiLU => "Sigmoid",
            Activation.Tanh => "Tanh",
            Activation.ReLU => "Relu",
            Activation.LeakyReLU => "LeakyRelu",
            Activation.ELU => "Elu",
            Activation.Softplus => "Softplus",
            Activation.Softmax => "Softmax",
            Activation.GELU => "Mul",
            _ => null,
        };
        if (op != wanted || node.Node.Input.Count != (op == "Mul" ? 2 : 1) || !node.Node.Input.Contains(_current))
        {
            string found = IsActivation(op) || op == "Mul" ? $"the model applies {op}" : $"the model has {op} there. {Unsupported(op)}";
            throw Refuse(node, $"{intro}, {found}" + (node.Node.Input.Contains(_current) ? string.Empty : $" (and not to the layer's output '{_current}')"));
        }

        switch (activation)
        {
            case Activation.LeakyReLU:
                CheckAlpha(node, intro, defaultValue: 0.01f, negativeSlope);
                break;
            case Activation.ELU:
                CheckAlpha(node, intro, defaultValue: 1f, alpha);
                break;
            case Activation.Softmax:
                foreach (AttributeProto attribute in node.Node.Attribute)
                {
                    if (attribute.Name != "axis" || attribute.I is not (-1 or 1))
                    {
                        throw Refuse(node, $"{intro} over each sample's outputs (axis -1 or 1), but the Softmax has {attribute.Name} = {AttributeValue(attribute)}");
                    }
                }

                break;
            case Activation.GELU:
                ReadGelu(intro);
                return;
            default:
                if (node.Node.Attribute.Count > 0)
                {
                    throw Refuse(node, $"{intro}, but this {op} has the attribute {node.Node.Attribute[0].Name}, which CompiledNet does not read");
                }

                break;
        }

        string z = _current;
        Advance();
        _current = node.Node.Output[0];

        // z·σ(z) is SiLU; a Sigmoid layer must not be followed by that product, and a SiLU layer must be.
        bool product = Peek() is { Node.OpType: "Mul" } mul && mul.Node.Input.Count == 2 && mul.Node.Input.Contains(z) && mul.Node.Input.Contains(_current);
        if (activation == Activation.SiLU)
        {
            if (!product)
            {
                throw Refuse(Peek() ?? node, $"{intro} (z·Sigmoid(z)), but the Sigmoid is not followed by a Mul of its input and its output");
            }

            _current = Peek()!.Value.Node.Output[0];
            Advance();
        }
        else if (activation is Activation.Sigmoid or Activation.ApproximateSigmoid && product)
        {
            throw Refuse(Peek()!.Value, $"{intro}, but the model multiplies the Sigmoid by its input, which is SiLU");
        }
    }

    // CompiledNet's GELU, as OnnxExporter writes it: (½·z)·(1 + tanh(√(2/π)·(z + ((0.044715·z)·z)·z))).
    private void ReadGelu(string intro)
    {
        string z = _current;
        string Step(string op, string? constant, double value, params string[] operands)
        {
            if (Peek() is not { } node)
            {
                throw new OnnxModelException($"{_source}: {intro}, but the graph ends inside its GELU chain.");
            }

            string expected = constant is null ? $"{op} of {string.Join(" and ", operands.Select(o => $"'{o}'"))}" : $"{op} of '{operands[0]}' and the constant {value.ToString("R", CultureInfo.InvariantCulture)}";
            bool matches = node.Node.OpType == op && node.Node.Attribute.Count == 0 && node.Node.Input.Count == operands.Length + (constant is null ? 0 : 1)
                && operands.All(o => node.Node.Input.Contains(o));
            if (matches && constant is not null)
            {
                string other = node.Node.Input[0] == operands[0] ? node.Node.Input[1] : node.Node.Input[0];
                matches = _constants.TryGetValue(other, out TensorProto? tensor) && OnnxTensors.Read(tensor, out _) is { Length: 1 } values
                    && Math.Abs(values[0] - value) <= 1e-6 * Math.Abs(value);
            }

            if (!matches)
            {
                throw Refuse(node, $"{intro} (CompiledNet's tanh form, ½z(1 + tanh(√(2/π)(z + 0.044715z³))), as CompiledNet exports it), so a {expected} was expected here");
            }

            Advance();
            return node.Node.Output[0];
        }

        string a = Step("Mul", "cubic", OnnxExporter.GeluCubic, z);
        string b = Step("Mul", null, 0, a, z);
        string c = Step("Mul", null, 0, b, z);
        string d = Step("Add", null, 0, z, c);
        string e = Step("Mul", "scale", OnnxExporter.GeluScale, d);
        string t = Step("Tanh", null, 0, e);
        string u = Step("Add", "one", 1, t);
        string h = Step("Mul", "half", 0.5, z);
        _current = Step("Mul", null, 0, h, u);
    }

    private void CheckAlpha((int Index, NodeProto Node) node, string intro, float defaultValue, float declared)
    {
        float alpha = defaultValue;
        foreach (AttributeProto attribute in node.Node.Attribute)
        {
            if (attribute.Name != "alpha")
            {
                throw Refuse(node, $"{intro}, but this {node.Node.OpType} has the attribute {attribute.Name}, which CompiledNet does not read");
            }

            alpha = attribute.F;
        }

        if (alpha.ToString("R", CultureInfo.InvariantCulture) != declared.ToString("R", CultureInfo.InvariantCulture))
        {
            throw Refuse(node, FormattableString.Invariant($"{intro}, but the model's {node.Node.OpType} has alpha {alpha:R}"));
        }
    }
}
