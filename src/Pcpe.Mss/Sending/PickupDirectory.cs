using System.IO.Compression;
using MimeKit;

namespace Pcpe.Mss.Sending;

/// <summary>Messages written instead of sent (<see cref="MssMailer"/> with a pickup directory), as a reader sees them.</summary>
public static class PickupDirectory
{
    /// <summary>What one written message shows: its envelope, and each attachment with the entries of a ZIP.</summary>
    public sealed record PickedUpMessage(string From, string To, string? ProductReference, string Subject, IReadOnlyList<(string FileName, IReadOnlyList<string> ZipEntries)> Attachments)
    {
        /// <summary>X-MSS-CODECDA: the code of the CDA that travels, if one does.</summary>
        public string? CdaCode { get; init; }
    }

    /// <summary>The file a message is written to: its Message-ID's local part (the gateway's ids hold no path character).</summary>
    public static string FileName(string messageId) => string.Concat(messageId.Split('@')[0].Where(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-')) + ".eml";

    public static async Task<PickedUpMessage> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var message = await MimeMessage.LoadAsync(path, cancellationToken);
        var attachments = new List<(string, IReadOnlyList<string>)>();
        foreach (var part in message.Attachments.OfType<MimePart>())
        {
            using var content = new MemoryStream();
            await part.Content!.DecodeToAsync(content, cancellationToken);
            content.Position = 0;
            IReadOnlyList<string> entries = [];
            if (part.FileName?.EndsWith(".zip", StringComparison.OrdinalIgnoreCase) == true)
            {
                await using var zip = new ZipArchive(content);
                entries = [.. zip.Entries.Select(e => e.FullName)];
            }

            attachments.Add((part.FileName ?? string.Empty, entries));
        }

        return new PickedUpMessage(message.From.ToString(), message.To.ToString(), message.Headers["X-MSS-NIL"], message.Subject ?? string.Empty, attachments)
        {
            CdaCode = message.Headers["X-MSS-CODECDA"],
        };
    }
}
