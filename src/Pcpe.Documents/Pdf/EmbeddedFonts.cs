namespace Pcpe.Documents.Pdf;

/// <summary>The DejaVu Sans fonts embedded in this assembly (licence in Pdf/Fonts/LICENSE.txt), so
/// PDFs render the same on any host, fonts installed or not.</summary>
internal static class EmbeddedFonts
{
    private static readonly Lazy<byte[]> RegularBytes = new(() => Load("DejaVuSans"));
    private static readonly Lazy<byte[]> BoldBytes = new(() => Load("DejaVuSans-Bold"));

    public static byte[] Regular => RegularBytes.Value;

    public static byte[] Bold => BoldBytes.Value;

    private static byte[] Load(string face)
    {
        using var stream = typeof(EmbeddedFonts).Assembly.GetManifestResourceStream($"fonts/{face}.ttf")
            ?? throw new InvalidOperationException($"font {face} is not embedded");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
