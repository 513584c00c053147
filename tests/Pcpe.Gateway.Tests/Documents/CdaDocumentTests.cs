using System.Text.Json.Nodes;
using System.Xml.Linq;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using Pcpe.Documents.Cda;
using Pcpe.Documents.Pdf;
using Pcpe.Documents.ValueSets;
using Pcpe.Fhir;
using Pcpe.Fhir.Conformance;
using Pcpe.Fhir.Documents;
using Pcpe.Fhir.Input;
using Pcpe.Fhir.Mapping;
using Pcpe.Fhir.Model;
using Pcpe.Fhir.Sharing;
using Pcpe.Fhir.Terminology;
using Pcpe.Testing;

namespace Pcpe.Gateway.Tests.Documents;

/// <summary>
/// Every CDA the gateway writes passes the ANS check (the CDA schema and the structuration minimale
/// schematron, tests/cda/validate-cda) with no error: each document kind, as each kind of recipient
/// receives it after minimisation, with and without a qualified INS, and as a replacing version. The
/// header says what the document is, and the PDF it embeds shows what the recipient may read.
/// </summary>
public sealed class CdaDocumentTests
{
    private static readonly DocumentPipeline Pipeline = new(TerminologyIndex.Embedded, new ValidationPolicy { AcceptTestIdentities = true }, ConformanceChecker.Embedded);
    private static readonly ReadableDocumentBuilder Readable = new(TerminologyIndex.Embedded);
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 9, 30, 0, TimeSpan.FromHours(1));
    private static readonly XNamespace Hl7 = "urn:hl7-org:v3";

    private static readonly (string Kind, string File)[] Samples =
    [
        (DocumentKinds.Plan, "plan-minimal.json"),
        (DocumentKinds.Plan, "plan-full.json"),
        (DocumentKinds.Assessment, "assessment.json"),
        (DocumentKinds.Transition, "transition.json"),
    ];

    private sealed record Written(string File, string Kind, string Sample, RecipientCategory Category, bool QualifiedIns, byte[] Cda, byte[] Pdf, ReadableDocument Document);

    /// <summary>The document as one recipient category receives it: mapped, minimised, read back, rendered.</summary>
    private static (ReadableDocument Document, byte[] Pdf) Render(string kind, JsonObject input, RecipientCategory category)
    {
        var prepared = Pipeline.Prepare(kind, System.Text.Encoding.UTF8.GetBytes(input.ToJsonString()));
        Assert.True(prepared.Succeeded, string.Join("; ", prepared.Issues.Select(i => $"{i.Path}: {i.Message}")));
        var rule = MinimisationPolicy.Default.RuleFor(category)!;
        var minimised = BundleMinimiser.Apply(FhirJson.SerializeToUtf8(prepared.Document!.Bundle), rule);
        var model = PcpeBundleReader.Read(FhirJson.Deserialize<Bundle>(minimised.Json), [])!;
        var document = Readable.Build(model) with { Withheld = WithheldDescriptions.Of(rule) };
        return (document, DocumentPdfRenderer.Render(document, Now));
    }

    private static CdaSending Sending(byte[] pdf, string id) => new()
    {
        DocumentOid = $"2.25.{id}",
        SetOid = "2.25.4242",
        CreatedAt = Now,
        LocalPatientIdOid = "1.2.250.1.71.4.2.7",
        GatewayOid = "2.25.1",
        HealthcareFacilityType = CisisValueSets.Require(CisisValueSets.HealthcareFacilityTypeCode, "SA16"),
        PracticeSetting = CisisValueSets.Require(CisisValueSets.PracticeSettingCode, "ESSMS"),
        Confidentiality = CisisValueSets.Require(CisisValueSets.ConfidentialityCode, "N"),
        Pdf = pdf,
    };

    private static JsonObject Sample(string file, bool qualified)
    {
        var input = JsonNode.Parse(File.ReadAllText(TestEnvironment.Sample(file)))!.AsObject();
        if (!qualified)
        {
            // Not qualified, and the sex not known: "UN" in the CDA (JDV_J143).
            input["person"]!["ins"]!["identityStatus"] = "VALI";
            input["person"]!["sex"] = "unknown";
        }

        return input;
    }

    private static List<Written> WriteAll(string directory)
    {
        var written = new List<Written>();
        var n = 0;
        // Each kind as a hospital and an e-parcours platform receive it, with the INS; as a social worker
        // receives it, identified by the local id only; the full plan as a childminder receives it.
        var variants = Samples.SelectMany(sample => new[]
        {
            (sample.Kind, sample.File, RecipientCategory.HealthEstablishment, true),
            (sample.Kind, sample.File, RecipientCategory.CoordinationPlatform, true),
            (sample.Kind, sample.File, RecipientCategory.SocialWorker, false),
        }).Append((DocumentKinds.Plan, "plan-full.json", RecipientCategory.ChildminderOrFosterCarer, true));
        foreach (var (kind, file, category, qualified) in variants)
        {
            var (document, pdf) = Render(kind, Sample(file, qualified), category);
            var cda = ClinicalDocumentBuilder.Build(document, Sending(pdf, (++n).ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var path = Path.Combine(directory, $"{Path.GetFileNameWithoutExtension(file)}-{category}-{(qualified ? "ins" : "local")}.xml");
            File.WriteAllBytes(path, cda);
            written.Add(new Written(path, kind, file, category, qualified, cda, pdf, document));
        }

        // A replacing version: version 2 of the full plan names version 1 as the document it replaces.
        var v2Input = Sample("plan-full.json", true);
        v2Input["version"] = 2;
        var (v2, v2Pdf) = Render(DocumentKinds.Plan, v2Input, RecipientCategory.HealthEstablishment);
        var replacing = ClinicalDocumentBuilder.Build(v2, Sending(v2Pdf, "1002"), new ClinicalDocumentBuilder.ReplacedDocument("2.25.1001", 1));
        var replacingPath = Path.Combine(directory, "plan-full-v2.xml");
        File.WriteAllBytes(replacingPath, replacing);
        written.Add(new Written(replacingPath, DocumentKinds.Plan, "plan-full.json", RecipientCategory.HealthEstablishment, true, replacing, v2Pdf, v2));
        return written;
    }

    [Fact]
    public async Task Every_CDA_the_gateway_writes_passes_the_ANS_schema_and_schematron_with_no_error()
    {
        var directory = Directory.CreateTempSubdirectory("pcpe-cda-").FullName;
        try
        {
            var written = WriteAll(directory);

            var (valid, report) = await CdaValidation.ValidateAsync(written.Select(w => w.File));

            Assert.True(valid, report);
            Assert.Contains($"{written.Count} documents, 0 errors", report, StringComparison.Ordinal);
            Assert.Equal(14, written.Count);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Theory]
    [InlineData(DocumentKinds.Plan, "plan-full.json", "80788-3")]
    [InlineData(DocumentKinds.Assessment, "assessment.json", "47420-5")]
    [InlineData(DocumentKinds.Transition, "transition.json", "88348-8")]
    public void The_header_says_what_the_document_is_who_it_is_about_and_which_version_it_is(string kind, string file, string code)
    {
        var (document, pdf) = Render(kind, Sample(file, qualified: true), RecipientCategory.HealthEstablishment);

        var cda = XDocument.Parse(System.Text.Encoding.UTF8.GetString(ClinicalDocumentBuilder.Build(document, Sending(pdf, "77")))).Root!;

        Assert.Equal(code, cda.Element(Hl7 + "code")!.Attribute("code")!.Value);
        Assert.Equal("2.16.840.1.113883.6.1", cda.Element(Hl7 + "code")!.Attribute("codeSystem")!.Value);
        Assert.Equal(["2.16.840.1.113883.2.8.2.1", "1.2.250.1.213.1.1.1.1", "1.3.6.1.4.1.19376.1.2.20"], cda.Elements(Hl7 + "templateId").Select(t => t.Attribute("root")!.Value));
        Assert.Equal("2B073", cda.Descendants(Hl7 + "birthplace").Single().Value);
        Assert.Equal("2.25.77", cda.Element(Hl7 + "id")!.Attribute("root")!.Value);
        Assert.Equal("2.25.4242", cda.Element(Hl7 + "setId")!.Attribute("root")!.Value);
        Assert.Equal(document.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), cda.Element(Hl7 + "versionNumber")!.Attribute("value")!.Value);
        Assert.Equal("20261207093000+0100", cda.Element(Hl7 + "effectiveTime")!.Attribute("value")!.Value);
        var ids = cda.Descendants(Hl7 + "patientRole").Single().Elements(Hl7 + "id").Select(i => (i.Attribute("root")!.Value, i.Attribute("extension")!.Value)).ToList();
        // The local id as TDDUI writes it, unique across structures: 3 + FINESS / the DUI's id.
        Assert.Equal([("1.2.250.1.213.1.4.10", "253072B07300470"), ("1.2.250.1.71.4.2.7", $"3{document.Structure.Finess}/{document.Person.LocalId}")], ids);
        Assert.Equal("SA16", cda.Descendants(Hl7 + "healthCareFacility").Single().Element(Hl7 + "code")!.Attribute("code")!.Value);
        var body = cda.Descendants(Hl7 + "nonXMLBody").Single().Element(Hl7 + "text")!;
        Assert.Equal("application/pdf", body.Attribute("mediaType")!.Value);
        Assert.Equal(pdf, Convert.FromBase64String(body.Value));
    }

    [Fact]
    public void A_transition_to_a_hospital_is_a_letter_for_leaving_medico_social_support_and_elsewhere_a_medico_social_document()
    {
        var input = Sample("transition.json", qualified: true);
        input["to"]!["kind"] = "hospital";
        Assert.Equal("83981-1", Render(DocumentKinds.Transition, input, RecipientCategory.HealthEstablishment).Document.Type.Code);

        input["to"]!["kind"] = "school";
        input["to"]!.AsObject().Remove("finess");
        input["to"]!.AsObject().Remove("mssAddress");
        Assert.Equal("28653-4", Render(DocumentKinds.Transition, input, RecipientCategory.HealthEstablishment).Document.Type.Code);
    }

    [Fact]
    public void Without_a_qualified_INS_the_CDA_identifies_the_person_by_the_structure_s_local_id_only()
    {
        var (document, pdf) = Render(DocumentKinds.Plan, Sample("plan-full.json", qualified: false), RecipientCategory.HealthEstablishment);

        var cda = System.Text.Encoding.UTF8.GetString(ClinicalDocumentBuilder.Build(document, Sending(pdf, "78")));

        var ids = XDocument.Parse(cda).Descendants(Hl7 + "patientRole").Single().Elements(Hl7 + "id").Select(i => i.Attribute("root")!.Value);
        Assert.Equal(["1.2.250.1.71.4.2.7"], ids);
        Assert.DoesNotContain("253072B07300470", cda, StringComparison.Ordinal);
    }

    [Fact]
    public void A_replacing_version_keeps_the_set_and_names_the_version_it_replaces()
    {
        var input = Sample("plan-full.json", qualified: true);
        input["version"] = 2;
        var (document, pdf) = Render(DocumentKinds.Plan, input, RecipientCategory.HealthEstablishment);

        var cda = XDocument.Parse(System.Text.Encoding.UTF8.GetString(ClinicalDocumentBuilder.Build(document, Sending(pdf, "1002"), new ClinicalDocumentBuilder.ReplacedDocument("2.25.1001", 1)))).Root!;

        Assert.Equal("2", cda.Element(Hl7 + "versionNumber")!.Attribute("value")!.Value);
        var related = cda.Element(Hl7 + "relatedDocument")!;
        Assert.Equal("RPLC", related.Attribute("typeCode")!.Value);
        Assert.Equal("2.25.1001", related.Descendants(Hl7 + "id").Single().Attribute("root")!.Value);
        Assert.Equal(cda.Element(Hl7 + "setId")!.Attribute("root")!.Value, related.Descendants(Hl7 + "setId").Single().Attribute("root")!.Value);
    }

    [Fact]
    public async Task The_PDF_shows_the_person_the_author_the_sections_and_what_this_recipient_never_receives_never_the_withheld_content()
    {
        var (_, forPlatform) = Render(DocumentKinds.Assessment, Sample("assessment.json", qualified: true), RecipientCategory.CoordinationPlatform);
        var (_, forHospital) = Render(DocumentKinds.Assessment, Sample("assessment.json", qualified: true), RecipientCategory.HealthEstablishment);

        var platform = await PdfText.ExtractAsync(forPlatform);
        var hospital = await PdfText.ExtractAsync(forHospital);

        Assert.Contains("Nom de naissance : EXEMPLE", platform, StringComparison.Ordinal);
        Assert.Contains("Date de naissance : 14/05/2012", platform, StringComparison.Ordinal);
        Assert.Contains("INS : 253072B07300470 (identité qualifiée)", platform, StringComparison.Ordinal);
        Assert.Contains("Besoins identifiés", platform, StringComparison.Ordinal);
        var pages = System.Text.RegularExpressions.Regex.Matches(platform, @"Page (\d+) / (\d+)").Select(m => (int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture))).ToList();
        Assert.Equal(Enumerable.Range(1, pages.Count).Select(i => (i, pages.Count)), pages);
        Assert.Contains(DocumentPdfRenderer.WithheldHeading, platform, StringComparison.Ordinal);
        Assert.Contains("les éléments relevant de la santé mentale", platform, StringComparison.Ordinal);
        Assert.DoesNotContain("Anxiété marquée", platform, StringComparison.Ordinal);

        Assert.Contains("Anxiété marquée lors des séparations", hospital, StringComparison.Ordinal);
        Assert.DoesNotContain(DocumentPdfRenderer.WithheldHeading, hospital, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_document_runs_over_pages_each_numbered_out_of_the_total()
    {
        var input = Sample("plan-full.json", qualified: true);
        var goals = new JsonArray();
        for (var i = 0; i < 60; i++)
        {
            goals.Add(new JsonObject { ["id"] = $"G{i}", ["description"] = $"Objectif numéro {i} : se repérer dans le quartier avec un accompagnement progressif" });
        }

        input["goals"] = goals;
        var (_, pdf) = Render(DocumentKinds.Plan, input, RecipientCategory.HealthEstablishment);

        var text = await PdfText.ExtractAsync(pdf);

        Assert.Contains("Page 1 / 3", text, StringComparison.Ordinal);
        Assert.Contains("Page 3 / 3", text, StringComparison.Ordinal);
        Assert.Contains("Objectif numéro 59", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_the_fonts_cannot_print_is_shown_as_a_question_mark_and_line_breaks_as_spaces()
    {
        var input = Sample("plan-full.json", qualified: true);
        input["goals"]![0]!["description"] = "Dire bonjour 🙂 en 日本語\net en français";

        var (_, pdf) = Render(DocumentKinds.Plan, input, RecipientCategory.HealthEstablishment);

        var text = await PdfText.ExtractAsync(pdf);
        Assert.Contains("Dire bonjour ? en ??", text, StringComparison.Ordinal);
        Assert.Contains("? et en français", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Période : du 01/09/2026", "Période\u00A0: du 01/09/2026")]
    [InlineData("parole de la personne : « je veux »", "parole de la personne\u00A0: «\u00A0je veux\u00A0»")]
    [InlineData("statut : en cours ; lieu : école", "statut\u00A0: en cours\u202F; lieu\u00A0: école")]
    [InlineData("Pourquoi ? Parce que !", "Pourquoi\u202F? Parce que\u202F!")]
    [InlineData("https://dui.example/rapport?id=1", "https://dui.example/rapport?id=1")]
    public void Printed_text_gets_French_spacing_before_high_punctuation_and_inside_guillemets(string text, string printed)
        => Assert.Equal(printed, FrenchTypography.Apply(text));
}
