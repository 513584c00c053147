using System.Globalization;
using Pcpe.Documents.Cda;
using Pcpe.Fhir.Documents;
using UglyToad.PdfPig.Core;
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

    private const double Margin = 50;

    public static byte[] Render(ReadableDocument document, DateTimeOffset generatedAt)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var pdf = new PdfDocumentBuilder();
        pdf.DocumentInformation.Title = document.Title;
        pdf.DocumentInformation.Producer = "Pcpe.Gateway";
        var writer = new PageWriter(pdf);

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

    /// <summary>Writes wrapped lines down A4 pages, adding pages as needed; numbers them at the end.</summary>
    private sealed class PageWriter
    {
        private const double FooterSize = 8;

        private readonly PdfDocumentBuilder _document;
        private readonly PdfDocumentBuilder.AddedFont _regular;
        private readonly PdfDocumentBuilder.AddedFont _bold;
        private readonly List<PdfPageBuilder> _pages = [];
        private double _y;

        public PageWriter(PdfDocumentBuilder document)
        {
            _document = document;
            _regular = document.AddTrueTypeFont(EmbeddedFonts.Regular);
            _bold = document.AddTrueTypeFont(EmbeddedFonts.Bold);
            NewPage();
        }

        private PdfPageBuilder Page => _pages[^1];

        public void Heading(string text, double size) => Write(text, _bold, size);

        public void Line(string text, double size = 10) => Write(text, _regular, size);

        public void Bullet(string text) => Write("• " + text, _regular, 10, hanging: 10);

        public void Space() => _y -= 8;

        /// <summary>The footer of every page: what made the document, and "page n / total".</summary>
        public void Footers(string producedBy)
        {
            for (var i = 0; i < _pages.Count; i++)
            {
                var page = _pages[i];
                page.AddText(FrenchTypography.Apply(producedBy), FooterSize, new PdfPoint(Margin, Margin - 20), _regular);
                var number = $"Page {i + 1} / {_pages.Count}";
                var width = Width(number, _regular, FooterSize);
                page.AddText(number, FooterSize, new PdfPoint(page.PageSize.Width - Margin - width, Margin - 20), _regular);
            }
        }

        private void Write(string text, PdfDocumentBuilder.AddedFont font, double size, double hanging = 0)
        {
            var lineHeight = size * 1.4;
            var first = true;
            foreach (var line in Wrap(FrenchTypography.Apply(Printable(text)), font, size, hanging))
            {
                if (_y - lineHeight < Margin)
                {
                    NewPage();
                }

                _y -= lineHeight;
                Page.AddText(line, size, new PdfPoint(Margin + (first ? 0 : hanging), _y), font);
                first = false;
            }
        }

        /// <summary>What the embedded fonts can print: line breaks and tabs become spaces, other control
        /// characters go, and what DejaVu Sans has no glyph for (CJK, emoji, private use) shows as "?".</summary>
        private static string Printable(string text)
        {
            var printable = new System.Text.StringBuilder(text.Length);
            foreach (var rune in text.EnumerateRunes())
            {
                if (System.Text.Rune.IsControl(rune))
                {
                    printable.Append(rune.Value is '\n' or '\r' or '\t' ? " " : string.Empty);
                }
                else
                {
                    printable.Append(rune.Value >= 0x3000 || System.Text.Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.PrivateUse or System.Globalization.UnicodeCategory.OtherNotAssigned ? "?" : rune.ToString());
                }
            }

            return printable.ToString();
        }

        private IEnumerable<string> Wrap(string text, PdfDocumentBuilder.AddedFont font, double size, double hanging)
        {
            var width = Page.PageSize.Width - (2 * Margin);
            var current = string.Empty;
            var lineWidth = width;
            foreach (var word in text.Split(' '))
            {
                var candidate = current.Length == 0 ? word : current + " " + word;
                if (current.Length > 0 && Width(candidate, font, size) > lineWidth)
                {
                    yield return current;
                    current = word;
                    lineWidth = width - hanging;
                }
                else
                {
                    current = candidate;
                }
            }

            yield return current;
        }

        private double Width(string text, PdfDocumentBuilder.AddedFont font, double size)
            => Page.MeasureText(text, size, new PdfPoint(0, 0), font) is { Count: > 0 } letters ? letters[^1].EndBaseLine.X : 0;

        private void NewPage()
        {
            var page = _document.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
            _y = page.PageSize.Height - Margin;
            _pages.Add(page);
        }
    }
}
