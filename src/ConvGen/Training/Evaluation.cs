namespace ConvGen;

/// <summary>Loss and accuracy over a data set.</summary>
/// <param name="Loss">Mean categorical cross-entropy.</param>
/// <param name="Accuracy">Fraction of images whose most probable class is the label.</param>
public readonly record struct Evaluation(double Loss, double Accuracy);
