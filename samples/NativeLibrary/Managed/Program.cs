// What main.c and xor.py must print: the same calls on a managed XorNet, formatted as C's %.9g and %g.
using System;
using System.Globalization;
using System.Linq;
using NativeLibrary;

float[][] inputs = [[0, 0], [0, 1], [1, 0], [1, 1]];
float[][] targets = [[0], [1], [1], [0]];
var network = new XorNet();

static string G9(float value) => value.ToString("g9", CultureInfo.InvariantCulture);

void PrintOutputs()
{
    foreach (float[] input in inputs)
    {
        float[] output = new float[1];
        network.Forward(input, output);
        Console.WriteLine($"forward {input[0].ToString(CultureInfo.InvariantCulture)} {input[1].ToString(CultureInfo.InvariantCulture)} -> {G9(output[0])}");
    }
}

Console.WriteLine($"sizes {XorNet.InputSize} {XorNet.OutputSize} {XorNet.ParameterCount}");
PrintOutputs();

// The error codes of xor.h.
Console.WriteLine("forward with input length 3 -> -2");
Console.WriteLine("forward with output length 2 -> -3");
Console.WriteLine("forward with a null input -> -1");
Console.WriteLine("get_parameters with one too few -> -2");
Console.WriteLine("forward_batch with half a row -> -2");

float loss = 0;
for (int epoch = 0; epoch < 2000; epoch++)
{
    for (int i = 0; i < inputs.Length; i++)
    {
        loss = network.TrainSample(inputs[i], targets[i], 0.5f);
    }
}

Console.WriteLine($"trained 2000 epochs, last loss {G9(loss)}");
PrintOutputs();
float[] batch = new float[4];
network.ForwardBatch([.. inputs.SelectMany(input => input)], batch);
Console.WriteLine($"forward_batch -> {string.Join(" ", batch.Select(G9))}");
Console.WriteLine($"first parameter {G9(network.Parameters[0])}");
