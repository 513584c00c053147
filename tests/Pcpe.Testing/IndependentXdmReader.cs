using System.Diagnostics;
using System.Text.Json;

namespace Pcpe.Testing;

/// <summary>
/// Reads IHE_XDM.ZIP with a reader the gateway did not write (Tools/read-xdm.py: Python's zipfile and
/// ElementTree): the METADATA.XML entries, their codes, and the hash and size of each file checked.
/// </summary>
public static class IndependentXdmReader
{
    public static async Task<JsonElement> ReadAsync(byte[] zip)
    {
        var file = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.zip");
        await File.WriteAllBytesAsync(file, zip);
        try
        {
            var script = Path.Combine(AppContext.BaseDirectory, "Tools", "read-xdm.py");
            using var process = Process.Start(new ProcessStartInfo("python3", [script, file]) { RedirectStandardOutput = true, RedirectStandardError = true })
                ?? throw new InvalidOperationException("python3 did not start");
            var output = await process.StandardOutput.ReadToEndAsync();
            var errors = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            return process.ExitCode == 0 ? JsonDocument.Parse(output).RootElement.Clone() : throw new InvalidOperationException($"read-xdm.py failed: {errors}");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
