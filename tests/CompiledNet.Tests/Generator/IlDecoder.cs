using System;
using System.Collections.Generic;

namespace CompiledNet.Tests.Generator;

/// <summary>What RyuJIT looks at before deciding to compile a method with MinOpts (no optimisation).</summary>
/// <param name="IlBytes">Size of the IL code (JitMinOptsCodeSize, 60,000).</param>
/// <param name="Instructions">IL instructions, prefixes included (JitMinOptsInstrCount, 20,000).</param>
/// <param name="BasicBlocks">Approximate basic blocks (JitMinOptsBbCount, 2,000); see <see cref="IlDecoder"/>.</param>
/// <param name="LocalReferences">ldloc/stloc/ldloca/ldarg/starg/ldarga instructions (JitMinOptsLvRefCount, 8,000).</param>
internal readonly record struct IlCounts(int IlBytes, int Instructions, int BasicBlocks, int LocalReferences);

/// <summary>
/// A minimal ECMA-335 IL decoder: walks one-byte and 0xFE-prefixed two-byte opcodes by their operand sizes (switch
/// tables included) and counts what the JIT's MinOpts thresholds count.
/// </summary>
/// <remarks>
/// Basic blocks are approximated the way the JIT starts finding them: a block begins at offset 0, at every branch or
/// switch target, after every instruction that ends control flow (branches, switch, ret, throw, rethrow, leave,
/// endfinally, endfilter, jmp) and at every exception-region boundary passed in. The JIT may split further (calls that
/// throw, inlining), but it does so after the MinOpts decision, which is made on the IL.
/// </remarks>
internal static class IlDecoder
{
    public static IlCounts Count(ReadOnlySpan<byte> il, IEnumerable<int>? regionBoundaries = null)
    {
        var leaders = new HashSet<int> { 0 };
        if (regionBoundaries is not null)
        {
            leaders.UnionWith(regionBoundaries);
        }

        int instructions = 0, localReferences = 0, offset = 0;
        while (offset < il.Length)
        {
            instructions++;
            int opcode = il[offset] == 0xFE ? 0xFE00 | il[offset + 1] : il[offset];
            int next = offset + (opcode > 0xFF ? 2 : 1);
            if (IsLocalReference(opcode))
            {
                localReferences++;
            }

            if (opcode == 0x45)
            {
                // switch: a count n, then n 32-bit targets relative to the end of the instruction.
                int count = ReadInt32(il, next);
                int end = next + 4 + (4 * count);
                for (int i = 0; i < count; i++)
                {
                    leaders.Add(end + ReadInt32(il, next + 4 + (4 * i)));
                }

                next = end;
            }
            else
            {
                int operand = OperandSize(opcode);
                int end = next + operand;
                if (IsBranch(opcode))
                {
                    leaders.Add(end + (operand == 1 ? (sbyte)il[next] : ReadInt32(il, next)));
                }

                next = end;
            }

            if (EndsBlock(opcode) && next < il.Length)
            {
                leaders.Add(next);
            }

            offset = next;
        }

        if (offset != il.Length)
        {
            throw new InvalidOperationException($"The last instruction runs past the end of the IL ({offset} > {il.Length}).");
        }

        int length = il.Length;
        leaders.RemoveWhere(l => l >= length);
        return new IlCounts(il.Length, instructions, leaders.Count, localReferences);
    }

    /// <summary>The operand size in bytes of a valid opcode (0xFExx for two-byte ones), or -1 for switch, whose size varies.</summary>
    public static int OperandSize(int opcode) => opcode switch
    {
        0x45 => -1, // switch
        >= 0x0E and <= 0x13 => 1, // ldarg.s ldarga.s starg.s ldloc.s ldloca.s stloc.s
        0x1F => 1, // ldc.i4.s
        >= 0x2B and <= 0x37 => 1, // short branches
        0xDE => 1, // leave.s
        0x20 or 0x22 => 4, // ldc.i4 ldc.r4
        0x21 or 0x23 => 8, // ldc.i8 ldc.r8
        0x27 or 0x28 or 0x29 => 4, // jmp call calli
        >= 0x38 and <= 0x44 => 4, // long branches
        >= 0x6F and <= 0x75 => 4, // callvirt cpobj ldobj ldstr newobj castclass isinst
        0x79 => 4, // unbox
        >= 0x7B and <= 0x81 => 4, // ldfld ldflda stfld ldsfld ldsflda stsfld stobj
        0x8C or 0x8D or 0x8F => 4, // box newarr ldelema
        >= 0xA3 and <= 0xA5 => 4, // ldelem stelem unbox.any
        0xC2 or 0xC6 or 0xD0 or 0xDD => 4, // refanyval mkrefany ldtoken leave
        0xFE06 or 0xFE07 or 0xFE15 or 0xFE16 or 0xFE1C => 4, // ldftn ldvirtftn initobj constrained. sizeof
        >= 0xFE09 and <= 0xFE0E => 2, // ldarg ldarga starg ldloc ldloca stloc
        0xFE12 or 0xFE19 => 1, // unaligned. no.
        _ when IsValid(opcode) => 0,
        _ => throw new InvalidOperationException($"Invalid IL opcode 0x{opcode:X2}."),
    };

    /// <summary>Whether <paramref name="opcode"/> is defined by ECMA-335 (the gaps in the table are reserved).</summary>
    public static bool IsValid(int opcode) => opcode switch
    {
        >= 0x00 and <= 0x23 => true,
        >= 0x25 and <= 0x76 => true,
        >= 0x79 and <= 0xA5 => true,
        >= 0xB3 and <= 0xBA => true,
        0xC2 or 0xC3 or 0xC6 => true,
        >= 0xD0 and <= 0xE0 => true,
        >= 0xFE00 and <= 0xFE07 => true,
        >= 0xFE09 and <= 0xFE0F => true,
        >= 0xFE11 and <= 0xFE1A => true,
        >= 0xFE1C and <= 0xFE1E => true,
        _ => false,
    };

    private static bool IsBranch(int opcode) => opcode is (>= 0x2B and <= 0x44) or 0xDD or 0xDE;

    private static bool EndsBlock(int opcode) =>
        IsBranch(opcode) || opcode is 0x45 or 0x2A or 0x7A or 0xDC or 0x27 or 0xFE1A or 0xFE11;

    private static bool IsLocalReference(int opcode) => opcode is (>= 0x02 and <= 0x13) or (>= 0xFE09 and <= 0xFE0E);

    private static int ReadInt32(ReadOnlySpan<byte> il, int offset) => System.Buffers.Binary.BinaryPrimitives.ReadInt32LittleEndian(il.Slice(offset, 4));
}
