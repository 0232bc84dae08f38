using System;
using System.Threading;

namespace ConvGen;

/// <summary>
/// Who may use a network at once: any number of readers (inference, reading weights) together, or one writer
/// (training, setting weights, changing the worker count) alone. A call that would break that is refused at once with
/// an <see cref="InvalidOperationException"/> saying what is running — nobody waits, so nothing can hang. The writer's
/// own thread may read and write inside its call (a <c>Fit</c> callback evaluating or restoring weights). Once
/// <see cref="Close"/>d every entry throws <see cref="ObjectDisposedException"/>. Entering and leaving allocate nothing.
/// </summary>
internal sealed class UsageGate
{
    private const int Writing = -1;
    private readonly string _owner;
    // Readers inside (> 0), a writer inside (−1), or nobody (0).
    private int _state;
    private int _writerThread;
    private string _writerAction = string.Empty;
    private volatile bool _closed;

    public UsageGate(string owner) => _owner = owner;

    /// <summary>True once <see cref="Close"/> was called.</summary>
    public bool IsClosed => _closed;

    /// <summary>Enters as a reader (returns false when the calling thread is the writer: it must not leave then).</summary>
    public bool EnterRead(string action)
    {
        ThrowIfClosed();
        if (IsWriterThread)
        {
            return false;
        }

        while (true)
        {
            int state = Volatile.Read(ref _state);
            if (state == Writing)
            {
                throw new InvalidOperationException($"Network '{_owner}' cannot {action} while another thread is {_writerAction}.");
            }

            if (Interlocked.CompareExchange(ref _state, state + 1, state) == state)
            {
                if (_closed)
                {
                    ExitRead();
                    ThrowIfClosed();
                }

                return true;
            }
        }
    }

    /// <summary>Leaves after <see cref="EnterRead"/> returned true.</summary>
    public void ExitRead() => Interlocked.Decrement(ref _state);

    /// <summary>
    /// Enters as the writer, <paramref name="doing"/> (e.g. "training"); returns false when the calling thread already
    /// is the writer (it must not leave then).
    /// </summary>
    public bool EnterWrite(string action, string doing)
    {
        ThrowIfClosed();
        if (IsWriterThread)
        {
            return false;
        }

        int state = Interlocked.CompareExchange(ref _state, Writing, 0);
        if (state != 0)
        {
            throw new InvalidOperationException(state == Writing
                ? $"Network '{_owner}' cannot {action} while another thread is {_writerAction}."
                : $"Network '{_owner}' cannot {action} while {state} other call(s) use it (Predict, Evaluate, reading weights): a network trains or changes its weights alone.");
        }

        _writerAction = doing;
        Volatile.Write(ref _writerThread, Environment.CurrentManagedThreadId);
        if (_closed)
        {
            ExitWrite();
            ThrowIfClosed();
        }

        return true;
    }

    /// <summary>Leaves after <see cref="EnterWrite"/> returned true.</summary>
    public void ExitWrite()
    {
        Volatile.Write(ref _writerThread, 0);
        Volatile.Write(ref _state, 0);
    }

    /// <summary>
    /// Refuses every later entry, then waits until the calls inside have left (they finish their work; none waits
    /// for another). Called by <c>Dispose</c>; the writer's own thread does not wait for itself.
    /// </summary>
    public void Close()
    {
        _closed = true;
        if (IsWriterThread)
        {
            return;
        }

        var spinner = default(SpinWait);
        while (Volatile.Read(ref _state) != 0)
        {
            spinner.SpinOnce();
        }
    }

    /// <summary>Enters as a reader until the returned scope is disposed (<c>using var scope = gate.Read(...)</c>).</summary>
    public Scope Read(string action) => new(this, EnterRead(action) ? 1 : 0);

    /// <summary>Enters as the writer until the returned scope is disposed.</summary>
    public Scope Write(string action, string doing) => new(this, EnterWrite(action, doing) ? -1 : 0);

    /// <summary>Throws <see cref="ObjectDisposedException"/> once closed.</summary>
    public void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new ObjectDisposedException(_owner, $"Network '{_owner}' was disposed: its worker threads are stopped and it can no longer be used.");
        }
    }

    private bool IsWriterThread => Volatile.Read(ref _writerThread) == Environment.CurrentManagedThreadId;

    /// <summary>A reader's or the writer's stay inside; leaving is disposing it (a re-entry on the writer's thread leaves nothing).</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly UsageGate? _gate;
        private readonly int _kind;

        internal Scope(UsageGate gate, int kind) => (_gate, _kind) = (gate, kind);

        /// <summary>Leaves the gate.</summary>
        public void Dispose()
        {
            if (_kind > 0)
            {
                _gate!.ExitRead();
            }
            else if (_kind < 0)
            {
                _gate!.ExitWrite();
            }
        }
    }
}
