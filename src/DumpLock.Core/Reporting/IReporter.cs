using DumpLock.Analysis;
using DumpLock.Model;

namespace DumpLock.Reporting;

/// <summary>Writes a report of a snapshot and its findings; the report depends on nothing else.</summary>
public interface IReporter
{
    void Write(Snapshot snapshot, Findings findings, TextWriter output);
}
