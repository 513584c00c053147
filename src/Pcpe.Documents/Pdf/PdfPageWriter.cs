using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace Pcpe.Documents.Pdf;

/// <summary>Writes wrapped lines down A4 pages, adding pages as needed; numbers them at the end.</summary>
internal sealed class PdfPageWriter
{
    public const double Margin = 50;

    private const double FooterSize = 8;

    private readonly PdfDocumentBuilder _document;
    private readonly PdfDocumentBuilder.AddedFont _regular;
    private readonly PdfDocumentBuilder.AddedFont _bold;
    private readonly List<PdfPageBuilder> _pages = [];
    private double _y;

    public PdfPageWriter(PdfDocumentBuilder document)
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
