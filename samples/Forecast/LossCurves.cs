using System.Collections.Generic;

namespace RnnGen.Samples.Forecast;

/// <summary>The loss after every epoch of the two training runs, in epoch order.</summary>
/// <param name="ValidationRunTraining">The validation run's mean training loss.</param>
/// <param name="Validation">The validation run's validation loss.</param>
/// <param name="FinalFitTraining">The final fit's mean training loss.</param>
/// <param name="ValidationBaseline">The validation loss of a network that corrects nothing: that of the baseline alone.</param>
public sealed record LossCurves(IReadOnlyList<double> ValidationRunTraining, IReadOnlyList<double> Validation, IReadOnlyList<double> FinalFitTraining, double ValidationBaseline);
