namespace ConvGen.Generator.Model
{
    /// <summary>
    /// The parser's output for one attributed class: the model to emit (null when the declaration is invalid) and
    /// the diagnostics, which go to their own pipeline step so that moving a line re-reports but does not re-emit.
    /// </summary>
    internal sealed record ParseResult<TModel>(TModel? Model, EquatableArray<DiagnosticInfo> Diagnostics)
        where TModel : class;
}
