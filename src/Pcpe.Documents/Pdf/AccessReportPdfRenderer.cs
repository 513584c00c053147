using System.Globalization;

namespace Pcpe.Documents.Pdf;

/// <summary>One line of a person's access report: a disclosure of one of their documents, or a refusal.</summary>
/// <param name="At">When.</param>
/// <param name="Disclosed">Communicated (true) or refused (false).</param>
/// <param name="Recipient">Who received it, or would have.</param>
/// <param name="Document">Which document, in words (kind and version).</param>
/// <param name="Why">The legal basis of a disclosure, or the reason of a refusal.</param>
public sealed record AccessReportEntry(DateTimeOffset At, bool Disclosed, string Recipient, string Document, string Why);

/// <summary>
/// The report a DPO hands to a person exercising their right of access (RGPD article 15): to whom the gateway
/// communicated their documents, when and on what basis, and what it refused. It names no one: the gateway keeps
/// no identity in clear, and the DPO sends it with their answer.
/// </summary>
public static class AccessReportPdfRenderer
{
    public const string Title = "Relevé des communications de vos documents";

    public static byte[] Render(IReadOnlyList<AccessReportEntry> entries, string controller, DateTimeOffset generatedAt, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(entries);
        using var pdf = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        pdf.DocumentInformation.Title = Title;
        pdf.DocumentInformation.Producer = "Pcpe.Gateway";
        var writer = new PdfPageWriter(pdf);
        writer.Heading(Title, 16);
        writer.Line($"Établi par {controller}, à partir du journal d'audit de la passerelle PCPE.");
        writer.Space();
        Section(writer, "Documents communiqués", entries.Where(e => e.Disclosed).ToList(), "Base légale", zone,
            "Aucun de vos documents n'a été communiqué par la passerelle.");
        writer.Space();
        Section(writer, "Communications refusées", entries.Where(e => !e.Disclosed).ToList(), "Motif", zone,
            "Aucune communication n'a été refusée.");
        writer.Space();
        writer.Line("Chaque communication est vérifiée au moment de l'envoi : votre consentement, vos oppositions et les "
            + "règles du partage d'informations (article L. 1110-4 du code de la santé publique) s'appliquent à chacune.");
        var at = TimeZoneInfo.ConvertTime(generatedAt, zone).ToString("dd/MM/yyyy 'à' HH:mm", CultureInfo.InvariantCulture);
        writer.Footers($"Relevé produit par la passerelle PCPE le {at}");
        return pdf.Build();
    }

    private static void Section(PdfPageWriter writer, string heading, IReadOnlyList<AccessReportEntry> entries, string why, TimeZoneInfo zone, string none)
    {
        writer.Heading($"{heading} ({entries.Count.ToString(CultureInfo.InvariantCulture)})", 12);
        if (entries.Count == 0)
        {
            writer.Line(none);
            return;
        }

        foreach (var entry in entries.OrderBy(e => e.At))
        {
            var at = TimeZoneInfo.ConvertTime(entry.At, zone).ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);
            writer.Bullet($"{at} — {entry.Recipient} — {entry.Document} — {why} : {entry.Why}");
        }
    }
}
