using DumpLock.Model;

namespace DumpLock.Core.Tests;

/// <summary>
/// The reporters' example: two tellers transfer between accounts L1 and L2 in opposite order,
/// and the main thread joins teller-1. Frames and annotations are as the reader makes them
/// from a .NET 10 dump.
/// </summary>
public static class BankScenario
{
    public const string Transfer = "Bank.Teller.Transfer(Bank.Account, Bank.Account, Int32)";
    public const string TellerFile = "/src/Bank/Teller.cs";
    public const string CoreLib = "System.Private.CoreLib.dll";

    // .NET 10: lock (o) blocks in Enter_Slowpath; the reader annotates the outermost Monitor frame.
    public const string MonitorEnter = "System.Threading.Monitor.Enter(System.Object, Boolean ByRef)";

    public static SnapshotBuilder TwoTellersDeadlock() => new SnapshotBuilder()
        .Lock("L1", objectType: "Bank.Account")
        .Lock("L2", objectType: "Bank.Account")
        .Thread(100, name: null, managedThreadId: 1).Joins(101)
            .Frame("System.Threading.Thread.Join(Int32)", CoreLib)
            .Frame("Bank.Program.Main(System.String[])", "Bank.dll", "/src/Bank/Program.cs", 15)
        .Thread(101, "teller-1", managedThreadId: 4).Holds("L1").WaitsForLock("L2")
            .Frame("System.Threading.Monitor.Enter_Slowpath(System.Object)", CoreLib)
            .Frame(MonitorEnter, CoreLib).Annotate(AnnotationKind.WaitingToLock, "L2")
            .Frame(Transfer, "Bank.dll", TellerFile, 42).Annotate(AnnotationKind.Locked, "L1")
            .Frame("Bank.Teller.Run()", "Bank.dll", TellerFile, 18)
            .Frame("System.Threading.Thread.StartCallback()", CoreLib)
        .Thread(102, "teller-2", managedThreadId: 5).Holds("L2").WaitsForLock("L1")
            .Frame("System.Threading.Monitor.Enter_Slowpath(System.Object)", CoreLib)
            .Frame(MonitorEnter, CoreLib).Annotate(AnnotationKind.WaitingToLock, "L1")
            .Frame(Transfer, "Bank.dll", TellerFile, 42).Annotate(AnnotationKind.Locked, "L2")
            .Frame("Bank.Teller.Run()", "Bank.dll", TellerFile, 18)
            .Frame("System.Threading.Thread.StartCallback()", CoreLib);
}
