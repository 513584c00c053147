using System.Diagnostics;

namespace Pcpe.Testing;

/// <summary>
/// The ANS check of CDA documents (tests/cda/validate-cda: the CDA schema, then the "structuration
/// minimale" schematron), run on files the way the ANS test tool runs it.
/// </summary>
public static class CdaValidation
{
    /// <summary>Validates the files in one run (the JVM starts once); the tool's report and whether it found no error.</summary>
    public static async Task<(bool Valid, string Report)> ValidateAsync(IEnumerable<string> files)
    {
        var script = Path.Combine(AppContext.BaseDirectory, "cda", "validate-cda");
        var start = new ProcessStartInfo("bash", [script, .. files]) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["CDA_VALIDATOR_CACHE"] = Path.Combine(Path.GetTempPath(), "pcpe-cda-validator");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("validate-cda did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode == 0, await output + await errors);
    }
}
