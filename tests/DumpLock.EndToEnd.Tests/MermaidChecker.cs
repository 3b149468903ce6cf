using System.Diagnostics;

namespace DumpLock.EndToEnd.Tests;

/// <summary>
/// Mermaid's own parser, run under Node (tests/mermaid-check): installs it from the npm registry
/// once (npm ci, pinned by its lock file), then checks every Mermaid block of a report.
/// </summary>
public sealed class MermaidChecker
{
    private static readonly string s_folder = Path.Combine(RepoPaths.Root, "tests", "mermaid-check");

    public MermaidChecker()
    {
        if (!Directory.Exists(Path.Combine(s_folder, "node_modules", "mermaid")))
        {
            ProcessResult install = Run("npm", "", "ci", "--no-audit", "--no-fund");
            Assert.True(install.ExitCode == 0, install.ToString());
        }
    }

    /// <summary>The checker's verdict on the Mermaid blocks of <paramref name="markdown"/>: "N blocks parsed", or the parser's error.</summary>
    public ProcessResult Check(string markdown) => Run("node", markdown, "check.mjs");

    private static ProcessResult Run(string program, string input, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = s_folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        args.ToList().ForEach(start.ArgumentList.Add);
        using Process process = Process.Start(start)!;
        process.StandardInput.Write(input);
        process.StandardInput.Close();
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(TimeSpan.FromMinutes(5)), $"{program} {string.Join(' ', args)} did not finish");
        return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
    }
}
