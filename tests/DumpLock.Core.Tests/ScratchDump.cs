using DumpLock.Analysis;
using DumpLock.Model;
using DumpLock.Reporting;

namespace DumpLock.Core.Tests;

public sealed class ScratchDump
{
    [Fact]
    public void Dump()
    {
        Write("/tmp/md-bank.md", BankScenario.TwoTellersDeadlock().Build());
        var b = new SnapshotBuilder().Thread(100, "holder").Holds("L1").Sleeps()
            .Frame("System.Threading.Thread.Sleep(Int32)", "x").Frame("A.B<T>.C(List<int>)", "a", "/s/a_b.cs", 3).Annotate(AnnotationKind.Locked, "L1")
            .Thread(201, "wait|er*1").WaitsForLock("L1")
            .Thread(202, "<b>x</b>").WaitsForLock("L1")
            .Thread(300, "idle").Running()
            .Warning("No PDB for Bank_x.dll; *its* frames have no file:line.");
        Write("/tmp/md-chain.md", b.Build());
        Write("/tmp/md-ok.md", new SnapshotBuilder().Source(new SourceInfo(SourceKind.Process, null, 4242, null, "linux", "arm64")).Thread(1).Running().Build());
        Write("/tmp/md-two.md", new SnapshotBuilder().Thread(101).Holds("L1").WaitsForLock("L2").Thread(102).Holds("L2").WaitsForLock("L1").Thread(201).Joins(201).Build());
    }

    private static void Write(string path, Snapshot s)
    {
        var output = new StringWriter { NewLine = "\n" };
        new MarkdownReporter().Write(s, WaitForGraph.Analyze(s), output);
        File.WriteAllText(path, output.ToString());
    }
}
