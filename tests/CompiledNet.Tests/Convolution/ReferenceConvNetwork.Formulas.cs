using CompiledNet.Tests.Gradients;

namespace CompiledNet.Tests.Convolution;

/// <summary>
/// The activation and loss formulas: the dense reference's (<see cref="ReferenceNetwork"/>), so both references agree
/// exactly on dense networks and a formula is written once.
/// </summary>
internal sealed partial class ReferenceConvNetwork
{
    public static bool HasKink(Activation activation) => ReferenceNetwork.HasKink(activation);

    private double LossValue(double[] y, double[] t) => ReferenceNetwork.LossValue(Loss, y, t);

    private double[] LossGradient(double[] y, double[] t) => ReferenceNetwork.LossGradient(Loss, y, t);

    private static double[] Activate(ActivationSpec activation, double[] z) => ReferenceNetwork.Activate(activation.AsLayer, z);

    private static double[] ActivationBackward(ActivationSpec activation, double[] z, double[] y, double[] dy) =>
        ReferenceNetwork.ActivationBackward(activation.AsLayer, z, y, dy);

    private readonly record struct ActivationSpec(Activation Kind, double NegativeSlope, double Alpha)
    {
        /// <summary>The same activation as a dense reference layer sees it (its size is not read by the formulas).</summary>
        public ReferenceLayer AsLayer => new(1, Kind, NegativeSlope, Alpha);
    }
}
