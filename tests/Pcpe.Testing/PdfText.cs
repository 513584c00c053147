using System.Diagnostics;

namespace Pcpe.Testing;

/// <summary>
/// The text of a PDF as a reader sees it, through poppler's pdftotext (installed by scripts/testenv).
/// Whitespace is collapsed to single spaces: where a line wraps is layout, not content.
/// </summary>
public static class PdfText
{
    public static async Task<string> ExtractAsync(byte[] pdf)
    {
        var file = Path.Combine(Path.GetTempPath(), $"{Guid.NewGuid():N}.pdf");
        await File.WriteAllBytesAsync(file, pdf);
        try
        {
            using var process = Process.Start(new ProcessStartInfo("pdftotext", ["-layout", file, "-"]) { RedirectStandardOutput = true, RedirectStandardError = true })
                ?? throw new InvalidOperationException("pdftotext did not start (apt-get install poppler-utils)");
            var text = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            return process.ExitCode == 0 ? System.Text.RegularExpressions.Regex.Replace(text, "\\s+", " ") : throw new InvalidOperationException($"pdftotext failed: {await process.StandardError.ReadToEndAsync()}");
        }
        finally
        {
            File.Delete(file);
        }
    }
}
