using System.Globalization;
using System.Text;
using CompiledNet.Generator.Model;
using CompiledNet.Generator.Model.Layers;

namespace CompiledNet.Generator.Weights;

/// <summary>
/// The runtime's NetworkArchitecture.Description and Fingerprint, computed from a declaration at build time, so that a
/// weight file can be checked against the network it is baked into. A test checks both sides agree on every sample.
/// </summary>
internal static class ArchitectureDescription
{
    /// <summary>E.g. "Single; Input 2; Dense 4 Tanh; Dense 1 Sigmoid; MeanSquaredError".</summary>
    public static string Of(NetworkSpec network)
    {
        var text = new StringBuilder();
        text.Append(network.Precision).Append("; Input ").Append(network.InputText);
        foreach (LayerSpec layer in network.Layers)
        {
            text.Append("; ").Append(layer.ArchitectureText);
        }

        return text.Append("; ").Append(network.Loss).ToString();
    }

    /// <summary>The 64-bit FNV-1a hash of the description's UTF-8 bytes.</summary>
    public static ulong Fingerprint(string description)
    {
        ulong hash = 0xCBF29CE484222325UL;
        foreach (byte b in Encoding.UTF8.GetBytes(description))
        {
            hash = unchecked((hash ^ b) * 0x100000001B3UL);
        }

        return hash;
    }
}
