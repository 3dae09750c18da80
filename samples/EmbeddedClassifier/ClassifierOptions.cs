using System.Collections.Generic;
using System.Globalization;

namespace EmbeddedClassifier;

/// <summary>What the command line asks for.</summary>
internal enum Mode
{
    /// <summary>Classify a PGM file.</summary>
    Image,

    /// <summary>Classify one image of the IDX test set.</summary>
    Index,

    /// <summary>Classify the whole test set: accuracy and checksums.</summary>
    Evaluate,

    /// <summary>Time from process start to the first prediction, and the mean latency over the test set.</summary>
    Time,

    /// <summary>Write one test image as a P5 PGM file.</summary>
    ExportPgm,

    /// <summary>Print the usage.</summary>
    Help,
}

/// <summary>The parsed command line.</summary>
internal sealed record ClassifierOptions
{
    /// <summary>Where Debian's dataset-fashion-mnist package installs the IDX files.</summary>
    public const string DefaultDataDirectory = "/usr/share/datasets/fashion-mnist";

    public Mode Mode { get; init; } = Mode.Help;

    /// <summary>The PGM file to classify (<see cref="Mode.Image"/>, optional for <see cref="Mode.Time"/>) or to write.</summary>
    public string? ImagePath { get; init; }

    /// <summary>The test image for <see cref="Mode.Index"/> and <see cref="Mode.ExportPgm"/>.</summary>
    public int Index { get; init; }

    /// <summary>A weight file to load instead of the compiled-in parameters; null uses those.</summary>
    public string? WeightsPath { get; init; }

    /// <summary>The folder with the IDX test files.</summary>
    public string DataDirectory { get; init; } = DefaultDataDirectory;

    public static string Usage =>
        $"""
        Classifies 28×28 greyscale pictures of clothes with a Fashion-MNIST network whose weights are compiled in.

        Usage: EmbeddedClassifier IMAGE.pgm              classify a PGM file (P5 or P2, maxval up to 255)
               EmbeddedClassifier --index N              classify test image N and show its true label
               EmbeddedClassifier --evaluate             accuracy and checksums over the 10,000 test images
               EmbeddedClassifier --time [IMAGE.pgm]     time to the first prediction, mean latency per image
               EmbeddedClassifier --export-pgm N FILE    write test image N as a P5 PGM file

        Options:
          --weights FILE   load the parameters from FILE (WeightFile.Load) instead of the compiled-in ones
          --data DIR       the folder with t10k-images-idx3-ubyte(.gz) and t10k-labels-idx1-ubyte(.gz)
                           (default {DefaultDataDirectory})
          --help           show this help
        """;

    /// <summary>Parses the arguments.</summary>
    /// <returns>The options, or null with a one-line error.</returns>
    public static (ClassifierOptions? Options, string? Error) Parse(IReadOnlyList<string> args)
    {
        var options = new ClassifierOptions();
        Mode? mode = null;
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            string? error = null;
            switch (arg)
            {
                case "--help" or "-h":
                    return (options with { Mode = Mode.Help }, null);
                case "--weights":
                    options = options with { WeightsPath = Value(args, ref i, arg, ref error) };
                    break;
                case "--data":
                    options = options with { DataDirectory = Value(args, ref i, arg, ref error) ?? DefaultDataDirectory };
                    break;
                case "--index" or "--export-pgm":
                    Mode wanted = arg == "--index" ? Mode.Index : Mode.ExportPgm;
                    error = SetMode(ref mode, wanted);
                    string? number = Value(args, ref i, arg, ref error);
                    if (error is null)
                    {
                        if (int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out int index))
                        {
                            options = options with { Index = index };
                        }
                        else
                        {
                            error = $"{arg} takes the number of a test image (0, 1, 2, ...), not '{number}'.";
                        }
                    }

                    if (error is null && wanted == Mode.ExportPgm)
                    {
                        error = options.ImagePath is null ? null : $"--export-pgm writes one file; '{options.ImagePath}' was given too.";
                        options = options with { ImagePath = Value(args, ref i, "--export-pgm N", ref error, "a FILE to write") };
                    }

                    break;
                case "--evaluate":
                    error = SetMode(ref mode, Mode.Evaluate);
                    break;
                case "--time":
                    error = SetMode(ref mode, Mode.Time);
                    break;
                default:
                    if (arg.StartsWith('-') && arg.Length > 1)
                    {
                        error = $"Unknown option '{arg}'; --help lists the options.";
                    }
                    else if (options.ImagePath is not null)
                    {
                        error = $"Only one image at a time: got '{options.ImagePath}' and '{arg}'.";
                    }
                    else
                    {
                        options = options with { ImagePath = arg };
                    }

                    break;
            }

            if (error is not null)
            {
                return (null, error);
            }
        }

        if (mode is null && options.ImagePath is null)
        {
            return (null, "Nothing to classify: give an IMAGE.pgm, --index N, --evaluate, --time or --export-pgm N FILE (--help for more).");
        }

        if (mode is Mode.Index or Mode.Evaluate && options.ImagePath is not null)
        {
            return (null, $"'{options.ImagePath}' cannot be combined with {Name(mode.Value)}.");
        }

        return (options with { Mode = mode ?? Mode.Image }, null);
    }

    private static string? SetMode(ref Mode? mode, Mode wanted)
    {
        if (mode is { } existing && existing != wanted)
        {
            return $"Choose one of IMAGE.pgm, --index, --evaluate, --time and --export-pgm; got both {Name(existing)} and {Name(wanted)}.";
        }

        mode = wanted;
        return null;
    }

    private static string Name(Mode mode) => mode switch
    {
        Mode.ExportPgm => "--export-pgm",
        _ => "--" + mode.ToString().ToLowerInvariant(),
    };

    /// <summary>The value after option <paramref name="option"/>, or null with an error when there is none.</summary>
    private static string? Value(IReadOnlyList<string> args, ref int i, string option, ref string? error, string what = "a value")
    {
        if (error is not null)
        {
            return null;
        }

        if (i + 1 >= args.Count || (args[i + 1].StartsWith("--", System.StringComparison.Ordinal) && args[i + 1].Length > 2))
        {
            error = $"{option} needs {what}.";
            return null;
        }

        i++;
        return args[i];
    }
}
