namespace CompiledNet;

/// <summary>A learning rate that changes over training; the trainer asks it before each optimizer step.</summary>
public interface ILearningRateSchedule
{
    /// <summary>The learning rate for the coming step.</summary>
    /// <param name="baseRate">The optimizer's configured rate; positive and finite.</param>
    /// <param name="epoch">The current epoch, counting from 0.</param>
    /// <param name="step">The number of optimizer steps taken before this one, counting from 0 across all epochs.</param>
    /// <returns>A finite rate ≥ 0.</returns>
    /// <exception cref="System.ArgumentOutOfRangeException">An argument is out of range.</exception>
    double LearningRate(double baseRate, int epoch, long step);
}
