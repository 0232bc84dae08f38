namespace ConvGen;

/// <summary>One epoch's figures, as Keras's history logs them.</summary>
/// <param name="Epoch">Epoch, from 1.</param>
/// <param name="Loss">Mean training loss.</param>
/// <param name="Accuracy">Training accuracy.</param>
/// <param name="ValidationLoss">Validation loss, when validation data was given.</param>
/// <param name="ValidationAccuracy">Validation accuracy, when validation data was given.</param>
/// <param name="Seconds">Wall time of the epoch's training (validation excluded).</param>
public sealed record EpochResult(int Epoch, double Loss, double Accuracy, double? ValidationLoss, double? ValidationAccuracy, double Seconds);
