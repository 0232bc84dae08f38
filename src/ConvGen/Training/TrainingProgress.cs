namespace ConvGen;

/// <summary>Where training is: reported after every batch.</summary>
/// <param name="Epoch">Epoch, from 1.</param>
/// <param name="Epochs">Epochs in the run.</param>
/// <param name="Batch">Batches done in this epoch.</param>
/// <param name="Batches">Batches per epoch.</param>
/// <param name="Loss">Mean loss of the epoch so far.</param>
/// <param name="Accuracy">Accuracy of the epoch so far.</param>
public readonly record struct TrainingProgress(int Epoch, int Epochs, int Batch, int Batches, double Loss, double Accuracy);
