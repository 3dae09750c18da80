using CompiledNet;

namespace EmbeddedClassifier;

/// <summary>
/// The Fashion-MNIST sample's network (samples/FashionMnist/FashionNet.cs: 784-256-128-10, ReLU, ReLU, softmax,
/// cross-entropy) with its trained parameters compiled in: the generator reads models/fashion-net.cnet at build time,
/// so <c>new EmbeddedFashionNet()</c> starts from them and nothing is read from disk at run time.
/// </summary>
/// <remarks>The layers must stay those of FashionNet: the build checks the file against them (CNET021 to CNET024).</remarks>
#if WEIGHTS_FROM_FILE
// The comparison build (-p:WeightsFromFile=true): the same network without baked weights, for --weights FILE.
[Network(Loss = Loss.CrossEntropy)]
#else
[Network(Loss = Loss.CrossEntropy, Weights = "models/fashion-net.cnet")]
#endif
[Input(784)]
[Dense(256, Activation.ReLU)]
[Dense(128, Activation.ReLU)]
[Dense(10, Activation.Softmax)]
public partial class EmbeddedFashionNet;
