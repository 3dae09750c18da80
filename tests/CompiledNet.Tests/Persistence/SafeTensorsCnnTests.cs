using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using System.Text;
using CompiledNet.Tests.Convolution;
using Xunit;

namespace CompiledNet.Tests.Persistence;

/// <summary>
/// Safetensors for convolutional networks: a Conv2D layer is weight [filters, channels, kh, kw] and bias [filters],
/// named as the state_dict of an nn.Sequential whose pooling, dropout, activations and the implied nn.Flatten take a
/// module index each; other names load by order and shape as for dense networks.
/// </summary>
public sealed class SafeTensorsCnnTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Convolutional_networks_round_trip_bit_for_bit_under_the_default_names()
    {
        AssertRoundTrips(new TinyCnn(1), new TinyCnn(2));
        AssertRoundTrips(new StridedCnn(1), new StridedCnn(2));
        AssertRoundTrips(new WideKernelCnn(1), new WideKernelCnn(2));
        AssertRoundTrips(new PoolFirstCnn(1), new PoolFirstCnn(2));
        AssertRoundTrips(new DoubleCnn(1), new DoubleCnn(2));
        AssertRoundTrips(new FashionCnn(1), new FashionCnn(2));
        AssertRoundTrips(new DropoutMlp(1), new DropoutMlp(2));
    }

    [Fact]
    public void Default_names_count_activation_pooling_dropout_and_flatten_modules()
    {
        // Conv2d 0, ReLU 1, MaxPool 2, Conv2d 3, ReLU 4, MaxPool 5, Dropout 6, Flatten 7, Linear 8, ReLU 9, Linear 10, Softmax 11.
        Assert.Equal(["0.weight", "0.bias", "3.weight", "3.bias", "8.weight", "8.bias", "10.weight", "10.bias"], DefaultNames(new FashionCnn(1)));

        // Conv2d 0, Tanh 1, Conv2d 2, Sigmoid 3, AvgPool 4, Flatten 5, Linear 6 (Linear: no activation module).
        Assert.Equal(["0.weight", "0.bias", "2.weight", "2.bias", "6.weight", "6.bias"], DefaultNames(new StridedCnn(1)));

        // MaxPool 0, Conv2d 1 (2×3 kernel), ELU 2, Dropout 3, Flatten 4, Linear 5, Sigmoid 6.
        Assert.Equal(["1.weight", "1.bias", "5.weight", "5.bias"], DefaultNames(new PoolFirstCnn(1)));

        // An image input read by dense layers: Dropout 0, Flatten 1, Linear 2, Tanh 3, Dropout 4 (flat, no Flatten after), Linear 5.
        Assert.Equal(["2.weight", "2.bias", "5.weight", "5.bias"], DefaultNames(new DropoutMlp(1)));
    }

    [Fact]
    public void Save_writes_four_dimensional_convolution_weights_under_the_default_names()
    {
        var network = new TinyCnn(1);
        PersistenceKit.Scramble(network, 3);
        byte[] bytes = SafeTensors.ToBytes(network);

        // 1×9×9 → Conv2d(1, 3, 3, padding 1) 0, ReLU 1, MaxPool 2 → 3×4×4, Flatten 3, Linear(48, 4) 4, Softmax 5.
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        string header = Encoding.UTF8.GetString(bytes, 8, (int)length);
        Assert.Equal(0UL, length % 8);
        Assert.Equal(
            "{\"0.bias\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,12]},"
            + "\"0.weight\":{\"dtype\":\"F32\",\"shape\":[3,1,3,3],\"data_offsets\":[12,120]},"
            + "\"4.bias\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[120,136]},"
            + "\"4.weight\":{\"dtype\":\"F32\",\"shape\":[4,48],\"data_offsets\":[136,904]}}",
            header.TrimEnd(' '));

        // The data: each tensor's slice of the parameters (conv weight 27, conv bias 3, dense weight 192, dense bias 4), sorted by name.
        float[] parameters = network.Parameters.ToArray();
        float[] expected = [.. parameters[27..30], .. parameters[0..27], .. parameters[222..226], .. parameters[30..222]];
        Assert.Equal(SafeTensorsKit.F32(expected), bytes[(8 + (int)length)..]);

        byte[] wide = SafeTensors.ToBytes(new FashionCnn(1));
        string fashion = Encoding.UTF8.GetString(wide, 8, (int)BinaryPrimitives.ReadUInt64LittleEndian(wide));
        Assert.Contains("\"3.weight\":{\"dtype\":\"F32\",\"shape\":[64,32,3,3]", fashion, StringComparison.Ordinal);
        Assert.Contains("\"8.weight\":{\"dtype\":\"F32\",\"shape\":[128,3136]", fashion, StringComparison.Ordinal);
    }

    [Fact]
    public void A_convolution_weight_of_another_shape_is_refused_with_the_expected_and_found_shapes()
    {
        var source = new TinyCnn(1);
        StTensor[] tensors = SafeTensorsKit.Tensors(source, "0.weight", "0.bias", "4.weight", "4.bias");

        // A 5×5 kernel where the declaration has 3×3.
        var wider = new StTensor("0.weight", "F32", [3, 1, 5, 5], SafeTensorsKit.F32(new float[75]));
        SafeTensorsException error = SafeTensorsKit.LoadFails(SafeTensorsKit.File(wider, tensors[1], tensors[2], tensors[3]), new TinyCnn(2), "a 5×5 kernel");
        Assert.Contains("tensor '0.weight' has the shape [3, 1, 5, 5], but layer 1 (Conv2D 1 → 3 channels, 3×3 kernel) needs its weight as [3, 1, 3, 3].", error.Message, StringComparison.Ordinal);
        Assert.Contains("Expected (F32, F64, F16 or BF16): '0.weight' [3, 1, 3, 3], '0.bias' [3], '4.weight' [4, 48], '4.bias' [4].", error.Message, StringComparison.Ordinal);
        Assert.Contains("Found: '0.weight' F32 [3, 1, 5, 5], '0.bias' F32 [3], '4.weight' F32 [4, 48], '4.bias' F32 [4].", error.Message, StringComparison.Ordinal);

        // The same 27 values flattened to two dimensions are still another shape.
        var flat = new StTensor("0.weight", "F32", [3, 9], tensors[0].Data);
        error = SafeTensorsKit.LoadFails(SafeTensorsKit.File(flat, tensors[1], tensors[2], tensors[3]), new TinyCnn(2), "a flattened kernel");
        Assert.Contains("tensor '0.weight' has the shape [3, 9], but layer 1 (Conv2D 1 → 3 channels, 3×3 kernel) needs its weight as [3, 1, 3, 3].", error.Message, StringComparison.Ordinal);

        // The dense layer after the pooling reads 3×4×4 = 48 values: layer 3 of the declaration.
        var narrow = new StTensor("4.weight", "F32", [4, 27], SafeTensorsKit.F32(new float[108]));
        error = SafeTensorsKit.LoadFails(SafeTensorsKit.File(tensors[0], tensors[1], narrow, tensors[3]), new TinyCnn(2), "a dense weight of the wrong fan-in");
        Assert.Contains("tensor '4.weight' has the shape [4, 27], but layer 3 (48 → 4) needs its weight as [4, 48].", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_names_load_by_order_and_shape_and_a_misordered_file_says_which_pair_and_layer()
    {
        var source = new FashionCnn(1);
        PersistenceKit.Scramble(source, 4);
        StTensor[] tensors = SafeTensorsKit.Tensors(source, "conv1.weight", "conv1.bias", "conv2.weight", "conv2.bias", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias");
        var target = new FashionCnn(2);
        byte[] file = SafeTensorsKit.File(tensors.Reverse().ToArray());
        SafeTensors.Load(file, target);
        Assert.Equal(PersistenceKit.Bits<float>(source.Parameters), PersistenceKit.Bits<float>(target.Parameters));
        Assert.Equal(SafeTensorsMatch.OrderAndShape, SafeTensorsLayout.Bind(SafeTensorsHeader.Parse(file), SafeTensors.LayersOf(target.Architecture), names: null).Match);

        // "a" sorts before "b": the dense pair comes first, where the convolution is.
        StTensor[] swapped = SafeTensorsKit.Tensors(new TinyCnn(1), "b.weight", "b.bias", "a.weight", "a.bias");
        SafeTensorsException error = SafeTensorsKit.LoadFails(SafeTensorsKit.File(swapped), new TinyCnn(2), "pairs in the wrong order");
        Assert.Contains("pair 1 is 'a.weight' [4, 48] and 'a.bias' [4], but layer 1 (Conv2D 1 → 3 channels, 3×3 kernel) needs [3, 1, 3, 3] and [3].", error.Message, StringComparison.Ordinal);

        // The second pair belongs to layer 3: the pooling between holds none.
        StTensor[] wrongDense = [swapped[2] with { Name = "z.weight", Shape = [4, 12], Data = SafeTensorsKit.F32(new float[48]) }, swapped[3] with { Name = "z.bias" }, swapped[0], swapped[1]];
        error = SafeTensorsKit.LoadFails(SafeTensorsKit.File(wrongDense), new TinyCnn(2), "a dense pair of the wrong shape");
        Assert.Contains("pair 2 is 'z.weight' [4, 12] and 'z.bias' [4], but layer 3 (48 → 4) needs [4, 48] and [4].", error.Message, StringComparison.Ordinal);

        error = SafeTensorsKit.LoadFails(SafeTensorsKit.File([.. tensors[..2]]), new TinyCnn(2), "one pair for two layers with weights");
        Assert.Contains("holds 1 weight/bias pairs (conv1.*), but the network has 2 layers with weights and biases.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_explicit_map_names_a_convolution_by_its_default_name()
    {
        var source = new StridedCnn(1);
        PersistenceKit.Scramble(source, 5);
        StTensor[] tensors = SafeTensorsKit.Tensors(source, "features.0.weight", "features.0.bias", "features.2.weight", "features.2.bias", "head.weight", "head.bias");
        var names = new Dictionary<string, string>
        {
            ["0.weight"] = "features.0.weight",
            ["0.bias"] = "features.0.bias",
            ["2.weight"] = "features.2.weight",
            ["2.bias"] = "features.2.bias",
            ["6.weight"] = "head.weight",
            ["6.bias"] = "head.bias",
        };
        var target = new StridedCnn(2);

        SafeTensors.Load(SafeTensorsKit.File(tensors), target, names);

        Assert.Equal(PersistenceKit.Bits<float>(source.Parameters), PersistenceKit.Bits<float>(target.Parameters));
    }

    private static string[] DefaultNames<T>(INetwork<T> network)
        where T : unmanaged, IFloatingPointIeee754<T> => SafeTensorsLayout.DefaultNames(SafeTensors.LayersOf(network.Architecture));

    private void AssertRoundTrips<T>(INetwork<T> source, INetwork<T> target)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        PersistenceKit.Scramble(source, seed: 11);
        string path = _folder.File(source.GetType().Name + ".safetensors");
        SafeTensors.Save(path, source);
        SafeTensors.Load(path, target);
        Assert.Equal(PersistenceKit.Bits<T>(source.Parameters), PersistenceKit.Bits<T>(target.Parameters));
        Assert.Equal(SafeTensorsMatch.DefaultNames, SafeTensorsLayout.Bind(SafeTensorsHeader.Parse(SafeTensors.ToBytes(source)), SafeTensors.LayersOf(target.Architecture), names: null).Match);

        // The generator's reading of the same file gives the same values.
        double[] shared = SafeTensorsLayout.Read(SafeTensors.ToBytes(source), SafeTensors.LayersOf(source.Architecture), names: null);
        Assert.Equal(source.Parameters.ToArray().Select(v => double.CreateTruncating(v)), shared);

        var input = new T[source.InputSize];
        for (int i = 0; i < input.Length; i++)
        {
            input[i] = T.CreateTruncating(Math.Sin(i));
        }

        var expected = new T[source.OutputSize];
        var actual = new T[source.OutputSize];
        source.Forward(input, expected);
        target.Forward(input, actual);
        Assert.Equal(expected, actual);
    }
}
