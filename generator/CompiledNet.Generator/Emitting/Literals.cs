using System.Globalization;

namespace CompiledNet.Generator.Emitting;

/// <summary>Numbers as the emitted code spells them, whatever the culture the compiler runs in.</summary>
internal static class Literals
{
    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary><paramref name="count"/> times <paramref name="factor"/>, with a factor of 1 folded away.</summary>
    public static string Times(string count, int factor) => factor == 1 ? count : count + " * " + Number(factor);
}
