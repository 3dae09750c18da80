using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using CompiledNet.Generator.Model;
using Microsoft.CodeAnalysis;

namespace CompiledNet.Generator.Weights;

/// <summary>The outcome of checking [Network(Weights = ...)]: the values to bake in, or the diagnostic that says why not.</summary>
internal sealed class WeightsResolution
{
    private readonly object[] _arguments;

    private WeightsResolution(BakedWeights? baked, DiagnosticDescriptor? problem, object[] arguments)
    {
        Baked = baked;
        Problem = problem;
        _arguments = arguments;
    }

    public BakedWeights? Baked { get; }

    public DiagnosticDescriptor? Problem { get; }

    public static WeightsResolution Of(BakedWeights baked) => new(baked, null, Array.Empty<object>());

    public static WeightsResolution Failed(DiagnosticDescriptor problem, params object[] arguments) => new(null, problem, arguments);

    public Diagnostic? ToDiagnostic(Location? location) => Problem is null ? null : Diagnostic.Create(Problem, location, _arguments);
}

/// <summary>
/// Finds the file [Network(Weights = ...)] names among the compiler's additional files and checks it against the
/// declaration: the same checks, in the same order, as the runtime's WeightFile.Load, so a file that bakes in would
/// also load, and one that would not load fails the build instead.
/// </summary>
internal static class WeightsResolver
{
    private const string ProjectDirectoryKey = "build_property.projectdir";

    /// <summary>The project folder the SDK passes to analyzers (a CompilerVisibleProperty of every .NET project), or null.</summary>
    public static string? ProjectDirectory(Func<string, string?> globalOption) =>
        globalOption(ProjectDirectoryKey) is { Length: > 0 } directory ? directory : null;

    /// <summary>The generator's step: the network with its baked weights attached when the file checks out.</summary>
    public static NetworkSpec Attach(NetworkSpec network, ImmutableArray<WeightFileSource> files, string? projectDirectory) =>
        network.WeightsPath is null ? network : network with { Baked = Resolve(network, network.WeightsPath, files, projectDirectory).Baked };

    public static WeightsResolution Resolve(NetworkSpec network, string declaredPath, IReadOnlyList<WeightFileSource> files, string? projectDirectory)
    {
        string name = network.Name;
        if (string.IsNullOrWhiteSpace(declaredPath))
        {
            return WeightsResolution.Failed(DiagnosticDescriptors.WeightFileNotFound, declaredPath, name, "the path is empty");
        }

        if (!WeightFileSource.IsWeightFile(declaredPath))
        {
            return WeightsResolution.Failed(
                DiagnosticDescriptors.WeightFileInvalid,
                declaredPath,
                name,
                $"it is neither a {WeightFileSource.CnetExtension} file (WeightFile.Save) nor a {WeightFileSource.SafeTensorsExtension} file (SafeTensors.Save, or PyTorch's save_file)");
        }

        string? expected = ExpectedPath(declaredPath, projectDirectory);
        WeightFileSource? file = files.FirstOrDefault(f => Names(f.Path, declaredPath, projectDirectory));
        if (file is null)
        {
            return expected is not null && !WeightFileSource.Exists(expected)
                ? WeightsResolution.Failed(DiagnosticDescriptors.WeightFileNotFound, declaredPath, name, $"there is no file at '{expected}'")
                : WeightsResolution.Failed(DiagnosticDescriptors.WeightFileNotPassedToCompiler, declaredPath, name);
        }

        if (file.ReadError is not null)
        {
            return WeightsResolution.Failed(DiagnosticDescriptors.WeightFileInvalid, declaredPath, name, "it cannot be read: " + file.ReadError.TrimEnd('.'));
        }

        return WeightFileSource.IsSafeTensors(declaredPath)
            ? SafeTensorsBaking.Resolve(network, declaredPath, file.Bytes)
            : ResolveCnet(network, declaredPath, file.Bytes);
    }

    /// <summary>A .cnet file: WeightFile.Load's checks, then the values, with the saved scaler if there is one.</summary>
    private static WeightsResolution ResolveCnet(NetworkSpec network, string declaredPath, EquatableArray<byte> bytes)
    {
        string name = network.Name;
        (DecodedWeightFile? decoded, string? problem) = WeightFileDecoder.Decode(bytes.AsSpan().ToArray());
        if (decoded is null)
        {
            return WeightsResolution.Failed(DiagnosticDescriptors.WeightFileInvalid, declaredPath, name, problem!);
        }

        string? mismatch = Mismatch(network, decoded);
        if (mismatch is not null)
        {
            return WeightsResolution.Failed(DiagnosticDescriptors.WeightFileMismatch, declaredPath, name, mismatch);
        }

        return WeightsResolution.Of(new BakedWeights(
            declaredPath,
            decoded.Parameters.ToEquatableArray(),
            decoded.ScalerKind,
            decoded.ScalerOffsets.ToEquatableArray(),
            decoded.ScalerScales.ToEquatableArray()));
    }

    /// <summary>
    /// Whether the additional file at <paramref name="path"/> is the one [Network(Weights)] names: the declared path
    /// under the project folder, or, when the folder is unknown, any item whose path ends with the declared one.
    /// </summary>
    public static bool Names(string path, string declaredPath, string? projectDirectory) =>
        ExpectedPath(declaredPath, projectDirectory) is { } expected
            ? FilePaths.Same(FilePaths.Normalize(path), expected)
            : FilePaths.EndsWith(FilePaths.Normalize(path), FilePaths.Normalize(declaredPath));

    private static string? ExpectedPath(string declaredPath, string? projectDirectory) =>
        projectDirectory is null ? null : FilePaths.Normalize(FilePaths.Combine(projectDirectory, declaredPath));

    /// <summary>How the file differs from the declaration, expected then found, or null when it fits.</summary>
    private static string? Mismatch(NetworkSpec network, DecodedWeightFile file)
    {
        if (file.Precision != network.Precision)
        {
            return Format("the file holds {0} parameters, but the network is declared with Precision.{1}", file.Precision, network.Precision);
        }

        string description = ArchitectureDescription.Of(network);
        if (file.Description != description || file.Fingerprint != ArchitectureDescription.Fingerprint(description))
        {
            return Format("the network is \"{0}\", but the file holds weights for \"{1}\"", description, file.Description);
        }

        if (file.Parameters.Length != network.ParameterCount)
        {
            return Format("the network has {0} parameters, but the file holds {1}", network.ParameterCount, file.Parameters.Length);
        }

        if (file.ScalerKind != 0 && file.ScalerOffsets.Length != network.InputSize)
        {
            return Format("the network takes {0} inputs, but the file's feature scaler covers {1} features", network.InputSize, file.ScalerOffsets.Length);
        }

        return null;
    }

    private static string Format(string format, params object[] arguments) => string.Format(CultureInfo.InvariantCulture, format, arguments);
}
