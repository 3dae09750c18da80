using System;
using System.Diagnostics;
using System.IO;
using CompiledNet;
using EmbeddedClassifier;

// A Fashion-MNIST classifier whose trained weights are part of the binary: classify a PGM file or a test image,
// evaluate the test set, time the first prediction, or export a test image. --weights FILE loads the same
// parameters from the weight file instead, to compare the two. Exit codes: 0 done, 1 a file problem, 2 bad arguments.
(ClassifierOptions? options, string? usageError) = ClassifierOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine($"error: {usageError}");
    return 2;
}

if (options.Mode == Mode.Help)
{
    Console.WriteLine(ClassifierOptions.Usage);
    return 0;
}

try
{
    return options.Mode switch
    {
        Mode.Image => ClassifyFile(options),
        Mode.Index => ClassifyTestImage(options),
        Mode.Evaluate => Evaluate(options),
        Mode.Time => Time(options),
        _ => ExportPgm(options),
    };
}
catch (Exception exception) when (exception is IOException or FormatException or UnauthorizedAccessException)
{
    // Files the user named or the data set: a damaged, missing or unreadable file is reported, not thrown.
    Console.Error.WriteLine($"error: {Message(exception)}");
    return 1;
}

static int ClassifyFile(ClassifierOptions options)
{
    PgmImage image = ReadImage(options.ImagePath!);
    EmbeddedFashionNet network = CreateNetwork(options);
    Span<float> probabilities = stackalloc float[EmbeddedFashionNet.OutputSize];
    Classifier.Predict(network, Inputs(image), probabilities);
    Console.WriteLine($"{options.ImagePath}: {Classifier.Describe(probabilities)}");
    return 0;
}

static int ClassifyTestImage(ClassifierOptions options)
{
    FashionTestSet testSet = FashionTestSet.Load(options.DataDirectory);
    if (!InRange(options.Index, testSet))
    {
        return 2;
    }

    EmbeddedFashionNet network = CreateNetwork(options);
    Span<float> probabilities = stackalloc float[EmbeddedFashionNet.OutputSize];
    int predicted = Classifier.Predict(network, Inputs(testSet.Image(options.Index)), probabilities);
    int label = testSet.Label(options.Index);
    Console.WriteLine($"test image {options.Index}: {Classifier.Describe(probabilities)}");
    Console.WriteLine($"true label: {FashionTestSet.ClassNames[label]} ({(predicted == label ? "correct" : "wrong")})");
    return 0;
}

static int Evaluate(ClassifierOptions options)
{
    FashionTestSet testSet = FashionTestSet.Load(options.DataDirectory);
    EmbeddedFashionNet network = CreateNetwork(options);
    TestSetResult result = Classifier.Evaluate(network, testSet, testSet.AllInputs());
    // Only these three lines depend on the weights: two runs with the same parameters print them identically.
    Console.WriteLine($"weights: {WeightsSource(options)}");
    Console.WriteLine($"accuracy: {result.Accuracy * 100:F2}% ({result.Correct} of {result.Count})");
    Console.WriteLine($"predicted classes checksum: {result.PredictionChecksum:x16}");
    Console.WriteLine($"output bits checksum: {result.OutputChecksum:x16}");
    return 0;
}

static int Time(ClassifierOptions options)
{
    // The first prediction as a user gets it: read an image, prepare the network, one forward pass. Without a file
    // the first test image stands in, and reading the IDX test set first is part of the time (and said so).
    long loadStart = Stopwatch.GetTimestamp();
    FashionTestSet? testSet = options.ImagePath is null ? FashionTestSet.Load(options.DataDirectory) : null;
    TimeSpan loading = Stopwatch.GetElapsedTime(loadStart);
    long start = Stopwatch.GetTimestamp();
    PgmImage image = testSet?.Image(options.Index) ?? ReadImage(options.ImagePath!);
    EmbeddedFashionNet network = CreateNetwork(options);
    Span<float> probabilities = stackalloc float[EmbeddedFashionNet.OutputSize];
    int predicted = Classifier.Predict(network, Inputs(image), probabilities);
    TimeSpan sinceStart = Classifier.SinceProcessStart();
    TimeSpan ownPart = Stopwatch.GetElapsedTime(start);

    Console.WriteLine($"weights: {WeightsSource(options)}");
    Console.WriteLine($"first prediction ({FashionTestSet.ClassNames[predicted]}): {sinceStart.TotalMilliseconds:F0} ms after process start (at most; the start is known to 10–20 ms)" +
        (testSet is null ? "" : $", {loading.TotalMilliseconds:F0} ms of it reading the IDX test set"));
    Console.WriteLine($"  of which reading the image, preparing the network and one forward pass: {ownPart.TotalMilliseconds:F3} ms");

    testSet ??= FashionTestSet.Load(options.DataDirectory);
    TimeSpan latency = Classifier.MeanLatency(network, testSet.AllInputs());
    Console.WriteLine($"mean latency per image over {testSet.Count} test images (after a warm-up): {latency.TotalMicroseconds:F1} µs");
    return 0;
}

static int ExportPgm(ClassifierOptions options)
{
    FashionTestSet testSet = FashionTestSet.Load(options.DataDirectory);
    if (!InRange(options.Index, testSet))
    {
        return 2;
    }

    string folder = Path.GetDirectoryName(Path.GetFullPath(options.ImagePath!))!;
    if (!Directory.Exists(folder))
    {
        throw new DirectoryNotFoundException($"{options.ImagePath}: the folder {folder} does not exist.");
    }

    testSet.Image(options.Index).WriteP5(options.ImagePath!);
    Console.WriteLine($"wrote test image {options.Index} ({FashionTestSet.ClassNames[testSet.Label(options.Index)]}) to {options.ImagePath}");
    return 0;
}

static EmbeddedFashionNet CreateNetwork(ClassifierOptions options)
{
    RequireFile(options.WeightsPath, "a weight file");
    return Classifier.CreateNetwork(options.WeightsPath);
}

static PgmImage ReadImage(string path)
{
    RequireFile(path, "an image file");
    return PgmImage.Read(path, (FashionTestSet.ImageSide, FashionTestSet.ImageSide));
}

static float[] Inputs(PgmImage image)
{
    var inputs = new float[EmbeddedFashionNet.InputSize];
    image.ScaleTo(inputs);
    return inputs;
}

static void RequireFile(string? path, string what)
{
    if (path is not null && !File.Exists(path))
    {
        throw new FileNotFoundException(Directory.Exists(path) ? $"{path} is a directory, not {what}." : $"{path}: no such file.", path);
    }
}

static bool InRange(int index, FashionTestSet testSet)
{
    if (index < testSet.Count)
    {
        return true;
    }

    Console.Error.WriteLine($"error: there is no test image {index}: the test set holds {testSet.Count} images, 0 to {testSet.Count - 1}.");
    return false;
}

static string WeightsSource(ClassifierOptions options) =>
    options.WeightsPath is not null ? $"loaded from {options.WeightsPath}"
#if WEIGHTS_FROM_FILE
    : "seed 0's random weights (this build bakes nothing in: pass --weights FILE)";
#else
    : "compiled into the binary";
#endif

// The runtime's messages name the file already; a few system ones need the path said plainly.
static string Message(Exception exception) => exception switch
{
    FileNotFoundException { Message: var message } when message.StartsWith("Could not find", StringComparison.Ordinal) =>
        $"{((FileNotFoundException)exception).FileName}: no such file.",
    _ => exception.Message,
};
