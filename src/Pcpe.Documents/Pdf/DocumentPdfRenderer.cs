using System.Globalization;
using Pcpe.Documents.Cda;
using Pcpe.Fhir.Documents;
using UglyToad.PdfPig.Writer;

namespace Pcpe.Documents.Pdf;

/// <summary>
/// The PDF a person reads: the person's identity, the structure and the author, the document's
/// sections, and what this recipient is never sent; page numbers on every page. Written from the
/// <see cref="ReadableDocument"/> the CDA header is written from.
/// </summary>
public static class DocumentPdfRenderer
{
    public const string WithheldHeading = "Éléments non transmis au titre du partage d'informations";

    public static byte[] Render(ReadableDocument document, DateTimeOffset generatedAt)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var pdf = new PdfDocumentBuilder();
        pdf.DocumentInformation.Title = document.Title;
        pdf.DocumentInformation.Producer = "Pcpe.Gateway";
        var writer = new PdfPageWriter(pdf);

        writer.Heading(document.Title, 16);
        writer.Line(document.Type.Display, 10);
        writer.Space();

        writer.Heading("Personne accompagnée", 12);
        var person = document.Person;
        writer.Line($"Nom de naissance : {person.FamilyName}");
        writer.Line($"Prénom(s) : {string.Join(' ', person.GivenNames)}");
        writer.Line($"Date de naissance : {person.BirthDate:dd/MM/yyyy}");
        writer.Line($"Sexe : {Sex(person.Sex)}");
        writer.Line(ClinicalDocumentBuilder.QualifiedIns(person) is { } ins
            ? $"INS : {ins.Number} (identité qualifiée)"
            : "INS : non transmis (identité non qualifiée)");
        writer.Line($"Identifiant dans la structure : {person.LocalId}");
        writer.Space();

        writer.Heading("Structure et auteur", 12);
        writer.Line($"Structure : {document.Structure.Name} (FINESS {document.Structure.Finess})");
        writer.Line(document.Author is { } author
            ? $"Auteur : {author.GivenName} {author.FamilyName}, {author.Profession}"
            : "Auteur : l'équipe de la structure");
        writer.Line($"Version {document.Version.ToString(CultureInfo.InvariantCulture)} du document {document.DocumentId}");

        foreach (var section in document.Sections)
        {
            writer.Space();
            writer.Heading(section.Title, 12);
            foreach (var line in section.Lines)
            {
                writer.Bullet(line);
            }
        }

        if (document.Withheld.Count > 0)
        {
            writer.Space();
            writer.Heading(WithheldHeading, 12);
            writer.Line("Au titre du partage d'informations (article L. 1110-4 du code de la santé publique), ce destinataire ne reçoit jamais :");
            foreach (var line in document.Withheld)
            {
                writer.Bullet(line);
            }
        }

        writer.Footers($"Document produit par la passerelle PCPE le {generatedAt.UtcDateTime.ToString("dd/MM/yyyy 'à' HH:mm 'UTC'", CultureInfo.InvariantCulture)}");
        return pdf.Build();
    }

    private static string Sex(string? sex) => sex switch
    {
        "female" => "féminin",
        "male" => "masculin",
        "other" => "autre",
        _ => "non renseigné",
    };
}
