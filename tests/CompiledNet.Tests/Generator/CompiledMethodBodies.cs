using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;
using Xunit.Sdk;

namespace CompiledNet.Tests.Generator;

/// <summary>One compiled method and the figures RyuJIT's MinOpts switch is based on.</summary>
/// <param name="Locals">Entries in the method's local signature.</param>
/// <param name="Arguments">Parameters, plus one for 'this' on instance methods; the JIT numbers them with the locals.</param>
internal sealed record MethodMeasure(string Name, IlCounts Counts, int Locals, int Arguments)
{
    /// <summary>Locals and arguments together: the JIT's local variable table holds both (plus its own temps).</summary>
    public int LocalVariables => Locals + Arguments;
}

/// <summary>Emits a compilation to an in-memory PE file and measures every method body in it.</summary>
internal static class CompiledMethodBodies
{
    /// <summary>
    /// Measures the Release build: only optimised code is JIT-compiled with full opts, so that is where falling back
    /// to MinOpts would cost. (A Debug assembly is JIT-compiled without optimisation whatever its size.)
    /// </summary>
    public static IReadOnlyList<MethodMeasure> MeasureRelease(Compilation compilation)
    {
        Compilation release = compilation.WithOptions(compilation.Options.WithOptimizationLevel(OptimizationLevel.Release));
        using var image = new MemoryStream();
        EmitResult emitted = release.Emit(image);
        if (!emitted.Success)
        {
            throw new XunitException("Emit failed:\n" + string.Join("\n", emitted.Diagnostics));
        }

        image.Position = 0;
        using var pe = new PEReader(image);
        MetadataReader metadata = pe.GetMetadataReader();
        var measures = new List<MethodMeasure>();
        foreach (TypeDefinitionHandle typeHandle in metadata.TypeDefinitions)
        {
            TypeDefinition type = metadata.GetTypeDefinition(typeHandle);
            foreach (MethodDefinitionHandle methodHandle in type.GetMethods())
            {
                MethodDefinition method = metadata.GetMethodDefinition(methodHandle);
                if (method.RelativeVirtualAddress == 0)
                {
                    continue;
                }

                MethodBodyBlock body = pe.GetMethodBody(method.RelativeVirtualAddress);
                IlCounts counts = IlDecoder.Count(body.GetILBytes(), RegionBoundaries(body));
                measures.Add(new MethodMeasure(
                    TypeName(metadata, type) + "." + metadata.GetString(method.Name),
                    counts,
                    LocalCount(metadata, body),
                    ArgumentCount(metadata, method)));
            }
        }

        return measures;
    }

    private static IEnumerable<int> RegionBoundaries(MethodBodyBlock body) =>
        body.ExceptionRegions.SelectMany(r => new[]
        {
            r.TryOffset, r.TryOffset + r.TryLength, r.HandlerOffset, r.HandlerOffset + r.HandlerLength,
            r.Kind == ExceptionRegionKind.Filter ? r.FilterOffset : r.TryOffset,
        });

    private static int LocalCount(MetadataReader metadata, MethodBodyBlock body)
    {
        if (body.LocalSignature.IsNil)
        {
            return 0;
        }

        // LOCAL_SIG: header 0x07, compressed count, then the types.
        BlobReader signature = metadata.GetBlobReader(metadata.GetStandaloneSignature(body.LocalSignature).Signature);
        SignatureHeader header = signature.ReadSignatureHeader();
        if (header.Kind != SignatureKind.LocalVariables)
        {
            throw new XunitException($"Unexpected local signature kind {header.Kind}.");
        }

        return signature.ReadCompressedInteger();
    }

    private static int ArgumentCount(MetadataReader metadata, MethodDefinition method)
    {
        // MethodDefSig: header, generic parameter count if generic, parameter count, ...
        BlobReader signature = metadata.GetBlobReader(method.Signature);
        SignatureHeader header = signature.ReadSignatureHeader();
        if (header.IsGeneric)
        {
            signature.ReadCompressedInteger();
        }

        return signature.ReadCompressedInteger() + (header.IsInstance ? 1 : 0);
    }

    private static string TypeName(MetadataReader metadata, TypeDefinition type)
    {
        string name = metadata.GetString(type.Name);
        TypeDefinitionHandle declaring = type.GetDeclaringType();
        if (!declaring.IsNil)
        {
            return TypeName(metadata, metadata.GetTypeDefinition(declaring)) + "+" + name;
        }

        string ns = metadata.GetString(type.Namespace);
        return ns.Length == 0 ? name : ns + "." + name;
    }
}
