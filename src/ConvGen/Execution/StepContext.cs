namespace ConvGen;

/// <summary>What a layer needs to know about the step it runs in.</summary>
/// <param name="Training">True while fitting (dropout active).</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="Step">A counter unique to the training step.</param>
/// <param name="FirstSample">Position in the batch of the worker's first image (dropout masks depend on it, not on the thread count).</param>
/// <param name="Worker">Index of the worker running the pass.</param>
/// <param name="BatchCount">Images in the whole batch (all workers).</param>
/// <param name="Sync">Cross-worker reductions for whole-batch statistics; null when one worker has the whole batch.</param>
internal readonly record struct StepContext(bool Training, int Seed, long Step, int FirstSample, int Worker = 0, int BatchCount = 0, BatchSync? Sync = null);
