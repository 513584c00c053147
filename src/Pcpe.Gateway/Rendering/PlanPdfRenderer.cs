using System.Globalization;
using Hl7.Fhir.Model;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Writer;

namespace Pcpe.Gateway.Rendering;

/// <summary>
/// A readable PDF of a support plan, from the (already minimised) FHIR bundle a recipient receives:
/// it shows exactly what the bundle holds, nothing more, for people who only read.
/// </summary>
public static class PlanPdfRenderer
{
    private const double Margin = 50;

    public static byte[] Render(Bundle bundle, DateTimeOffset generatedAt)
        => bundle.Entry.FirstOrDefault()?.Resource is Composition composition ? RenderComposition(composition, generatedAt) : RenderTransaction(bundle, generatedAt);

    /// <summary>A document bundle: its Composition's title and sections, as the hospital's readers see them in FHIR.</summary>
    private static byte[] RenderComposition(Composition composition, DateTimeOffset generatedAt)
    {
        using var document = new PdfDocumentBuilder();
        document.DocumentInformation.Title = composition.Title;
        document.DocumentInformation.Producer = "Pcpe.Gateway";
        var writer = new PageWriter(document);
        writer.Heading(composition.Title ?? "Document PCPE", 16);
        foreach (var section in composition.Section)
        {
            writer.Space();
            writer.Heading(section.Title ?? string.Empty, 12);
            foreach (System.Text.RegularExpressions.Match item in System.Text.RegularExpressions.Regex.Matches(section.Text?.Div ?? string.Empty, "<li>(.*?)</li>", System.Text.RegularExpressions.RegexOptions.Singleline))
            {
                writer.Line("• " + System.Net.WebUtility.HtmlDecode(item.Groups[1].Value));
            }
        }

        writer.Space();
        writer.Line($"Document produit par la passerelle PCPE le {generatedAt.ToString("dd/MM/yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture)}. Référence : {composition.Identifier?.Value}", 8);
        return document.Build();
    }

    private static byte[] RenderTransaction(Bundle bundle, DateTimeOffset generatedAt)
    {
        var resources = bundle.Entry.Select(e => e.Resource).ToList();
        var plan = resources.OfType<CarePlan>().FirstOrDefault();
        var patient = resources.OfType<Patient>().FirstOrDefault();
        var organization = resources.OfType<Organization>().FirstOrDefault();
        var needs = resources.OfType<ServiceRequest>().ToList();

        using var document = new PdfDocumentBuilder();
        document.DocumentInformation.Title = "Projet personnalisé d'accompagnement";
        document.DocumentInformation.Producer = "Pcpe.Gateway";
        var writer = new PageWriter(document);

        writer.Heading(plan?.Title ?? "Projet personnalisé d'accompagnement", 16);
        writer.Line($"Type : {Display(plan?.Category.FirstOrDefault())}   Statut : {StatusLabel(plan?.Status)}");
        writer.Line($"Période : {Period(plan?.Period)}");
        writer.Line($"Structure : {organization?.Name ?? "—"}");
        writer.Space();

        writer.Heading("Personne accompagnée", 12);
        if (patient is not null)
        {
            var name = patient.Name.FirstOrDefault();
            writer.Line($"{name?.Family} {string.Join(" ", name?.Given ?? [])}".Trim());
            writer.Line($"Née le / né le : {Date(patient.BirthDate)}");
            foreach (var identifier in patient.Identifier)
            {
                writer.Line($"Identifiant ({identifier.Type?.Coding.FirstOrDefault()?.Code ?? "local"}) : {identifier.Value}");
            }
        }

        writer.Space();
        writer.Heading("Besoins (SERAFIN-PH)", 12);
        foreach (var need in needs)
        {
            var coding = need.Category.FirstOrDefault()?.Coding.FirstOrDefault();
            writer.Line($"• {coding?.Code} {coding?.Display}");
            foreach (var note in need.Note)
            {
                writer.Detail(note.Text ?? string.Empty);
            }
        }

        writer.Space();
        writer.Heading("Prestations directes (SERAFIN-PH)", 12);
        foreach (var activity in plan?.Activity ?? [])
        {
            var coding = activity.Detail?.Code?.Coding.FirstOrDefault();
            writer.Line($"• {coding?.Code} {coding?.Display}");
            if (activity.Detail?.Description is { } description)
            {
                writer.Detail(description);
            }

            if (activity.Detail?.Scheduled is Period scheduled)
            {
                writer.Detail($"Période : {Period(scheduled)}");
            }
        }

        writer.Space();
        writer.Line($"Document produit par la passerelle PCPE le {generatedAt.ToString("dd/MM/yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture)}. Référence : {plan?.Identifier.FirstOrDefault()?.Value}", 8);

        return document.Build();
    }

    private static string Display(CodeableConcept? concept) => concept?.Coding.FirstOrDefault() is { } c ? $"{c.Display ?? c.Code} ({c.Code})" : "—";

    private static string StatusLabel(RequestStatus? status) => status switch
    {
        RequestStatus.Draft => "brouillon",
        RequestStatus.Active => "en cours",
        RequestStatus.OnHold => "suspendu",
        RequestStatus.Completed => "terminé",
        _ => "—",
    };

    private static string Period(Period? period) => period is null ? "—" : $"du {Date(period.Start)} au {Date(period.End)}";

    private static string Date(string? fhirDate)
        => DateOnly.TryParseExact(fhirDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture)
            : fhirDate ?? "—";

    /// <summary>Writes wrapped lines down A4 pages, adding pages as needed.</summary>
    private sealed class PageWriter
    {
        private readonly PdfDocumentBuilder _document;
        private readonly PdfDocumentBuilder.AddedFont _regular;
        private readonly PdfDocumentBuilder.AddedFont _bold;
        private PdfPageBuilder _page;
        private double _y;

        public PageWriter(PdfDocumentBuilder document)
        {
            _document = document;
            _regular = document.AddTrueTypeFont(EmbeddedFonts.Regular);
            _bold = document.AddTrueTypeFont(EmbeddedFonts.Bold);
            _page = NewPage();
        }

        public void Heading(string text, double size) => Write(text, _bold, size);

        public void Line(string text, double size = 10) => Write(text, _regular, size);

        /// <summary>A line under a bullet, indented.</summary>
        public void Detail(string text) => Write(text, _regular, 10, indent: 14);

        public void Space() => _y -= 8;

        private void Write(string text, PdfDocumentBuilder.AddedFont font, double size, double indent = 0)
        {
            var lineHeight = size * 1.4;
            foreach (var line in Wrap(text, font, size, indent))
            {
                if (_y - lineHeight < Margin)
                {
                    _page = NewPage();
                }

                _y -= lineHeight;
                _page.AddText(line, size, new PdfPoint(Margin + indent, _y), font);
            }
        }

        private IEnumerable<string> Wrap(string text, PdfDocumentBuilder.AddedFont font, double size, double indent)
        {
            var width = _page.PageSize.Width - (2 * Margin) - indent;
            var current = string.Empty;
            foreach (var word in text.Split(' '))
            {
                var candidate = current.Length == 0 ? word : current + " " + word;
                if (current.Length > 0 && Width(candidate, font, size) > width)
                {
                    yield return current;
                    current = word;
                }
                else
                {
                    current = candidate;
                }
            }

            yield return current;
        }

        private double Width(string text, PdfDocumentBuilder.AddedFont font, double size)
            => _page.MeasureText(text, size, new PdfPoint(0, 0), font) is { Count: > 0 } letters ? letters[^1].EndBaseLine.X : 0;

        private PdfPageBuilder NewPage()
        {
            var page = _document.AddPage(UglyToad.PdfPig.Content.PageSize.A4);
            _y = page.PageSize.Height - Margin;
            return page;
        }
    }
}
