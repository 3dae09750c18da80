using System;
using System.Globalization;
using System.IO;
using System.Numerics;
using CompiledNet.Onnx.Protobuf;
using Google.Protobuf;

namespace CompiledNet.Onnx;

/// <summary>
/// Writes a CompiledNet network as an ONNX model (opset 17) and reads the parameters of an ONNX model into one.
/// <para>
/// The model's graph: an optional <c>Sub</c> and <c>Mul</c> (the feature scaler), then per layer: for a dense layer one
/// <c>Gemm</c> (transB = 1, the weight [outputs, inputs] as <see cref="INetwork{T}.Parameters"/> holds it, the bias
/// [outputs]), for a convolution one <c>Conv</c> (the weight [filters, channels, kernel height, kernel width], the
/// bias [filters], kernel_shape, strides and pads), each followed by its activation as ONNX operators; a
/// <c>MaxPool</c> or <c>AveragePool</c> for pooling; nothing for dropout; and a <c>Flatten</c> (axis 1) before the
/// first dense layer that reads an image. The input is "input", [batch, n] or [batch, channels, height, width] as the
/// network declares it, and the output "output", [batch, n]; FLOAT, or DOUBLE for a double network.
/// </para>
/// </summary>
public static class OnnxModel
{
    /// <summary>The ONNX operator set the exported models import.</summary>
    public const int OpsetVersion = 17;

    /// <summary>The ONNX IR version the exported models declare (IR 8 goes with opset 17).</summary>
    public const int IrVersion = 8;

    /// <summary>The name of an exported model's input tensor.</summary>
    public const string InputName = "input";

    /// <summary>The name of an exported model's output tensor.</summary>
    public const string OutputName = "output";

    internal const string ArchitectureKey = "compilednet.architecture";
    internal const string ScalerKindKey = "compilednet.scaler_kind";

    /// <summary>
    /// Saves <paramref name="network"/> (and the <paramref name="scaler"/> its inputs were scaled with, if any, as a
    /// Sub and a Mul in front of the first layer) as an ONNX model at <paramref name="path"/>, replacing the file
    /// atomically: it writes a temporary file beside the target and renames it over the target.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="scaler"/> was fitted on another number of features than the network's inputs; nothing is written.
    /// </exception>
    /// <exception cref="OnnxModelException">
    /// <paramref name="path"/> is a directory, or the file could not be written; the message names
    /// <paramref name="path"/>, <see cref="Exception.InnerException"/> is the system's error, and any file already at
    /// <paramref name="path"/> is unchanged.
    /// </exception>
    public static void Save<T>(string path, INetwork<T> network, FeatureScaler<T>? scaler = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        byte[] bytes = ToBytes(network, scaler);
        AtomicFile.Write(path, bytes, "the ONNX model", (message, error) => error is null ? new OnnxModelException(message) : new OnnxModelException(message, error));
    }

    /// <summary>Writes <paramref name="network"/> (and <paramref name="scaler"/>) as an ONNX model to <paramref name="stream"/>.</summary>
    /// <exception cref="ArgumentException">
    /// <paramref name="scaler"/> was fitted on another number of features than the network's inputs; nothing is written.
    /// </exception>
    public static void Save<T>(Stream stream, INetwork<T> network, FeatureScaler<T>? scaler = null)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(stream);
        byte[] bytes = ToBytes(network, scaler);
        stream.Write(bytes);
    }

    /// <summary>
    /// Reads the parameters of the ONNX model at <paramref name="path"/> into <paramref name="network"/>. The model's
    /// graph must be the chain the network declares (see <see cref="OnnxModel"/>; a Gemm may also hold its weight as
    /// [inputs, outputs] with transB = 0, or a layer be a MatMul and an Add, as torch.onnx.export writes nn.Linear; a
    /// Conv must have group 1, dilations 1 and the declared kernel, stride and padding on every side, a pooling node
    /// the declared window and stride without padding; the Flatten before the dense part may be a Reshape to
    /// [batch, -1]; Identity and Dropout nodes, and Flatten nodes of flat values, are skipped). Weights stored as
    /// DOUBLE are rounded to float for a float network, and FLOAT weights widened for a double one. Every check runs
    /// before the network is touched.
    /// </summary>
    /// <returns>
    /// The feature scaler the model applies to its input (a Sub then a Mul before the first layer), or null if it has
    /// none. Its <see cref="FeatureScaler{T}.Kind"/> is the one CompiledNet saved, else <see cref="ScalingKind.Standardize"/>.
    /// </returns>
    /// <exception cref="OnnxModelException">
    /// The file is not a valid ONNX model, or its graph is not the network's chain (another operator, another shape,
    /// another activation or activation parameter, a convolution or pooling node whose attributes differ from the
    /// declaration); the message names the file and the node, and the network is unchanged.
    /// </exception>
    /// <exception cref="FileNotFoundException">There is no file at <paramref name="path"/>.</exception>
    public static FeatureScaler<T>? Load<T>(string path, INetwork<T> network)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(network);
        if (Directory.Exists(path))
        {
            throw new OnnxModelException(string.Format(CultureInfo.InvariantCulture, "'{0}' is a directory, not an ONNX model.", path));
        }

        return Load(File.ReadAllBytes(path), network, "'" + path + "'");
    }

    /// <summary>Reads the parameters of the ONNX model in <paramref name="stream"/> into <paramref name="network"/>, as <see cref="Load{T}(string, INetwork{T})"/> does.</summary>
    /// <returns>The model's feature scaler, or null if it has none.</returns>
    /// <exception cref="OnnxModelException">The stream does not hold a valid ONNX model of the network's chain; the network is unchanged.</exception>
    public static FeatureScaler<T>? Load<T>(Stream stream, INetwork<T> network)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(network);
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return Load(buffer.ToArray(), network, "The ONNX stream");
    }

    private static FeatureScaler<T>? Load<T>(byte[] bytes, INetwork<T> network, string source)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(bytes);
        }
        catch (InvalidProtocolBufferException invalid)
        {
            throw new OnnxModelException($"{source} is not a valid ONNX model: {invalid.Message}", invalid);
        }

        (T[] parameters, FeatureScaler<T>? scaler) = OnnxImporter.Read<T>(model, network.Architecture, source);

        // Every check has passed: only now is the network touched.
        parameters.CopyTo(network.Parameters);
        return scaler;
    }

    private static byte[] ToBytes<T>(INetwork<T> network, FeatureScaler<T>? scaler)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(network);
        if (scaler is not null && scaler.FeatureCount != network.InputSize)
        {
            throw new ArgumentException(
                string.Format(CultureInfo.InvariantCulture, "The feature scaler was fitted on {0} features, but the network takes {1} inputs.", scaler.FeatureCount, network.InputSize),
                nameof(scaler));
        }

        return OnnxExporter.Build(network, scaler).ToByteArray();
    }
}
