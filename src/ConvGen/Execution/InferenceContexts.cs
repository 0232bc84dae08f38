using System.Collections.Generic;

namespace ConvGen;

/// <summary>
/// The <see cref="InferenceContext"/>s of one network, lent one per inference call and taken back after it: as many
/// exist as calls ever ran at once, each keeping its buffers, so a server's steady stream of calls allocates nothing.
/// </summary>
internal sealed class InferenceContexts
{
    private readonly NetworkGraph _graph;
    private readonly GraphExecutor _executor;
    private readonly Stack<InferenceContext> _free = new();

    public InferenceContexts(NetworkGraph graph, GraphExecutor executor)
    {
        _graph = graph;
        _executor = executor;
    }

    /// <summary>A context no other call uses until it is given back with <see cref="Return"/>.</summary>
    public InferenceContext Rent()
    {
        lock (_free)
        {
            if (_free.TryPop(out InferenceContext? context))
            {
                return context;
            }
        }

        return new InferenceContext(_graph, _executor);
    }

    /// <summary>Takes back a context from <see cref="Rent"/>.</summary>
    public void Return(InferenceContext context)
    {
        lock (_free)
        {
            _free.Push(context);
        }
    }

    /// <summary>Drops every idle context's buffers (the worker count changed, or the network is disposed).</summary>
    public void Clear()
    {
        lock (_free)
        {
            _free.Clear();
        }
    }
}
