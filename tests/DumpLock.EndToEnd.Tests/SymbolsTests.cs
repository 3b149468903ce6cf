using System.Reflection.Metadata;
using System.Text.Json;

namespace DumpLock.EndToEnd.Tests;

public sealed class MappedPathsDump() : ScenarioDump("MappedPaths");

/// <summary>
/// A dump whose PDB is neither beside the module nor at the path it records (MappedPaths: a CI-style
/// build deployed without PDBs): no lines, and the report says which module lacks symbols, until
/// --symbols names a directory or a symbol store holding the PDB with the module's id.
/// </summary>
public sealed class SymbolsTests(MappedPathsDump dump) : IClassFixture<MappedPathsDump>, IDisposable
{
    private static readonly string s_pdb = Path.Combine(RepoPaths.Root, "dumps-fixtures", "MappedPaths", "obj", RepoPaths.Configuration, "net10.0", "MappedPaths.pdb");

    private readonly string _directory = Directory.CreateTempSubdirectory("dumplock-symbols-").FullName;

    [Fact]
    public void WithoutThePdbFramesHaveNoLineAndTheModuleIsNamed()
    {
        Assert.Equal(1, dump.Json.ExitCode);
        Assert.Equal(["MappedPaths.dll"], dump.Report.GetProperty("modulesWithoutSymbols").Strings());
        Assert.All(ProgramFrames(dump.Report), f => Assert.Equal(JsonValueKind.Null, f.GetProperty("line").ValueKind));
        Assert.Contains("no symbols (PDB) for MappedPaths.dll", dump.Text.StdOut);
    }

    [Fact]
    public void APlainDirectoryOfPdbsGivesTheLines()
    {
        string plain = Directory.CreateDirectory(Path.Combine(_directory, "plain")).FullName;
        File.Copy(s_pdb, Path.Combine(plain, "MappedPaths.pdb"));

        JsonElement report = Analyze("--symbols", plain);

        AssertLinesResolved(report);
    }

    [Fact]
    public void ASymbolStoreGivesTheLines()
    {
        // The store's key for a portable PDB: its id as 32 hex digits, then FFFFFFFF.
        string key = IdOf(s_pdb).ToString("N") + "FFFFFFFF";
        string entry = Directory.CreateDirectory(Path.Combine(_directory, "store", "mappedpaths.pdb", key)).FullName;
        File.Copy(s_pdb, Path.Combine(entry, "mappedpaths.pdb"));

        JsonElement report = Analyze("--symbols", Path.Combine(_directory, "store"));

        AssertLinesResolved(report);
    }

    [Fact]
    public void APdbOfAnotherBuildIsNotUsed()
    {
        // TwoLocks.pdb describes the same source but has another id: its lines could be wrong.
        string plain = Directory.CreateDirectory(Path.Combine(_directory, "other")).FullName;
        File.Copy(Path.Combine(RepoPaths.Root, "dumps-fixtures", "TwoLocks", "bin", RepoPaths.Configuration, "net10.0", "TwoLocks.pdb"),
            Path.Combine(plain, "MappedPaths.pdb"));

        JsonElement report = Analyze("--symbols", plain);

        Assert.Equal(["MappedPaths.dll"], report.GetProperty("modulesWithoutSymbols").Strings());
    }

    private JsonElement Analyze(params string[] options)
    {
        ProcessResult result = DumpLockCli.Run(["analyze", dump.DumpPath, "--format", "json", .. options]);
        Assert.True(result.ExitCode == 1, result.ToString());
        return JsonDocument.Parse(result.StdOut).RootElement.Clone();
    }

    /// <summary>Every frame of the program has its line, at the mapped path the PDB records.</summary>
    private static void AssertLinesResolved(JsonElement report)
    {
        Assert.Empty(report.GetProperty("modulesWithoutSymbols").EnumerateArray());
        JsonElement lockSecond = ProgramFrames(report).First(f => f.Str("method") == "TwoLocks.Worker.LockSecond()");
        Assert.Equal("/_/TwoLocks/Program.cs", lockSecond.Str("file"));
        Assert.Equal(AsyncLockOrderTests.LineOf("TwoLocks", "lock (second)"), lockSecond.GetProperty("line").GetInt32());
    }

    private static IEnumerable<JsonElement> ProgramFrames(JsonElement report) =>
        report.GetProperty("threads").EnumerateArray()
            .SelectMany(t => t.GetProperty("frames").EnumerateArray())
            .Where(f => f.Str("module") == "MappedPaths.dll");

    private static Guid IdOf(string pdb)
    {
        using var provider = MetadataReaderProvider.FromPortablePdbStream(File.OpenRead(pdb));
        return new BlobContentId(provider.GetMetadataReader().DebugMetadataHeader!.Id).Guid;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
