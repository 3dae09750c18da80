using Microsoft.CodeAnalysis;

namespace CompiledNet.Generator;

/// <summary>
/// Every diagnostic the generator reports. Ids are stable; each is listed in AnalyzerReleases.Unshipped.md and
/// explained in docs/diagnostics.md, where each descriptor's help link points.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "CompiledNet";

    /// <summary>The page that explains every id; a descriptor's help link is this plus its id in lower case (the section's anchor).</summary>
    private const string HelpLinkBase = "https://github.com/compilednet/compilednet/blob/main/docs/diagnostics.md#";

    public static readonly DiagnosticDescriptor TypeNotPartial = Error(
        "CNET001",
        "Network type must be partial",
        "'{0}' must be declared partial so CompiledNet can add the network's members to it; add the 'partial' modifier");

    public static readonly DiagnosticDescriptor MissingInput = Error(
        "CNET002",
        "Network has no input layer",
        "Network '{0}' has no [Input]; add [Input(size)] to declare how many values it takes");

    public static readonly DiagnosticDescriptor MissingDense = Error(
        "CNET003",
        "Network has no dense layer",
        "Network '{0}' has no [Dense] layer; add at least one [Dense(size, activation)] (the last one is the output layer)");

    public static readonly DiagnosticDescriptor DuplicateInput = Error(
        "CNET004",
        "Network has more than one input layer",
        "Network '{0}' declares more than one [Input]; keep exactly one");

    public static readonly DiagnosticDescriptor InvalidSize = Error(
        "CNET005",
        "Layer size must be positive",
        "{0} of network '{1}' has size {2}; a size must be at least 1");

    public static readonly DiagnosticDescriptor SoftmaxOnHiddenLayer = Error(
        "CNET006",
        "Softmax is only allowed on the output layer",
        "Layer {0} of network '{1}' is a hidden layer and cannot use Softmax; use Softmax on the last [Dense] only and give this layer another activation such as ReLU");

    public static readonly DiagnosticDescriptor LossDoesNotFitOutput = Error(
        "CNET007",
        "Loss does not fit the output activation",
        "Loss {0} needs a {1} output layer, but the output layer of network '{2}' uses {3}; make the last [Dense] use Activation.{1} or choose another loss");

    public static readonly DiagnosticDescriptor GenericNotSupported = Error(
        "CNET008",
        "Generic networks are not supported",
        "Network '{0}' is generic or nested in a generic type; declare it as a non-generic class outside generic types");

    public static readonly DiagnosticDescriptor LinearHiddenLayer = Warning(
        "CNET009",
        "Linear hidden layer adds nothing",
        "Layer {0} of network '{1}' is a Linear hidden layer: with it the layers around collapse into one linear map, and its constant derivative passes the same learning signal back whatever the error; give it a nonlinear activation such as ReLU or Tanh");

    public static readonly DiagnosticDescriptor UnknownEnumValue = Error(
        "CNET010",
        "Unknown activation, loss or precision",
        "{0} of network '{1}' uses {2} value {3}, which CompiledNet does not know; use one of the named {2} values");

    public static readonly DiagnosticDescriptor InvalidActivationParameter = Error(
        "CNET011",
        "Invalid activation parameter",
        "{0} of layer {1} of network '{2}' is {3}; it must be {4}");

    public static readonly DiagnosticDescriptor StaticNetwork = Error(
        "CNET012",
        "Network type must not be static",
        "Network '{0}' is static, but a network keeps its weights in instance fields; remove the 'static' modifier");

    public static readonly DiagnosticDescriptor TooManyParameters = Error(
        "CNET013",
        "Network has too many parameters",
        "Network '{0}' has {1} parameters, more than the {2} one array can hold; make the layers smaller");

    public static readonly DiagnosticDescriptor FileLocalNotSupported = Error(
        "CNET014",
        "File-local networks are not supported",
        "Network '{0}' is file-local or nested in a file-local type, so the generated part cannot join it from another file; remove the 'file' modifier");

    public static readonly DiagnosticDescriptor LayersSplitOverDeclarations = Error(
        "CNET015",
        "Layers are split over partial declarations",
        "Network '{0}' declares [Dense] layers on more than one partial declaration, so their order would depend on the order in which the compiler reads the files; keep every [Dense] on one declaration");

    public static readonly DiagnosticDescriptor ReservedMemberName = Error(
        "CNET016",
        "Member name is reserved for the generated network",
        "'{0}' is a name the generated part of network '{1}' declares; rename this member");

    public static readonly DiagnosticDescriptor RecordNetwork = Error(
        "CNET017",
        "Network type must not be a record",
        "Network '{0}' is a record: a 'with' copy would share its weights and value equality would compare the weight arrays by reference; declare it as a 'partial class'");

    public static readonly DiagnosticDescriptor InvalidNativePrefix = Error(
        "CNET018",
        "Native export prefix is not a C identifier",
        "[NativeExport] of network '{0}' has prefix {1}, which is not a C identifier; use letters, digits and underscores, not starting with a digit");

    public static readonly DiagnosticDescriptor NativeExportNeedsUnsafe = Error(
        "CNET019",
        "Native export needs unsafe code",
        "Network '{0}' is exported with [NativeExport], whose generated entry points take pointers; add <AllowUnsafeBlocks>true</AllowUnsafeBlocks> to the project");

    public static readonly DiagnosticDescriptor NativeExportNeedsParameterlessConstructor = Error(
        "CNET020",
        "Native export needs a parameterless constructor",
        "Network '{0}' is exported with [NativeExport], whose entry points share one instance created with 'new()', but its own constructors all take arguments; add a parameterless constructor (it may be private)");

    public static readonly DiagnosticDescriptor WeightFileNotFound = Error(
        "CNET021",
        "Weight file not found",
        "Network '{1}' bakes in the weight file '{0}', but {2}; give the path of a .cnet or .safetensors file relative to the project folder");

    public static readonly DiagnosticDescriptor WeightFileNotPassedToCompiler = Error(
        "CNET022",
        "Weight file is not passed to the compiler",
        "Network '{1}' bakes in the weight file '{0}', which is not among the compiler's additional files; add <AdditionalFiles Include=\"{0}\" /> to the project file (the CompiledNet package adds every .cnet and .safetensors file of the project by itself)");

    public static readonly DiagnosticDescriptor WeightFileInvalid = Error(
        "CNET023",
        "Weight file cannot be read",
        "Network '{1}' cannot bake in the weight file '{0}': {2}; save the network again (WeightFile.Save, SafeTensors.Save or PyTorch's save_file)");

    public static readonly DiagnosticDescriptor WeightFileMismatch = Error(
        "CNET024",
        "Weight file holds another network",
        "Network '{1}' cannot bake in the weight file '{0}': {2}; declare the network the file was saved from, or save this network's weights to the file");

    public static readonly DiagnosticDescriptor SpatialLayerDoesNotFit = Error(
        "CNET025",
        "Spatial layer does not fit its input",
        "{0} of network '{1}' does not fit its {2} input: {3}");

    public static readonly DiagnosticDescriptor SpatialLayerNeedsImage = Error(
        "CNET026",
        "Spatial layer needs an image",
        "{0} of network '{1}' needs an image, but {2}; declare [Input(channels, height, width)] and put every [Conv2D], [MaxPool2D] and [AvgPool2D] before the first [Dense]");

    public static readonly DiagnosticDescriptor OutputLayerNotDense = Error(
        "CNET027",
        "Output layer must be dense",
        "The last layer of network '{0}' is {1}; end the network with a [Dense] layer, whose size is the output size");

    public static readonly DiagnosticDescriptor InvalidLayerArgument = Error(
        "CNET028",
        "Invalid layer argument",
        "{0} of network '{1}' has {2} = {3}; {4}");

    private static DiagnosticDescriptor Error(string id, string title, string message) =>
        Create(id, title, message, DiagnosticSeverity.Error);

    private static DiagnosticDescriptor Warning(string id, string title, string message) =>
        Create(id, title, message, DiagnosticSeverity.Warning);

    /// <summary>Every descriptor is made here, so each gets its help link the same way.</summary>
    private static DiagnosticDescriptor Create(string id, string title, string message, DiagnosticSeverity severity) =>
        new(id, title, message, Category, severity, isEnabledByDefault: true, helpLinkUri: HelpLinkBase + id.ToLowerInvariant());
}
