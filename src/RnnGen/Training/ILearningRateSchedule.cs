namespace RnnGen.Training;

/// <summary>
/// The learning rate as a function of training progress; the trainer sets the optimizer's rate from it before
/// every step. Implementations must be pure functions of their arguments: a resumed run then needs no schedule
/// state, only the epoch and step the checkpoint stores.
/// </summary>
public interface ILearningRateSchedule
{
    /// <summary>The learning rate of the step about to be taken.</summary>
    /// <param name="epoch">The number of epochs completed before the current one: 0 during the first.</param>
    /// <param name="step">The number of optimizer steps taken before this one, over all epochs.</param>
    double LearningRate(int epoch, long step);
}
